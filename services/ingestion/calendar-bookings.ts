import type { Database, Prisma } from '../../lib/db'
import {
  bookingStatusOf,
  bookingTimelineEntry,
  isStaleBookingEvent,
  splitName,
  type BookingChange,
} from '../../domain/integrations/calcom-booking'
import { apiNameOfLanguage } from '../../domain/leads/lead-vocabulary'
import type { LeadEventKind } from '../../workflows/lead-messages'
import { ownerOfRow, type EventOwner, type OwnerCandidateRow } from './event-owner'
import { lockKeys, type Transaction } from './ingestion-dependencies'
import { loadLeadRef, ownerColumns, resolvePerson, type LeadRef, type PersonInput, type ResolvedPerson } from './person'
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
  | {
      stale: false
      booking: BookingRow
      lead: LeadRef | null
      leadCreated: boolean
      contactId: string | null
      /** The booking this reschedule under a new uid replaced, as it was (null when it was not known yet). */
      replaced: BookingRow | null
    }

export const bookingEventKinds: Record<BookingChange['kind'], LeadEventKind> = {
  created: 'booking.created',
  rescheduled: 'booking.rescheduled',
  cancelled: 'booking.cancelled',
}

/** The person a booking event is about, as the booking's first touch would create them. */
export function bookingPerson(change: BookingChange): PersonInput {
  return {
    email: change.attendee.email,
    source: 'CALENDAR_BOOKING',
    sourceDetail: `Cal.com - ${change.title}`.slice(0, 200),
    person: {
      ...splitName(change.attendee.name),
      ...(change.attendee.language ? { preferredLanguage: apiNameOfLanguage[change.attendee.language] } : {}),
    },
    language: change.attendee.language,
    timezone: change.attendee.timezone,
  }
}

/** A BookingChange as stored on its WebhookEvent (`change`), and back: dates travel as ISO strings. */
export function bookingChangeJson(change: BookingChange): Prisma.InputJsonObject {
  return JSON.parse(JSON.stringify(change)) as Prisma.InputJsonObject
}

export function bookingChangeFromJson(json: unknown): BookingChange {
  const stored = json as Record<string, unknown> & { previousTime: { startTime: string; endTime: string } | null }
  return {
    ...(stored as unknown as BookingChange),
    occurredAt: new Date(stored.occurredAt as string),
    startTime: new Date(stored.startTime as string),
    endTime: new Date(stored.endTime as string),
    previousTime: stored.previousTime
      ? { startTime: new Date(stored.previousTime.startTime), endTime: new Date(stored.previousTime.endTime) }
      : null,
  }
}

interface OwnerCandidate extends OwnerCandidateRow {
  via: 'booking' | 'contact' | 'lead'
  uid: string | null
}

/**
 * One statement: the owner of the booking (or of the booking a reschedule replaces), else the contact or the lead
 * with the attendee's address — the same order `applyBookingChange` resolves the person in, so the workflow the request
 * signals is the lead the activity writes to.
 */
export async function findBookingOwner(db: Database, change: BookingChange): Promise<EventOwner> {
  const rows = await db.$queryRaw<OwnerCandidate[]>`
    SELECT 'booking' AS via, b."externalUid" AS uid, b."contactId", l.id AS "leadId", l.status::text AS status,
           l.source::text AS source, l."workflowId"
      FROM "CalendarBooking" b LEFT JOIN "Lead" l ON l.id = b."leadId"
     WHERE b."externalUid" IN (${change.uid}, ${change.rescheduledFromUid ?? change.uid})
    UNION ALL
    (SELECT 'contact', NULL, c.id, NULL, NULL, NULL, NULL FROM "Contact" c
      WHERE lower(c.email) = lower(${change.attendee.email}) LIMIT 1)
    UNION ALL
    SELECT 'lead', NULL, NULL, l.id, l.status::text, l.source::text, l."workflowId" FROM "Lead" l
     WHERE l.email = ${change.attendee.email}`
  const booking = (uid: string | null) => rows.find((row) => row.via === 'booking' && row.uid === uid)
  return (
    ownerOfRow(booking(change.uid)) ??
    ownerOfRow(change.rescheduledFromUid ? booking(change.rescheduledFromUid) : undefined) ??
    ownerOfRow(rows.find((row) => row.via === 'contact')) ??
    ownerOfRow(rows.find((row) => row.via === 'lead')) ?? { kind: 'nobody' }
  )
}

/**
 * Applies one Cal.com booking event (the lead workflow's activity, or the request when nobody's workflow owns the
 * person): the booking is created, moved (a reschedule under a new uid marks the old booking RESCHEDULED) or
 * cancelled, for the attendee's contact or lead. An event older than the newest one applied to the booking changes
 * nothing. Idempotent: applying it again writes the same rows.
 */
export async function applyBookingChange(tx: Transaction, change: BookingChange): Promise<BookingIngested> {
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
  resolved ??= await resolvePerson(tx, bookingPerson(change))
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

  const replaced = change.rescheduledFromUid ? await markReplaced(tx, change, owner, previous) : null
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
    replaced,
  }
}

/**
 * The booking a reschedule replaces becomes RESCHEDULED (history: the move's own timeline entry tells it). If its
 * own events have not arrived yet, it is recorded now so that its late BOOKING_CREATED (older) cannot bring it back
 * as scheduled. Answers the replaced booking as it was, when it was known (somebody may have been told of it).
 */
async function markReplaced(
  tx: Transaction,
  change: BookingChange,
  owner: { leadId: string | null; contactId: string | null },
  previous: BookingRow | null,
): Promise<BookingRow | null> {
  const uid = change.rescheduledFromUid!
  if (previous && isStaleBookingEvent(previous.lastEventAt, change.occurredAt)) return null
  const data = { status: 'RESCHEDULED' as const, lastEventAt: change.occurredAt }
  if (previous) {
    await tx.calendarBooking.update({ where: { id: previous.id }, data, select: { id: true } })
    return previous
  }
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
  return null
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
