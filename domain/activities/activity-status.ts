import type { ActivityType } from '../../prisma/generated/enums'

export type ActivityStatus = 'open' | 'done' | 'scheduled'

/**
 * Where a piece of work stands: a task is open until it is done; other work is planned ("scheduled") only when it has
 * a time set and is not done yet (a meeting to come). Anything else is a record of what happened when it was written:
 * a note, an email received, a system event.
 */
export function activityStatus(activity: {
  type: ActivityType
  completedAt: Date | null
  scheduledAt: Date | null
}): ActivityStatus {
  if (activity.type === 'TASK') return activity.completedAt ? 'done' : 'open'
  return activity.completedAt === null && activity.scheduledAt !== null ? 'scheduled' : 'done'
}
