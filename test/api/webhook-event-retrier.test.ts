import { randomUUID } from 'node:crypto'
import { Client, Connection } from '@temporalio/client'
import { defaultPayloadConverter } from '@temporalio/common'
import type { TestWorkflowEnvironment } from '@temporalio/testing'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { webhookIngestionDependencies } from '../../services/ingestion/ingestion-dependencies'
import { startWebhookEventRetrier, type WebhookEventRetrier } from '../../services/ingestion/webhook-event-retrier'
import { startActivityHarness, type ActivityHarness } from '../activities/activity-harness'
import { startLocalSmsStack, testTwilioAccountSid, type LocalSmsStack } from '../support/local-twilio'
import { createTimeSkippingEnvironment, testMailFrom, uniqueTaskQueue } from '../support/temporal'

// Decision 0049 on real parts: the CRM's signed Twilio webhook with a Temporal that never answers (an outage), a real
// Temporal server once it is back, and PostgreSQL. Twilio never redelivers an inbound message, so the retrier is the
// only way a reply received during the outage reaches its lead's workflow.

let harness: ActivityHarness
let env: TestWorkflowEnvironment
/** The webhook while Temporal is away. */
let outage: LocalSmsStack
/** The webhook once Temporal is back. */
let back: LocalSmsStack
let retrier: WebhookEventRetrier

beforeAll(async () => {
  harness = await startActivityHarness()
  env = await createTimeSkippingEnvironment()
  const unreachable = new Client({ connection: Connection.lazy({ address: '127.0.0.1:1' }) })
  outage = await startLocalSmsStack(harness.db, unreachable)
  back = await startLocalSmsStack(harness.db, env.client)
  const config = { TEMPORAL_TASK_QUEUE: uniqueTaskQueue('webhook-retries'), MAIL_FROM: testMailFrom }
  retrier = startWebhookEventRetrier(webhookIngestionDependencies({ db: harness.db, config, temporal: env.client }), {
    intervalMs: null,
  })
})

afterAll(async () => {
  await retrier?.stop()
  await outage?.close()
  await back?.close()
  await env?.teardown()
  await harness?.close()
})

let sidCounter = 0
const inbound = (from: string, body: string) => ({
  AccountSid: testTwilioAccountSid,
  MessageSid: `SM${'7'.repeat(28)}${String(++sidCounter).padStart(4, '0')}`,
  SmsStatus: 'received',
  From: from,
  Body: body,
})

let phoneCounter = 0
async function leadWithPhone() {
  const phone = `+1555300${String(++phoneCounter).padStart(4, '0')}`
  const lead = await harness.db.lead.create({
    data: { email: `retry-${randomUUID()}@example.com`, source: 'WEBSITE', phone },
    select: { id: true },
  })
  return { leadId: lead.id, phone }
}

const eventOf = (messageSid: string) =>
  harness.db.webhookEvent.findFirstOrThrow({
    where: { provider: 'TWILIO', eventId: `${messageSid}:received` },
    select: { status: true, attempts: true, retryAt: true, arrivedAt: true, error: true },
  })

/** The `leadEvent` signals the lead's workflow received (signal-with-start records them; no worker polls). */
async function leadSignals(leadId: string): Promise<unknown[]> {
  const history = await env.client.workflow
    .getHandle(`lead-${leadId}`)
    .fetchHistory()
    .catch(() => ({ events: [] }))
  return (history.events ?? []).flatMap((event) => {
    const signal = event.workflowExecutionSignaledEventAttributes
    return signal ? [defaultPayloadConverter.fromPayload(signal.input!.payloads![0]!)] : []
  })
}

const minutes = (count: number) => count * 60_000

describe('the webhook retrier', () => {
  it('brings an SMS reply received while Temporal was down to its lead, once, dated when it arrived', async () => {
    const { leadId, phone } = await leadWithPhone()
    const reply = inbound(phone, 'Call me tomorrow')

    const refused = await outage.post(reply)
    expect(refused.status).toBe(503)
    const failed = await eventOf(reply.MessageSid)
    expect(failed.status).toBe('FAILED')
    expect(failed.attempts).toBe(1)
    // The first retry waits a minute after the failure.
    expect(failed.retryAt!.getTime() - failed.arrivedAt.getTime()).toBeGreaterThanOrEqual(minutes(1))
    expect(failed.retryAt!.getTime() - failed.arrivedAt.getTime()).toBeLessThan(minutes(1) + 15_000)
    expect(await leadSignals(leadId)).toEqual([])

    // Not due yet: nothing happens.
    expect(await retrier.retryOnce(new Date(failed.arrivedAt.getTime() + 30_000))).toEqual({ retried: 0, failed: 0 })
    expect(await retrier.retryOnce(failed.retryAt!)).toEqual({ retried: 1, failed: 0 })

    const processed = await eventOf(reply.MessageSid)
    expect([processed.status, processed.attempts, processed.retryAt]).toEqual(['PROCESSED', 2, null])
    const [entry] = await harness.db.activity.findMany({
      where: { leadId, externalId: reply.MessageSid },
      select: { id: true },
    })
    expect(await leadSignals(leadId)).toEqual([
      {
        eventId: `sms-reply:${reply.MessageSid}`,
        kind: 'sms.replied',
        occurredAt: failed.arrivedAt.toISOString(),
        refId: entry!.id,
      },
    ])
    // A later pass, and a copy of the delivery, change nothing.
    expect(await retrier.retryOnce(new Date(failed.retryAt!.getTime() + minutes(60)))).toEqual({
      retried: 0,
      failed: 0,
    })
    expect((await back.post(reply)).status).toBe(200)
    expect(await leadSignals(leadId)).toHaveLength(1)
  })

  it('waits twice as long after each failure while Temporal stays away', async () => {
    const { phone } = await leadWithPhone()
    const reply = inbound(phone, 'Still there?')
    await outage.post(reply)
    const first = await eventOf(reply.MessageSid)
    const outageRetrier = startWebhookEventRetrier(
      webhookIngestionDependencies({
        db: harness.db,
        config: { TEMPORAL_TASK_QUEUE: uniqueTaskQueue('webhook-retries'), MAIL_FROM: testMailFrom },
        temporal: new Client({ connection: Connection.lazy({ address: '127.0.0.1:1' }) }),
      }),
      { intervalMs: null },
    )
    try {
      expect(await outageRetrier.retryOnce(first.retryAt!)).toEqual({ retried: 1, failed: 1 })
    } finally {
      await outageRetrier.stop()
    }
    const second = await eventOf(reply.MessageSid)
    expect([second.status, second.attempts]).toEqual(['FAILED', 2])
    expect(second.retryAt).toEqual(new Date(first.retryAt!.getTime() + minutes(2)))
    // Out of the way of the other tests' passes.
    await harness.db.webhookEvent.deleteMany({ where: { eventId: `${reply.MessageSid}:received` } })
  })

  it('finishes an event left claimed by a process that died mid-request, once its lease is over', async () => {
    const { leadId, phone } = await leadWithPhone()
    const reply = inbound(phone, 'Yes, Thursday works')
    await outage.post(reply)
    // As a crash after the claim leaves it: RECEIVED, no retry time.
    await harness.db.webhookEvent.updateMany({
      where: { eventId: `${reply.MessageSid}:received` },
      data: { status: 'RECEIVED', retryAt: null, error: null },
    })
    const { arrivedAt } = await eventOf(reply.MessageSid)
    expect(await retrier.retryOnce(new Date(arrivedAt.getTime() + 30_000))).toEqual({ retried: 0, failed: 0 })
    expect(await retrier.retryOnce(new Date(arrivedAt.getTime() + minutes(2)))).toEqual({ retried: 1, failed: 0 })
    expect((await eventOf(reply.MessageSid)).status).toBe('PROCESSED')
    expect(await leadSignals(leadId)).toHaveLength(1)
  })

  it('never retries an event that can never be processed', async () => {
    const { From: _from, ...withoutSender } = inbound('+15553009999', 'Who is this?')
    expect((await back.post(withoutSender)).status).toBe(200)
    const refused = await eventOf(withoutSender.MessageSid)
    expect([refused.status, refused.retryAt, refused.attempts]).toEqual(['FAILED', null, 0])
    await retrier.retryOnce(new Date(Date.now() + minutes(24 * 60)))
    expect(await eventOf(withoutSender.MessageSid)).toEqual(refused)
  })
})
