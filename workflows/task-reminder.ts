import { ActivityFailure, ApplicationFailure, condition, proxyActivities, setHandler } from '@temporalio/workflow'
import type { createNotificationActivities } from '../activities/notifications'
import { taskNotOpenFailureType } from '../activities/notification-contract'
import { taskReminderAt } from '../domain/activities/task-policy'
import {
  taskClosedSignal,
  taskReminderStatusQuery,
  taskRescheduledSignal,
  type TaskReminderInput,
  type TaskReminderResult,
} from './task-messages'

const { notifyOwner } = proxyActivities<ReturnType<typeof createNotificationActivities>>({
  startToCloseTimeout: '1 minute',
  retry: { initialInterval: '1 second', maximumInterval: '1 minute', backoffCoefficient: 2 },
})

function notOpenAnymore(error: unknown): boolean {
  return (
    error instanceof ActivityFailure &&
    error.cause instanceof ApplicationFailure &&
    (error.cause.type === taskNotOpenFailureType || error.cause.type === 'RecordNotFound')
  )
}

/**
 * A task's reminder (seed 001 "task management"): waits until shortly before the task is due, then notifies its
 * owner once and ends. Moving the due time moves the wait; completing or deleting the task ends it silently. One
 * run per task, `task-<activityId>`; a task moved after its reminder went out gets a new run from its client.
 */
export async function taskReminderWorkflow({
  activityId,
  dueAt: startDueAt,
}: TaskReminderInput): Promise<TaskReminderResult> {
  let dueAt = startDueAt
  let closed: 'completed' | 'deleted' | null = null
  let remindsAt: string | null = taskReminderAt(new Date(dueAt)).toISOString()

  setHandler(taskRescheduledSignal, (change) => {
    if (closed === null) dueAt = change.dueAt
  })
  setHandler(taskClosedSignal, ({ reason }) => {
    closed ??= reason
  })
  setHandler(taskReminderStatusQuery, () => ({
    activityId,
    dueAt,
    remindsAt: closed === null ? remindsAt : null,
    closed,
  }))

  for (;;) {
    const waitingFor = dueAt
    remindsAt = taskReminderAt(new Date(waitingFor)).toISOString()
    const remaining = Date.parse(remindsAt) - Date.now()
    if (remaining > 0) {
      await condition(() => closed !== null || dueAt !== waitingFor, remaining, {
        summary: `Remind the task's owner at ${remindsAt} (due ${waitingFor})`,
      })
    }
    if (closed !== null) return { reminded: false, reason: closed === 'completed' ? 'Task completed' : 'Task deleted' }
    if (dueAt !== waitingFor) continue

    try {
      await notifyOwner({
        entity: { type: 'task', id: activityId },
        kind: 'TASK_DUE',
        // One reminder per due time: a task moved after its reminder reminds again for the new time.
        idempotencyKey: `task-${activityId}/due/${waitingFor}`,
        taskDueAt: waitingFor,
        now: new Date(Date.now()).toISOString(),
      })
    } catch (error) {
      // Completed, deleted or moved in the database while its signal was lost (Temporal was away): nothing to remind.
      if (notOpenAnymore(error)) return { reminded: false, reason: 'Task no longer open' }
      throw error
    }
    remindsAt = null
    // Moved while the reminder was going out: the new due time gets its own reminder.
    if (closed === null && dueAt !== waitingFor) continue
    return { reminded: true, reason: 'Reminded' }
  }
}
