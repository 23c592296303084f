import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createTestDatabase, type TestDatabase } from '../test/support/database'
import { listScheduledReports } from '../services/reports/report-admin'
import { everything } from '../services/analytics/analytics-scope'
import { closedDeals } from '../services/analytics/sales-metrics'
import { standingAt } from '../services/analytics/standing'
import { seed } from './seed'
import { generateSeedData } from './seed-data'

describe('npm run seed', () => {
  let database: TestDatabase
  const data = generateSeedData(new Date('2026-03-02T15:00:00Z'))

  // A database of its own for every test: the suite runs in random order.
  beforeEach(async () => {
    database = await createTestDatabase()
  })
  afterEach(async () => {
    await database?.drop()
  })

  it('loads every row into a migrated database, and a second run adds nothing', async () => {
    const first = await seed(database.db, data)
    for (const [table, rows] of Object.entries(data))
      expect(first[table as keyof typeof first], table).toBe(rows.length)

    const second = await seed(database.db, data)
    expect(Object.values(second).every((count) => count === 0)).toBe(true)
    expect(await database.db.lead.count()).toBe(data.leads.length)
    expect(await database.db.activity.count()).toBe(data.activities.length)
  })

  it('leaves a history a run has begun alone when it seeds a database seeded before histories were', async () => {
    await seed(database.db, {
      ...data,
      dealStageTransitions: [],
      partnershipStatusChanges: [],
      partnershipHealthSnapshots: [],
    })
    const deal = data.opportunities.find((row) => row.stage === 'NEGOTIATION')!
    const partnership = data.partnerships.find((row) => row.status === 'ACTIVE')!
    // What each run wrote when it started on that database: its current state, numbered 1.
    await database.db.dealStageTransition.create({
      data: {
        opportunityId: deal.id!,
        toStage: 'NEGOTIATION',
        enteredAt: new Date(deal.stageEnteredAt!),
        reason: 'Deal created',
        idempotencyKey: `deal-${deal.id}/transition/1`,
      },
    })
    await database.db.partnershipStatusChange.create({
      data: {
        partnershipId: partnership.id!,
        toStatus: 'ACTIVE',
        at: new Date(),
        reason: 'Partnership started',
        idempotencyKey: `partnership-${partnership.id}/status/1`,
      },
    })
    await database.db.partnershipHealthSnapshot.create({
      data: {
        partnershipId: partnership.id!,
        overall: 80,
        components: {},
        band: 'healthy',
        at: new Date(),
        idempotencyKey: `partnership-${partnership.id}/health/1`,
      },
    })

    await seed(database.db, data)
    const stages = await database.db.dealStageTransition.findMany({ where: { opportunityId: deal.id! } })
    expect(stages.map((row) => [row.toStage, row.reason])).toEqual([['NEGOTIATION', 'Deal created']])
    const statuses = await database.db.partnershipStatusChange.findMany({ where: { partnershipId: partnership.id! } })
    expect(statuses.map((row) => row.reason)).toEqual(['Partnership started'])
    const scores = await database.db.partnershipHealthSnapshot.findMany({ where: { partnershipId: partnership.id! } })
    expect(scores.map((row) => row.overall)).toEqual([80])
    // The others, which had none, have theirs.
    const others = data.dealStageTransitions.filter((row) => row.opportunityId !== deal.id)
    expect(await database.db.dealStageTransition.count()).toBe(others.length + 1)
  })

  it('gives the sales reports the deals the demo closed, from their stage history', async () => {
    await seed(database.db, data)
    const now = new Date('2026-03-02T15:00:00Z').getTime()
    const deals = await closedDeals(database.db, everything, { fromMs: now - 365 * 86_400_000, toMs: now })
    // The seed's plan: eight deals won, three lost (from Proposal Sent, Negotiation and Discovery Call).
    expect(deals.filter((deal) => deal.won)).toHaveLength(8)
    const lost = deals.filter((deal) => !deal.won)
    expect(lost).toHaveLength(3)
    expect(lost.filter((deal) => deal.reachedProposal)).toHaveLength(2)
    for (const deal of deals) expect(deal.closedAtMs, deal.id).toBeGreaterThan(deal.createdAtMs)
    // Before the first of them closed, every seeded deal that existed then was open.
    const firstClose = Math.min(...deals.map((deal) => deal.closedAtMs))
    const existing = data.opportunities.filter((deal) => new Date(deal.createdAt!).getTime() < firstClose - 1)
    expect((await standingAt(database.db, everything, firstClose - 1)).openDeals).toBe(existing.length)
  })

  it('lets the pipeline board and partnership pages read what they need', async () => {
    await seed(database.db, data)

    const won = await database.db.opportunity.findMany({
      where: { stage: 'CLOSED_WON' },
      include: { partnership: { include: { payments: true, systems: true } }, company: true, sourceLead: true },
    })
    expect(won.length).toBeGreaterThan(0)
    for (const opportunity of won) {
      expect(opportunity.partnership, opportunity.id).not.toBeNull()
      expect(opportunity.partnership!.payments.length).toBeGreaterThan(0)
    }
    // /admin/reports on a fresh start: all seven reports have someone to send to.
    const { reports } = await listScheduledReports(database.db)
    expect(reports.map((report) => [report.key, report.recipients.length > 0])).toEqual(
      reports.map((report) => [report.key, true]),
    )
    expect(reports).toHaveLength(7)
    const scored = await database.db.lead.findFirstOrThrow({ where: { id: data.leads[0]!.id } })
    expect(scored.scoringFactors).toEqual(data.leads[0]!.scoringFactors)
  })
})
