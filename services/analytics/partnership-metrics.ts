import { mrrSummary, type MrrSummary, type PartnershipMrr } from '../../domain/analytics/mrr-movements'
import { healthBandOf, type HealthBand } from '../../domain/partnerships/health-score'
import { endedPartnershipStatuses } from '../../domain/partnerships/partnership-changes'
import { Prisma, type Database } from '../../lib/db'
import type { PartnershipStatus } from '../../prisma/generated/enums'
import { at, partnershipScope, type AnalyticsScope } from './analytics-scope'
import { billingStatuses } from './standing'

// §10.2 partnership metrics and §10.1 MRR movements for one period, from the status history and payments.

type Range = { fromMs: number; toMs: number }
const dayMs = 24 * 60 * 60 * 1000

interface PartnershipRow {
  id: string
  monthlyFee: number
  startDate: Date
  statusAtStart: PartnershipStatus | null
  statusAtEnd: PartnershipStatus | null
  healthScore: number | null
  status: PartnershipStatus
  referralsMade: number
  testimonialProvided: boolean
  endedAt: Date | null
  endedAs: PartnershipStatus | null
}

export interface PartnershipSummary {
  mrr: MrrSummary
  /** The open partnerships (billing or paused) by §9.3 health band, as they stand. */
  health: Record<HealthBand, number>
  /** Partnerships that graduated or churned in the period. */
  ended: number
  graduated: number
  graduationRate: number | null
  /** Mean days from start to graduation or churn, of those that ended in the period. */
  averageDurationDays: number | null
  /** Of the partnerships that ran during the period: the share that made a referral, gave a testimonial. */
  ran: number
  referralRate: number | null
  testimonialRate: number | null
}

const billing = new Set<string>(billingStatuses)

export async function partnershipSummary(
  db: Database,
  scope: AnalyticsScope,
  range: Range,
  endMs: number,
): Promise<PartnershipSummary> {
  const rows = await db.$queryRaw<PartnershipRow[]>`
    SELECT p.id, p."monthlyFee"::float8 AS "monthlyFee", p."startDate", p."healthScore", p.status::text AS status,
           p."referralsMade", p."testimonialProvided",
           CASE WHEN p."startDate" <= ${at(range.fromMs)}::timestamp
                THEN COALESCE(s0."toStatus", p.status)::text END AS "statusAtStart",
           CASE WHEN p."startDate" <= ${at(endMs)}::timestamp
                THEN COALESCE(s1."toStatus", p.status)::text END AS "statusAtEnd",
           e.at AS "endedAt", e."toStatus"::text AS "endedAs"
    FROM "Partnership" p
    LEFT JOIN LATERAL (
      SELECT c."toStatus" FROM "PartnershipStatusChange" c
      WHERE c."partnershipId" = p.id AND c.at <= ${at(range.fromMs)}::timestamp ORDER BY c.at DESC LIMIT 1
    ) s0 ON TRUE
    LEFT JOIN LATERAL (
      SELECT c."toStatus" FROM "PartnershipStatusChange" c
      WHERE c."partnershipId" = p.id AND c.at <= ${at(endMs)}::timestamp ORDER BY c.at DESC LIMIT 1
    ) s1 ON TRUE
    LEFT JOIN LATERAL (
      SELECT c.at, c."toStatus" FROM "PartnershipStatusChange" c
      WHERE c."partnershipId" = p.id AND c."toStatus"::text IN (${Prisma.join([...endedPartnershipStatuses])})
        AND c.at >= ${at(range.fromMs)}::timestamp AND c.at < ${at(range.toMs)}::timestamp
      ORDER BY c.at DESC LIMIT 1
    ) e ON TRUE
    WHERE p."startDate" < ${at(range.toMs)}::timestamp AND ${partnershipScope(scope)}`

  const mrrOf = (status: PartnershipStatus | null, fee: number) => (status && billing.has(status) ? fee : 0)
  const facts: PartnershipMrr[] = rows.map((row) => ({
    partnershipId: row.id,
    startMrr: mrrOf(row.statusAtStart, row.monthlyFee),
    endMrr: mrrOf(row.statusAtEnd, row.monthlyFee),
    // It started before the period: a 0 → fee move is a pause ending, i.e. a reactivation.
    billedBefore: row.startDate.getTime() < range.fromMs,
    endStatus:
      row.statusAtEnd === 'GRADUATED' || row.statusAtEnd === 'CHURNED' || row.statusAtEnd === 'PAUSED'
        ? row.statusAtEnd
        : 'OTHER',
  }))

  const health: Record<HealthBand, number> = { healthy: 0, watch: 0, 'at-risk': 0 }
  for (const row of rows) {
    if (billing.has(row.status) || row.status === 'PAUSED') health[healthBandOf(row.healthScore)] += 1
  }
  const ended = rows.filter((row) => row.endedAt !== null)
  const graduated = ended.filter((row) => row.endedAs === 'GRADUATED').length
  const durations = ended.map((row) => (row.endedAt!.getTime() - row.startDate.getTime()) / dayMs)
  const share = (part: number, whole: number) => (whole === 0 ? null : part / whole)
  return {
    mrr: mrrSummary(facts),
    health,
    ended: ended.length,
    graduated,
    graduationRate: share(graduated, ended.length),
    averageDurationDays: durations.length === 0 ? null : durations.reduce((a, b) => a + b, 0) / durations.length,
    ran: rows.length,
    referralRate: share(rows.filter((row) => row.referralsMade > 0).length, rows.length),
    testimonialRate: share(rows.filter((row) => row.testimonialProvided).length, rows.length),
  }
}
