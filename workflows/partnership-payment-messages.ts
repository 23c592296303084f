// The partnership workflow's payment messages (decision 0034), defined once and shared by the workflow and its
// clients. The payment received by Stripe or a person keeps its signal in partnership-messages.ts.
import { defineSignal, defineUpdate } from '@temporalio/workflow'
import type { MoveActor } from '../domain/deals/deal-moves'
import type { PartnershipWorkflowStatus } from './partnership-messages'

/** A person records a payment as received (no Stripe, or paid outside it): the workflow writes the row. */
export interface MarkPaymentReceivedInput {
  /** The payment's plan key (`setup`, `monthly-2`) or `row-<id>` for a payment from before the workflow. */
  paymentKey: string
  actor: MoveActor
}

/** What Stripe said that is not a payment received: a failed attempt, or the subscription's new status. */
export type BillingEvent =
  | { kind: 'payment-failed'; paymentKey: string; at: string }
  | { kind: 'subscription-status'; subscriptionId: string; status: string; at: string }

export const markPaymentReceivedUpdate = defineUpdate<PartnershipWorkflowStatus, [MarkPaymentReceivedInput]>(
  'markPaymentReceived',
)
export const billingEventSignal = defineSignal<[BillingEvent]>('partnershipBillingEvent')

/** The plan key of a Payment row, as the workflow follows it (activities/partnerships.ts `loadPartnership`). */
export function paymentKeyOf(row: { id: string; idempotencyKey: string | null }): string {
  return row.idempotencyKey?.split('/payment/')[1] ?? `row-${row.id}`
}
