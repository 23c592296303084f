import type { Database } from '../../lib/db'
import type { BookingChange } from '../../domain/integrations/calcom-booking'
import { tellDealsOfBooking } from '../deals/deal-bookings'
import {
  applyBookingChange,
  bookingChangeFromJson,
  bookingEventKinds,
  createBookingLead,
  findBookingOwner,
  type BookingIngested,
} from './calendar-bookings'
import { ingestionTransactionOptions, type IngestionDependencies, type Transaction } from './ingestion-dependencies'
import { deliverLeadEvents } from './lead-events'

export interface IngestedEventApplied {
  /** The record the event wrote (CalendarBooking.id), null when it changed nothing (an older event, a gone row). */
  refId: string | null
}

/** Who else must hear of a booking that was applied, told inside its transaction (a failure undoes the apply). */
export type BookingListener = (tx: Transaction, applied: Extract<BookingIngested, { stale: false }>) => Promise<void>

/**
 * Applies a claimed webhook event the request recorded and signalled: the domain writes of the event and its
 * PROCESSED mark commit together, so the event is applied exactly when it is marked. Idempotent: applying an
 * event again (an activity retried after its commit) writes the same rows and answers the same.
 */
export async function applyIngestedEvent(
  db: Database,
  webhookEventId: string,
  { onBookingApplied }: { onBookingApplied?: BookingListener } = {},
): Promise<IngestedEventApplied> {
  return db.$transaction(async (tx) => {
    const event = await tx.webhookEvent.findUnique({
      where: { id: webhookEventId },
      select: { provider: true, change: true },
    })
    if (!event || event.change === null) return { refId: null }
    let refId: string | null = null
    switch (event.provider) {
      case 'CALCOM': {
        const applied = await applyBookingChange(tx, bookingChangeFromJson(event.change))
        refId = applied.stale ? null : applied.booking.id
        if (!applied.stale) await onBookingApplied?.(tx, applied)
        break
      }
      default:
        return { refId: null }
    }
    await tx.webhookEvent.update({
      where: { id: webhookEventId },
      data: { status: 'PROCESSED', processedAt: new Date(), error: null },
      select: { id: true },
    })
    return { refId }
  }, ingestionTransactionOptions)
}

/** Leads whose workflow has ended (converted, disqualified): their events are applied where they arrive. */
const closedLeadStatuses = new Set(['CONVERTED', 'UNQUALIFIED'])

/**
 * The request's part of a claimed Cal.com event: find (or create) the person's lead, then signal-with-start its
 * workflow with an event naming the WebhookEvent; the workflow applies it (applyIngestedEvent). A booking of a
 * customer (a contact) or of a closed lead has no running process to own it, so it is applied here, in one
 * transaction — the same function the activity runs — and the person's open deals are told in that transaction
 * (decision 0026): when their workflows cannot be told, nothing is applied and the event is FAILED for Cal.com's
 * redelivery.
 */
export async function signalBookingEvent(
  dependencies: IngestionDependencies,
  change: BookingChange,
  { eventId, webhookEventId }: { eventId: string; webhookEventId: string },
): Promise<'settled'> {
  const owner = await findBookingOwner(dependencies.db, change)
  if (owner.kind === 'contact' || (owner.kind === 'lead' && closedLeadStatuses.has(owner.lead.status))) {
    await applyIngestedEvent(dependencies.db, webhookEventId, {
      onBookingApplied: (tx, applied) => tellDealsOfBooking(dependencies, tx, applied),
    })
    return 'settled'
  }
  const lead = owner.kind === 'lead' ? owner.lead : await createBookingLead(dependencies.db, change)
  await deliverLeadEvents(dependencies, lead, [
    {
      eventId: `calcom:${eventId}`,
      kind: bookingEventKinds[change.kind],
      occurredAt: change.occurredAt.toISOString(),
      webhookEventId,
    },
  ])
  return 'settled'
}
