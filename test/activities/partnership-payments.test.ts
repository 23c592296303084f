// The partnership workflow's payment activities on a real database: what a retry finds, what moves, who is billed.
import { randomUUID } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createPartnershipPaymentActivities } from '../../activities/partnership-payments'
import { createUser } from '../support/actors'
import { createTestDatabase, type TestDatabase } from '../support/database'
import { createDealWithPartnership } from '../support/deal-records'

let database: TestDatabase

beforeAll(async () => {
  database = await createTestDatabase()
})

afterAll(async () => {
  await database?.drop()
})

const kickoff = new Date(Date.UTC(2027, 0, 4, 15))
const day = 24 * 60 * 60 * 1000

async function partnership(ownerId: string | null) {
  const { partnership, contact } = await createDealWithPartnership(database.db, {
    companyName: `Northwind ${randomUUID()}`,
    ownerId,
    startDate: kickoff,
    targetEndDate: new Date(kickoff.getTime() + 84 * day),
  })
  const payment = (key: string, type: 'SETUP' | 'MONTHLY', dueDate: Date, paid = false) =>
    database.db.payment.create({
      data: {
        partnershipId: partnership.id,
        idempotencyKey: `partnership-${partnership.id}/payment/${key}`,
        type,
        amount: type === 'SETUP' ? 9_500 : 3_500,
        dueDate,
        ...(paid ? { status: 'PAID' as const, paidDate: dueDate } : {}),
      },
      select: { id: true },
    })
  await payment('setup', 'SETUP', kickoff, true)
  await payment('monthly-1', 'MONTHLY', kickoff)
  await payment('monthly-2', 'MONTHLY', new Date(Date.UTC(2027, 1, 4, 15)))
  return { partnershipId: partnership.id, contactId: contact.id }
}

const activities = (stripeBills = false, stripeDunning: 'crm' | 'stripe' = 'stripe') =>
  createPartnershipPaymentActivities({ db: database.db, stripeBills, stripeDunning })

describe('the partnership’s payment activities', () => {
  it('read who is billed; Stripe’s reminder emails count only when Stripe bills', async () => {
    const { partnershipId, contactId } = await partnership(null)
    const account = await activities().loadPaymentAccount(partnershipId)
    expect(account).toMatchObject({ contactId, emailSender: 'crm' })
    expect(account.payments.map((p) => [p.key, p.type, p.amount, p.currency])).toEqual([
      ['setup', 'SETUP', 9_500, 'usd'],
      ['monthly-1', 'MONTHLY', 3_500, 'usd'],
      ['monthly-2', 'MONTHLY', 3_500, 'usd'],
    ])
    expect((await activities(true, 'stripe').loadPaymentAccount(partnershipId)).emailSender).toBe('stripe')
    expect((await activities(true, 'crm').loadPaymentAccount(partnershipId)).emailSender).toBe('crm')
  })

  it('move only unpaid payments', async () => {
    const { partnershipId } = await partnership(null)
    const later = new Date(kickoff.getTime() + 20 * day)
    await activities().reschedulePayments({
      partnershipId,
      payments: [
        { key: 'setup', dueAtMs: later.getTime() },
        { key: 'monthly-2', dueAtMs: Date.UTC(2027, 1, 24, 15) },
      ],
    })
    const rows = await database.db.payment.findMany({
      where: { partnershipId },
      orderBy: { idempotencyKey: 'asc' },
      select: { idempotencyKey: true, dueDate: true },
    })
    expect(rows.map((r) => [r.idempotencyKey!.split('/payment/')[1], r.dueDate.toISOString()])).toEqual([
      ['monthly-1', '2027-01-04T15:00:00.000Z'],
      ['monthly-2', '2027-02-24T15:00:00.000Z'],
      // Paid already: it keeps its date.
      ['setup', '2027-01-04T15:00:00.000Z'],
    ])
  })

  it('create the owner’s call task once, however often the step is retried; none without an owner', async () => {
    const owner = await createUser(database.db, { role: 'CUSTOMER_SUCCESS' })
    const { partnershipId } = await partnership(owner.id)
    const task = {
      partnershipId,
      idempotencyKey: `partnership-${partnershipId}/dunning/monthly-1/call-task`,
      subject: 'Call Northwind about the monthly fee',
      description: 'Payment overdue',
      dueAtMs: kickoff.getTime() + 10 * day + 60 * 60 * 1000,
    }
    const first = await activities().createPaymentCallTask(task)
    const again = await activities().createPaymentCallTask(task)
    expect(again).toEqual(first)
    const rows = await database.db.activity.findMany({
      where: { partnershipId },
      select: { type: true, userId: true, scheduledAt: true, completedAt: true },
    })
    expect(rows).toEqual([
      { type: 'TASK', userId: owner.id, scheduledAt: new Date('2027-01-14T16:00:00.000Z'), completedAt: null },
    ])

    const ownerless = await partnership(null)
    expect(await activities().createPaymentCallTask({ ...task, partnershipId: ownerless.partnershipId })).toBeNull()
  })

  it('cancel the unpaid monthly fees due after the end; what was due by then stays owed; a retry answers the same', async () => {
    const { partnershipId } = await partnership(null)
    // Churned on 20 January 2027: month 1 (4 January) was due, month 2 (4 February) was not.
    const endedAtMs = Date.UTC(2027, 0, 20, 10)
    const first = await activities().cancelPaymentsAfterEnd({ partnershipId, endedAtMs })
    const again = await activities().cancelPaymentsAfterEnd({ partnershipId, endedAtMs })
    expect(first).toEqual({ cancelled: ['monthly-2'] })
    expect(again).toEqual(first)
    const rows = await database.db.payment.findMany({
      where: { partnershipId },
      orderBy: { idempotencyKey: 'asc' },
      select: { idempotencyKey: true, status: true },
    })
    expect(rows.map((r) => [r.idempotencyKey!.split('/payment/')[1], r.status])).toEqual([
      ['monthly-1', 'PENDING'],
      ['monthly-2', 'CANCELLED'],
      ['setup', 'PAID'],
    ])
  })

  it('complete the call task when its payment arrives, once; a task someone completed keeps their completion', async () => {
    const owner = await createUser(database.db, { role: 'CUSTOMER_SUCCESS' })
    const { partnershipId } = await partnership(owner.id)
    const task = (paymentKey: string) => ({
      partnershipId,
      idempotencyKey: `partnership-${partnershipId}/dunning/${paymentKey}/call-task`,
      subject: 'Call Northwind about the monthly fee',
      description: 'Payment overdue',
      dueAtMs: kickoff.getTime() + 10 * day + 60 * 60 * 1000,
    })
    const monthOne = (await activities().createPaymentCallTask(task('monthly-1')))!
    const monthTwo = (await activities().createPaymentCallTask(task('monthly-2')))!
    const paidAt = new Date(kickoff.getTime() + 11 * day)
    const doneByOwner = new Date(kickoff.getTime() + 10 * day + 2 * 60 * 60 * 1000)
    await database.db.activity.update({
      where: { id: monthTwo.taskId },
      data: { completedAt: doneByOwner, outcome: 'Called: paying Friday' },
      select: { id: true },
    })

    const close = (taskId: string) =>
      activities().closePaymentCallTask({ partnershipId, taskId, paidAtMs: paidAt.getTime() })
    expect(await close(monthOne.taskId)).toEqual({ closedNow: true })
    expect(await close(monthOne.taskId)).toEqual({ closedNow: false })
    expect(await close(monthTwo.taskId)).toEqual({ closedNow: false })

    const rows = await database.db.activity.findMany({
      where: { partnershipId },
      orderBy: { externalId: 'asc' },
      select: { externalId: true, completedAt: true, outcome: true },
    })
    expect(rows.map((r) => [r.externalId!.split('/dunning/')[1], r.completedAt, r.outcome])).toEqual([
      ['monthly-1/call-task', paidAt, 'Payment received: no call needed (closed automatically)'],
      ['monthly-2/call-task', doneByOwner, 'Called: paying Friday'],
    ])
  })
})
