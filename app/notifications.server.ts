import type { Database } from '../lib/db'

/** How many of a person's newest notifications the page shows. */
export const notificationPageSize = 100

/** The signed-in person's notifications, newest first (the owner alerts of activities/notifications.ts). */
export function listNotifications(db: Database, userId: string) {
  return db.notification.findMany({
    where: { userId },
    select: {
      id: true,
      kind: true,
      title: true,
      body: true,
      readAt: true,
      createdAt: true,
      lead: { select: { id: true, firstName: true, lastName: true, email: true } },
    },
    orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
    take: notificationPageSize,
  })
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
