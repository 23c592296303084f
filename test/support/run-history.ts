// What a run still owes a worker, read from its history: the time-skipping test server never fills a description's
// pending workflow task, so `describe` shows a run with a task no worker has taken as having none (decision 0077).
import type { WorkflowHandle } from '@temporalio/client'
import { temporal } from '@temporalio/proto'

const { EventType } = temporal.api.enums.v1
export type HistoryEvent = temporal.api.history.v1.IHistoryEvent

export interface OutstandingWork {
  /** The run's open workflow task: scheduled (no worker has it yet) or started (a worker has it). */
  workflowTask: 'scheduled' | 'started' | null
  /** Ids of the events that scheduled activities not yet completed, failed, timed out or cancelled. */
  activities: string[]
}

export function outstandingWork(events: HistoryEvent[]): OutstandingWork {
  let workflowTask: OutstandingWork['workflowTask'] = null
  const activities = new Set<string>()
  for (const each of events) {
    if (each.eventType === EventType.EVENT_TYPE_WORKFLOW_TASK_SCHEDULED) workflowTask = 'scheduled'
    if (each.eventType === EventType.EVENT_TYPE_WORKFLOW_TASK_STARTED) workflowTask = 'started'
    if (
      each.eventType === EventType.EVENT_TYPE_WORKFLOW_TASK_COMPLETED ||
      each.eventType === EventType.EVENT_TYPE_WORKFLOW_TASK_FAILED ||
      each.eventType === EventType.EVENT_TYPE_WORKFLOW_TASK_TIMED_OUT
    )
      workflowTask = null
    if (each.eventType === EventType.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED) activities.add(String(each.eventId))
    const closed =
      each.activityTaskCompletedEventAttributes ??
      each.activityTaskFailedEventAttributes ??
      each.activityTaskTimedOutEventAttributes ??
      each.activityTaskCanceledEventAttributes
    if (closed) activities.delete(String(closed.scheduledEventId))
  }
  return { workflowTask, activities: [...activities] }
}

/** True when the run waits only for a timer or a message: no workflow task and no activity outstanding. */
export function idle(events: HistoryEvent[]): boolean {
  if (events.some((each) => each.workflowExecutionContinuedAsNewEventAttributes)) return false
  const { workflowTask, activities } = outstandingWork(events)
  return workflowTask === null && activities.length === 0
}

/**
 * Waits until the run is idle and `also` holds, or fails saying what it still owed. On the time-skipping server a
 * task no worker takes stops the clock for every run, so a test that stops its worker must first wait for this.
 */
export async function untilIdle(
  handle: WorkflowHandle,
  also: () => boolean = () => true,
  timeoutMs = 60_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs
  let events: HistoryEvent[] = []
  while (Date.now() < deadline) {
    events = (await handle.fetchHistory()).events ?? []
    if (idle(events) && also()) return
    await new Promise((resolve) => setTimeout(resolve, 25))
  }
  const { workflowTask, activities } = outstandingWork(events)
  throw new Error(
    `Run ${handle.workflowId} was not idle after ${timeoutMs / 1000} s: workflow task ${workflowTask ?? 'none'}, ` +
      `${activities.length} activities open${idle(events) ? ", and the test's own condition did not hold" : ''}`,
  )
}

/**
 * Ends a test's run the way a person would (`close`), on a worker the caller keeps running, and waits until it has
 * closed; a run still open after that is terminated. A run left open would fire its timers on a later test's sleep with
 * no worker to take the task, and an update sent to a run that has ended only waits out the server's deadline, so
 * `close` is asked of a running run only (decision 0077).
 */
export async function endTestRun(handle: WorkflowHandle, close: () => Promise<unknown>): Promise<void> {
  const running = async () => (await handle.describe()).status.name === 'RUNNING'
  if (!(await running())) return
  await close().catch(() => undefined)
  for (let attempt = 0; attempt < 400 && (await running()); attempt += 1) {
    await new Promise((resolve) => setTimeout(resolve, 25))
  }
  if (await running()) await handle.terminate('Test over')
}
