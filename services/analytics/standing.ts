import type { Database } from '../../lib/db'
import { Prisma } from '../../lib/db'
import { at, dealScope, leadScope, partnershipScope, type AnalyticsScope } from './analytics-scope'

// The business as it stood at one instant, from recorded history: a deal's stage then is the last stage transition
// entered by then (its projection when it has none recorded), a partnership's status the last status change.
// This is what makes "pipeline value against last month" a fact rather than a guess.

/** Statuses in which a partnership bills its monthly fee and counts as an active partner (decision 0037). */
export const billingStatuses = ['ONBOARDING', 'ACTIVE', 'COMPLETING'] as const

export interface Standing {
  pipelineValue: number
  openDeals: number
  activePartners: number
  mrr: number
}

export async function standingAt(db: Database, scope: AnalyticsScope, atMs: number): Promise<Standing> {
  const instant = at(atMs)
  const [deals, partners] = await Promise.all([
    db.$queryRaw<{ deals: number; value: number }[]>`
      SELECT count(*)::int AS deals, COALESCE(sum(o."totalContractValue"), 0)::float8 AS value
      FROM "Opportunity" o
      LEFT JOIN LATERAL (
        SELECT t."toStage" FROM "DealStageTransition" t
        WHERE t."opportunityId" = o.id AND t."enteredAt" <= ${instant}::timestamp
        ORDER BY t."enteredAt" DESC LIMIT 1
      ) s ON TRUE
      WHERE o."createdAt" <= ${instant}::timestamp
        AND COALESCE(s."toStage", o.stage) NOT IN ('CLOSED_WON', 'CLOSED_LOST')
        AND ${dealScope(scope)}`,
    db.$queryRaw<{ partners: number; mrr: number }[]>`
      SELECT count(*)::int AS partners, COALESCE(sum(p."monthlyFee"), 0)::float8 AS mrr
      FROM "Partnership" p
      LEFT JOIN LATERAL (
        SELECT c."toStatus" FROM "PartnershipStatusChange" c
        WHERE c."partnershipId" = p.id AND c.at <= ${instant}::timestamp
        ORDER BY c.at DESC LIMIT 1
      ) s ON TRUE
      WHERE p."startDate" <= ${instant}::timestamp
        AND COALESCE(s."toStatus", p.status)::text IN (${Prisma.join([...billingStatuses])})
        AND ${partnershipScope(scope)}`,
  ])
  return {
    pipelineValue: deals[0]?.value ?? 0,
    openDeals: deals[0]?.deals ?? 0,
    activePartners: partners[0]?.partners ?? 0,
    mrr: partners[0]?.mrr ?? 0,
  }
}

export async function leadsCreated(
  db: Database,
  scope: AnalyticsScope,
  range: { fromMs: number; toMs: number },
): Promise<number> {
  const rows = await db.$queryRaw<{ leads: number }[]>`
    SELECT count(*)::int AS leads FROM "Lead" l
    WHERE l."createdAt" >= ${at(range.fromMs)}::timestamp AND l."createdAt" < ${at(range.toMs)}::timestamp
      AND ${leadScope(scope)}`
  return rows[0]?.leads ?? 0
}
