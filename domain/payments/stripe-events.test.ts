import { describe, expect, it } from 'vitest'
import {
  billedAfterReceived,
  invoiceForMonthlyPayment,
  monthlyPaymentForPeriod,
  paymentStatusAfter,
  statusesChangedBy,
  stripePaymentEventOf,
  type PaymentEventKind,
  type PaymentStatus,
} from './stripe-events'

// 2026-12-01T00:00:00Z and 2026-12-01T10:00:00Z, in Unix seconds.
const dec1 = 1_796_083_200
const dec1At10 = dec1 + 10 * 3600

const event = (object: Record<string, unknown>) => ({ id: 'evt_1', created: dec1, data: { object } })

describe('Stripe events as payment changes', () => {
  it.each([
    [
      'a paid setup invoice, at the time it was paid',
      'invoice.paid',
      event({ id: 'in_1', metadata: { crm_payment_id: 'pay_1' }, status_transitions: { paid_at: dec1At10 } }),
      {
        kind: 'paid',
        ref: { by: 'payment', paymentId: 'pay_1' },
        stripeInvoiceId: 'in_1',
        atMs: Date.UTC(2026, 11, 1, 10),
      },
    ],
    [
      'a failed setup invoice, at the event',
      'invoice.payment_failed',
      event({ id: 'in_1', metadata: { crm_payment_id: 'pay_1' }, status_transitions: { paid_at: null } }),
      {
        kind: 'failed',
        ref: { by: 'payment', paymentId: 'pay_1' },
        stripeInvoiceId: 'in_1',
        atMs: Date.UTC(2026, 11, 1),
      },
    ],
    [
      "a subscription's invoice (current API), by the period its line bills",
      'invoice.paid',
      event({
        id: 'in_2',
        metadata: {},
        parent: { subscription_details: { subscription: 'sub_1', metadata: { crm_partnership_id: 'ps_1' } } },
        period_start: dec1 - 30 * 86400,
        lines: { data: [{ period: { start: dec1 } }] },
        status_transitions: { paid_at: dec1 },
      }),
      {
        kind: 'paid',
        ref: { by: 'subscription-period', partnershipId: 'ps_1', periodStartMs: Date.UTC(2026, 11, 1) },
        stripeInvoiceId: 'in_2',
        atMs: Date.UTC(2026, 11, 1),
      },
    ],
    [
      "a subscription's invoice just created (decision 0052), by the period its line bills, at the event",
      'invoice.created',
      event({
        id: 'in_3',
        metadata: {},
        parent: { subscription_details: { subscription: 'sub_1', metadata: { crm_partnership_id: 'ps_1' } } },
        lines: { data: [{ period: { start: dec1 } }] },
        status_transitions: { paid_at: null },
      }),
      {
        kind: 'invoiced',
        ref: { by: 'subscription-period', partnershipId: 'ps_1', periodStartMs: Date.UTC(2026, 11, 1) },
        stripeInvoiceId: 'in_3',
        atMs: Date.UTC(2026, 11, 1),
      },
    ],
    [
      "a subscription's invoice (API before 2025-03-31)",
      'invoice.payment_failed',
      event({
        id: 'in_3',
        subscription_details: { metadata: { crm_partnership_id: 'ps_1' } },
        lines: { data: [{ period: { start: dec1 } }] },
      }),
      {
        kind: 'failed',
        ref: { by: 'subscription-period', partnershipId: 'ps_1', periodStartMs: Date.UTC(2026, 11, 1) },
        stripeInvoiceId: 'in_3',
        atMs: Date.UTC(2026, 11, 1),
      },
    ],
    [
      'an invoice the CRM did not create',
      'invoice.paid',
      event({ id: 'in_4', metadata: {}, lines: { data: [] } }),
      { kind: 'ignored', reason: 'the invoice was not created by the CRM' },
    ],
    [
      'the PaymentIntent that collected an invoice (no CRM metadata): counted by invoice.paid, not twice',
      'payment_intent.succeeded',
      event({ id: 'pi_1', metadata: {} }),
      { kind: 'ignored', reason: 'the PaymentIntent was not created by the CRM for a payment' },
    ],
    [
      'a PaymentIntent naming its invoice (older API), even with CRM metadata',
      'payment_intent.succeeded',
      event({ id: 'pi_2', invoice: 'in_1', metadata: { crm_payment_id: 'pay_1' } }),
      { kind: 'ignored', reason: "an invoice's payment is counted by invoice.paid" },
    ],
    [
      'a PaymentIntent the CRM created for one payment',
      'payment_intent.succeeded',
      event({ id: 'pi_3', metadata: { crm_payment_id: 'pay_9' } }),
      {
        kind: 'paid',
        ref: { by: 'payment', paymentId: 'pay_9' },
        stripePaymentIntentId: 'pi_3',
        atMs: Date.UTC(2026, 11, 1),
      },
    ],
    [
      "the CRM's subscription changing status",
      'customer.subscription.updated',
      event({ id: 'sub_1', status: 'past_due', metadata: { crm_partnership_id: 'ps_1' } }),
      {
        kind: 'subscription-status',
        partnershipId: 'ps_1',
        subscriptionId: 'sub_1',
        status: 'past_due',
        atMs: Date.UTC(2026, 11, 1),
      },
    ],
    [
      'another type',
      'charge.refunded',
      event({ id: 'ch_1' }),
      { kind: 'ignored', reason: 'charge.refunded does not change a payment' },
    ],
  ])('%s', (_case, type, payload, expected) => {
    expect(stripePaymentEventOf(type, payload)).toEqual({ ok: true, value: expected })
  })

  it('refuses an event it cannot read, naming the field', () => {
    expect(stripePaymentEventOf('invoice.paid', event({ metadata: { crm_payment_id: 'pay_1' } }))).toEqual({
      ok: false,
      errors: [{ field: 'data.object.id', message: expect.any(String) }],
    })
    expect(stripePaymentEventOf('invoice.paid', { data: { object: {} } })).toMatchObject({
      ok: false,
      errors: [{ field: 'event.created' }],
    })
  })
})

describe('a payment status after an event', () => {
  it.each<[PaymentStatus, PaymentEventKind, PaymentStatus | undefined]>([
    ['PENDING', 'paid', 'PAID'],
    ['OVERDUE', 'paid', 'PAID'],
    ['FAILED', 'paid', 'PAID'],
    ['PAID', 'paid', undefined],
    ['REFUNDED', 'paid', undefined],
    ['PENDING', 'failed', 'FAILED'],
    ['OVERDUE', 'failed', 'FAILED'],
    ['FAILED', 'failed', undefined],
    // A late or redelivered failure never un-pays.
    ['PAID', 'failed', undefined],
    ['REFUNDED', 'failed', undefined],
    // A month cancelled at the partnership's end: money that arrives anyway counts; a failure changes nothing.
    ['CANCELLED', 'paid', 'PAID'],
    ['CANCELLED', 'failed', undefined],
    // An invoice created changes no status.
    ['PENDING', 'invoiced', undefined],
    ['PAID', 'invoiced', undefined],
  ])('%s on %s → %s', (current, kind, expected) => {
    expect(paymentStatusAfter(current, kind)).toBe(expected)
  })

  it('updates only rows the event still changes', () => {
    expect(statusesChangedBy('paid')).toEqual(['PENDING', 'OVERDUE', 'FAILED', 'CANCELLED'])
    expect(statusesChangedBy('failed')).toEqual(['PENDING', 'OVERDUE'])
    expect(statusesChangedBy('invoiced')).toEqual([])
  })
})

describe('a month Stripe bills after a person recorded it received (decision 0052)', () => {
  it.each<[string, { status: PaymentStatus; stripeInvoiceId: string | null }, PaymentEventKind, boolean]>([
    [
      'received by hand, no invoice known: mark it paid in Stripe',
      { status: 'PAID', stripeInvoiceId: null },
      'invoiced',
      true,
    ],
    ['paid through its own invoice already', { status: 'PAID', stripeInvoiceId: 'in_1' }, 'invoiced', false],
    ['still owed: Stripe collects it', { status: 'PENDING', stripeInvoiceId: null }, 'invoiced', false],
    ['cancelled at the end', { status: 'CANCELLED', stripeInvoiceId: null }, 'invoiced', false],
    ['a payment, not an invoice created', { status: 'PAID', stripeInvoiceId: null }, 'paid', false],
  ])('%s', (_, payment, kind, expected) => {
    expect(billedAfterReceived(payment, kind)).toBe(expected)
  })
})

describe('the monthly payment a subscription period bills', () => {
  const month = (n: number, day = 15) => ({ key: `monthly-${n}`, dueDate: new Date(Date.UTC(2026, n - 1, day)) })
  const payments = [month(3), month(1), month(2)]

  it.each([
    ['the period starting on the second due date', Date.UTC(2026, 1, 15), 'monthly-2'],
    ['a period starting hours after the due date', Date.UTC(2026, 1, 15, 9), 'monthly-2'],
    ['a period anchored hours before the due date', Date.UTC(2026, 1, 14, 20), 'monthly-2'],
    ['a period before the first due date', Date.UTC(2025, 11, 1), 'monthly-1'],
    ['a period after the last', Date.UTC(2026, 5, 15), 'monthly-3'],
  ])('%s', (_case, periodStartMs, expected) => {
    expect(monthlyPaymentForPeriod(payments, periodStartMs)?.key).toBe(expected)
  })
})

describe('the Stripe invoice of a monthly payment a person marked received', () => {
  // Due on the 15th of January, February and March 2026.
  const month = (n: number) => ({ id: `pay-${n}`, dueDate: new Date(Date.UTC(2026, n - 1, 15)) })
  const payments = [month(1), month(2), month(3)]
  const invoice = (id: string, periodStartMs: number, status = 'open') => ({ id, status, periodStartMs })

  it.each([
    [
      'the invoice of its own period',
      'pay-2',
      [invoice('in_jan', Date.UTC(2026, 0, 15)), invoice('in_feb', Date.UTC(2026, 1, 15))],
      'in_feb',
    ],
    ['anchored hours before the due date', 'pay-2', [invoice('in_feb', Date.UTC(2026, 1, 14, 20))], 'in_feb'],
    [
      'not the month before (Stripe has not billed this month yet)',
      'pay-2',
      [invoice('in_jan', Date.UTC(2026, 0, 15))],
      undefined,
    ],
    ['not the month after', 'pay-1', [invoice('in_feb', Date.UTC(2026, 1, 15))], undefined],
    ['not a void one', 'pay-2', [invoice('in_feb', Date.UTC(2026, 1, 15), 'void')], undefined],
    ['a draft one', 'pay-2', [invoice('in_feb', Date.UTC(2026, 1, 15), 'draft')], 'in_feb'],
    ['the last month: not a period two months on', 'pay-3', [invoice('in_may', Date.UTC(2026, 4, 15))], undefined],
    ['nothing before the first due date', 'pay-1', [invoice('in_dec', Date.UTC(2025, 11, 15))], undefined],
    [
      'of two billing it, the one nearest its due date',
      'pay-2',
      [invoice('in_late', Date.UTC(2026, 1, 25)), invoice('in_feb', Date.UTC(2026, 1, 16))],
      'in_feb',
    ],
    ['a payment that is not monthly', 'setup', [invoice('in_feb', Date.UTC(2026, 1, 15))], undefined],
  ])('%s', (_case, paymentId, invoices, expected) => {
    expect(invoiceForMonthlyPayment(payments, paymentId, invoices)?.id).toBe(expected)
  })
})
