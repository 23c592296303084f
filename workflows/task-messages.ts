// Messages of a task's reminder workflow, shared by the workflow and its clients (services, tests).
// Imported by workflow code: types and message definitions only.
import { defineQuery, defineSignal } from '@temporalio/workflow'

export { taskWorkflowId } from './entity-ids'

export interface TaskReminderInput {
  /** The task: an Activity row of type TASK. */
  activityId: string
  /** ISO due time when the run started. */
  dueAt: string
}

/** The task's due time moved: the reminder moves with it (and reminds again if it had reminded already). */
export const taskRescheduledSignal = defineSignal<[{ dueAt: string }]>('taskRescheduled')

/** The task was completed or deleted: the run ends without reminding. */
export const taskClosedSignal = defineSignal<[{ reason: 'completed' | 'deleted' }]>('taskClosed')

export interface TaskReminderStatus {
  activityId: string
  dueAt: string
  /** When the reminder goes out; null once it has, or once the task is closed. */
  remindsAt: string | null
  closed: 'completed' | 'deleted' | null
}

export const taskReminderStatusQuery = defineQuery<TaskReminderStatus>('taskReminderStatus')

export interface TaskReminderResult {
  reminded: boolean
  /** Why it ended: "Reminded", "Task completed", "Task deleted", "Task no longer open". */
  reason: string
}
