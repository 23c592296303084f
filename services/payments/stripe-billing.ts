import type Stripe from 'stripe'
import type { Database } from '../../lib/db'
import { stripeMetadataKeys } from '../../domain/payments/stripe-events'
import { billingIdempotencyKeys, type BillingDriver, type BillingPartnership } from './billing-driver'

const dayMs = 24 * 60 * 60 * 1000
/** Days a client has to pay a monthly invoice Stripe sends (the CRM's dunning counts from the payment's due date). */
const monthlyDaysUntilDue = 7

const cents = (amount: number) => Math.round(amount * 100)
const unixSeconds = (date: Date) => Math.floor(date.getTime() / 1000)

/**
 * Billing through Stripe (decision 0029). Invoices are `send_invoice`: Stripe emails the invoice and its payment
 * page; reminders are the CRM's own overdue sequence, never Stripe's (turned off in the Stripe account). Every
 * request carries an idempotency key derived from the partnership and the step, and every Stripe id is stored, so a
 * retried call returns what exists instead of billing twice, even after Stripe forgets its keys (24 hours).
 */
export function createStripeBillingDriver({
  stripe,
  db,
  now = () => new Date(),
}: {
  stripe: Stripe
  db: Database
  now?: () => Date
}): BillingDriver {
  async function ensureCustomer(company: BillingPartnership['company']) {
    const stored = await db.company.findUniqueOrThrow({ where: { id: company.id }, select: { stripeCustomerId: true } })
    if (stored.stripeCustomerId) return stored.stripeCustomerId
    const customer = await stripe.customers.create(
      {
        name: company.name,
        ...(company.email ? { email: company.email } : {}),
        metadata: { crm_company_id: company.id },
      },
      { idempotencyKey: billingIdempotencyKeys.customer(company.id) },
    )
    // Two partnerships of one company may race here: the first stored id wins, and both use it.
    await db.company.updateMany({
      where: { id: company.id, stripeCustomerId: null },
      data: { stripeCustomerId: customer.id },
    })
    const winner = await db.company.findUniqueOrThrow({ where: { id: company.id }, select: { stripeCustomerId: true } })
    return winner.stripeCustomerId ?? customer.id
  }

  return {
    ensureCustomer,

    async createSetupInvoice(partnership, payment, idempotencyKey) {
      const stored = await db.payment.findUniqueOrThrow({
        where: { id: payment.id },
        select: { stripeInvoiceId: true },
      })
      if (stored.stripeInvoiceId) return { invoiceId: stored.stripeInvoiceId }
      const customer = await ensureCustomer(partnership.company)
      const metadata = { [stripeMetadataKeys.payment]: payment.id, [stripeMetadataKeys.partnership]: partnership.id }
      // Stripe refuses a due date in the past; a late-started partnership's setup fee is due a day from now.
      const dueDate = new Date(Math.max(payment.dueDate.getTime(), now().getTime() + dayMs))
      const invoice = await stripe.invoices.create(
        {
          customer,
          collection_method: 'send_invoice',
          due_date: unixSeconds(dueDate),
          currency: payment.currency,
          pending_invoice_items_behavior: 'exclude',
          description: `${partnership.tier} partnership — setup fee`,
          metadata,
        },
        { idempotencyKey: `${idempotencyKey}/invoice` },
      )
      await stripe.invoiceItems.create(
        {
          customer,
          invoice: invoice.id,
          amount: cents(payment.amount),
          currency: payment.currency,
          description: `${partnership.tier} partnership setup fee`,
          metadata,
        },
        { idempotencyKey: `${idempotencyKey}/item` },
      )
      await stripe.invoices.finalizeInvoice(invoice.id, {}, { idempotencyKey: `${idempotencyKey}/finalize` })
      await stripe.invoices.sendInvoice(invoice.id, {}, { idempotencyKey: `${idempotencyKey}/send` })
      await db.payment.updateMany({
        where: { id: payment.id, stripeInvoiceId: null },
        data: { stripeInvoiceId: invoice.id },
      })
      return { invoiceId: invoice.id }
    },

    async createMonthlySubscription(partnership, monthlyFee, idempotencyKey) {
      const stored = await db.partnership.findUniqueOrThrow({
        where: { id: partnership.id },
        select: { stripeSubscriptionId: true },
      })
      if (stored.stripeSubscriptionId) return { subscriptionId: stored.stripeSubscriptionId }
      const customer = await ensureCustomer(partnership.company)
      const metadata = { [stripeMetadataKeys.partnership]: partnership.id }
      const product = await stripe.products.create(
        { name: `${partnership.tier} partnership — monthly fee`, metadata },
        { idempotencyKey: `${idempotencyKey}/product` },
      )
      // Its invoices carry this metadata (parent.subscription_details), which is how their events find the month.
      const subscription = await stripe.subscriptions.create(
        {
          customer,
          collection_method: 'send_invoice',
          days_until_due: monthlyDaysUntilDue,
          items: [
            {
              price_data: {
                currency: monthlyFee.currency,
                product: product.id,
                unit_amount: cents(monthlyFee.amount),
                recurring: { interval: 'month' },
              },
            },
          ],
          metadata,
        },
        { idempotencyKey: `${idempotencyKey}/subscription` },
      )
      await db.partnership.updateMany({
        where: { id: partnership.id, stripeSubscriptionId: null },
        data: { stripeSubscriptionId: subscription.id },
      })
      return { subscriptionId: subscription.id }
    },

    async pauseCollection(subscriptionId, paused, idempotencyKey, nextBillingAt) {
      // `void`: invoices Stripe would bill while paused are voided; the CRM moves its monthly payments instead.
      // Stripe's documented way to move a subscription's billing date: a free trial up to the new date, without
      // proration; the next invoice is billed then and the cycle is anchored there.
      const moveBilling =
        !paused && nextBillingAt ? { trial_end: unixSeconds(nextBillingAt), proration_behavior: 'none' as const } : {}
      await stripe.subscriptions.update(
        subscriptionId,
        { pause_collection: paused ? { behavior: 'void' } : '', ...moveBilling },
        { idempotencyKey },
      )
    },

    async cancelSubscription(subscriptionId, idempotencyKey) {
      // Stripe refuses to cancel a subscription twice; its idempotency key covers a retry within 24 hours only.
      const current = await stripe.subscriptions.retrieve(subscriptionId)
      if (endedSubscriptionStatuses.includes(current.status)) return { ended: false }
      // Now, without proration: the month billed in advance stays billed (its payment is due already); nothing after.
      await stripe.subscriptions.cancel(subscriptionId, { invoice_now: false, prorate: false }, { idempotencyKey })
      return { ended: true }
    },

    async markInvoicePaidOutOfBand(invoiceId, idempotencyKey) {
      // Paying a paid or voided invoice is refused: the client may have paid it in Stripe meanwhile.
      const current = await stripe.invoices.retrieve(invoiceId)
      if (current.status === 'paid' || current.status === 'void') return { marked: false }
      // A subscription's invoice is a draft for about an hour; Stripe pays open invoices only. Finalised without
      // auto-advance, so Stripe neither emails nor collects it before it is marked paid.
      if (current.status === 'draft') {
        await stripe.invoices.finalizeInvoice(
          invoiceId,
          { auto_advance: false },
          { idempotencyKey: `${idempotencyKey}/finalize` },
        )
      }
      await stripe.invoices.pay(invoiceId, { paid_out_of_band: true }, { idempotencyKey })
      return { marked: true }
    },

    async listSubscriptionInvoices(subscriptionId) {
      // A partnership bills a few dozen months at most; every status, drafts included.
      const invoices = await stripe.invoices.list({ subscription: subscriptionId, limit: 100 }).autoPagingToArray({
        limit: 1000,
      })
      return invoices.flatMap((invoice) => {
        // As the events read it (stripe-events.ts): the line carries the period billed, not the invoice's own.
        const periodStart = invoice.lines.data[0]?.period.start ?? invoice.period_start
        return invoice.id ? [{ id: invoice.id, status: invoice.status, periodStartMs: periodStart * 1000 }] : []
      })
    },
  }
}

const endedSubscriptionStatuses: readonly Stripe.Subscription.Status[] = ['canceled', 'incomplete_expired']
