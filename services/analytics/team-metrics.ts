import type { Database } from '../../lib/db'
import { at } from './analytics-scope'

// Full analytics' team metrics (§14.1 "Sales Manager: all data + team metrics"): per person who owns deals, the
// open pipeline they carry and what they won and lost in the period.

export interface TeamRow {
  ownerId: string | null
  name: string
  openDeals: number
  pipelineValue: number
  won: number
  lost: number
  wonValue: number
}

export async function teamMetrics(db: Database, range: { fromMs: number; toMs: number }): Promise<TeamRow[]> {
  return db.$queryRaw<TeamRow[]>`
    WITH closed AS (
      SELECT DISTINCT ON (t."opportunityId") t."opportunityId", t."toStage"
      FROM "DealStageTransition" t
      WHERE t."toStage" IN ('CLOSED_WON', 'CLOSED_LOST')
        AND t."enteredAt" >= ${at(range.fromMs)}::timestamp AND t."enteredAt" < ${at(range.toMs)}::timestamp
      ORDER BY t."opportunityId", t."enteredAt" DESC
    )
    SELECT o."ownerId", COALESCE(u.name, 'Unassigned') AS name,
           count(*) FILTER (WHERE o.stage NOT IN ('CLOSED_WON', 'CLOSED_LOST'))::int AS "openDeals",
           COALESCE(sum(o."totalContractValue") FILTER (WHERE o.stage NOT IN ('CLOSED_WON', 'CLOSED_LOST')), 0)::float8
             AS "pipelineValue",
           count(*) FILTER (WHERE c."toStage" = 'CLOSED_WON')::int AS won,
           count(*) FILTER (WHERE c."toStage" = 'CLOSED_LOST')::int AS lost,
           COALESCE(sum(o."totalContractValue") FILTER (WHERE c."toStage" = 'CLOSED_WON'), 0)::float8 AS "wonValue"
    FROM "Opportunity" o
    LEFT JOIN closed c ON c."opportunityId" = o.id
    LEFT JOIN "User" u ON u.id = o."ownerId"
    WHERE o.stage NOT IN ('CLOSED_WON', 'CLOSED_LOST') OR c."opportunityId" IS NOT NULL
    GROUP BY o."ownerId", u.name
    ORDER BY "pipelineValue" DESC, name`
}
