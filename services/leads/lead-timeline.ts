import { buildLeadTimeline, type TimelineEntry } from '../../domain/leads/lead-timeline'
import type { Database } from '../../lib/db'

export const defaultTimelineLimit = 50
export const maxTimelineLimit = 200

/** The newest `limit` things that happened to a lead: its activity rows and the alerts people got about it. */
export async function loadLeadTimeline(
  db: Database,
  leadId: string,
  limit = defaultTimelineLimit,
): Promise<TimelineEntry[]> {
  const [activities, notifications] = await Promise.all([
    db.activity.findMany({
      where: { leadId },
      select: {
        id: true,
        type: true,
        channel: true,
        direction: true,
        subject: true,
        description: true,
        outcome: true,
        scheduledAt: true,
        completedAt: true,
        createdAt: true,
        user: { select: { name: true } },
      },
      orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
      take: limit,
    }),
    db.notification.findMany({
      where: { leadId },
      select: {
        id: true,
        kind: true,
        title: true,
        body: true,
        readAt: true,
        createdAt: true,
        user: { select: { name: true } },
      },
      orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
      take: limit,
    }),
  ])
  return buildLeadTimeline(activities, notifications, limit)
}
