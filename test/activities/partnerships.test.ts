// The partnership workflow's activities on a real database: one open health alert per type, a plan rewritten by
// key, payments planned once, a status change recorded once with its columns.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { HealthAlertRecord } from '../../activities/partnership-contract'
import { initialPlan, completeMilestone } from '../../domain/partnerships/milestone-plan'
import { createDealWithPartnership } from '../support/deal-records'
import { runActivity, startActivityHarness, type ActivityHarness } from './activity-harness'

let harness: ActivityHarness

beforeAll(async () => {
  harness = await startActivityHarness()
})

afterAll(async () => {
  await harness?.close()
})

const start = Date.parse('2027-01-04T15:00:00Z')
const day = 24 * 60 * 60 * 1000

async function partnership() {
  const { partnership } = await createDealWithPartnership(harness.db, {
    startDate: new Date(start),
    targetEndDate: new Date(start + 84 * day),
  })
  return partnership.id
}

describe('the partnership activities', () => {
  it('keeps one open alert per type: a retry adds nothing, a new band resolves the old one', async () => {
    const partnershipId = await partnership()
    const alert = (n: number, type: HealthAlertRecord['alert']['type']): HealthAlertRecord => ({
      partnershipId,
      idempotencyKey: `partnership-${partnershipId}/alert/${n}`,
      alert: { severity: 'warning', type, message: `Alert ${n}`, recommendedAction: 'Call the client' },
      atMs: start + n * day,
    })
    await runActivity(harness.activities.raiseHealthAlert, alert(1, 'health-watch'))
    await runActivity(harness.activities.raiseHealthAlert, alert(1, 'health-watch'))
    // Another watch alert while one is open: the open one stands.
    await runActivity(harness.activities.raiseHealthAlert, alert(2, 'health-watch'))
    await runActivity(harness.activities.raiseHealthAlert, alert(3, 'health-at-risk'))
    const rows = await harness.db.partnershipHealthAlert.findMany({
      where: { partnershipId },
      orderBy: { createdAt: 'asc' },
      select: { type: true, message: true, resolvedAt: true },
    })
    expect(rows).toEqual([
      { type: 'health-watch', message: 'Alert 1', resolvedAt: new Date(start + 3 * day) },
      { type: 'health-at-risk', message: 'Alert 3', resolvedAt: null },
    ])
  })

  it('writes the plan by key (a slip rewrites it in place) and plans each payment once', async () => {
    const partnershipId = await partnership()
    const plan = initialPlan('FOUNDATION', start)
    await runActivity(harness.activities.recordMilestones, { partnershipId, ...plan })
    const slipped = completeMilestone(plan, 'week-4', start + 33 * day)
    await runActivity(harness.activities.recordMilestones, { partnershipId, ...slipped })
    const milestones = await harness.db.partnershipMilestone.findMany({
      where: { partnershipId },
      orderBy: { dueAt: 'asc' },
      select: { key: true, dueAt: true, completedAt: true },
    })
    // Week 4 (1 February) done 5 days late: week 8 moves from 1 to 6 March, week 12 from 29 March to 3 April.
    expect(milestones.map((m) => [m.key, m.dueAt.toISOString().slice(0, 10), m.completedAt !== null])).toEqual([
      ['week-4', '2027-02-01', true],
      ['week-8', '2027-03-06', false],
      ['week-12', '2027-04-03', false],
    ])
    const row = await harness.db.partnership.findUniqueOrThrow({
      where: { id: partnershipId },
      select: { targetEndDate: true },
    })
    expect(row.targetEndDate.toISOString().slice(0, 10)).toBe('2027-04-03')

    const payments = [{ key: 'setup', type: 'SETUP' as const, amount: 9500, dueAtMs: start }]
    await runActivity(harness.activities.planPayments, { partnershipId, payments })
    await runActivity(harness.activities.planPayments, { partnershipId, payments })
    expect(await harness.db.payment.count({ where: { partnershipId } })).toBe(1)
  })

  it('records a status change once and moves the columns with it', async () => {
    const partnershipId = await partnership()
    const change = {
      partnershipId,
      idempotencyKey: `partnership-${partnershipId}/status/2`,
      fromStatus: 'ACTIVE' as const,
      toStatus: 'PAUSED' as const,
      atMs: start + 10 * day,
      byId: null,
      reason: 'Busy season',
      pausedAtMs: start + 10 * day,
      pausedMs: 0,
    }
    await runActivity(harness.activities.recordPartnershipStatus, change)
    await runActivity(harness.activities.recordPartnershipStatus, change)
    expect(await harness.db.partnershipStatusChange.count({ where: { partnershipId } })).toBe(1)
    const row = await harness.db.partnership.findUniqueOrThrow({
      where: { id: partnershipId },
      select: { status: true, pausedAt: true },
    })
    expect(row).toEqual({ status: 'PAUSED', pausedAt: new Date(start + 10 * day) })
  })
})
