import { randomUUID } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { signedInUser, type SignedInUser } from '../support/actors'
import { pageRequests, textOf } from '../support/page-requests'
import { startCrmStack, type CrmStack } from '../support/stack'

// The webhook deliveries page (decision 0053), through the real web process and database: settings readers see every
// delivery and why one failed; only an Admin queues a failed one for the retrier, and never one refused at the door.

let stack: CrmStack
let admin: SignedInUser
let manager: SignedInUser
let rep: SignedInUser

beforeAll(async () => {
  stack = await startCrmStack('webhook-deliveries', { remix: true })
  const db = stack.database.db
  admin = await signedInUser(db, 'ADMIN')
  manager = await signedInUser(db, 'SALES_MANAGER')
  rep = await signedInUser(db, 'SALES_REP')
}, 240_000)

afterAll(async () => {
  await stack?.close()
})

const { get, post } = pageRequests(() => stack.web.baseUrl)

async function delivery(data: {
  provider: 'TWILIO' | 'STRIPE'
  status: 'FAILED' | 'PROCESSED'
  attempts: number
  error?: string
  retryAt?: Date
}) {
  return stack.database.db.webhookEvent.create({
    data: { ...data, eventId: `evt_${randomUUID()}`, eventType: 'invoice.paid', payload: {} },
    select: { id: true, eventId: true },
  })
}

describe('the webhook deliveries page', () => {
  it('shows settings readers what failed and why; an Admin queues a failed one again, audited', async () => {
    const db = stack.database.db
    const later = new Date(Date.now() + 60 * 60_000)
    const failed = await delivery({
      provider: 'STRIPE',
      status: 'FAILED',
      attempts: 12,
      error: 'Temporal did not answer within 2 s',
    })
    const waiting = await delivery({ provider: 'TWILIO', status: 'FAILED', attempts: 2, retryAt: later })
    const refused = await delivery({ provider: 'STRIPE', status: 'FAILED', attempts: 0, error: 'data.object Required' })
    const processed = await delivery({ provider: 'STRIPE', status: 'PROCESSED', attempts: 1 })

    expect((await get('/admin/webhooks', rep)).status).toBe(403)
    const asManager = await get('/admin/webhooks?status=FAILED', manager)
    expect(asManager.status).toBe(200)
    const text = textOf(asManager.body)
    for (const shown of [failed, waiting, refused]) expect(text).toContain(shown.eventId)
    expect(text).not.toContain(processed.eventId)
    expect(text).toContain('Temporal did not answer within 2 s')
    expect(asManager.body).not.toContain('Retry now')
    expect((await post('/admin/webhooks', manager, { webhookEventId: failed.id })).status).toBe(403)

    const asAdmin = await get('/admin/webhooks?status=FAILED&provider=STRIPE', admin)
    expect(textOf(asAdmin.body)).not.toContain(waiting.eventId)
    // Retry is offered for the event whose processing failed, not for the one refused at the door.
    expect(asAdmin.body).toContain(`Retry now: ${failed.eventId}`)
    expect(asAdmin.body).not.toContain(`Retry now: ${refused.eventId}`)

    const before = Date.now()
    const queued = await post('/admin/webhooks', admin, { webhookEventId: failed.id })
    expect(queued.status).toBe(200)
    const row = await db.webhookEvent.findUniqueOrThrow({ where: { id: failed.id }, select: { retryAt: true } })
    expect(row.retryAt!.getTime()).toBeGreaterThanOrEqual(before - 1_000)
    expect(row.retryAt!.getTime()).toBeLessThanOrEqual(Date.now())
    expect(await db.auditLog.count({ where: { action: 'settings.retry-webhook-event', entityId: failed.id } })).toBe(1)

    expect((await post('/admin/webhooks', admin, { webhookEventId: refused.id })).status).toBe(409)
    expect(await db.webhookEvent.findUniqueOrThrow({ where: { id: refused.id }, select: { retryAt: true } })).toEqual({
      retryAt: null,
    })
  })

  it('refuses an unknown filter, naming it', async () => {
    const page = await get('/admin/webhooks?status=LOST', admin)
    expect(page.status).toBe(400)
    expect(textOf(page.body)).toContain('status: Invalid option')
  })
})
