import { currentMonth } from '../../domain/analytics/report-period'
import type { Ranked } from '../../domain/analytics/voice-metrics'
import { calendarDayOf, instantOfWallClock } from '../../domain/time/zoned-time'
import type { Database } from '../../lib/db'
import type { ActivityType } from '../../prisma/generated/enums'
import { loadMyWork, type MyWorkTask } from '../activities/my-work'
import type { AnalyticsScope } from './analytics-scope'
import { dashboardTiles, type Tile } from './tiles'
import { voiceSummaryOf, voiceTotals } from './voice-metrics'

// The home dashboard of seed 002 Appendix A: the four §10.1 tiles for this month against last, recent activity,
// the signed-in person's tasks due today, and what the voice agent heard lately.

export const recentActivityLimit = 8
/** Voice insights look at the last 30 days: a day alone is too few sessions to rank topics. */
export const voiceInsightDays = 30

export interface RecentActivity {
  id: string
  type: ActivityType
  subject: string
  at: string
  record: { path: string; name: string } | null
}

export interface VoiceInsights {
  sessionsToday: number
  sessions: number
  topTopics: Ranked[]
  conversionRate: number | null
}

export interface HomeDashboard {
  monthLabel: string
  previousLabel: string
  tiles: Tile[]
  recentActivity: RecentActivity[]
  tasks: { overdue: MyWorkTask[]; dueToday: MyWorkTask[]; truncated: boolean }
  voice: VoiceInsights
}

export async function recentActivity(db: Database, scope: AnalyticsScope): Promise<RecentActivity[]> {
  const rows = await db.activity.findMany({
    where: {
      NOT: { type: 'TASK', completedAt: null },
      // Recent means done: a call planned for tomorrow is not activity yet.
      createdAt: { lte: new Date() },
      ...(scope.ownerId === null
        ? {}
        : {
            OR: [
              { userId: scope.ownerId },
              { lead: { assignedToId: scope.ownerId } },
              { opportunity: { ownerId: scope.ownerId } },
            ],
          }),
    },
    select: {
      id: true,
      type: true,
      subject: true,
      createdAt: true,
      completedAt: true,
      leadId: true,
      opportunityId: true,
      partnershipId: true,
      companyId: true,
      lead: { select: { email: true, firstName: true, lastName: true, companyName: true } },
      opportunity: { select: { name: true } },
      company: { select: { name: true } },
    },
    orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
    take: recentActivityLimit,
  })
  return rows.map((row) => ({
    id: row.id,
    type: row.type,
    subject: row.subject,
    at: (row.completedAt ?? row.createdAt).toISOString(),
    record: row.lead
      ? {
          path: `/leads/${row.leadId}`,
          name:
            row.lead.companyName ??
            ([row.lead.firstName, row.lead.lastName].filter(Boolean).join(' ') || row.lead.email),
        }
      : row.opportunity
        ? { path: `/opportunities/${row.opportunityId}`, name: row.opportunity.name }
        : row.partnershipId
          ? { path: `/partnerships/${row.partnershipId}`, name: row.company?.name ?? 'Partnership' }
          : row.company
            ? { path: `/companies/${row.companyId}`, name: row.company.name }
            : null,
  }))
}

/** The last `voiceInsightDays` calendar days of the reader's zone, today included. */
export async function voiceInsights(
  db: Database,
  scope: AnalyticsScope,
  nowMs: number,
  timeZone: string,
): Promise<VoiceInsights> {
  const today = calendarDayOf(new Date(nowMs), timeZone)
  const midnight = (daysBack: number) =>
    instantOfWallClock(today.year, today.month, today.day - daysBack, 0, timeZone).getTime()
  const [todays, summary] = await Promise.all([
    voiceTotals(db, scope, { fromMs: midnight(0), toMs: nowMs + 1 }),
    voiceSummaryOf(db, scope, { fromMs: midnight(voiceInsightDays - 1), toMs: nowMs + 1, timeZone }),
  ])
  return {
    sessionsToday: todays.sessions,
    sessions: summary.sessions,
    topTopics: summary.topics.slice(0, 3),
    conversionRate: summary.sessionToLeadRate,
  }
}

export async function homeDashboard(
  db: Database,
  user: { userId: string },
  scope: AnalyticsScope,
  nowMs: number,
  timeZone: string,
): Promise<HomeDashboard> {
  const month = currentMonth(nowMs, timeZone)
  const [tiles, activity, work, voice] = await Promise.all([
    dashboardTiles(db, scope, month, nowMs),
    recentActivity(db, scope),
    loadMyWork(db, user.userId, new Date(nowMs), timeZone),
    voiceInsights(db, scope, nowMs, timeZone),
  ])
  return {
    monthLabel: month.label,
    previousLabel: month.previousLabel,
    tiles,
    recentActivity: activity,
    tasks: { overdue: work.overdue, dueToday: work.dueToday, truncated: work.truncated },
    voice,
  }
}
