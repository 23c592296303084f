// Cal.com's webhook body for bookings, as Cal.com sends it: `{ triggerEvent, createdAt, payload }` where payload is
// the booking (uid, title, startTime, endTime, attendees [{ email, name, timeZone, language: { locale } }],
// organizer, metadata.videoCallUrl, ...), with rescheduleUid (the booking it replaces) on BOOKING_RESCHEDULED and
// cancellationReason on BOOKING_CANCELLED. Cal.com adds fields over time: unknown ones are ignored, not refused.
import { z } from 'zod'
import type { BookingStatus, Language } from '../../prisma/generated/enums'
import { normalisedEmail } from '../leads/lead-input'
import { instantRangeProblem } from '../validation/instant'
import { isIanaTimezone } from '../time/zoned-time'
import { externalId, isoDateTime } from './parse'

export const calcomBookingTriggers = ['BOOKING_CREATED', 'BOOKING_CANCELLED', 'BOOKING_RESCHEDULED'] as const
export type CalcomBookingTrigger = (typeof calcomBookingTriggers)[number]

const optionalString = z.string().nullish()

const attendeeSchema = z.object({
  email: normalisedEmail,
  name: optionalString,
  timeZone: optionalString,
  language: z.object({ locale: optionalString }).nullish(),
})

export const calcomBookingEventSchema = z.object({
  triggerEvent: z.enum(calcomBookingTriggers),
  createdAt: isoDateTime,
  payload: z.object({
    uid: externalId,
    title: z.string().trim().min(1).max(500),
    startTime: isoDateTime,
    endTime: isoDateTime,
    attendees: z.array(attendeeSchema).min(1, 'must name the person who booked'),
    organizer: z.object({ name: optionalString, email: optionalString, timeZone: optionalString }).nullish(),
    rescheduleUid: optionalString,
    rescheduleStartTime: optionalString,
    rescheduleEndTime: optionalString,
    cancellationReason: optionalString,
    location: optionalString,
    metadata: z.object({ videoCallUrl: optionalString }).nullish(),
    videoCallData: z.object({ url: optionalString }).nullish(),
  }),
})

export type CalcomBookingEvent = z.infer<typeof calcomBookingEventSchema>

export type BookingChangeKind = 'created' | 'rescheduled' | 'cancelled'

export interface BookingChange {
  kind: BookingChangeKind
  /** Cal.com's createdAt of the event: orders events of one booking. */
  occurredAt: Date
  uid: string
  title: string
  startTime: Date
  endTime: Date
  attendee: { email: string; name: string | null; timezone: string | null; language: Language | null }
  meetingUrl: string | null
  /** BOOKING_RESCHEDULED under a new uid: the booking it replaces. */
  rescheduledFromUid: string | null
  /** When the replaced booking was (Cal.com's rescheduleStartTime/EndTime), if sent. */
  previousTime: { startTime: Date; endTime: Date } | null
  cancellationReason: string | null
}

const kindOf: Record<CalcomBookingTrigger, BookingChangeKind> = {
  BOOKING_CREATED: 'created',
  BOOKING_RESCHEDULED: 'rescheduled',
  BOOKING_CANCELLED: 'cancelled',
}

function languageOf(locale: string | null | undefined): Language | null {
  const primary = locale?.toLowerCase().split(/[-_]/)[0]
  return primary === 'es' ? 'ES' : primary === 'en' ? 'EN' : null
}

function meetingUrlOf(payload: CalcomBookingEvent['payload']): string | null {
  const candidates = [payload.metadata?.videoCallUrl, payload.videoCallData?.url, payload.location]
  return candidates.find((value): value is string => typeof value === 'string' && /^https?:\/\//.test(value)) ?? null
}

/** Cal.com's earlier time of a moved booking, when it sent one the CRM can use (a real instant, 1900–9999). */
function previousTimeOf(payload: CalcomBookingEvent['payload']): BookingChange['previousTime'] {
  const { rescheduleStartTime: start, rescheduleEndTime: end } = payload
  if (!start || !end || instantRangeProblem(start) || instantRangeProblem(end)) return null
  return { startTime: new Date(start), endTime: new Date(end) }
}

export function bookingChangeOf(event: CalcomBookingEvent): BookingChange {
  const { payload } = event
  const attendee = payload.attendees[0]!
  const rescheduledFrom = payload.rescheduleUid && payload.rescheduleUid !== payload.uid ? payload.rescheduleUid : null
  return {
    kind: kindOf[event.triggerEvent],
    occurredAt: new Date(event.createdAt),
    uid: payload.uid,
    title: payload.title,
    startTime: new Date(payload.startTime),
    endTime: new Date(payload.endTime),
    attendee: {
      email: attendee.email,
      name: attendee.name?.trim() || null,
      timezone: attendee.timeZone && isIanaTimezone(attendee.timeZone) ? attendee.timeZone : null,
      language: languageOf(attendee.language?.locale),
    },
    meetingUrl: meetingUrlOf(payload),
    rescheduledFromUid: event.triggerEvent === 'BOOKING_RESCHEDULED' ? rescheduledFrom : null,
    previousTime: previousTimeOf(payload),
    cancellationReason: payload.cancellationReason?.trim() || null,
  }
}

/**
 * Whether an event about a booking may change it: an event older than the newest one applied changes nothing
 * (Cal.com does not promise order). The same instant is applied again, so a redelivery after a failed attempt
 * finishes the work.
 */
export function isStaleBookingEvent(lastEventAt: Date | null, occurredAt: Date): boolean {
  return lastEventAt !== null && lastEventAt.getTime() > occurredAt.getTime()
}

export const bookingStatusOf: Record<BookingChangeKind, BookingStatus> = {
  created: 'SCHEDULED',
  rescheduled: 'SCHEDULED',
  cancelled: 'CANCELLED',
}

/** First and last name from Cal.com's single name field. */
export function splitName(name: string | null): { firstName?: string; lastName?: string } {
  const parts = name?.trim().split(/\s+/).filter(Boolean) ?? []
  if (parts.length === 0) return {}
  if (parts.length === 1) return { firstName: parts[0]!.slice(0, 100) }
  return { firstName: parts[0]!.slice(0, 100), lastName: parts.slice(1).join(' ').slice(0, 100) }
}

function bookingTime(at: Date, timezone: string | null): string {
  return at.toLocaleString('en-US', {
    timeZone: timezone ?? 'UTC',
    year: 'numeric',
    month: 'short',
    day: 'numeric',
    hour: 'numeric',
    minute: '2-digit',
    timeZoneName: 'short',
  })
}

/**
 * The lead's timeline entry for one thing that happened to a booking: booked, moved (from → to, both times in the
 * attendee's time zone; the earlier time when the CRM knows it) or cancelled. Each is an entry of its own, so the
 * booking's history stays readable after it is moved or cancelled.
 */
export function bookingTimelineEntry(event: {
  kind: BookingChangeKind
  title: string
  startTime: Date
  timezone: string | null
  /** For a move: when the booking was before. */
  previousStartTime?: Date | null
  cancellationReason?: string | null
}): { subject: string; description: string | null; outcome: string } {
  const when = bookingTime(event.startTime, event.timezone)
  if (event.kind === 'rescheduled') {
    const from = event.previousStartTime ? bookingTime(event.previousStartTime, event.timezone) : null
    return {
      subject: from ? `Moved: ${event.title} (${from} → ${when})` : `Moved: ${event.title} (to ${when})`,
      description: from ? `From ${from} to ${when}` : `To ${when}; the earlier time was not sent`,
      outcome: 'moved',
    }
  }
  if (event.kind === 'cancelled') {
    return {
      subject: `Cancelled: ${event.title} (${when})`,
      description: event.cancellationReason ? `Reason: ${event.cancellationReason}` : null,
      outcome: 'cancelled',
    }
  }
  return { subject: `Booked: ${event.title} (${when})`, description: null, outcome: 'booked' }
}
