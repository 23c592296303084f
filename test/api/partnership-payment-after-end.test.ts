// Decision 0050 on real parts: PostgreSQL, the time-skipping Temporal server, a worker with the real workflows and
// activities, the web process. A partnership that has churned still owes the month billed before the end; a person
// records it received, and the owner's call task about it closes, though no partnership run is left to ask.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { signedInUser, type SignedInUser } from '../support/actors'
import { churnedPartnershipOwing } from '../support/partnership-records'
import { startCrmStack, type CrmStack } from '../support/stack'

let stack: CrmStack
let owner: SignedInUser
let otherSuccess: SignedInUser
let rep: SignedInUser

beforeAll(async () => {
  stack = await startCrmStack('payment-after-end')
  owner = await signedInUser(stack.database.db, 'CUSTOMER_SUCCESS')
  otherSuccess = await signedInUser(stack.database.db, 'CUSTOMER_SUCCESS')
  rep = await signedInUser(stack.database.db, 'SALES_REP')
}, 240_000)

afterAll(async () => {
  await stack?.close()
})

const send = (path: string, body: unknown, headers: Record<string, string>) =>
  fetch(`${stack.web.baseUrl}/api${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: stack.web.baseUrl, ...headers },
    body: JSON.stringify(body),
  })

/** The churned partnership of the support records, and a call task about each of two payments. */
async function churnedPartnership() {
  const db = stack.database.db
  const { partnershipId, owed, cancelled } = await churnedPartnershipOwing(db, owner.id)
  const task = (paymentKey: string) =>
    db.activity.create({
      data: {
        type: 'TASK',
        subject: 'Call the client about an overdue payment',
        partnershipId,
        userId: owner.id,
        scheduledAt: new Date('2027-02-20T16:00:00Z'),
        externalId: `partnership-${partnershipId}/dunning/${paymentKey}/call-task`,
      },
      select: { id: true },
    })
  return {
    partnershipId,
    february: owed,
    march: cancelled,
    februaryTask: await task('monthly-2'),
    otherTask: await task('setup'),
  }
}

describe('a payment received after the partnership ended', () => {
  it('is recorded once by its owner: the row is paid, its call task closed, nothing else', async () => {
    const db = stack.database.db
    const { partnershipId, february, februaryTask, otherTask } = await churnedPartnership()
    const path = `/partnerships/${partnershipId}/payments/${february.id}/received`

    expect((await send(path, {}, rep.headers)).status).toBe(403)
    const notTheirs = await send(path, {}, otherSuccess.headers)
    expect(notTheirs.status).toBe(403)
    expect(await db.payment.findUniqueOrThrow({ where: { id: february.id }, select: { status: true } })).toEqual({
      status: 'OVERDUE',
    })

    const before = Date.now()
    const received = await send(path, {}, owner.headers)
    expect(received.status, await received.clone().text()).toBe(200)
    const answer = (await received.json()) as { paymentKey: string; paidAt: string; stripeInvoiceMarkedPaid: boolean }
    expect(answer).toMatchObject({ partnershipId, paymentKey: 'monthly-2', stripeInvoiceMarkedPaid: false })

    const row = await db.payment.findUniqueOrThrow({
      where: { id: february.id },
      select: { status: true, paidDate: true },
    })
    expect(row.status).toBe('PAID')
    expect(row.paidDate!.getTime()).toBeGreaterThanOrEqual(before)
    expect(row.paidDate!.getTime()).toBeLessThanOrEqual(Date.now())
    const tasks = await db.activity.findMany({
      where: { id: { in: [februaryTask.id, otherTask.id] } },
      select: { id: true, completedAt: true, outcome: true },
    })
    expect(tasks.find((task) => task.id === februaryTask.id)).toEqual({
      id: februaryTask.id,
      completedAt: row.paidDate,
      outcome: 'Payment received: no call needed (closed automatically)',
    })
    expect(tasks.find((task) => task.id === otherTask.id)).toMatchObject({ completedAt: null, outcome: null })

    const again = await send(path, {}, owner.headers)
    expect(again.status).toBe(409)
    expect(String(((await again.json()) as { detail: string }).detail)).toMatch(/monthly-2 is paid/)
    expect(
      await db.auditLog.count({ where: { action: 'partnerships.payment-received', entityId: partnershipId } }),
    ).toBe(1)
    const receipt = stack.env.client.workflow.getHandle(`partnership-${partnershipId}-payment-monthly-2-received`)
    expect((await receipt.describe()).status.name).toBe('COMPLETED')
  })

  it('refuses a month cancelled by the end: nothing is owed on it', async () => {
    const { partnershipId, march } = await churnedPartnership()
    const refused = await send(`/partnerships/${partnershipId}/payments/${march.id}/received`, {}, owner.headers)
    expect(refused.status).toBe(409)
    expect(String(((await refused.json()) as { detail: string }).detail)).toMatch(/monthly-3 is cancelled/)
    expect(
      await stack.database.db.payment.findUniqueOrThrow({ where: { id: march.id }, select: { status: true } }),
    ).toEqual({ status: 'CANCELLED' })
  })
})
