import { randomUUID } from 'node:crypto'
import { Client, Connection } from '@temporalio/client'
import { defaultPayloadConverter } from '@temporalio/common'
import type { TestWorkflowEnvironment } from '@temporalio/testing'
import Stripe from 'stripe'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createPartnershipPaymentActivities } from '../../activities/partnership-payments'
import { loadConfig } from '../../lib/config'
import { createSmtpMailDriver } from '../../lib/mail-driver'
import { createTestDatabase, type TestDatabase } from '../support/database'
import { createDealWithPartnership } from '../support/deal-records'
import { createTimeSkippingEnvironment, uniqueTaskQueue } from '../support/temporal'
import { startWeb } from '../support/web'
import { partnershipWorkflowId } from '../../workflows/entity-ids'

// Signed Stripe events, made with Stripe's own test-header helper, posted to the real web process: duplicated and
// out of order, each payment ends right, is counted once and reaches the partnership's workflow once, as a signal
// (decision 0034). No worker polls the task queue: the signals are read from the workflow's history, where
// signal-with-start recorded them.

const webhookSecret = 'whsec_stripe_payments_test'
const kickoff = new Date(Date.UTC(2026, 11, 1, 15))
const unix = (date: Date) => Math.floor(date.getTime() / 1000)

let database: TestDatabase
let web: Awaited<ReturnType<typeof startWeb>>
/** The same web process's code with a Temporal that never answers. */
let webWithoutTemporal: Awaited<ReturnType<typeof startWeb>>
let env: TestWorkflowEnvironment

beforeAll(async () => {
  ;[database, env] = await Promise.all([createTestDatabase(), createTimeSkippingEnvironment()])
  const config = loadConfig({
    NODE_ENV: 'test',
    DATABASE_URL: database.url,
    WEBHOOK_PROVIDERS: 'stripe',
    STRIPE_WEBHOOK_SECRET: webhookSecret,
    TEMPORAL_TASK_QUEUE: uniqueTaskQueue('stripe-webhooks'),
  })
  web = await startWeb({ config, db: database.db, temporal: env.client, mail: createSmtpMailDriver(config.SMTP_URL) })
  const unreachable = new Client({ connection: Connection.lazy({ address: '127.0.0.1:1' }) })
  webWithoutTemporal = await startWeb({
    config,
    db: database.db,
    temporal: unreachable,
    mail: createSmtpMailDriver(config.SMTP_URL),
  })
})

afterAll(async () => {
  await web?.close()
  await webWithoutTemporal?.close()
  await env?.teardown()
  await database?.drop()
})

/** The signals the partnership's workflow received, by name and argument, in the order they arrived. */
async function signalsOf(partnershipId: string): Promise<[string, unknown][]> {
  const handle = env.client.workflow.getHandle(partnershipWorkflowId(partnershipId))
  const history = await handle.fetchHistory().catch(() => ({ events: [] }))
  return (history.events ?? []).flatMap((event) => {
    const signal = event.workflowExecutionSignaledEventAttributes
    if (!signal) return []
    const [argument] = (signal.input?.payloads ?? []).map((payload) => defaultPayloadConverter.fromPayload(payload))
    return [[signal.signalName!, argument] as [string, unknown]]
  })
}

/** A Foundation partnership starting at kickoff: the setup fee and three monthly fees, as Closed Won writes them. */
async function partnershipWithPayments() {
  const { partnership } = await createDealWithPartnership(database.db, {
    companyName: `Northwind ${randomUUID()}`,
    startDate: kickoff,
    targetEndDate: new Date(Date.UTC(2027, 2, 1, 15)),
  })
  const payment = (type: 'SETUP' | 'MONTHLY', amount: number, dueDate: Date) =>
    database.db.payment.create({
      data: { partnershipId: partnership.id, type, amount, dueDate },
      select: { id: true },
    })
  return {
    partnershipId: partnership.id,
    setup: await payment('SETUP', 9_500, kickoff),
    months: [
      await payment('MONTHLY', 3_500, kickoff),
      await payment('MONTHLY', 3_500, new Date(Date.UTC(2027, 0, 1, 15))),
      await payment('MONTHLY', 3_500, new Date(Date.UTC(2027, 1, 1, 15))),
    ],
  }
}

function event(type: string, object: Record<string, unknown>, created = new Date()) {
  return { id: `evt_${randomUUID()}`, object: 'event', type, created: unix(created), data: { object } }
}

function deliver(stripeEvent: ReturnType<typeof event>, to = web) {
  const payload = JSON.stringify(stripeEvent)
  return fetch(`${to.baseUrl}/api/webhooks/stripe`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'stripe-signature': Stripe.webhooks.generateTestHeaderString({ payload, secret: webhookSecret }),
    },
    body: payload,
  })
}

async function post(stripeEvent: ReturnType<typeof event>) {
  const response = await deliver(stripeEvent)
  expect(response.status).toBe(200)
  return (await response.json()) as { duplicate: boolean }
}

const setupInvoice = (paymentId: string, invoiceId: string, paidAt: Date | null) => ({
  id: invoiceId,
  object: 'invoice',
  metadata: { crm_payment_id: paymentId },
  status_transitions: { paid_at: paidAt ? unix(paidAt) : null },
})

const subscriptionInvoice = (partnershipId: string, invoiceId: string, periodStart: Date, paidAt: Date | null) => ({
  id: invoiceId,
  object: 'invoice',
  metadata: {},
  parent: {
    type: 'subscription_details',
    subscription_details: { subscription: 'sub_test', metadata: { crm_partnership_id: partnershipId } },
  },
  lines: { data: [{ period: { start: unix(periodStart) } }] },
  status_transitions: { paid_at: paidAt ? unix(paidAt) : null },
})

const paymentRow = (id: string) =>
  database.db.payment.findUniqueOrThrow({
    where: { id },
    select: { status: true, paidDate: true, stripeInvoiceId: true, stripePaymentIntentId: true },
  })

describe('Stripe events reaching payments', () => {
  it('counts the setup fee once: a failure, the payment, its duplicate and the PaymentIntent that collected it', async () => {
    const { partnershipId, setup } = await partnershipWithPayments()
    const invoiceId = `in_${randomUUID()}`
    const paidAt = new Date(Date.UTC(2026, 11, 3, 9, 30))

    await post(event('invoice.payment_failed', setupInvoice(setup.id, invoiceId, null)))
    expect(await paymentRow(setup.id)).toMatchObject({ status: 'FAILED', paidDate: null, stripeInvoiceId: invoiceId })

    const paid = event('invoice.paid', setupInvoice(setup.id, invoiceId, paidAt))
    expect(await post(paid)).toMatchObject({ duplicate: false })
    expect(await post(paid)).toMatchObject({ duplicate: true })
    // Stripe's PaymentIntent for the invoice carries none of the CRM's metadata.
    await post(event('payment_intent.succeeded', { id: `pi_${randomUUID()}`, object: 'payment_intent', metadata: {} }))

    expect(await paymentRow(setup.id)).toEqual({
      status: 'PAID',
      paidDate: paidAt,
      stripeInvoiceId: invoiceId,
      stripePaymentIntentId: null,
    })
    const partnership = await database.db.partnership.findUniqueOrThrow({
      where: { id: partnershipId },
      select: { setupFeePaid: true },
    })
    expect(partnership.setupFeePaid).toBe(true)
    // The failure, then the payment once: the duplicate and Stripe's own PaymentIntent say nothing more.
    expect(await signalsOf(partnershipId)).toEqual([
      ['partnershipBillingEvent', { kind: 'payment-failed', paymentKey: `row-${setup.id}`, at: expect.any(String) }],
      ['partnershipPaymentReceived', { paymentKey: `row-${setup.id}`, paidAt: paidAt.toISOString() }],
    ])
  })

  it('counts a payment a person marked received once: the invoice.paid of its out-of-band marking changes nothing', async () => {
    const { partnershipId, setup } = await partnershipWithPayments()
    const invoiceId = `in_${randomUUID()}`
    await database.db.payment.update({
      where: { id: setup.id },
      data: { stripeInvoiceId: invoiceId },
      select: { id: true },
    })
    // The person's receipt, written by the workflow's own activity; then the workflow marks the invoice paid out of
    // band and Stripe answers with invoice.paid, paid at the instant of that marking.
    const receivedAt = new Date(Date.UTC(2026, 11, 2, 11))
    const markedAt = new Date(Date.UTC(2026, 11, 2, 11, 0, 3))
    await createPartnershipPaymentActivities({
      db: database.db,
      stripeBills: true,
      stripeDunning: 'crm',
    }).recordPaymentReceived({
      partnershipId,
      paymentKey: `row-${setup.id}`,
      paidAtMs: receivedAt.getTime(),
      byId: null,
    })

    expect(await post(event('invoice.paid', setupInvoice(setup.id, invoiceId, markedAt)))).toMatchObject({
      duplicate: false,
    })

    expect(await paymentRow(setup.id)).toEqual({
      status: 'PAID',
      paidDate: receivedAt,
      stripeInvoiceId: invoiceId,
      stripePaymentIntentId: null,
    })
    // Not told again: the workflow counted it when the person marked it.
    expect(await signalsOf(partnershipId)).toEqual([])
  })

  it('keeps a payment paid when its failed attempt arrives late', async () => {
    const { partnershipId, setup } = await partnershipWithPayments()
    const invoiceId = `in_${randomUUID()}`
    const paidAt = new Date(Date.UTC(2026, 11, 4, 12))

    await post(event('invoice.paid', setupInvoice(setup.id, invoiceId, paidAt)))
    await post(
      event('invoice.payment_failed', setupInvoice(setup.id, invoiceId, null), new Date(Date.UTC(2026, 11, 2))),
    )

    expect(await paymentRow(setup.id)).toMatchObject({ status: 'PAID', paidDate: paidAt })
    expect(await signalsOf(partnershipId)).toEqual([
      ['partnershipPaymentReceived', { paymentKey: `row-${setup.id}`, paidAt: paidAt.toISOString() }],
    ])
  })

  it("puts each subscription invoice on its month's payment, in any order, and concurrent copies count once", async () => {
    const { partnershipId, months } = await partnershipWithPayments()
    const january = new Date(Date.UTC(2027, 0, 1, 15))
    const february = new Date(Date.UTC(2027, 1, 1, 15))
    const januaryPaid = new Date(Date.UTC(2027, 0, 2, 8))

    // February's failure first, then January's payment five times at once, then the first month's.
    await post(event('invoice.payment_failed', subscriptionInvoice(partnershipId, 'in_feb', february, null)))
    const januaryEvent = event('invoice.paid', subscriptionInvoice(partnershipId, 'in_jan', january, januaryPaid))
    const answers = await Promise.all(Array.from({ length: 5 }, () => post(januaryEvent)))
    expect(answers.filter((answer) => !answer.duplicate)).toHaveLength(1)
    await post(event('invoice.paid', subscriptionInvoice(partnershipId, 'in_dec', kickoff, kickoff)))

    expect(await paymentRow(months[0]!.id)).toMatchObject({
      status: 'PAID',
      paidDate: kickoff,
      stripeInvoiceId: 'in_dec',
    })
    expect(await paymentRow(months[1]!.id)).toMatchObject({
      status: 'PAID',
      paidDate: januaryPaid,
      stripeInvoiceId: 'in_jan',
    })
    expect(await paymentRow(months[2]!.id)).toMatchObject({
      status: 'FAILED',
      paidDate: null,
      stripeInvoiceId: 'in_feb',
    })
    // Five copies of January's payment, one signal.
    expect(
      (await signalsOf(partnershipId)).map(([name, argument]) => [
        name,
        (argument as { paymentKey: string }).paymentKey,
      ]),
    ).toEqual([
      ['partnershipBillingEvent', `row-${months[2]!.id}`],
      ['partnershipPaymentReceived', `row-${months[1]!.id}`],
      ['partnershipPaymentReceived', `row-${months[0]!.id}`],
    ])
  })

  it('hands the subscription’s status to the workflow; one for a partnership this CRM does not have is acknowledged', async () => {
    const { partnershipId } = await partnershipWithPayments()
    const subscription = (partnership: string) => ({
      id: 'sub_test',
      object: 'subscription',
      status: 'past_due',
      metadata: { crm_partnership_id: partnership },
    })
    const stranger = event('customer.subscription.updated', subscription('no-such-partnership'))
    await post(event('customer.subscription.updated', subscription(partnershipId)))
    await post(stranger)

    expect(await signalsOf(partnershipId)).toEqual([
      [
        'partnershipBillingEvent',
        { kind: 'subscription-status', subscriptionId: 'sub_test', status: 'past_due', at: expect.any(String) },
      ],
    ])
    const stored = await database.db.webhookEvent.findUniqueOrThrow({
      where: { provider_eventId: { provider: 'STRIPE', eventId: stranger.id } },
      select: { status: true },
    })
    expect(stored.status).toBe('PROCESSED')
  })

  it('writes nothing when the workflow cannot be told, and Stripe’s redelivery then does it all', async () => {
    const { partnershipId, setup } = await partnershipWithPayments()
    const paidAt = new Date(Date.UTC(2026, 11, 5, 10))
    const paid = event('invoice.paid', setupInvoice(setup.id, `in_${randomUUID()}`, paidAt))

    const refused = await deliver(paid, webWithoutTemporal)
    expect(refused.status).toBe(503)
    expect(refused.headers.get('retry-after')).not.toBeNull()
    expect(await paymentRow(setup.id)).toMatchObject({ status: 'PENDING', paidDate: null })
    const stored = await database.db.webhookEvent.findUniqueOrThrow({
      where: { provider_eventId: { provider: 'STRIPE', eventId: paid.id } },
      select: { status: true },
    })
    expect(stored.status).toBe('FAILED')

    expect(await post(paid)).toMatchObject({ duplicate: true })
    expect(await paymentRow(setup.id)).toMatchObject({ status: 'PAID', paidDate: paidAt })
    expect(await signalsOf(partnershipId)).toEqual([
      ['partnershipPaymentReceived', { paymentKey: `row-${setup.id}`, paidAt: paidAt.toISOString() }],
    ])
  })

  it('has a month Stripe bills after a person recorded it received marked paid in Stripe, once (decision 0052)', async () => {
    const { partnershipId, months } = await partnershipWithPayments()
    const [, january, february] = months as [{ id: string }, { id: string }, { id: string }]
    const receivedAt = new Date(Date.UTC(2026, 11, 20, 9))
    await database.db.payment.update({
      where: { id: january.id },
      data: { status: 'PAID', paidDate: receivedAt },
      select: { id: true },
    })
    const januaryPeriod = new Date(Date.UTC(2027, 0, 1, 15))
    const invoiceId = `in_${randomUUID()}`
    const created = event('invoice.created', subscriptionInvoice(partnershipId, invoiceId, januaryPeriod, null))
    const receipt = env.client.workflow.getHandle(`partnership-${partnershipId}-payment-row-${january.id}-received`)

    // Temporal away: nothing is written, the event waits FAILED for a redelivery.
    expect((await deliver(created, webWithoutTemporal)).status).toBe(503)
    expect(await paymentRow(january.id)).toMatchObject({ status: 'PAID', stripeInvoiceId: null })
    await expect(receipt.describe()).rejects.toThrow()

    expect(await post(created)).toMatchObject({ duplicate: true })
    expect(await paymentRow(january.id)).toMatchObject({
      status: 'PAID',
      paidDate: receivedAt,
      stripeInvoiceId: invoiceId,
    })
    // No worker polls here: the receipt workflow's input is what it will do.
    const history = await receipt.fetchHistory()
    const started = history.events![0]!.workflowExecutionStartedEventAttributes!
    expect(started.workflowType!.name).toBe('paymentReceiptWorkflow')
    expect(defaultPayloadConverter.fromPayload(started.input!.payloads![0]!)).toEqual({
      partnershipId,
      paymentKey: `row-${january.id}`,
      paidAt: receivedAt.toISOString(),
      byId: null,
    })
    // The same invoice told again (another event of it) starts nothing: the row knows its invoice now.
    await receipt.terminate('test: as if it had finished')
    expect(
      await post(event('invoice.created', subscriptionInvoice(partnershipId, invoiceId, januaryPeriod, null))),
    ).toMatchObject({ duplicate: false })
    expect((await receipt.describe()).status.name).toBe('TERMINATED')

    // A month still owed: Stripe collects it; the row only learns its invoice.
    const februaryInvoice = `in_${randomUUID()}`
    const februaryPeriod = new Date(Date.UTC(2027, 1, 1, 15))
    await post(event('invoice.created', subscriptionInvoice(partnershipId, februaryInvoice, februaryPeriod, null)))
    expect(await paymentRow(february.id)).toMatchObject({ status: 'PENDING', stripeInvoiceId: februaryInvoice })
    await expect(
      env.client.workflow.getHandle(`partnership-${partnershipId}-payment-row-${february.id}-received`).describe(),
    ).rejects.toThrow()
    expect(await signalsOf(partnershipId)).toEqual([])
  })

  it('a month paid after the partnership churned closes the owner’s call task about it, and only that one', async () => {
    const { partnershipId, months } = await partnershipWithPayments()
    await database.db.partnership.update({ where: { id: partnershipId }, data: { status: 'CHURNED' } })
    // The tasks the ended run's dunning sequence created (decision 0042): keyed by partnership, payment and step.
    const callTask = (paymentId: string) =>
      database.db.activity.create({
        data: {
          type: 'TASK',
          subject: 'Call the client about an overdue payment',
          partnershipId,
          externalId: `partnership-${partnershipId}/dunning/row-${paymentId}/call-task`,
          scheduledAt: new Date(Date.UTC(2026, 11, 12, 15)),
        },
        select: { id: true },
      })
    const [first, second] = [await callTask(months[0]!.id), await callTask(months[1]!.id)]
    const paidAt = new Date(Date.UTC(2026, 11, 20, 9))
    const paid = event('invoice.paid', setupInvoice(months[0]!.id, `in_${randomUUID()}`, paidAt))

    await post(paid)
    expect(await post(paid)).toMatchObject({ duplicate: true })

    expect(await paymentRow(months[0]!.id)).toMatchObject({ status: 'PAID', paidDate: paidAt })
    const task = (id: string) =>
      database.db.activity.findUniqueOrThrow({ where: { id }, select: { completedAt: true, outcome: true } })
    expect(await task(first.id)).toEqual({
      completedAt: paidAt,
      outcome: 'Payment received: no call needed (closed automatically)',
    })
    expect(await task(second.id)).toEqual({ completedAt: null, outcome: null })
    // An ended partnership has no run to tell.
    expect(await signalsOf(partnershipId)).toEqual([])
  })

  it('acknowledges events for invoices it did not create and for payments it does not have, changing nothing', async () => {
    const { setup } = await partnershipWithPayments()
    const foreign = event('invoice.paid', { id: `in_${randomUUID()}`, metadata: {}, lines: { data: [] } })
    const unknown = event('invoice.paid', setupInvoice('no-such-payment', `in_${randomUUID()}`, kickoff))

    await post(foreign)
    await post(unknown)

    expect(await paymentRow(setup.id)).toMatchObject({ status: 'PENDING', paidDate: null })
    const stored = await database.db.webhookEvent.findMany({
      where: { eventId: { in: [foreign.id, unknown.id] } },
      select: { status: true },
    })
    expect(stored).toEqual([{ status: 'PROCESSED' }, { status: 'PROCESSED' }])
  })
})
