import type { Database } from '../lib/db'
import { fullName } from './format'

/** How many of a person's newest notifications the page shows. */
export const notificationPageSize = 100

/** The record a notification is about and how the page names it: a lead, a deal or a partnership. */
export interface NotificationRecord {
  href: string
  label: string
}

/** The signed-in person's notifications, newest first (the owner alerts of activities/notifications.ts). */
export async function listNotifications(db: Database, userId: string) {
  const rows = await db.notification.findMany({
    where: { userId },
    select: {
      id: true,
      kind: true,
      title: true,
      body: true,
      readAt: true,
      createdAt: true,
      lead: { select: { id: true, firstName: true, lastName: true, email: true } },
      opportunity: { select: { id: true, name: true } },
      partnership: { select: { id: true, company: { select: { name: true } } } },
    },
    orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
    take: notificationPageSize,
  })
  return rows.map(({ lead, opportunity, partnership, ...notification }) => ({
    ...notification,
    record: recordOf({ lead, opportunity, partnership }),
  }))
}

function recordOf({
  lead,
  opportunity,
  partnership,
}: {
  lead: { id: string; firstName: string | null; lastName: string | null; email: string } | null
  opportunity: { id: string; name: string } | null
  partnership: { id: string; company: { name: string } } | null
}): NotificationRecord | null {
  if (lead) return { href: `/leads/${lead.id}`, label: `Open ${fullName(lead) ?? lead.email}` }
  if (opportunity) return { href: `/opportunities/${opportunity.id}`, label: `Open the deal ${opportunity.name}` }
  if (partnership) {
    return { href: `/partnerships/${partnership.id}`, label: `Open the partnership with ${partnership.company.name}` }
  }
  return null
}

/** The number on the top bar's badge. */
export function unreadNotificationCount(db: Database, userId: string): Promise<number> {
  return db.notification.count({ where: { userId, readAt: null } })
}

/**
 * Marks one of the person's own notifications read. Reading it again keeps the first time; another person's
 * notification, or none, is `false` (the page answers 404, so ids cannot be probed).
 */
export async function markNotificationRead(
  db: Database,
  userId: string,
  notificationId: string,
  now: Date,
): Promise<boolean> {
  const own = await db.notification.findFirst({ where: { id: notificationId, userId }, select: { id: true } })
  if (!own) return false
  await db.notification.updateMany({ where: { id: notificationId, userId, readAt: null }, data: { readAt: now } })
  return true
}

/** Marks every unread notification of the person read; returns how many changed. */
export async function markAllNotificationsRead(db: Database, userId: string, now: Date): Promise<number> {
  const { count } = await db.notification.updateMany({ where: { userId, readAt: null }, data: { readAt: now } })
  return count
}
