// A won deal becomes a running partnership, and its changes go through its workflow, on real parts: PostgreSQL,
// the time-skipping Temporal server, a worker with the real deal and partnership workflows, the web process.
import { randomUUID } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startWorkflowReconciler } from '../../services/workflows/workflow-reconciler'
import { partnershipWorkflowId } from '../../workflows/entity-ids'
import { apiKeyWith, signedInUser, type SignedInUser } from '../support/actors'
import { createDealWithPartnership } from '../support/deal-records'
import { startCrmStack, type CrmStack } from '../support/stack'

let stack: CrmStack
let key: Record<string, string>
let success: SignedInUser
let rep: SignedInUser

beforeAll(async () => {
  stack = await startCrmStack('partnership-actions')
  key = (
    await apiKeyWith(stack.database.db, [
      'opportunities:read',
      'opportunities:update',
      'opportunities:create',
      'partnerships:read',
      'partnerships:update',
    ])
  ).headers
  // The only Customer Success manager of this database: every won deal's partnership is theirs.
  success = await signedInUser(stack.database.db, 'CUSTOMER_SUCCESS')
  rep = await signedInUser(stack.database.db, 'SALES_REP')
}, 240_000)

afterAll(async () => {
  await stack?.close()
})

const send = (method: string, path: string, body: unknown, headers: Record<string, string> = key) =>
  fetch(`${stack.web.baseUrl}/api${path}`, {
    method,
    headers: { 'content-type': 'application/json', origin: stack.web.baseUrl, ...headers },
    body: JSON.stringify(body),
  })

/** Kickoff on Monday 4 January 2027, 15:00 UTC: every date below is counted by hand from it. */
const kickoff = '2027-01-04T15:00:00.000Z'

async function wonDeal(): Promise<{ opportunityId: string; partnershipId: string }> {
  const db = stack.database.db
  const company = await db.company.create({
    data: {
      name: `Cool Air ${randomUUID()}`,
      industry: 'HVAC',
      employeeCount: 'RANGE_10_25',
      businessModel: 'SERVICE',
      source: 'REFERRAL',
    },
    select: { id: true },
  })
  const contact = await db.contact.create({
    data: { companyId: company.id, firstName: 'Ada', lastName: 'Diaz', email: `ada-${randomUUID()}@example.com` },
    select: { id: true },
  })
  const created = await send('POST', '/opportunities', {
    companyId: company.id,
    primaryContactId: contact.id,
    name: 'Cool Air — Foundation',
    tier: 'foundation',
    setupFee: 9500,
    monthlyFee: 3500,
    estimatedMonths: 3,
  })
  expect(created.status, await created.clone().text()).toBe(201)
  const opportunityId = ((await created.json()) as { id: string }).id
  // Written straight to the row: the date the contract puts the kickoff on.
  await db.opportunity.update({ where: { id: opportunityId }, data: { implementationStart: new Date(kickoff) } })
  const won = await send('POST', `/opportunities/${opportunityId}/move`, {
    stage: 'closed_won',
    override: true,
    reason: 'Contract signed',
  })
  expect(won.status, await won.clone().text()).toBe(200)
  const partnership = await db.partnership.findUniqueOrThrow({ where: { opportunityId }, select: { id: true } })
  return { opportunityId, partnershipId: partnership.id }
}

/** Waits until the partnership's workflow has planned it (its first status recorded, its projection written). */
async function running(partnershipId: string) {
  const db = stack.database.db
  for (let attempt = 0; attempt < 400; attempt += 1) {
    const row = await db.partnership.findUniqueOrThrow({
      where: { id: partnershipId },
      select: { workflowStatus: true, _count: { select: { payments: true, statusChanges: true } } },
    })
    if (row.workflowStatus === 'RUNNING' && row._count.statusChanges > 0) return row
    await new Promise((resolve) => setTimeout(resolve, 50))
  }
  throw new Error('The partnership’s workflow did not start')
}

describe('partnerships', () => {
  it('turns a won deal into a partnership whose workflow runs and plans its milestones and payments', async () => {
    const { partnershipId } = await wonDeal()
    const db = stack.database.db
    const row = await db.partnership.findUniqueOrThrow({
      where: { id: partnershipId },
      select: { tier: true, startDate: true, targetEndDate: true, ownerId: true, status: true, monthlyFee: true },
    })
    expect({ ...row, monthlyFee: Number(row.monthlyFee) }).toEqual({
      tier: 'FOUNDATION',
      startDate: new Date(kickoff),
      // 12 weeks: 4 January + 84 days.
      targetEndDate: new Date('2027-03-29T15:00:00.000Z'),
      ownerId: success.id,
      status: 'ONBOARDING',
      monthlyFee: 3500,
    })
    await running(partnershipId)
    const payments = await db.payment.findMany({
      where: { partnershipId },
      orderBy: [{ dueDate: 'asc' }, { type: 'asc' }],
      select: { type: true, amount: true, dueDate: true, status: true },
    })
    // The setup fee at kickoff; the monthly fee billed in advance on the 4th of January, February and March.
    expect(payments.map((p) => [p.type, Number(p.amount), p.dueDate.toISOString(), p.status])).toEqual([
      ['SETUP', 9500, kickoff, 'PENDING'],
      ['MONTHLY', 3500, kickoff, 'PENDING'],
      ['MONTHLY', 3500, '2027-02-04T15:00:00.000Z', 'PENDING'],
      ['MONTHLY', 3500, '2027-03-04T15:00:00.000Z', 'PENDING'],
    ])
    const milestones = await db.partnershipMilestone.findMany({
      where: { partnershipId },
      orderBy: { dueAt: 'asc' },
      select: { key: true, dueAt: true },
    })
    expect(milestones.map((m) => [m.key, m.dueAt.toISOString()])).toEqual([
      ['week-4', '2027-02-01T15:00:00.000Z'],
      ['week-8', '2027-03-01T15:00:00.000Z'],
      ['week-12', '2027-03-29T15:00:00.000Z'],
    ])
  })

  it('refuses changes the workflow does not allow (409 naming why), a role or key that may not change partnerships (403), or a body without its field (400), and writes nothing', async () => {
    const { partnershipId } = await wonDeal()
    await running(partnershipId)
    const db = stack.database.db
    const before = await db.partnershipStatusChange.count({ where: { partnershipId } })

    const graduate = await send('POST', `/partnerships/${partnershipId}/graduate`, {}, success.headers)
    expect(graduate.status).toBe(409)
    expect(String(((await graduate.json()) as { detail: string }).detail)).toMatch(/final milestone is not done/)
    const resume = await send('POST', `/partnerships/${partnershipId}/resume`, {}, success.headers)
    expect(resume.status).toBe(409)
    // §14.2: a Sales Rep reads partnerships, and a key without partnerships:update counts for nothing here.
    const byRep = await send('POST', `/partnerships/${partnershipId}/churn`, { reason: 'x' }, rep.headers)
    expect(byRep.status).toBe(403)
    const readOnly = (await apiKeyWith(db, ['partnerships:read'])).headers
    expect((await send('POST', `/partnerships/${partnershipId}/churn`, { reason: 'x' }, readOnly)).status).toBe(403)
    const noReason = await send('POST', `/partnerships/${partnershipId}/pause`, {}, success.headers)
    expect(noReason.status).toBe(400)
    expect(((await noReason.json()) as { errors: { field: string }[] }).errors.map((e) => e.field)).toEqual(['reason'])
    const typedOver = await send('PATCH', `/partnerships/${partnershipId}`, { status: 'active', healthScore: 90 })
    expect(typedOver.status).toBe(400)
    expect(((await typedOver.json()) as { errors: { field: string }[] }).errors.map((e) => e.field).sort()).toEqual([
      'healthScore',
      'status',
    ])

    expect(await db.partnershipStatusChange.count({ where: { partnershipId } })).toBe(before)
    const row = await db.partnership.findUniqueOrThrow({
      where: { id: partnershipId },
      select: { status: true, healthScore: true },
    })
    expect(row.status).toBe('ONBOARDING')
    expect(row.healthScore).toBeNull()

    const paused = await send(
      'POST',
      `/partnerships/${partnershipId}/pause`,
      { reason: 'Busy season' },
      success.headers,
    )
    expect(paused.status, await paused.clone().text()).toBe(200)
    const change = await db.partnershipStatusChange.findFirstOrThrow({
      where: { partnershipId, toStatus: 'PAUSED' },
      select: { fromStatus: true, byId: true, reason: true },
    })
    expect(change).toEqual({ fromStatus: 'ONBOARDING', byId: success.id, reason: 'Busy season' })
  })

  it('marks a payment received through the workflow once: the row is paid, a second time is refused, others may not', async () => {
    const { partnershipId } = await wonDeal()
    await running(partnershipId)
    const db = stack.database.db
    const setup = await db.payment.findFirstOrThrow({ where: { partnershipId, type: 'SETUP' }, select: { id: true } })
    const path = `/partnerships/${partnershipId}/payments/${setup.id}/received`

    const byRep = await send('POST', path, {}, rep.headers)
    expect(byRep.status).toBe(403)
    const extra = await send('POST', path, { paidAt: '2027-01-04' }, success.headers)
    expect(extra.status).toBe(400)
    expect(((await extra.json()) as { errors: { field: string }[] }).errors.map((e) => e.field)).toEqual(['paidAt'])
    const unknown = await send(
      'POST',
      `/partnerships/${partnershipId}/payments/no-such-payment/received`,
      {},
      success.headers,
    )
    expect(unknown.status).toBe(404)
    expect(await db.payment.findUniqueOrThrow({ where: { id: setup.id }, select: { status: true } })).toEqual({
      status: 'PENDING',
    })

    // The test server's clock, which the workflow reads.
    const before = await stack.env.currentTimeMs()
    const received = await send('POST', path, {}, success.headers)
    expect(received.status, await received.clone().text()).toBe(200)
    const row = await db.payment.findUniqueOrThrow({
      where: { id: setup.id },
      select: { status: true, paidDate: true },
    })
    expect(row.status).toBe('PAID')
    // Workflow time runs with the test server's clock here (nothing awaits a result): received now.
    expect(Math.abs(row.paidDate!.getTime() - before)).toBeLessThan(60_000)
    expect(
      (await db.partnership.findUniqueOrThrow({ where: { id: partnershipId }, select: { setupFeePaid: true } }))
        .setupFeePaid,
    ).toBe(true)

    const again = await send('POST', path, {}, success.headers)
    expect(again.status).toBe(409)
    expect(String(((await again.json()) as { detail: string }).detail)).toMatch(/paid already/)
    const audits = await db.auditLog.count({
      where: { action: 'partnerships.payment-received', entityId: partnershipId },
    })
    expect(audits).toBe(1)
  })

  it('ends billing with the partnership: churned before kickoff, its monthly fees are cancelled and its setup fee owed', async () => {
    const { partnershipId } = await wonDeal()
    await running(partnershipId)
    const db = stack.database.db

    const churned = await send(
      'POST',
      `/partnerships/${partnershipId}/churn`,
      { reason: 'Budget cut' },
      success.headers,
    )
    expect(churned.status, await churned.clone().text()).toBe(200)
    // The run ends once billing has ended (decision 0042): the real worker's activities, on this database. Awaited
    // through the stack's plain client, which leaves the test server's clock alone.
    const handle = stack.temporal.workflow.getHandle(partnershipWorkflowId(partnershipId))
    expect(await handle.result()).toEqual({ status: 'CHURNED' })

    const payments = await db.payment.findMany({
      where: { partnershipId },
      orderBy: [{ dueDate: 'asc' }, { type: 'asc' }],
      select: { type: true, dueDate: true, status: true },
    })
    // Churned today, before the 4 January kickoff: every month falls after the end; the setup fee stays owed.
    expect(payments.map((p) => [p.type, p.dueDate.toISOString(), p.status])).toEqual([
      ['SETUP', kickoff, 'PENDING'],
      ['MONTHLY', kickoff, 'CANCELLED'],
      ['MONTHLY', '2027-02-04T15:00:00.000Z', 'CANCELLED'],
      ['MONTHLY', '2027-03-04T15:00:00.000Z', 'CANCELLED'],
    ])
  })

  it('has the reconciler start a partnership whose workflow never started, and only those not ended', async () => {
    const db = stack.database.db
    const startDate = new Date(kickoff)
    const targetEndDate = new Date('2027-03-29T15:00:00.000Z')
    const waiting = (await createDealWithPartnership(db, { startDate, targetEndDate })).partnership.id
    const churned = (await createDealWithPartnership(db, { startDate, targetEndDate })).partnership.id
    await db.partnership.update({ where: { id: churned }, data: { status: 'CHURNED' } })
    const reconciler = startWorkflowReconciler(
      { db, temporal: stack.env.client, taskQueue: stack.taskQueue },
      { intervalMs: null },
    )
    try {
      // A minute on: past the age at which their own request could still be starting them.
      await reconciler.reconcileOnce(new Date(Date.now() + 60_000))
    } finally {
      await reconciler.stop()
    }
    await running(waiting)
    const describe = (id: string) => stack.env.client.workflow.getHandle(partnershipWorkflowId(id)).describe()
    expect((await describe(waiting)).status.name).toBe('RUNNING')
    await expect(describe(churned)).rejects.toThrow()
  })
})
