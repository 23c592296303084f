import type { SubscriptionInvoice } from '../../domain/payments/stripe-events'

/**
 * What the partnership's billing needs from a payment provider (decision 0029). Each call is idempotent: called
 * again with the same records and key it returns what the first call created, so an activity may retry it.
 */
export interface BillingDriver {
  /** The provider's customer for the company, created once and remembered on the company. */
  ensureCustomer(company: BillingCompany): Promise<string>
  /** The setup fee as an invoice the client pays by the due date; its id is stored on the payment. */
  createSetupInvoice(
    partnership: BillingPartnership,
    payment: BillingPayment,
    idempotencyKey: string,
  ): Promise<{ invoiceId: string }>
  /** The monthly fee as a subscription billed each month from the start; its id is stored on the partnership. */
  createMonthlySubscription(
    partnership: BillingPartnership,
    monthlyFee: { amount: number; currency: string },
    idempotencyKey: string,
  ): Promise<{ subscriptionId: string }>
  /**
   * Stops (`paused` true) or restarts collecting the subscription: no invoice is billed while the partnership is
   * paused. On restart, `nextBillingAt` moves the next invoice (and every later one) to the CRM's next monthly due
   * date, which the pause moved (decision 0045).
   */
  pauseCollection(subscriptionId: string, paused: boolean, idempotencyKey: string, nextBillingAt?: Date): Promise<void>
  /**
   * Ends the subscription now: no invoice is billed after the partnership ends. `ended` false when it had ended
   * already (a retry after the first call went through, or ended in the provider's dashboard).
   */
  cancelSubscription(subscriptionId: string, idempotencyKey: string): Promise<{ ended: boolean }>
  /**
   * Records an invoice as paid outside the provider (a person received the money), so the provider stops collecting
   * it. `marked` false when it is paid or voided already.
   */
  markInvoicePaidOutOfBand(invoiceId: string, idempotencyKey: string): Promise<{ marked: boolean }>
  /** Every invoice the subscription has billed so far, with the period each bills (decision 0045). */
  listSubscriptionInvoices(subscriptionId: string): Promise<SubscriptionInvoice[]>
}

export interface BillingCompany {
  id: string
  name: string
  /** Where the provider sends invoices: the partnership's primary contact. */
  email: string | null
}

export interface BillingPartnership {
  id: string
  company: BillingCompany
  tier: string
}

export interface BillingPayment {
  id: string
  amount: number
  currency: string
  dueDate: Date
}

/** Idempotency keys from business keys, never from Temporal's activity ids (they restart per run). */
export const billingIdempotencyKeys = {
  customer: (companyId: string) => `company-${companyId}/customer`,
  setupInvoice: (partnershipId: string) => `partnership-${partnershipId}/setup-invoice`,
  monthlySubscription: (partnershipId: string) => `partnership-${partnershipId}/monthly-subscription`,
  /** The n-th status change of the partnership (its workflow's counter): one pause or resume each. */
  collection: (partnershipId: string, statusChange: number) =>
    `partnership-${partnershipId}/collection/${statusChange}`,
  /** One end per partnership: churn or graduation. */
  subscriptionEnd: (partnershipId: string) => `partnership-${partnershipId}/subscription-end`,
  /** The payment by its workflow key (`setup`, `monthly-2`, `row-<id>`). */
  paidOutOfBand: (partnershipId: string, paymentKey: string) =>
    `partnership-${partnershipId}/payment/${paymentKey}/paid-out-of-band`,
}
