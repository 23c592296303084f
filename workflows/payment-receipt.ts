// A payment received outside the partnership's run, in a short workflow of its own that does what the run's
// `markPaymentReceived` update does: the row PAID, the owner's call task about it closed, and its Stripe invoice marked
// paid outside Stripe so Stripe stops collecting it. Started for a receipt a person records after the partnership
// ended (decision 0050), and when Stripe invoices a month a person had already recorded received (decision 0052).
// Workflow code: deterministic, activities through proxies only.
import { ActivityFailure, ApplicationFailure } from '@temporalio/workflow'
import type { BillingActivities } from '../activities/billing'
import type { NotifyOwnerInput } from '../activities/notification-contract'
import type { PartnershipPaymentActivities } from '../activities/partnership-payment-contract'
import { entityActivities } from './entity-run'
import { markPaidInStripeByHand } from './partnership-payments'

type ReceiptActivities = Pick<PartnershipPaymentActivities, 'recordPaymentReceived' | 'closePaymentCallTask'> &
  Pick<BillingActivities, 'markInvoicePaidOutOfBand'> & {
    notifyOwner(input: NotifyOwnerInput): Promise<unknown>
  }

const { database, messages } = entityActivities<ReceiptActivities>(['PartnershipNotFound', 'NoPayment'])

export interface PaymentReceiptInput {
  partnershipId: string
  paymentKey: string
  /** When it was received: the row's paid date (unless paid already) and the call task's completion. */
  paidAt: string
  byId: string | null
}

export interface PaymentReceipt {
  partnershipId: string
  paymentKey: string
  paidAt: string
  /** The payment's Stripe invoice was marked paid outside Stripe (false without Stripe or without an invoice). */
  stripeInvoiceMarkedPaid: boolean
}

export async function paymentReceiptWorkflow(input: PaymentReceiptInput): Promise<PaymentReceipt> {
  const { partnershipId, paymentKey, byId } = input
  const paidAtMs = Date.parse(input.paidAt)
  await database('Record the payment received').recordPaymentReceived({ partnershipId, paymentKey, paidAtMs, byId })
  await database('Close the owner’s call task about it').closePaymentCallTask({ partnershipId, paymentKey, paidAtMs })
  let stripeInvoiceMarkedPaid = false
  try {
    ;({ marked: stripeInvoiceMarkedPaid } = await database(
      'Mark the Stripe invoice paid outside Stripe',
    ).markInvoicePaidOutOfBand({ partnershipId, paymentKey }))
  } catch (error) {
    // Stripe refused for good: the receipt stands; the owner hears what to do by hand.
    if (!(error instanceof ActivityFailure && error.cause instanceof ApplicationFailure)) throw error
    await messages('Tell the owner Stripe refused').notifyOwner({
      entity: { type: 'partnership', id: partnershipId },
      kind: 'PARTNERSHIP_PAYMENT_OVERDUE',
      idempotencyKey: `partnership-${partnershipId}/billing-failed/receipt/${paymentKey}`,
      detail: `Marking the Stripe invoice paid failed: ${error.cause.message}. ${markPaidInStripeByHand}`,
      now: input.paidAt,
    })
  }
  return { partnershipId, paymentKey, paidAt: input.paidAt, stripeInvoiceMarkedPaid }
}
