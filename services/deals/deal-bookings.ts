import { discoveryCallSignals, type BookingDealCandidate } from '../../domain/deals/booked-discovery'
import { discoveryCallBookedSignal } from '../../workflows/deal-messages'
import type { BookingIngested } from '../ingestion/calendar-bookings'
import type { IngestionDependencies, Transaction } from '../ingestion/ingestion-dependencies'
import { signalEntityWorkflow } from '../workflows/entity-workflow-client'
import { dealWorkflowOf, type DealWorkflowTarget } from './deal-workflow'

// A Cal.com booking of one of a deal's contacts is the deal's discovery call (decision 0026): its workflow ticks
// `schedule_discovery`, keeps the deal from stalling and plans the owner's prep reminder.

type DealOfBooking = BookingDealCandidate & DealWorkflowTarget

/**
 * Tells the open deals a booking concerns (domain/deals/booked-discovery.ts) what became of it, inside the
 * transaction that applied it: a deal that cannot be told undoes the apply, so the event is never PROCESSED
 * without its deals having heard. One statement, then a signal-with-start per deal — a deal whose workflow the
 * reconciler has not started yet starts with the booking in hand. The workflow keys calls by booking id, so telling
 * it again (a redelivery) changes nothing.
 */
export async function tellDealsOfBooking(
  { temporal, taskQueue }: Pick<IngestionDependencies, 'temporal' | 'taskQueue'>,
  tx: Transaction,
  applied: Extract<BookingIngested, { stale: false }>,
): Promise<void> {
  const { booking, replaced } = applied
  const deals = await tx.$queryRaw<DealOfBooking[]>`
    SELECT o.id, o.name, o.stage::text AS stage, o.tier::text AS tier, o."ownerId", pc.email AS "primaryContactEmail"
      FROM "Opportunity" o JOIN "Contact" pc ON pc.id = o."primaryContactId"
     WHERE o.stage NOT IN ('CLOSED_WON', 'CLOSED_LOST')
       AND (lower(pc.email) = lower(${booking.attendeeEmail})
            OR o."companyId" IN (SELECT c."companyId" FROM "Contact" c WHERE lower(c.email) = lower(${booking.attendeeEmail})))
     ORDER BY o."createdAt", o.id`
  const signals = discoveryCallSignals(
    {
      attendeeEmail: booking.attendeeEmail,
      booking: { id: booking.id, startTime: booking.startTime, live: booking.status === 'SCHEDULED' },
      replaced: replaced ? { id: replaced.id, startTime: replaced.startTime } : null,
    },
    deals,
  )
  for (const { deal, change } of signals) {
    await signalEntityWorkflow(temporal, dealWorkflowOf(deal), taskQueue, discoveryCallBookedSignal, change)
  }
}
