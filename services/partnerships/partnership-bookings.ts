import { Prisma } from '../../lib/db'
import { endedPartnershipStatuses } from '../../domain/partnerships/partnership-changes'
import type { BookingIngested } from '../ingestion/calendar-bookings'
import type { IngestionDependencies, Transaction } from '../ingestion/ingestion-dependencies'
import { signalEntityWorkflow } from '../workflows/entity-workflow-client'
import { meetingBookedSignal } from '../../workflows/partnership-work-messages'
import { meetingHeldSignal } from '../../workflows/partnership-messages'
import type { MeetingOutcomeChange } from '../../domain/integrations/calcom-meeting-outcome'
import { partnershipWorkflowOf, type PartnershipWorkflowTarget } from './partnership-workflow'

// A Cal.com booking by one of a running partnership's contacts (its won deal's primary contact, or anyone at its
// company) is a partnership meeting (decision 0035), told to its workflow inside the transaction that applied the
// booking, like a deal's discovery call (decision 0026). The meeting is `calcom-<booking id>`: a redelivery, a move
// or a cancellation tells the workflow the same meeting's news; a reschedule under a new uid cancels the old one.

/** The meeting id a booking is known by in the partnership workflow. */
export const bookedMeetingId = (bookingId: string) => `calcom-${bookingId}`

/** The running partnerships whose won deal's primary contact, or anyone at whose company, is `email`. */
function partnershipsOfAttendee(db: Pick<Transaction, '$queryRaw'>, email: string) {
  return db.$queryRaw<PartnershipWorkflowTarget[]>`
    SELECT p.id, p.tier::text AS tier, p.status::text AS status, p."ownerId"
      FROM "Partnership" p JOIN "Opportunity" o ON o.id = p."opportunityId" JOIN "Contact" pc ON pc.id = o."primaryContactId"
     WHERE p.status::text NOT IN (${Prisma.join([...endedPartnershipStatuses])})
       AND (lower(pc.email) = lower(${email})
            OR p."companyId" IN (SELECT c."companyId" FROM "Contact" c WHERE lower(c.email) = lower(${email})))
     ORDER BY p."createdAt", p.id`
}

export async function tellPartnershipsOfBooking(
  { temporal, taskQueue }: Pick<IngestionDependencies, 'temporal' | 'taskQueue'>,
  tx: Transaction,
  applied: Extract<BookingIngested, { stale: false }>,
): Promise<void> {
  const { booking, replaced } = applied
  const partnerships = await partnershipsOfAttendee(tx, booking.attendeeEmail)
  for (const partnership of partnerships) {
    const workflow = partnershipWorkflowOf(partnership)
    if (replaced && replaced.id !== booking.id) {
      await signalEntityWorkflow(temporal, workflow, taskQueue, meetingBookedSignal, {
        meetingId: bookedMeetingId(replaced.id),
        title: replaced.title,
        startsAt: replaced.startTime.toISOString(),
        cancelled: true,
      })
    }
    await signalEntityWorkflow(temporal, workflow, taskQueue, meetingBookedSignal, {
      meetingId: bookedMeetingId(booking.id),
      title: booking.title,
      startsAt: booking.startTime.toISOString(),
      cancelled: booking.status !== 'SCHEDULED',
    })
  }
}

/**
 * Cal.com's MEETING_ENDED or no-show for a booking the CRM knows: each running partnership of its attendee hears how
 * the meeting went (`partnershipMeetingHeld`). A booking the CRM never saw is nobody's meeting: nothing to tell.
 */
export async function tellPartnershipsOfMeetingOutcome(
  { db, temporal, taskQueue }: Pick<IngestionDependencies, 'db' | 'temporal' | 'taskQueue'>,
  outcome: MeetingOutcomeChange,
): Promise<void> {
  const booking = await db.calendarBooking.findUnique({
    where: { externalUid: outcome.uid },
    select: { id: true, attendeeEmail: true, endTime: true },
  })
  if (!booking) return
  for (const partnership of await partnershipsOfAttendee(db, booking.attendeeEmail)) {
    await signalEntityWorkflow(temporal, partnershipWorkflowOf(partnership), taskQueue, meetingHeldSignal, {
      meetingId: bookedMeetingId(booking.id),
      attended: outcome.attended,
      at: booking.endTime.toISOString(),
    })
  }
}
