// The partnerships list in one query (issue 11 "What people see"): health, phase, the next open milestone, and
// how much is overdue, per partnership; the viewer's own first. Used by the page and by
// bench/partnerships-list.bench.ts, so what is measured is what is served. The next milestone and the overdue
// counts ride the (partnershipId, completedAt, dueAt) index of PartnershipMilestone and (partnershipId, dueDate)
// of Payment.
import type { PartnershipListQuery } from '../../domain/partnerships/partnership-list-query'
import { Prisma, type Database } from '../../lib/db'
import type { PartnershipStatus, Phase, Tier } from '../../prisma/generated/enums'
import { endedPartnershipStatuses } from './partnership-workflow'

const notEnded = Prisma.sql`p.status::text NOT IN (${Prisma.join([...endedPartnershipStatuses])})`

/**
 * A milestone still to reach: open, on a partnership that has not ended. An ended partnership's open milestones were
 * not reached; they are neither next nor late (the money it still owes is).
 */
const milestoneStillAhead = Prisma.sql`m."completedAt" IS NULL AND ${notEnded}`

/** An agency has tens to hundreds of partnerships; past this the filters narrow it. */
export const partnershipListLimit = 500

export interface PartnershipListRow {
  id: string
  tier: Tier
  status: PartnershipStatus
  currentPhase: Phase
  healthScore: number | null
  atRisk: boolean
  targetEndDate: Date
  ownerId: string | null
  ownerName: string | null
  companyName: string
  nextMilestone: string | null
  nextMilestoneDueAt: Date | null
  overdueMilestones: number
  overduePayments: number
}

function whereOf(query: PartnershipListQuery, viewerId: string, now: Date): Prisma.Sql {
  const parts: Prisma.Sql[] = []
  if (query.status === 'open') parts.push(notEnded)
  else if (query.status !== 'all') parts.push(Prisma.sql`p.status = ${query.status}::"PartnershipStatus"`)
  if (query.phase) parts.push(Prisma.sql`p."currentPhase" = ${query.phase}::"Phase"`)
  if (query.health === 'healthy') {
    parts.push(Prisma.sql`NOT p."atRisk" AND (p."healthScore" IS NULL OR p."healthScore" >= 70)`)
  } else if (query.health === 'watch') {
    parts.push(Prisma.sql`NOT p."atRisk" AND p."healthScore" >= 50 AND p."healthScore" < 70`)
  } else if (query.health === 'at-risk') {
    parts.push(Prisma.sql`(p."atRisk" OR p."healthScore" < 50)`)
  }
  const lateMilestone = Prisma.sql`EXISTS (SELECT 1 FROM "PartnershipMilestone" m
    WHERE m."partnershipId" = p.id AND ${milestoneStillAhead} AND m."dueAt" < ${now})`
  const latePayment = Prisma.sql`EXISTS (SELECT 1 FROM "Payment" pay WHERE pay."partnershipId" = p.id
    AND (pay.status = 'OVERDUE' OR (pay.status = 'PENDING' AND pay."dueDate" < ${now})))`
  if (query.overdue === 'milestones') parts.push(lateMilestone)
  else if (query.overdue === 'payments') parts.push(latePayment)
  else if (query.overdue === 'any') parts.push(Prisma.sql`(${lateMilestone} OR ${latePayment})`)
  if (query.mineOnly) parts.push(Prisma.sql`p."ownerId" = ${viewerId}`)
  return parts.length === 0 ? Prisma.sql`TRUE` : Prisma.join(parts, ' AND ')
}

function orderOf(query: PartnershipListQuery): Prisma.Sql {
  const direction = query.direction === 'desc' ? Prisma.sql`DESC` : Prisma.sql`ASC`
  switch (query.sort) {
    case 'health':
      // No score yet is nobody's worry: it sorts after every scored partnership when the sickest come first.
      return Prisma.sql`p."healthScore" ${direction} NULLS LAST`
    case 'targetEnd':
      return Prisma.sql`p."targetEndDate" ${direction}`
    case 'company':
      return Prisma.sql`lower(c.name) ${direction}`
    case 'phase':
      return Prisma.sql`p."currentPhase" ${direction}`
    case 'next':
      return Prisma.sql`nm."dueAt" ${direction} NULLS LAST`
  }
}

export async function listPartnerships(
  db: Database,
  query: PartnershipListQuery,
  viewerId: string,
  now = new Date(),
): Promise<PartnershipListRow[]> {
  return db.$queryRaw<PartnershipListRow[]>`
    SELECT p.id, p.tier, p.status, p."currentPhase", p."healthScore", p."atRisk", p."targetEndDate", p."ownerId",
      u.name AS "ownerName", c.name AS "companyName",
      nm.label AS "nextMilestone", nm."dueAt" AS "nextMilestoneDueAt",
      (SELECT count(*)::int FROM "PartnershipMilestone" m
        WHERE m."partnershipId" = p.id AND ${milestoneStillAhead} AND m."dueAt" < ${now}) AS "overdueMilestones",
      (SELECT count(*)::int FROM "Payment" pay WHERE pay."partnershipId" = p.id
        AND (pay.status = 'OVERDUE' OR (pay.status = 'PENDING' AND pay."dueDate" < ${now}))) AS "overduePayments"
    FROM "Partnership" p
    JOIN "Company" c ON c.id = p."companyId"
    LEFT JOIN "User" u ON u.id = p."ownerId"
    LEFT JOIN LATERAL (
      SELECT m.label, m."dueAt" FROM "PartnershipMilestone" m
      WHERE m."partnershipId" = p.id AND ${milestoneStillAhead}
      ORDER BY m."dueAt" LIMIT 1
    ) nm ON TRUE
    WHERE ${whereOf(query, viewerId, now)}
    ORDER BY (p."ownerId" IS NOT DISTINCT FROM ${viewerId}) DESC, ${orderOf(query)}, p.id
    LIMIT ${partnershipListLimit}`
}
