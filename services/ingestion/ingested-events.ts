import type { Database } from '../../lib/db'
import { tellDealsOfBooking } from '../deals/deal-bookings'
import { tellPartnershipsOfBooking } from '../partnerships/partnership-bookings'
import type { BookingChange } from '../../domain/integrations/calcom-booking'
import {
  applyBookingChange,
  bookingChangeFromJson,
  bookingEventKinds,
  bookingPerson,
  findBookingOwner,
  type BookingIngested,
} from './calendar-bookings'
import { signalOrApplyHere } from './event-owner'
import { ingestionTransactionOptions, type IngestionDependencies, type Transaction } from './ingestion-dependencies'
import { recordedRoiChangeFromJson, recordedVoiceChangeFromJson } from './recorded-changes'
import { storeCalculation, type RoiCalculationIngested } from './roi-calculations'
import { storeVoiceSession, type VoiceSessionIngested } from './voice-sessions'

export interface IngestedEventApplied {
  /** The record the event wrote (CalendarBooking, VoiceSession, ROICalculation id), null when it changed nothing. */
  refId: string | null
}

/** What applying a recorded event wrote; the request that applies one itself tells the workflows from it. */
export interface RecordedEventApplied extends IngestedEventApplied {
  voiceSession?: VoiceSessionIngested
  roiCalculation?: RoiCalculationIngested
}

/** Who else must hear of a booking that was applied, told inside its transaction (a failure undoes the apply). */
export type BookingListener = (tx: Transaction, applied: Extract<BookingIngested, { stale: false }>) => Promise<void>

/**
 * Applies a claimed webhook event the request recorded and signalled: the domain writes of the event and its
 * PROCESSED mark commit together, so the event is applied exactly when it is marked. Idempotent: applying an
 * event again (an activity retried after its commit) writes the same rows and answers the same.
 */
export async function applyIngestedEvent(db: Database, webhookEventId: string): Promise<IngestedEventApplied> {
  const applied = await applyRecordedEvent(db, webhookEventId)
  return { refId: applied?.refId ?? null }
}

/** applyIngestedEvent with what it wrote; null when the event has no change to apply. */
export async function applyRecordedEvent(
  db: Database,
  webhookEventId: string,
  { onBookingApplied }: { onBookingApplied?: BookingListener } = {},
): Promise<RecordedEventApplied | null> {
  return db.$transaction(async (tx) => {
    const event = await tx.webhookEvent.findUnique({
      where: { id: webhookEventId },
      select: { provider: true, change: true },
    })
    if (!event || event.change === null) return null
    let applied: RecordedEventApplied
    switch (event.provider) {
      case 'CALCOM': {
        const booking = await applyBookingChange(tx, bookingChangeFromJson(event.change))
        applied = { refId: booking.stale ? null : booking.booking.id }
        if (!booking.stale) await onBookingApplied?.(tx, booking)
        break
      }
      case 'VOICE_AGENT': {
        const { change, eventId } = recordedVoiceChangeFromJson(event.change)
        const voiceSession = await storeVoiceSession(tx, change, eventId)
        applied = { refId: voiceSession.session.id, voiceSession }
        break
      }
      case 'ROI_CALCULATOR': {
        const roiCalculation = await storeCalculation(tx, recordedRoiChangeFromJson(event.change))
        applied = { refId: roiCalculation.calculation.id, roiCalculation }
        break
      }
      default:
        return null
    }
    await tx.webhookEvent.update({
      where: { id: webhookEventId },
      data: { status: 'PROCESSED', processedAt: new Date(), error: null },
      select: { id: true },
    })
    return applied
  }, ingestionTransactionOptions)
}

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
  return signalOrApplyHere(dependencies, {
    owner: await findBookingOwner(dependencies.db, change),
    person: bookingPerson(change),
    event: {
      eventId: `calcom:${eventId}`,
      kind: bookingEventKinds[change.kind],
      occurredAt: change.occurredAt.toISOString(),
      webhookEventId,
    },
    applyHere: async () => {
      await applyRecordedEvent(dependencies.db, webhookEventId, {
        onBookingApplied: async (tx, applied) => {
          await tellDealsOfBooking(dependencies, tx, applied)
          await tellPartnershipsOfBooking(dependencies, tx, applied)
        },
      })
    },
  })
}
