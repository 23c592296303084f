// What a workflow run looked like when a test waiting on it stalled: printed before the test's own timeout, so a
// red CI run says where the run stood (its last events, its pending workflow task and activities) instead of only
// "timed out".
import type { WorkflowHandle } from '@temporalio/client'
import { temporal } from '@temporalio/proto'
import { outstandingWork } from './run-history'

const { EventType, PendingActivityState } = temporal.api.enums.v1

/** The run's last events, pending workflow task and activities, one line each. */
export async function describeStalledRun(handle: WorkflowHandle, lastEvents = 30): Promise<string> {
  const [description, history] = await Promise.all([handle.describe(), handle.fetchHistory()])
  const events = (history.events ?? []).slice(-lastEvents).map((event) => {
    const timer =
      event.timerStartedEventAttributes ?? event.timerFiredEventAttributes ?? event.timerCanceledEventAttributes
    const { seconds, nanos } = event.eventTime ?? {}
    const at = seconds ? new Date(Number(seconds) * 1000 + Math.floor((nanos ?? 0) / 1e6)).toISOString() : ''
    return `  ${event.eventId} ${EventType[event.eventType ?? 0]} ${at}${timer ? ` timer ${timer.timerId}` : ''}`
  })
  // From the history: the test server's description never names a pending workflow task.
  const { workflowTask } = outstandingWork(history.events ?? [])
  const task = workflowTask ? `  workflow task ${workflowTask}` : '  no workflow task open'
  const { pendingActivities } = description.raw
  const activities = (pendingActivities ?? []).map(
    (activity) =>
      `  activity ${activity.activityType?.name} ${PendingActivityState[activity.state ?? 0]}, attempt ${activity.attempt}` +
      (activity.lastFailure?.message ? `, last failure: ${activity.lastFailure.message}` : ''),
  )
  return [
    `Run ${handle.workflowId} is ${description.status.name}; its last ${events.length} events:`,
    ...events,
    task,
    ...activities,
  ].join('\n')
}

/** Before the tests' own timeout (120 s, vitest.config.ts), so the report comes first. */
const reportAfterMs = 90_000

/**
 * Awaits `work`; if it has not settled within `afterMs`, prints the run's state (once) and goes on waiting, so the
 * test still fails by its own timeout or assertion.
 */
export async function reportingStall<T>(handle: WorkflowHandle, work: Promise<T>, afterMs = reportAfterMs): Promise<T> {
  const timer = setTimeout(() => {
    describeStalledRun(handle)
      .then((report) => console.error(`Stalled for ${afterMs / 1000} s. ${report}`))
      .catch((error: unknown) =>
        console.error(`Stalled for ${afterMs / 1000} s; the run could not be described`, error),
      )
  }, afterMs)
  try {
    return await work
  } finally {
    clearTimeout(timer)
  }
}
