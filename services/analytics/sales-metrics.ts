import {
  averageDealSize,
  lostReasons,
  pipelineVelocity,
  proposalToCloseRate,
  salesCycleDays,
  winRate,
  type ClosedDeal,
} from '../../domain/analytics/sales-metrics'
import { openStages } from '../../domain/deals/pipeline-policy'
import type { Database } from '../../lib/db'
import type { PipelineStage, Tier } from '../../prisma/generated/enums'
import { at, dealScope, partnershipScope, type AnalyticsScope } from './analytics-scope'

// §10.1 pipeline by stage and revenue by tier, §10.2 sales metrics. Closed deals are those whose last close
// (a stage transition into Closed Won or Closed Lost) fell in the period: the stage history, not the projection.

type Range = { fromMs: number; toMs: number }
const tierOrder: Tier[] = ['DISCOVERY', 'FOUNDATION', 'ARCHITECT']

export interface ClosedDealRow extends ClosedDeal {
  id: string
  tier: Tier
  ownerId: string | null
}

export async function closedDeals(db: Database, scope: AnalyticsScope, range: Range): Promise<ClosedDealRow[]> {
  const rows = await db.$queryRaw<
    {
      id: string
      tier: Tier
      ownerId: string | null
      won: boolean
      value: number
      createdAt: Date
      closedAt: Date
      lostReason: string | null
      reachedProposal: boolean
    }[]
  >`
    SELECT DISTINCT ON (o.id) o.id, o.tier::text AS tier, o."ownerId", t."toStage" = 'CLOSED_WON' AS won,
           o."totalContractValue"::float8 AS value, o."createdAt", t."enteredAt" AS "closedAt", o."lostReason",
           EXISTS (SELECT 1 FROM "DealStageTransition" pt
                   WHERE pt."opportunityId" = o.id AND pt."toStage" = 'PROPOSAL_SENT') AS "reachedProposal"
    FROM "DealStageTransition" t
    JOIN "Opportunity" o ON o.id = t."opportunityId"
    WHERE t."toStage" IN ('CLOSED_WON', 'CLOSED_LOST')
      AND t."enteredAt" >= ${at(range.fromMs)}::timestamp AND t."enteredAt" < ${at(range.toMs)}::timestamp
      AND ${dealScope(scope)}
    ORDER BY o.id, t."enteredAt" DESC`
  return rows.map((row) => ({
    id: row.id,
    tier: row.tier,
    ownerId: row.ownerId,
    won: row.won,
    value: row.value,
    createdAtMs: row.createdAt.getTime(),
    closedAtMs: row.closedAt.getTime(),
    reachedProposal: row.reachedProposal,
    lostReason: row.lostReason,
  }))
}

export interface SalesSummary {
  closed: number
  won: number
  winRate: number | null
  winRateByTier: { tier: Tier; won: number; closed: number; rate: number | null }[]
  averageDealSize: number | null
  cycleDays: { mean: number; median: number } | null
  /** Dollars a day. */
  velocity: number | null
  proposalToClose: number | null
  lostReasons: { reason: string; count: number }[]
}

export function salesSummary(deals: readonly ClosedDealRow[], openDeals: number): SalesSummary {
  return {
    closed: deals.length,
    won: deals.filter((deal) => deal.won).length,
    winRate: winRate(deals),
    winRateByTier: tierOrder.map((tier) => {
      const ofTier = deals.filter((deal) => deal.tier === tier)
      return {
        tier,
        won: ofTier.filter((deal) => deal.won).length,
        closed: ofTier.length,
        rate: winRate(ofTier),
      }
    }),
    averageDealSize: averageDealSize(deals),
    cycleDays: salesCycleDays(deals),
    velocity: pipelineVelocity(openDeals, deals),
    proposalToClose: proposalToCloseRate(deals),
    lostReasons: lostReasons(deals),
  }
}

export interface StageRow {
  stage: PipelineStage
  deals: number
  value: number
}

/** §10.1 pipeline by stage: the open deals as they stand, every open stage listed. */
export async function pipelineByStage(db: Database, scope: AnalyticsScope): Promise<StageRow[]> {
  const rows = await db.$queryRaw<StageRow[]>`
    SELECT o.stage::text AS stage, count(*)::int AS deals, COALESCE(sum(o."totalContractValue"), 0)::float8 AS value
    FROM "Opportunity" o
    WHERE o.stage NOT IN ('CLOSED_WON', 'CLOSED_LOST') AND ${dealScope(scope)}
    GROUP BY o.stage`
  return openStages.map((stage) => rows.find((row) => row.stage === stage) ?? { stage, deals: 0, value: 0 })
}

export interface TierRevenueRow {
  tier: Tier
  revenue: number
  share: number | null
}

/** §10.1 revenue by tier: payments received in the period (setup and monthly fees), by the partnership's tier. */
export async function revenueByTier(db: Database, scope: AnalyticsScope, range: Range): Promise<TierRevenueRow[]> {
  const rows = await db.$queryRaw<{ tier: Tier; revenue: number }[]>`
    SELECT p.tier::text AS tier, COALESCE(sum(pay.amount), 0)::float8 AS revenue
    FROM "Payment" pay
    JOIN "Partnership" p ON p.id = pay."partnershipId"
    WHERE pay.status = 'PAID'
      AND pay."paidDate" >= ${at(range.fromMs)}::timestamp AND pay."paidDate" < ${at(range.toMs)}::timestamp
      AND ${partnershipScope(scope)}
    GROUP BY p.tier`
  const total = rows.reduce((sum, row) => sum + row.revenue, 0)
  return tierOrder.map((tier) => {
    const revenue = rows.find((row) => row.tier === tier)?.revenue ?? 0
    return { tier, revenue, share: total === 0 ? null : revenue / total }
  })
}
