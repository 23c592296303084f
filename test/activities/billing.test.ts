import { randomUUID } from 'node:crypto'
import { createServer } from 'node:net'
import { ApplicationFailure, type Logger } from '@temporalio/common'
import { MockActivityEnvironment } from '@temporalio/testing'
import Stripe from 'stripe'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { billingFailure, createBillingActivities } from '../../activities/billing'
import { startStripeMock, type RunningStripeMock } from '../../dev/stripe-mock'
import { createStripeClient } from '../../lib/stripe-client'
import { createStripeBillingDriver } from '../../services/payments/stripe-billing'
import { createTestDatabase, type TestDatabase } from '../support/database'
import { createDealWithPartnership } from '../support/deal-records'

// The billing activities and the Stripe driver against Stripe's real API mock. stripe-mock is stateless: it checks
// each request against Stripe's OpenAPI spec and answers with a fixture, so what this proves is that every request
// the driver sends is one Stripe accepts, under the idempotency key of its partnership and step, and that the ids
// Stripe returns are stored and reused instead of billing again.

let database: TestDatabase
let mock: RunningStripeMock

beforeAll(async () => {
  ;[database, mock] = await Promise.all([createTestDatabase(), startStripeMock()])
})

afterAll(async () => {
  await mock?.stop()
  await database?.drop()
})

interface SentRequest {
  method: string
  path: string
  idempotencyKey: string | undefined
}

/** The one Stripe client the CRM builds, on stripe-mock, recording each request and each answer's status. */
function stripeOnMock() {
  const stripe = createStripeClient({ STRIPE_SECRET_KEY: 'sk_test_billing', STRIPE_API_BASE: mock.url })!
  const sent: SentRequest[] = []
  const statuses: number[] = []
  stripe.on('request', (event: Stripe.RequestEvent) =>
    sent.push({ method: event.method, path: event.path, idempotencyKey: event.idempotency_key }),
  )
  stripe.on('response', (event: Stripe.ResponseEvent) => statuses.push(event.status))
  return { stripe, sent, statuses }
}

async function foundationPartnership() {
  const { company, partnership } = await createDealWithPartnership(database.db, {
    companyName: `Northwind ${randomUUID()}`,
    startDate: new Date(Date.UTC(2026, 11, 1, 15)),
    targetEndDate: new Date(Date.UTC(2027, 2, 1, 15)),
  })
  await database.db.partnership.update({ where: { id: partnership.id }, data: { monthlyFee: 3_500 } })
  const setup = await database.db.payment.create({
    data: { partnershipId: partnership.id, type: 'SETUP', amount: 9_500, dueDate: new Date(Date.UTC(2026, 11, 1, 15)) },
    select: { id: true },
  })
  return { companyId: company.id, partnershipId: partnership.id, setupPaymentId: setup.id }
}

const silent: Logger = { log() {}, trace() {}, debug() {}, info() {}, warn() {}, error() {} }
const inActivity = <T>(run: () => Promise<T>): Promise<T> =>
  new MockActivityEnvironment({ attempt: 1 }, { logger: silent }).run<[], T, () => Promise<T>>(run)

describe('billing through Stripe (stripe-mock)', () => {
  it('invoices the setup fee once: customer, invoice, its line, finalised and sent, each under its key', async () => {
    const { companyId, partnershipId, setupPaymentId } = await foundationPartnership()
    const { stripe, sent, statuses } = stripeOnMock()
    const activities = createBillingActivities({
      db: database.db,
      billing: createStripeBillingDriver({ stripe, db: database.db }),
    })

    const first = await inActivity(() => activities.createSetupInvoice({ partnershipId }))

    expect(first).toEqual({ billedBy: 'stripe', stripeId: expect.stringMatching(/^in_/) })
    const invoiceId = first.billedBy === 'stripe' ? first.stripeId : ''
    const key = `partnership-${partnershipId}/setup-invoice`
    expect(sent).toEqual([
      { method: 'POST', path: '/v1/customers', idempotencyKey: `company-${companyId}/customer` },
      { method: 'POST', path: '/v1/invoices', idempotencyKey: `${key}/invoice` },
      { method: 'POST', path: '/v1/invoiceitems', idempotencyKey: `${key}/item` },
      { method: 'POST', path: `/v1/invoices/${invoiceId}/finalize`, idempotencyKey: `${key}/finalize` },
      { method: 'POST', path: `/v1/invoices/${invoiceId}/send`, idempotencyKey: `${key}/send` },
    ])
    expect(statuses).toEqual([200, 200, 200, 200, 200])
    const payment = await database.db.payment.findUniqueOrThrow({
      where: { id: setupPaymentId },
      select: { stripeInvoiceId: true, status: true },
    })
    expect(payment).toEqual({ stripeInvoiceId: invoiceId, status: 'PENDING' })
    const company = await database.db.company.findUniqueOrThrow({
      where: { id: companyId },
      select: { stripeCustomerId: true },
    })
    expect(company.stripeCustomerId).toMatch(/^cus_/)

    // A retried activity (or a later run) finds the stored invoice and sends nothing.
    sent.length = 0
    expect(await inActivity(() => activities.createSetupInvoice({ partnershipId }))).toEqual(first)
    expect(sent).toEqual([])
  })

  it('bills the monthly fee as one subscription of the known customer', async () => {
    const { companyId, partnershipId } = await foundationPartnership()
    const { stripe, sent, statuses } = stripeOnMock()
    const driver = createStripeBillingDriver({ stripe, db: database.db })
    const activities = createBillingActivities({ db: database.db, billing: driver })
    const customerId = await driver.ensureCustomer({ id: companyId, name: 'Northwind', email: null })
    sent.length = 0

    const outcome = await inActivity(() => activities.createMonthlySubscription({ partnershipId }))

    expect(outcome).toEqual({ billedBy: 'stripe', stripeId: expect.stringMatching(/^sub_/) })
    const key = `partnership-${partnershipId}/monthly-subscription`
    expect(sent).toEqual([
      { method: 'POST', path: '/v1/products', idempotencyKey: `${key}/product` },
      { method: 'POST', path: '/v1/subscriptions', idempotencyKey: `${key}/subscription` },
    ])
    expect(statuses.every((status) => status === 200)).toBe(true)
    const partnership = await database.db.partnership.findUniqueOrThrow({
      where: { id: partnershipId },
      select: { stripeSubscriptionId: true, company: { select: { stripeCustomerId: true } } },
    })
    expect(partnership).toEqual({
      stripeSubscriptionId: outcome.billedBy === 'stripe' ? outcome.stripeId : '',
      company: { stripeCustomerId: customerId },
    })

    sent.length = 0
    expect(await inActivity(() => activities.createMonthlySubscription({ partnershipId }))).toEqual(outcome)
    expect(sent).toEqual([])
  })

  it('pauses and resumes collecting the subscription under the key of the status change that asked', async () => {
    const { partnershipId } = await foundationPartnership()
    const { stripe, sent, statuses } = stripeOnMock()
    const activities = createBillingActivities({
      db: database.db,
      billing: createStripeBillingDriver({ stripe, db: database.db }),
    })
    // No subscription yet: nothing to pause, nothing sent.
    expect(
      await inActivity(() => activities.pauseBillingCollection({ partnershipId, paused: true, statusChange: 2 })),
    ).toEqual({ changed: false })
    expect(sent).toEqual([])

    const subscription = await inActivity(() => activities.createMonthlySubscription({ partnershipId }))
    const subscriptionId = subscription.billedBy === 'stripe' ? subscription.stripeId : ''
    const updates: unknown[][] = []
    const update = stripe.subscriptions.update.bind(stripe.subscriptions)
    stripe.subscriptions.update = ((...args: Parameters<typeof update>) => {
      updates.push(args)
      return update(...args)
    }) as typeof stripe.subscriptions.update
    sent.length = 0
    statuses.length = 0
    // Resumed with the next monthly fee due on 15 March 2027 at 15:00 UTC: Stripe bills from then on.
    const nextDue = Date.UTC(2027, 2, 15, 15)
    await inActivity(() => activities.pauseBillingCollection({ partnershipId, paused: true, statusChange: 2 }))
    await inActivity(() =>
      activities.pauseBillingCollection({ partnershipId, paused: false, statusChange: 3, nextBillingAtMs: nextDue }),
    )

    expect(sent).toEqual([
      {
        method: 'POST',
        path: `/v1/subscriptions/${subscriptionId}`,
        idempotencyKey: `partnership-${partnershipId}/collection/2`,
      },
      {
        method: 'POST',
        path: `/v1/subscriptions/${subscriptionId}`,
        idempotencyKey: `partnership-${partnershipId}/collection/3`,
      },
    ])
    // stripe-mock checks each body against Stripe's spec: `pause_collection` set, then emptied with the billing
    // date moved by a trial ending at the next due date (2026-12-01 is 1 796 083 200; + 31 + 31 + 28 + 14 days and 15 hours), both accepted.
    expect(statuses).toEqual([200, 200])
    expect(updates).toEqual([
      [
        subscriptionId,
        { pause_collection: { behavior: 'void' } },
        { idempotencyKey: `partnership-${partnershipId}/collection/2` },
      ],
      [
        subscriptionId,
        { pause_collection: '', trial_end: 1_805_122_800, proration_behavior: 'none' },
        { idempotencyKey: `partnership-${partnershipId}/collection/3` },
      ],
    ])
  })

  it('ends the subscription when the partnership ends, under the key of its end; once', async () => {
    const { partnershipId } = await foundationPartnership()
    const { stripe, sent, statuses } = stripeOnMock()
    const activities = createBillingActivities({
      db: database.db,
      billing: createStripeBillingDriver({ stripe, db: database.db }),
    })
    // No subscription (a setup fee only): nothing to end, nothing sent.
    expect(await inActivity(() => activities.endBillingSubscription({ partnershipId }))).toEqual({ ended: false })
    expect(sent).toEqual([])

    const subscription = await inActivity(() => activities.createMonthlySubscription({ partnershipId }))
    const subscriptionId = subscription.billedBy === 'stripe' ? subscription.stripeId : ''
    sent.length = 0
    statuses.length = 0
    expect(await inActivity(() => activities.endBillingSubscription({ partnershipId }))).toEqual({ ended: true })

    // Read first (Stripe refuses to cancel twice), then cancelled now, without proration (the SDK puts a DELETE's
    // parameters in its query), under the end's own key.
    expect(sent).toEqual([
      expect.objectContaining({ method: 'GET', path: `/v1/subscriptions/${subscriptionId}` }),
      {
        method: 'DELETE',
        path: `/v1/subscriptions/${subscriptionId}?invoice_now=false&prorate=false`,
        idempotencyKey: `partnership-${partnershipId}/subscription-end`,
      },
    ])
    expect(statuses).toEqual([200, 200])
  })

  it('does not cancel a subscription Stripe says has ended already (a retry after the first call went through)', async () => {
    const { partnershipId } = await foundationPartnership()
    const { stripe, sent } = stripeOnMock()
    const activities = createBillingActivities({
      db: database.db,
      billing: createStripeBillingDriver({ stripe, db: database.db }),
    })
    await inActivity(() => activities.createMonthlySubscription({ partnershipId }))
    // stripe-mock forgets: the real client's read is made to answer what Stripe answers after a cancellation.
    const retrieve = stripe.subscriptions.retrieve.bind(stripe.subscriptions)
    stripe.subscriptions.retrieve = (async (id: string) => ({
      ...(await retrieve(id)),
      status: 'canceled',
    })) as typeof stripe.subscriptions.retrieve
    sent.length = 0

    expect(await inActivity(() => activities.endBillingSubscription({ partnershipId }))).toEqual({ ended: false })
    expect(sent.map((request) => request.method)).toEqual(['GET'])
  })

  it('marks the invoice of a payment a person received paid out of band, under the payment’s key', async () => {
    const { partnershipId, setupPaymentId } = await foundationPartnership()
    const { stripe, sent, statuses } = stripeOnMock()
    const activities = createBillingActivities({
      db: database.db,
      billing: createStripeBillingDriver({ stripe, db: database.db }),
    })
    const paymentKey = `row-${setupPaymentId}`
    // Not invoiced in Stripe (billed before Stripe was configured): nothing to mark.
    expect(await inActivity(() => activities.markInvoicePaidOutOfBand({ partnershipId, paymentKey }))).toEqual({
      marked: false,
    })
    expect(sent).toEqual([])

    const invoice = await inActivity(() => activities.createSetupInvoice({ partnershipId }))
    const invoiceId = invoice.billedBy === 'stripe' ? invoice.stripeId : ''
    const paid: unknown[][] = []
    const pay = stripe.invoices.pay.bind(stripe.invoices)
    stripe.invoices.pay = ((...args: Parameters<typeof pay>) => {
      paid.push(args)
      return pay(...args)
    }) as typeof stripe.invoices.pay
    sent.length = 0
    statuses.length = 0

    expect(await inActivity(() => activities.markInvoicePaidOutOfBand({ partnershipId, paymentKey }))).toEqual({
      marked: true,
    })
    const key = `partnership-${partnershipId}/payment/${paymentKey}/paid-out-of-band`
    // stripe-mock answers every read with its fixture, a draft: finalised first (without auto-advance), then paid.
    expect(sent).toEqual([
      expect.objectContaining({ method: 'GET', path: `/v1/invoices/${invoiceId}` }),
      { method: 'POST', path: `/v1/invoices/${invoiceId}/finalize`, idempotencyKey: `${key}/finalize` },
      { method: 'POST', path: `/v1/invoices/${invoiceId}/pay`, idempotencyKey: key },
    ])
    expect(statuses).toEqual([200, 200, 200])
    expect(paid).toEqual([[invoiceId, { paid_out_of_band: true }, { idempotencyKey: key }]])
  })

  it('finds a monthly fee’s invoice by its period when the row does not know it yet, and records it', async () => {
    const { partnershipId } = await foundationPartnership()
    const { stripe, sent, statuses } = stripeOnMock()
    const activities = createBillingActivities({
      db: database.db,
      billing: createStripeBillingDriver({ stripe, db: database.db }),
    })
    // Months due on the 1st of December, January and February, as the plan writes them (keys monthly-1..3).
    const dueDates = [Date.UTC(2026, 11, 1, 15), Date.UTC(2027, 0, 1, 15), Date.UTC(2027, 1, 1, 15)]
    const rows: { id: string }[] = []
    for (const [index, dueMs] of dueDates.entries()) {
      rows.push(
        await database.db.payment.create({
          data: {
            partnershipId,
            type: 'MONTHLY',
            amount: 3_500,
            dueDate: new Date(dueMs),
            idempotencyKey: `partnership-${partnershipId}/payment/monthly-${index + 1}`,
          },
          select: { id: true },
        }),
      )
    }
    const subscription = await inActivity(() => activities.createMonthlySubscription({ partnershipId }))
    const subscriptionId = subscription.billedBy === 'stripe' ? subscription.stripeId : ''
    // stripe-mock lists one fixture invoice; the real request is sent and checked, and its answer replaced by what
    // Stripe lists for this subscription: December (paid in Stripe) and January (a draft), anchored minutes
    // before the due dates; February is not billed yet.
    let billed = [
      { id: 'in_december', status: 'paid', start: Date.UTC(2026, 11, 1, 14, 50) },
      { id: 'in_january', status: 'draft', start: Date.UTC(2027, 0, 1, 14, 50) },
    ]
    const list = stripe.invoices.list.bind(stripe.invoices)
    const listed: unknown[] = []
    stripe.invoices.list = ((params: Stripe.InvoiceListParams) => {
      listed.push(params)
      const real = list(params)
      return {
        autoPagingToArray: async () => {
          const [fixture] = (await real).data
          return billed.map(({ id, status, start }) => ({
            ...fixture,
            id,
            status,
            period_start: start / 1000 - 31 * 24 * 3600,
            lines: { ...fixture!.lines, data: [{ ...fixture!.lines.data[0], period: { start: start / 1000 } }] },
          }))
        },
      }
    }) as unknown as typeof stripe.invoices.list
    const retrieved: string[] = []
    const retrieve = stripe.invoices.retrieve.bind(stripe.invoices)
    stripe.invoices.retrieve = (async (id: string) => {
      retrieved.push(id)
      return { ...(await retrieve(id)), id, status: billed.find((invoice) => invoice.id === id)!.status }
    }) as typeof stripe.invoices.retrieve
    const paid: unknown[][] = []
    const pay = stripe.invoices.pay.bind(stripe.invoices)
    stripe.invoices.pay = ((...args: Parameters<typeof pay>) => {
      paid.push(args)
      return pay(...args)
    }) as typeof stripe.invoices.pay
    sent.length = 0
    statuses.length = 0
    const invoiceOf = async (index: number) =>
      (
        await database.db.payment.findUniqueOrThrow({
          where: { id: rows[index]!.id },
          select: { stripeInvoiceId: true },
        })
      ).stripeInvoiceId

    // January: its own invoice, not December's; finalised without auto-advance, then paid out of band.
    const januaryKey = `partnership-${partnershipId}/payment/monthly-2/paid-out-of-band`
    expect(
      await inActivity(() => activities.markInvoicePaidOutOfBand({ partnershipId, paymentKey: 'monthly-2' })),
    ).toEqual({ marked: true })
    expect(listed).toEqual([{ subscription: subscriptionId, limit: 100 }])
    expect(retrieved).toEqual(['in_january'])
    expect(
      sent.map(({ method, path, idempotencyKey }) => [
        method,
        path.split('?')[0],
        method === 'GET' ? null : idempotencyKey,
      ]),
    ).toEqual([
      ['GET', '/v1/invoices', null],
      ['GET', '/v1/invoices/in_january', null],
      ['POST', '/v1/invoices/in_january/finalize', `${januaryKey}/finalize`],
      ['POST', '/v1/invoices/in_january/pay', januaryKey],
    ])
    expect(statuses).toEqual([200, 200, 200, 200])
    expect(paid).toEqual([['in_january', { paid_out_of_band: true }, { idempotencyKey: januaryKey }]])
    expect(await invoiceOf(1)).toBe('in_january')

    // February: Stripe has not billed it yet; nothing is marked, nothing recorded.
    paid.length = 0
    expect(
      await inActivity(() => activities.markInvoicePaidOutOfBand({ partnershipId, paymentKey: 'monthly-3' })),
    ).toEqual({ marked: false })
    expect(paid).toEqual([])
    expect(await invoiceOf(2)).toBeNull()

    // December: paid in Stripe by the client meanwhile; read, left alone.
    expect(
      await inActivity(() => activities.markInvoicePaidOutOfBand({ partnershipId, paymentKey: 'monthly-1' })),
    ).toEqual({ marked: false })
    expect(paid).toEqual([])
    expect(retrieved).toEqual(['in_january', 'in_december'])

    // An invoice an event gave to another month is never taken for this one: January's row holds in_january, and
    // a listing that shows it starting in February's period does not make February's.
    billed = [{ id: 'in_january', status: 'open', start: Date.UTC(2027, 1, 1, 14, 50) }]
    expect(
      await inActivity(() => activities.markInvoicePaidOutOfBand({ partnershipId, paymentKey: 'monthly-3' })),
    ).toEqual({ marked: false })
    expect(paid).toEqual([])
    expect(await invoiceOf(2)).toBeNull()
  })

  it('leaves an invoice Stripe says is paid (the client paid it meanwhile) as it is', async () => {
    const { partnershipId, setupPaymentId } = await foundationPartnership()
    const { stripe, sent } = stripeOnMock()
    const activities = createBillingActivities({
      db: database.db,
      billing: createStripeBillingDriver({ stripe, db: database.db }),
    })
    await inActivity(() => activities.createSetupInvoice({ partnershipId }))
    const retrieve = stripe.invoices.retrieve.bind(stripe.invoices)
    stripe.invoices.retrieve = (async (id: string) => ({
      ...(await retrieve(id)),
      status: 'paid',
    })) as typeof stripe.invoices.retrieve
    sent.length = 0

    expect(
      await inActivity(() =>
        activities.markInvoicePaidOutOfBand({ partnershipId, paymentKey: `row-${setupPaymentId}` }),
      ),
    ).toEqual({ marked: false })
    expect(sent.map((request) => request.method)).toEqual(['GET'])
  })

  it('leaves billing to a person when Stripe is not configured', async () => {
    const { partnershipId, setupPaymentId } = await foundationPartnership()
    expect(createStripeClient({})).toBeUndefined()
    const activities = createBillingActivities({ db: database.db, billing: undefined })

    expect(await inActivity(() => activities.createSetupInvoice({ partnershipId }))).toEqual({ billedBy: 'person' })
    expect(await inActivity(() => activities.createMonthlySubscription({ partnershipId }))).toEqual({
      billedBy: 'person',
    })
    expect(await inActivity(() => activities.endBillingSubscription({ partnershipId }))).toEqual({ ended: false })
    expect(
      await inActivity(() =>
        activities.markInvoicePaidOutOfBand({ partnershipId, paymentKey: `row-${setupPaymentId}` }),
      ),
    ).toEqual({ marked: false })
    const payment = await database.db.payment.findUniqueOrThrow({
      where: { id: setupPaymentId },
      select: { stripeInvoiceId: true },
    })
    expect(payment.stripeInvoiceId).toBeNull()
  })

  it('retries when Stripe cannot be reached, and stores nothing', async () => {
    const { partnershipId, setupPaymentId } = await foundationPartnership()
    const closedPort = await new Promise<number>((resolve) => {
      const probe = createServer().listen(0, '127.0.0.1', () => {
        const address = probe.address()
        probe.close(() => resolve(typeof address === 'object' && address ? address.port : 0))
      })
    })
    const stripe = createStripeClient({
      STRIPE_SECRET_KEY: 'sk_test_billing',
      STRIPE_API_BASE: `http://127.0.0.1:${closedPort}`,
    })!
    const activities = createBillingActivities({
      db: database.db,
      billing: createStripeBillingDriver({ stripe, db: database.db }),
    })

    const failure = await inActivity(() => activities.createSetupInvoice({ partnershipId })).catch((error) => error)

    expect(failure).toBeInstanceOf(ApplicationFailure)
    expect(failure).toMatchObject({ nonRetryable: false })
    const payment = await database.db.payment.findUniqueOrThrow({
      where: { id: setupPaymentId },
      select: { stripeInvoiceId: true },
    })
    expect(payment.stripeInvoiceId).toBeNull()
  })

  it('ends the step for good on a request Stripe refuses (a real 400 from stripe-mock)', async () => {
    const { stripe } = stripeOnMock()
    const refused = await stripe.invoices
      .create({ customer: 'cus_x', collection_method: 'by_carrier_pigeon' as 'send_invoice' })
      .catch((error: unknown) => error)

    expect(refused).toBeInstanceOf(Stripe.errors.StripeInvalidRequestError)
    expect(billingFailure(refused)).toMatchObject({ nonRetryable: true, type: 'StripeInvalidRequestError' })
  })
})

describe("Stripe's errors as Temporal failures", () => {
  const raw = (type: Stripe.RawErrorType, statusCode: number) => ({
    type,
    message: `${type} ${statusCode}`,
    statusCode,
  })

  it.each([
    ['a declined card', new Stripe.errors.StripeCardError(raw('card_error', 402)), true],
    ['an invalid request', new Stripe.errors.StripeInvalidRequestError(raw('invalid_request_error', 400)), true],
    ['a wrong API key', new Stripe.errors.StripeAuthenticationError(raw('authentication_error', 401)), true],
    [
      'a key reused with other parameters',
      new Stripe.errors.StripeIdempotencyError(raw('idempotency_error', 400)),
      true,
    ],
    ['rate limited', new Stripe.errors.StripeRateLimitError(raw('rate_limit_error', 429)), false],
    ["Stripe's own 500", new Stripe.errors.StripeAPIError(raw('api_error', 500)), false],
    ['a connection failure', new Stripe.errors.StripeConnectionError({ message: 'ECONNREFUSED' }), false],
  ])('%s: non-retryable %s', (_case, error, nonRetryable) => {
    const failure = billingFailure(error)
    expect(failure).toBeInstanceOf(ApplicationFailure)
    expect((failure as ApplicationFailure).nonRetryable).toBe(nonRetryable)
  })

  it('passes other errors through unchanged', () => {
    const error = new Error('a bug')
    expect(billingFailure(error)).toBe(error)
  })
})
