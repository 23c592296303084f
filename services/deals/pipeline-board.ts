import { Prisma, type Database } from '../../lib/db'
import type { Industry, Tier } from '../../prisma/generated/enums'
import { openStages, stageLimitMs, stagePolicies, type PipelineStage } from '../../domain/deals/pipeline-policy'
import { isStalled } from '../../domain/deals/deal-clock'
import { monthStartAfter } from '../../domain/time/zoned-time'
import type { Actor } from '../auth/actor'
import { grantFor } from '../auth/grants'
import { Problem } from '../problems/problem'

// The pipeline board of seed 002 Appendix A, transport-free: the page and the benchmark (bench/pipeline-board.bench.ts)
// both call this, so what is measured is what is served. Column figures count every matching deal; each column
// shows its cards most urgent first (longest in the stage; won deals latest first), up to `boardCardLimit` of them.

export interface PipelineBoardFilters {
  industry?: Industry
  tier?: Tier
  /** A user id, or 'unassigned'. */
  ownerId?: string
}

/** The board's columns: §4.1's open stages in order, then the deals won this month. */
export const boardStages: readonly PipelineStage[] = [...openStages, 'CLOSED_WON']

/** Cards per column: enough for a rep's day; the column's count and values still cover every deal in it. */
export const boardCardLimit = 50

export interface PipelineCard {
  id: string
  name: string
  stage: PipelineStage
  companyId: string
  companyName: string
  value: number
  tier: Tier
  ownerId: string | null
  ownerName: string | null
  stageEnteredAt: string
  timeInStageMs: number
  nextStep: string | null
  nextStepAt: string | null
  /** The next step was due before now. */
  nextStepOverdue: boolean
  /** Longer in its stage than §4.3's maxDaysInStage. */
  pastLimit: boolean
  /** No activity for §9.2's 14 days, and no meeting ahead that is not yet due. */
  stalled: boolean
  voiceSessions: number
  hasRoiCalculation: boolean
  emails: number
  nextMeeting: { at: string; subject: string } | null
}

export interface PipelineColumn {
  stage: PipelineStage
  label: string
  probability: number
  count: number
  /** Sum of totalContractValue, in the agency's currency. */
  total: number
  /** total × the stage's §4.1 probability. */
  weighted: number
  cards: PipelineCard[]
}

export interface PipelineBoard {
  columns: PipelineColumn[]
  generatedAt: string
}

/** The first instant of `now`'s month on the reader's wall clock: "Closed Won (this month)". */
export function startOfMonth(now: Date, timeZone: string): Date {
  return new Date(monthStartAfter(now.getTime(), 0, timeZone))
}

/** §14.2: a Sales Rep's board holds the deals they own; everyone else who may read deals sees them all. */
function scopeSql(actor: Actor): Prisma.Sql {
  const grant = grantFor(actor, 'opportunities', 'read')
  if (grant === 'none') throw new Problem('forbidden', 'You may not see deals')
  if (grant === 'all' || actor.kind !== 'user') return Prisma.sql`TRUE`
  // The same narrowing as services/auth/ownership.ts `ownedBy('opportunities', …)`: the deals they own.
  return Prisma.sql`o."ownerId" = ${actor.userId}`
}

function filterSql(filters: PipelineBoardFilters): Prisma.Sql {
  const parts: Prisma.Sql[] = []
  if (filters.tier) parts.push(Prisma.sql`o.tier = ${filters.tier}::"Tier"`)
  if (filters.industry) {
    parts.push(
      Prisma.sql`EXISTS (SELECT 1 FROM "Company" c WHERE c.id = o."companyId" AND c.industry = ${filters.industry}::"Industry")`,
    )
  }
  if (filters.ownerId === 'unassigned') parts.push(Prisma.sql`o."ownerId" IS NULL`)
  else if (filters.ownerId) parts.push(Prisma.sql`o."ownerId" = ${filters.ownerId}`)
  return parts.length === 0 ? Prisma.sql`TRUE` : Prisma.join(parts, ' AND ')
}

const cents = (value: number) => Math.round(value * 100) / 100

interface CardRow {
  id: string
  name: string
  stage: PipelineStage
  stageEnteredAt: Date
  tier: Tier
  totalContractValue: Prisma.Decimal | string | number
  nextStep: string | null
  nextStepAt: Date | null
  lastActivityAt: Date | null
  createdAt: Date
  ownerId: string | null
  companyId: string
  companyName: string
  ownerName: string | null
  stageCount: number
  stageTotal: Prisma.Decimal | string | number | null
  voiceSessions: number
  hasRoiCalculation: boolean
  emails: number
  meetingAt: Date | null
  meetingSubject: string | null
  /** The last planned activity not done and still ahead: the deal is not stalled before it. */
  plannedUntil: Date | null
}

function cardOf(row: CardRow, nowMs: number): PipelineCard {
  const timeInStageMs = Math.max(0, nowMs - row.stageEnteredAt.getTime())
  const limit = stageLimitMs(row.stage)
  const lastActivityMs = (row.lastActivityAt ?? row.createdAt).getTime()
  return {
    id: row.id,
    name: row.name,
    stage: row.stage,
    companyId: row.companyId,
    companyName: row.companyName,
    value: Number(row.totalContractValue),
    tier: row.tier,
    ownerId: row.ownerId,
    ownerName: row.ownerName,
    stageEnteredAt: row.stageEnteredAt.toISOString(),
    timeInStageMs,
    nextStep: row.nextStep,
    nextStepAt: row.nextStepAt?.toISOString() ?? null,
    nextStepOverdue: row.nextStepAt !== null && row.nextStepAt.getTime() < nowMs,
    pastLimit: limit !== null && timeInStageMs > limit,
    stalled: isStalled(
      {
        stage: row.stage,
        stageEnteredAtMs: row.stageEnteredAt.getTime(),
        lastActivityAtMs: lastActivityMs,
        nextScheduledActivityAtMs: row.plannedUntil?.getTime() ?? null,
      },
      nowMs,
    ),
    voiceSessions: row.voiceSessions,
    hasRoiCalculation: row.hasRoiCalculation,
    emails: row.emails,
    nextMeeting: row.meetingAt ? { at: row.meetingAt.toISOString(), subject: row.meetingSubject ?? 'Meeting' } : null,
  }
}

/**
 * The board as `actor` may see it (§14.2: a Sales Rep sees their own deals), narrowed by the filters. One SQL
 * statement: the matching deals (id, stage and value only, so the one sort stays narrow) ranked within their stage
 * by one window whose count and sum are each column's figures over every deal, not only the cards shown; then the
 * first `boardCardLimit` of each stage joined to what their cards and icons need. Timestamps are stored as UTC
 * `timestamp(3)`, hence the cast.
 */
export async function pipelineBoard(
  db: Database,
  actor: Actor,
  filters: PipelineBoardFilters,
  timeZone: string,
  now: Date = new Date(),
): Promise<PipelineBoard> {
  const monthStart = startOfMonth(now, timeZone).toISOString()
  const open = Prisma.join(openStages.map((stage) => Prisma.sql`${stage}::"PipelineStage"`))
  const rows = await db.$queryRaw<CardRow[]>`
    WITH ranked AS (
      SELECT o.id, o.stage,
             row_number() OVER stage_window AS rank,
             count(*) OVER stage_window AS "stageCount",
             sum(o."totalContractValue") OVER stage_window AS "stageTotal"
      FROM "Opportunity" o
      WHERE (o.stage IN (${open})
             OR (o.stage = 'CLOSED_WON' AND o."stageEnteredAt" >= ${monthStart}::timestamp))
        AND ${scopeSql(actor)}
        AND ${filterSql(filters)}
      WINDOW stage_window AS (
        PARTITION BY o.stage
        ORDER BY CASE WHEN o.stage = 'CLOSED_WON' THEN NULL ELSE o."stageEnteredAt" END ASC,
                 o."stageEnteredAt" DESC, o.id
        ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING
      )
    )
    SELECT o.id, o.name, o.stage, o."stageEnteredAt", o.tier, o."totalContractValue", o."nextStep", o."nextStepAt",
           o."lastActivityAt", o."createdAt", o."ownerId", o."companyId", c.name AS "companyName",
           m."stageCount"::int AS "stageCount", m."stageTotal", u.name AS "ownerName",
           coalesce((SELECT count(*) FROM "VoiceSession" v WHERE v."leadId" = l.id), 0)::int AS "voiceSessions",
           coalesce(EXISTS (SELECT 1 FROM "ROICalculation" r WHERE r."leadId" = l.id), false) AS "hasRoiCalculation",
           (SELECT count(*) FROM "OutboxMessage" e WHERE e."opportunityId" = o.id)::int AS emails,
           meeting."scheduledAt" AS "meetingAt", meeting.subject AS "meetingSubject",
           (SELECT max(p."scheduledAt") FROM "Activity" p
             WHERE p."opportunityId" = o.id AND p."completedAt" IS NULL AND p."scheduledAt" > ${now}) AS "plannedUntil"
    FROM ranked m
    JOIN "Opportunity" o ON o.id = m.id
    JOIN "Company" c ON c.id = o."companyId"
    LEFT JOIN "User" u ON u.id = o."ownerId"
    LEFT JOIN "Lead" l ON l."convertedToOpportunityId" = o.id
    LEFT JOIN LATERAL (
      SELECT a."scheduledAt", a.subject FROM "Activity" a
      WHERE a."opportunityId" = o.id AND a.type = 'MEETING' AND a."completedAt" IS NULL AND a."scheduledAt" IS NOT NULL
      ORDER BY a."scheduledAt" LIMIT 1
    ) meeting ON TRUE
    WHERE m.rank <= ${boardCardLimit}
    ORDER BY m.stage, m.rank`
  const nowMs = now.getTime()
  const columns = boardStages.map((stage) => {
    const cards = rows.filter((row) => row.stage === stage)
    const total = Number(cards[0]?.stageTotal ?? 0)
    const probability = stagePolicies[stage].probability
    return {
      stage,
      label: stage === 'CLOSED_WON' ? `${stagePolicies[stage].label} (this month)` : stagePolicies[stage].label,
      probability,
      count: cards[0]?.stageCount ?? 0,
      total: cents(total),
      weighted: cents((total * probability) / 100),
      cards: cards.map((row) => cardOf(row, nowMs)),
    }
  })
  return { columns, generatedAt: now.toISOString() }
}

/** People a deal can belong to, for the owner filter (offered only to those who see every deal). */
export function boardOwnerOptions(db: Database) {
  return db.user.findMany({
    where: { role: { in: ['SALES_REP', 'SALES_MANAGER', 'ADMIN'] } },
    select: { id: true, name: true },
    orderBy: [{ name: 'asc' }, { id: 'asc' }],
    take: 200,
  })
}
