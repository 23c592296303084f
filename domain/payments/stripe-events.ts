// Stripe's webhook events in the CRM's terms (decision 0029). Pure: what an event means for a Payment row, and
// whether a change to a row may still happen, so duplicates and any order end in the same row.
import { z } from 'zod'
import type { Parsed } from '../integrations/parse'

/** Metadata the CRM writes on what it creates in Stripe, so an event finds its row without a lookup by Stripe id. */
export const stripeMetadataKeys = { payment: 'crm_payment_id', partnership: 'crm_partnership_id' } as const

/** Which Payment an event is about. */
export type PaymentRef =
  /** The setup invoice, or a PaymentIntent the CRM created for one payment. */
  | { by: 'payment'; paymentId: string }
  /** A subscription's invoice: the monthly payment of the partnership for the billing period starting then. */
  | { by: 'subscription-period'; partnershipId: string; periodStartMs: number }

/**
 * What an event about a payment's own object says: paid, an attempt failed, or Stripe has billed it (`invoice.created`,
 * which changes no status but tells which invoice bills the payment; decision 0052).
 */
export type PaymentEventKind = 'paid' | 'failed' | 'invoiced'

export type StripePaymentEvent =
  | {
      kind: PaymentEventKind
      ref: PaymentRef
      stripeInvoiceId?: string
      stripePaymentIntentId?: string
      atMs: number
    }
  | { kind: 'subscription-status'; partnershipId: string; subscriptionId: string; status: string; atMs: number }
  | { kind: 'ignored'; reason: string }

const stripeId = z.string().min(1).max(255)
const metadata = z.record(z.string(), z.string()).nullish()
const unixSeconds = z.number().int().nonnegative()

const invoiceSchema = z.object({
  id: stripeId,
  metadata,
  status_transitions: z.object({ paid_at: unixSeconds.nullish() }).nullish(),
  // API 2025-03-31 and later; `subscription_details` at the top level before.
  parent: z.object({ subscription_details: z.object({ metadata, subscription: z.unknown() }).nullish() }).nullish(),
  subscription_details: z.object({ metadata }).nullish(),
  lines: z.object({ data: z.array(z.object({ period: z.object({ start: unixSeconds }).nullish() })) }).nullish(),
  period_start: unixSeconds.nullish(),
})

const paymentIntentSchema = z.object({
  id: stripeId,
  metadata,
  // Removed from the API in 2025-03-31; older API versions still name the invoice that created the PaymentIntent.
  invoice: z.unknown().optional(),
})

const subscriptionSchema = z.object({ id: stripeId, status: z.string().min(1), metadata })

const eventSchema = z.object({ created: unixSeconds, data: z.object({ object: z.record(z.string(), z.unknown()) }) })

const ignored = (reason: string): Parsed<StripePaymentEvent> => ({ ok: true, value: { kind: 'ignored', reason } })

/**
 * One verified Stripe event (its JSON) as a change to a payment. Each payment is counted from the object the CRM
 * created for it: an invoice (`invoice.paid`, `invoice.payment_failed`) or a PaymentIntent carrying the CRM's
 * payment id. The PaymentIntent Stripe creates to collect an invoice also sends `payment_intent.succeeded`; it never
 * carries the CRM's metadata (Stripe does not copy an invoice's metadata to it), so it is ignored and the payment is
 * counted once, by `invoice.paid`. Objects the CRM did not create (another system on the same account) are ignored.
 */
export function stripePaymentEventOf(type: string, payload: unknown): Parsed<StripePaymentEvent> {
  const event = eventSchema.safeParse(payload)
  if (!event.success) return refused(event.error, 'event')
  const object = event.data.data.object
  const createdMs = event.data.created * 1000
  switch (type) {
    case 'invoice.created':
    case 'invoice.paid':
    case 'invoice.payment_failed': {
      const invoice = invoiceSchema.safeParse(object)
      if (!invoice.success) return refused(invoice.error, 'data.object')
      const ref = invoicePaymentRef(invoice.data)
      if (!ref) return ignored('the invoice was not created by the CRM')
      const paid = type === 'invoice.paid'
      const paidAt = invoice.data.status_transitions?.paid_at
      return {
        ok: true,
        value: {
          kind: paid ? 'paid' : type === 'invoice.created' ? 'invoiced' : 'failed',
          ref,
          stripeInvoiceId: invoice.data.id,
          atMs: paid && paidAt ? paidAt * 1000 : createdMs,
        },
      }
    }
    case 'payment_intent.succeeded': {
      const intent = paymentIntentSchema.safeParse(object)
      if (!intent.success) return refused(intent.error, 'data.object')
      if (intent.data.invoice) return ignored("an invoice's payment is counted by invoice.paid")
      const paymentId = intent.data.metadata?.[stripeMetadataKeys.payment]
      if (!paymentId) return ignored('the PaymentIntent was not created by the CRM for a payment')
      return {
        ok: true,
        value: {
          kind: 'paid',
          ref: { by: 'payment', paymentId },
          stripePaymentIntentId: intent.data.id,
          atMs: createdMs,
        },
      }
    }
    case 'customer.subscription.updated': {
      const subscription = subscriptionSchema.safeParse(object)
      if (!subscription.success) return refused(subscription.error, 'data.object')
      const partnershipId = subscription.data.metadata?.[stripeMetadataKeys.partnership]
      if (!partnershipId) return ignored('the subscription was not created by the CRM')
      return {
        ok: true,
        value: {
          kind: 'subscription-status',
          partnershipId,
          subscriptionId: subscription.data.id,
          status: subscription.data.status,
          atMs: createdMs,
        },
      }
    }
    default:
      return ignored(`${type} does not change a payment`)
  }
}

function invoicePaymentRef(invoice: z.infer<typeof invoiceSchema>): PaymentRef | undefined {
  const paymentId = invoice.metadata?.[stripeMetadataKeys.payment]
  if (paymentId) return { by: 'payment', paymentId }
  const subscriptionMetadata = invoice.parent?.subscription_details?.metadata ?? invoice.subscription_details?.metadata
  const partnershipId = subscriptionMetadata?.[stripeMetadataKeys.partnership]
  // A subscription invoice's own period_start is the previous period's; its line carries the period it bills.
  const periodStart = invoice.lines?.data[0]?.period?.start ?? invoice.period_start
  if (!partnershipId || periodStart === undefined || periodStart === null) return undefined
  return { by: 'subscription-period', partnershipId, periodStartMs: periodStart * 1000 }
}

function refused(error: z.ZodError, prefix: string): Parsed<never> {
  return {
    ok: false,
    errors: error.issues.map((issue) => ({
      field: [prefix, ...issue.path.map(String)].filter(Boolean).join('.'),
      message: issue.message,
    })),
  }
}

export type PaymentStatus = 'PENDING' | 'PAID' | 'OVERDUE' | 'FAILED' | 'REFUNDED' | 'CANCELLED'

/**
 * The status a payment moves to on `kind`, or undefined when the event changes nothing. Paid is final here (a
 * refund is a person's act): a failed attempt that arrives after the payment, late or redelivered, never un-pays it.
 * A month cancelled because the partnership ended (decision 0042) is not owed: a failed attempt leaves it
 * cancelled, but money that did arrive for it is counted.
 */
export function paymentStatusAfter(current: PaymentStatus, kind: PaymentEventKind): PaymentStatus | undefined {
  if (current === 'PAID' || current === 'REFUNDED' || kind === 'invoiced') return undefined
  if (kind === 'paid') return 'PAID'
  return current === 'FAILED' || current === 'CANCELLED' ? undefined : 'FAILED'
}

/** Statuses from which `kind` still changes a payment: the condition of the one UPDATE that applies it. */
export function statusesChangedBy(kind: PaymentEventKind): PaymentStatus[] {
  const all: PaymentStatus[] = ['PENDING', 'PAID', 'OVERDUE', 'FAILED', 'REFUNDED', 'CANCELLED']
  return all.filter((status) => paymentStatusAfter(status, kind) !== undefined)
}

/**
 * Stripe billed a month a person had recorded received before any invoice of it existed (decision 0052): that invoice
 * must be marked paid outside Stripe, or Stripe collects the month a second time. A row that knew its invoice already
 * was paid by it, or marked against it when it was recorded.
 */
export function billedAfterReceived(
  payment: { status: PaymentStatus; stripeInvoiceId: string | null },
  kind: PaymentEventKind,
): boolean {
  return kind === 'invoiced' && payment.status === 'PAID' && payment.stripeInvoiceId === null
}

const dayMs = 24 * 60 * 60 * 1000

/**
 * The monthly payment a subscription invoice bills: the latest one due by the period's start (a day's grace for
 * the billing anchor's time of day), else the first. Monthly payments are billed in advance (payment-plan.ts).
 */
export function monthlyPaymentForPeriod<T extends { dueDate: Date }>(
  monthlyPayments: readonly T[],
  periodStartMs: number,
): T | undefined {
  const byDueDate = [...monthlyPayments].sort((a, b) => a.dueDate.getTime() - b.dueDate.getTime())
  const due = byDueDate.filter((payment) => payment.dueDate.getTime() <= periodStartMs + dayMs)
  return due.at(-1) ?? byDueDate[0]
}

/** A subscription invoice as Stripe lists it: the period it bills (its line's start) and its state. */
export interface SubscriptionInvoice {
  id: string
  status: string | null
  periodStartMs: number
}

/** A monthly fee is billed within a month of its due date, never later (the next month's row takes over then). */
const monthMaxMs = 31 * dayMs

/**
 * The Stripe invoice that bills the monthly payment `paymentId`, among the subscription's invoices (decision 0045):
 * one whose period an event would bring to this very payment (`monthlyPaymentForPeriod`, so marking and events
 * never disagree on the month), that does not begin before the payment is due or a month after it, and is not void.
 * Several (a month voided and billed again): the one beginning nearest the due date. None: Stripe has not billed
 * that month yet.
 */
export function invoiceForMonthlyPayment<T extends { id: string; dueDate: Date }>(
  monthlyPayments: readonly T[],
  paymentId: string,
  invoices: readonly SubscriptionInvoice[],
): SubscriptionInvoice | undefined {
  const payment = monthlyPayments.find((candidate) => candidate.id === paymentId)
  if (!payment) return undefined
  const dueMs = payment.dueDate.getTime()
  const billing = invoices.filter(
    (invoice) =>
      invoice.status !== 'void' &&
      invoice.periodStartMs + dayMs >= dueMs &&
      invoice.periodStartMs < dueMs + monthMaxMs &&
      monthlyPaymentForPeriod(monthlyPayments, invoice.periodStartMs)?.id === paymentId,
  )
  const distance = (invoice: SubscriptionInvoice) => Math.abs(invoice.periodStartMs - dueMs)
  return [...billing].sort((a, b) => distance(a) - distance(b))[0]
}
