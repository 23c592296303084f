import { ApplicationFailure } from '@temporalio/activity'
import Stripe from 'stripe'
import type { Database } from '../lib/db'
import {
  billingIdempotencyKeys,
  type BillingDriver,
  type BillingPartnership,
} from '../services/payments/billing-driver'
import { invoiceForMonthlyPayment } from '../domain/payments/stripe-events'
import { paymentWhere } from './partnership-payments'

export interface BillingActivityDependencies {
  db: Database
  /** Undefined without Stripe (the embedded default): payments are marked received by a person. */
  billing: BillingDriver | undefined
}

export type BillingOutcome = { billedBy: 'person' } | { billedBy: 'stripe'; stripeId: string }

/**
 * The partnership workflow's billing steps (decision 0034). Idempotent: a retry, or the
 * same step in a later run, returns what the first call created (keys from the partnership and the step).
 */
export function createBillingActivities({ db, billing }: BillingActivityDependencies) {
  async function partnershipToBill(partnershipId: string) {
    const partnership = await db.partnership.findUnique({
      where: { id: partnershipId },
      select: {
        id: true,
        tier: true,
        monthlyFee: true,
        company: { select: { id: true, name: true } },
        opportunity: { select: { primaryContact: { select: { email: true } } } },
        payments: {
          where: { type: 'SETUP' },
          select: { id: true, amount: true, currency: true, dueDate: true },
          orderBy: { dueDate: 'asc' },
          take: 1,
        },
      },
    })
    if (!partnership) {
      throw ApplicationFailure.nonRetryable(`Partnership ${partnershipId} does not exist`, 'PartnershipNotFound')
    }
    const billed: BillingPartnership = {
      id: partnership.id,
      tier: partnership.tier,
      company: { ...partnership.company, email: partnership.opportunity.primaryContact.email },
    }
    return { partnership, billed }
  }

  /**
   * A monthly row learns its invoice id from Stripe's events about that invoice; one marked received before any
   * such event is found among the subscription's invoices by its period (decision 0045), and the id is recorded as
   * an event would record it. Undefined when Stripe has not billed that month yet.
   */
  async function monthlyInvoiceOf(partnershipId: string, paymentId: string, subscriptionId: string) {
    const [monthly, invoices] = await Promise.all([
      db.payment.findMany({ where: { partnershipId, type: 'MONTHLY' }, select: { id: true, dueDate: true } }),
      withStripeFailures(() => billing!.listSubscriptionInvoices(subscriptionId)),
    ])
    const invoice = invoiceForMonthlyPayment(monthly, paymentId, invoices)
    if (!invoice) return undefined
    const taken = await db.payment.findFirst({ where: { stripeInvoiceId: invoice.id }, select: { id: true } })
    // An event gave that invoice to another month already: never mark a month that is not this one.
    if (taken && taken.id !== paymentId) return undefined
    await db.payment.updateMany({
      where: { id: paymentId, stripeInvoiceId: null },
      data: { stripeInvoiceId: invoice.id },
    })
    return invoice.id
  }

  return {
    async createSetupInvoice({ partnershipId }: { partnershipId: string }): Promise<BillingOutcome> {
      if (!billing) return { billedBy: 'person' }
      const { partnership, billed } = await partnershipToBill(partnershipId)
      const [payment] = partnership.payments
      if (!payment) {
        throw ApplicationFailure.nonRetryable(`Partnership ${partnershipId} has no setup fee to invoice`, 'NoSetupFee')
      }
      const { invoiceId } = await withStripeFailures(() =>
        billing.createSetupInvoice(
          billed,
          { ...payment, amount: payment.amount.toNumber() },
          billingIdempotencyKeys.setupInvoice(partnershipId),
        ),
      )
      return { billedBy: 'stripe', stripeId: invoiceId }
    },

    async createMonthlySubscription({ partnershipId }: { partnershipId: string }): Promise<BillingOutcome> {
      if (!billing) return { billedBy: 'person' }
      const { partnership, billed } = await partnershipToBill(partnershipId)
      if (partnership.monthlyFee.lte(0)) {
        throw ApplicationFailure.nonRetryable(`Partnership ${partnershipId} bills no monthly fee`, 'NoMonthlyFee')
      }
      const { subscriptionId } = await withStripeFailures(() =>
        billing.createMonthlySubscription(
          billed,
          { amount: partnership.monthlyFee.toNumber(), currency: partnership.payments[0]?.currency ?? 'usd' },
          billingIdempotencyKeys.monthlySubscription(partnershipId),
        ),
      )
      return { billedBy: 'stripe', stripeId: subscriptionId }
    },

    /**
     * Pauses or resumes collecting the partnership's subscription (decision 0034); a resume moves Stripe's billing
     * date to the CRM's (decision 0045). Nothing to do without Stripe or without a subscription; `statusChange` is the
     * workflow's count of status changes, so a retry sends the same key.
     */
    async pauseBillingCollection({
      partnershipId,
      paused,
      statusChange,
      nextBillingAtMs,
    }: {
      partnershipId: string
      paused: boolean
      statusChange: number
      /** On resume: the next unpaid monthly fee's due date, moved by the pause; Stripe bills from then on. */
      nextBillingAtMs?: number | null
    }): Promise<{ changed: boolean }> {
      if (!billing) return { changed: false }
      const partnership = await db.partnership.findUnique({
        where: { id: partnershipId },
        select: { stripeSubscriptionId: true },
      })
      if (!partnership?.stripeSubscriptionId) return { changed: false }
      await withStripeFailures(() =>
        billing.pauseCollection(
          partnership.stripeSubscriptionId!,
          paused,
          billingIdempotencyKeys.collection(partnershipId, statusChange),
          // Stripe refuses a trial that ends in the past: a month due already keeps Stripe's own cycle.
          nextBillingAtMs && nextBillingAtMs > Date.now() ? new Date(nextBillingAtMs) : undefined,
        ),
      )
      return { changed: true }
    },

    /**
     * Billing ends with the partnership (decision 0042): its Stripe subscription is cancelled, so a churned or
     * graduated client is never billed another month. Nothing to do without Stripe or without a subscription.
     */
    async endBillingSubscription({ partnershipId }: { partnershipId: string }): Promise<{ ended: boolean }> {
      if (!billing) return { ended: false }
      const partnership = await db.partnership.findUnique({
        where: { id: partnershipId },
        select: { stripeSubscriptionId: true },
      })
      if (!partnership?.stripeSubscriptionId) return { ended: false }
      const subscriptionId = partnership.stripeSubscriptionId
      return withStripeFailures(() =>
        billing.cancelSubscription(subscriptionId, billingIdempotencyKeys.subscriptionEnd(partnershipId)),
      )
    },

    /**
     * A payment a person marked received is marked paid in Stripe too (`paid_out_of_band`), so Stripe stops
     * collecting its invoice (decision 0042). A monthly fee's invoice is looked up by its period when the row does not
     * know it yet (decision 0045). Nothing to do without Stripe or when Stripe has not billed the payment (yet).
     */
    async markInvoicePaidOutOfBand({
      partnershipId,
      paymentKey,
    }: {
      partnershipId: string
      paymentKey: string
    }): Promise<{ marked: boolean }> {
      if (!billing) return { marked: false }
      const payment = await db.payment.findFirst({
        where: paymentWhere(partnershipId, paymentKey),
        select: {
          id: true,
          type: true,
          stripeInvoiceId: true,
          partnership: { select: { stripeSubscriptionId: true } },
        },
      })
      if (!payment) return { marked: false }
      const invoiceId =
        payment.stripeInvoiceId ??
        (payment.type === 'MONTHLY' && payment.partnership.stripeSubscriptionId
          ? await monthlyInvoiceOf(partnershipId, payment.id, payment.partnership.stripeSubscriptionId)
          : undefined)
      if (!invoiceId) return { marked: false }
      return withStripeFailures(() =>
        billing.markInvoicePaidOutOfBand(invoiceId, billingIdempotencyKeys.paidOutOfBand(partnershipId, paymentKey)),
      )
    },
  }
}

export type BillingActivities = ReturnType<typeof createBillingActivities>

async function withStripeFailures<T>(call: () => Promise<T>): Promise<T> {
  try {
    return await call()
  } catch (error) {
    throw billingFailure(error)
  }
}

/**
 * Stripe's errors in Temporal's terms: what a retry cannot fix (a declined card, a request Stripe finds invalid, a
 * key reused with other parameters, a wrong or unauthorised API key) ends the step non-retryably with Stripe's
 * reason; the network, Stripe's 5xx and rate limits are retried by the activity's policy under the same keys.
 */
export function billingFailure(error: unknown): unknown {
  if (!(error instanceof Stripe.errors.StripeError)) return error
  const retryable =
    error instanceof Stripe.errors.StripeConnectionError ||
    error instanceof Stripe.errors.StripeAPIError ||
    error instanceof Stripe.errors.StripeRateLimitError ||
    (error.statusCode !== undefined && error.statusCode >= 500)
  const message = `Stripe: ${error.message}`
  const type = error.type
  return retryable
    ? ApplicationFailure.retryable(message, type, { statusCode: error.statusCode ?? null })
    : ApplicationFailure.nonRetryable(message, type, { statusCode: error.statusCode ?? null, code: error.code ?? null })
}
