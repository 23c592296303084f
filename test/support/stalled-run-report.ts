// What a workflow run looked like when a test waiting on it stalled: the test fails with it just before its own
// timeout, so a red CI run says where the run stood (its open workflow task, activities and last events) instead of
// only "timed out".
import type { WorkflowHandle } from '@temporalio/client'
import { temporal } from '@temporalio/proto'
import { outstandingWork } from './run-history'

const { EventType, PendingActivityState } = temporal.api.enums.v1

/** The run's state in one line (status, open workflow task, activities), then its last events and activities. */
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
  const { pendingActivities } = description.raw
  const activities = (pendingActivities ?? []).map(
    (activity) =>
      `  activity ${activity.activityType?.name} ${PendingActivityState[activity.state ?? 0]}, attempt ${activity.attempt}` +
      (activity.lastFailure?.message ? `, last failure: ${activity.lastFailure.message}` : ''),
  )
  return [
    `Run ${handle.workflowId} is ${description.status.name}, workflow task ${workflowTask ?? 'none'}, ` +
      `${activities.length} activities pending; its last ${events.length} events:`,
    ...events,
    ...activities,
  ].join('\n')
}

/** Before the tests' own timeout (120 s, vitest.config.ts), so the test fails with the report, not a bare timeout. */
const reportAfterMs = 110_000

/**
 * Awaits `work`; if it has not settled within `afterMs`, fails with the run's state, which CI's test report prints
 * beside the test's name (a bare "timed out" said nothing of where the run stood).
 */
export async function reportingStall<T>(handle: WorkflowHandle, work: Promise<T>, afterMs = reportAfterMs): Promise<T> {
  let timer: NodeJS.Timeout | undefined
  const stalled = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      describeStalledRun(handle).then(
        (report) => reject(new Error(`Stalled for ${afterMs / 1000} s. ${report}`)),
        (error: unknown) =>
          reject(new Error(`Stalled for ${afterMs / 1000} s; the run could not be described: ${String(error)}`)),
      )
    }, afterMs)
  })
  try {
    return await Promise.race([work, stalled])
  } finally {
    clearTimeout(timer)
  }
}
