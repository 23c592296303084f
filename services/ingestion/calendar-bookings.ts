import type { Prisma } from '../../lib/db'
import {
  bookingStatusOf,
  bookingTimelineEntry,
  isStaleBookingEvent,
  splitName,
  type BookingChange,
} from '../../domain/integrations/calcom-booking'
import { apiNameOfLanguage } from '../../domain/leads/lead-vocabulary'
import type { LeadEventKind } from '../../workflows/lead-messages'
import {
  ingestionTransactionOptions,
  lockKeys,
  type IngestionDependencies,
  type Transaction,
} from './ingestion-dependencies'
import { deliverLeadEvents } from './lead-events'
import { loadLeadRef, ownerColumns, resolvePerson, type LeadRef, type ResolvedPerson } from './person'
import { upsertTimelineEntry } from './timeline'

const bookingSelect = {
  id: true,
  externalUid: true,
  leadId: true,
  contactId: true,
  title: true,
  attendeeEmail: true,
  startTime: true,
  endTime: true,
  timezone: true,
  status: true,
  rescheduledFromUid: true,
  cancellationReason: true,
  lastEventAt: true,
} satisfies Prisma.CalendarBookingSelect

export type BookingRow = Prisma.CalendarBookingGetPayload<{ select: typeof bookingSelect }>

export type BookingIngested =
  | { stale: true; booking: BookingRow }
  | { stale: false; booking: BookingRow; lead: LeadRef | null; leadCreated: boolean; contactId: string | null }

const eventKinds: Record<BookingChange['kind'], LeadEventKind> = {
  created: 'booking.created',
  rescheduled: 'booking.rescheduled',
  cancelled: 'booking.cancelled',
}

/**
 * One Cal.com booking event: the booking is created, moved (a reschedule under a new uid marks the old booking
 * RESCHEDULED) or cancelled, for the attendee's contact or lead — a new lead from calendar booking if nobody has
 * the address. An event older than the newest one applied to the booking changes nothing and tells nobody.
 */
export async function ingestBookingEvent(
  dependencies: IngestionDependencies,
  change: BookingChange,
  eventId: string,
): Promise<BookingIngested> {
  const ingested = await dependencies.db.$transaction((tx) => storeBooking(tx, change), ingestionTransactionOptions)
  if (!ingested.stale && ingested.lead) {
    await deliverLeadEvents(dependencies, ingested.lead, [
      {
        eventId,
        kind: eventKinds[change.kind],
        occurredAt: change.occurredAt.toISOString(),
        refId: ingested.booking.id,
      },
    ])
  }
  return ingested
}

async function storeBooking(tx: Transaction, change: BookingChange): Promise<BookingIngested> {
  await lockKeys(
    tx,
    [change.uid, ...(change.rescheduledFromUid ? [change.rescheduledFromUid] : [])].map((uid) => `booking:${uid}`),
  )
  const current = await tx.calendarBooking.findUnique({ where: { externalUid: change.uid }, select: bookingSelect })
  if (current && isStaleBookingEvent(current.lastEventAt, change.occurredAt)) return { stale: true, booking: current }

  // The booking a reschedule under a new uid replaces, as it was before this event.
  const previous = change.rescheduledFromUid
    ? await tx.calendarBooking.findUnique({ where: { externalUid: change.rescheduledFromUid }, select: bookingSelect })
    : null

  let resolved: ResolvedPerson | null = null
  if (current?.contactId) resolved = { kind: 'contact', contactId: current.contactId }
  else if (current?.leadId) {
    const lead = await loadLeadRef(tx, current.leadId)
    if (lead) resolved = { kind: 'lead', lead, created: false }
  }
  if (!resolved) {
    if (previous?.contactId) resolved = { kind: 'contact', contactId: previous.contactId }
    else if (previous?.leadId) {
      const lead = await loadLeadRef(tx, previous.leadId)
      if (lead) resolved = { kind: 'lead', lead, created: false }
    }
  }
  resolved ??= await resolvePerson(tx, {
    email: change.attendee.email,
    source: 'CALENDAR_BOOKING',
    sourceDetail: `Cal.com - ${change.title}`.slice(0, 200),
    person: {
      ...splitName(change.attendee.name),
      ...(change.attendee.language ? { preferredLanguage: apiNameOfLanguage[change.attendee.language] } : {}),
    },
    language: change.attendee.language,
    timezone: change.attendee.timezone,
  })
  const owner = ownerColumns(resolved)

  const status = bookingStatusOf[change.kind]
  const data = {
    ...owner,
    title: change.title,
    attendeeEmail: change.attendee.email,
    attendeeName: change.attendee.name,
    startTime: change.startTime,
    endTime: change.endTime,
    timezone: change.attendee.timezone,
    status,
    ...(change.meetingUrl ? { meetingUrl: change.meetingUrl } : {}),
    ...(change.rescheduledFromUid ? { rescheduledFromUid: change.rescheduledFromUid } : {}),
    cancellationReason: change.kind === 'cancelled' ? change.cancellationReason : null,
    lastEventAt: change.occurredAt,
  }
  const booking = current
    ? await tx.calendarBooking.update({ where: { id: current.id }, data, select: bookingSelect })
    : await tx.calendarBooking.create({ data: { ...data, externalUid: change.uid }, select: bookingSelect })
  // Where a moved booking was: the replaced booking's time (or a seated booking's own), else what Cal.com says.
  const movedFrom = change.rescheduledFromUid ? previous : current
  await recordTimeline(tx, booking, change, movedFrom?.startTime ?? change.previousTime?.startTime ?? null)

  if (change.rescheduledFromUid) await markReplaced(tx, change, owner, previous)
  if (resolved.kind === 'lead') {
    await tx.lead.updateMany({
      where: { id: resolved.lead.id, calendarBookingId: null },
      data: { calendarBookingId: booking.id },
    })
  }
  return {
    stale: false,
    booking,
    lead: resolved.kind === 'lead' ? resolved.lead : null,
    leadCreated: resolved.kind === 'lead' && resolved.created,
    contactId: resolved.kind === 'contact' ? resolved.contactId : null,
  }
}

/**
 * The booking a reschedule replaces becomes RESCHEDULED (history: the move's own timeline entry tells it). If its
 * own events have not arrived yet, it is recorded now so that its late BOOKING_CREATED (older) cannot bring it back
 * as scheduled.
 */
async function markReplaced(
  tx: Transaction,
  change: BookingChange,
  owner: { leadId: string | null; contactId: string | null },
  previous: BookingRow | null,
) {
  const uid = change.rescheduledFromUid!
  if (previous && isStaleBookingEvent(previous.lastEventAt, change.occurredAt)) return
  const data = { status: 'RESCHEDULED' as const, lastEventAt: change.occurredAt }
  if (previous) await tx.calendarBooking.update({ where: { id: previous.id }, data, select: { id: true } })
  else
    await tx.calendarBooking.create({
      data: {
        ...data,
        ...owner,
        externalUid: uid,
        title: change.title,
        attendeeEmail: change.attendee.email,
        attendeeName: change.attendee.name,
        startTime: change.previousTime?.startTime ?? change.startTime,
        endTime: change.previousTime?.endTime ?? change.endTime,
        timezone: change.attendee.timezone,
      },
      select: { id: true },
    })
}

/**
 * One timeline entry per thing that happened to the booking — booked, each move (keyed by its new time, so a seated
 * booking moved twice has two), cancelled — written again unchanged when a failed delivery is retried.
 */
async function recordTimeline(tx: Transaction, booking: BookingRow, change: BookingChange, movedFrom: Date | null) {
  const entry = bookingTimelineEntry({
    kind: change.kind,
    title: booking.title,
    startTime: booking.startTime,
    timezone: booking.timezone,
    previousStartTime: movedFrom,
    cancellationReason: booking.cancellationReason,
  })
  const happening = change.kind === 'rescheduled' ? `moved@${booking.startTime.toISOString()}` : entry.outcome
  await upsertTimelineEntry(
    tx,
    { type: 'MEETING', externalId: `${booking.id}:${happening}` },
    {
      leadId: booking.leadId,
      contactId: booking.contactId,
      subject: entry.subject,
      description: entry.description,
      outcome: entry.outcome,
      channel: null,
      direction: 'INBOUND',
      scheduledAt: booking.startTime,
    },
  )
}
