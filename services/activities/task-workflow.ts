import { WorkflowNotFoundError, type Client } from '@temporalio/client'
import type { taskReminderWorkflow } from '../../workflows/task-reminder'
import { taskWorkflowId } from '../../workflows/entity-ids'
import { taskClosedSignal, taskRescheduledSignal } from '../../workflows/task-messages'
import { CrmEntityType } from '../../workflows/search-attributes'
import {
  signalEntityWorkflow,
  signalRunningWorkflow,
  startEntityWorkflow,
  type EntityWorkflow,
} from '../workflows/entity-workflow-client'

// The task's side of the entity workflow client: its reminder, `task-<activityId>`.

/** A task's reminder run. A task moved after its reminder went out starts a new run under the same id. */
export function taskWorkflowOf(task: { id: string; dueAt: Date }): EntityWorkflow<typeof taskReminderWorkflow> {
  return {
    workflowType: 'taskReminderWorkflow',
    workflowId: taskWorkflowId(task.id),
    args: [{ activityId: task.id, dueAt: task.dueAt.toISOString() }],
    searchAttributes: [{ key: CrmEntityType, value: 'task' }],
    summary: 'Task reminder',
  }
}

export async function startTaskReminder(temporal: Client, task: { id: string; dueAt: Date }, taskQueue: string) {
  await startEntityWorkflow(temporal, taskWorkflowOf(task), taskQueue)
}

/** Moves the reminder; a run that has ended (it reminded already) is started again for the new due time. */
export async function rescheduleTaskReminder(temporal: Client, task: { id: string; dueAt: Date }, taskQueue: string) {
  await signalEntityWorkflow(temporal, taskWorkflowOf(task), taskQueue, taskRescheduledSignal, {
    dueAt: task.dueAt.toISOString(),
  })
}

/** Ends the reminder without reminding; a run that has ended already is left alone. */
export async function closeTaskReminder(temporal: Client, taskId: string, reason: 'completed' | 'deleted') {
  try {
    await signalRunningWorkflow(temporal, taskWorkflowId(taskId), taskClosedSignal, { reason })
  } catch (error) {
    if (error instanceof WorkflowNotFoundError) return
    throw error
  }
}
