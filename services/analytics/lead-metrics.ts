import { conversionFunnel, type FunnelStage, type FunnelStep } from '../../domain/analytics/funnel'
import type { Database } from '../../lib/db'
import type { LeadSource } from '../../prisma/generated/enums'
import { at, leadScope, type AnalyticsScope } from './analytics-scope'

// §10.1's conversion funnel and §10.2's lead metrics for one period. Counted in SQL: a period holds up to every lead.

type Range = { fromMs: number; toMs: number }

export interface SourceRow {
  source: LeadSource
  leads: number
  mql: number
  sql: number
}

export interface LeadCohort {
  funnel: FunnelStep[]
  /** §10.2 lead volume by source, with each source's lead→MQL and MQL→SQL counts, most leads first. */
  sources: SourceRow[]
}

/**
 * The cohort funnel (decision 0030) of the leads created in the range, and the same cohort by source, read in one
 * pass over the period's leads. A lead that became an opportunity passed MQL and SQL even when a person converted it
 * straight away (the stamps may be missing), so each step stays a subset of the one before.
 */
export async function leadCohort(db: Database, scope: AnalyticsScope, range: Range): Promise<LeadCohort> {
  const rows = await db.$queryRaw<({ source: LeadSource } & Record<FunnelStage, number>)[]>`
    SELECT l.source::text AS source, count(*)::int AS leads,
           count(*) FILTER (WHERE l."marketingQualifiedAt" IS NOT NULL OR l."salesQualifiedAt" IS NOT NULL
                              OR l."convertedToOpportunityId" IS NOT NULL)::int AS mql,
           count(*) FILTER (WHERE l."salesQualifiedAt" IS NOT NULL OR l."convertedToOpportunityId" IS NOT NULL)::int AS sql,
           count(*) FILTER (WHERE l."convertedToOpportunityId" IS NOT NULL)::int AS opportunity,
           count(*) FILTER (WHERE o.stage = 'CLOSED_WON')::int AS won
    FROM "Lead" l
    LEFT JOIN "Opportunity" o ON o.id = l."convertedToOpportunityId"
    WHERE l."createdAt" >= ${at(range.fromMs)}::timestamp AND l."createdAt" < ${at(range.toMs)}::timestamp
      AND ${leadScope(scope)}
    GROUP BY l.source
    ORDER BY count(*) DESC, l.source`
  const total = { leads: 0, mql: 0, sql: 0, opportunity: 0, won: 0 }
  for (const row of rows) for (const stage of Object.keys(total) as FunnelStage[]) total[stage] += row[stage]
  return {
    funnel: conversionFunnel(total),
    sources: rows.map(({ source, leads, mql, sql }) => ({ source, leads, mql, sql })),
  }
}

/**
 * §10.2 ROI calculator completion rate: of the calculations run in the range, the share whose visitor finished by
 * leaving an email (the report request); a rep counts the calculations of their own leads.
 */
export async function roiCompletion(
  db: Database,
  scope: AnalyticsScope,
  range: Range,
): Promise<{ calculations: number; completed: number; rate: number | null }> {
  const rows = await db.$queryRaw<{ calculations: number; completed: number }[]>`
    SELECT count(*)::int AS calculations, count(*) FILTER (WHERE r."emailCaptured")::int AS completed
    FROM "ROICalculation" r
    LEFT JOIN "Lead" l ON l.id = r."leadId"
    WHERE r."createdAt" >= ${at(range.fromMs)}::timestamp AND r."createdAt" < ${at(range.toMs)}::timestamp
      AND ${leadScope(scope)}`
  const { calculations = 0, completed = 0 } = rows[0] ?? {}
  return { calculations, completed, rate: calculations === 0 ? null : completed / calculations }
}
