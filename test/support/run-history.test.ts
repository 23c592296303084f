import { temporal } from '@temporalio/proto'
import { describe, expect, it } from 'vitest'
import { idle, outstandingWork, type HistoryEvent } from './run-history'

const { EventType } = temporal.api.enums.v1
/** An event as the server sends it (ids are Longs there). */
const event = (eventId: number, eventType: number, attributes: object = {}): HistoryEvent =>
  temporal.api.history.v1.HistoryEvent.fromObject({ eventId, eventType, ...attributes })

const started = event(1, EventType.EVENT_TYPE_WORKFLOW_EXECUTION_STARTED)
const task = (first: number) => [
  event(first, EventType.EVENT_TYPE_WORKFLOW_TASK_SCHEDULED),
  event(first + 1, EventType.EVENT_TYPE_WORKFLOW_TASK_STARTED),
  event(first + 2, EventType.EVENT_TYPE_WORKFLOW_TASK_COMPLETED),
]
const activityScheduled = event(5, EventType.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED)

describe('what a run still owes a worker, from its history', () => {
  it.each([
    ['a task scheduled, no worker has it', [started, ...task(2).slice(0, 1)], 'scheduled', []],
    ['a task a worker has', [started, ...task(2).slice(0, 2)], 'started', []],
    ['a task completed, an activity scheduled', [started, ...task(2), activityScheduled], null, ['5']],
    [
      'the activity completed and the task it woke completed',
      [
        started,
        ...task(2),
        activityScheduled,
        event(6, EventType.EVENT_TYPE_ACTIVITY_TASK_STARTED, {
          activityTaskStartedEventAttributes: { scheduledEventId: 5 },
        }),
        event(7, EventType.EVENT_TYPE_ACTIVITY_TASK_COMPLETED, {
          activityTaskCompletedEventAttributes: { scheduledEventId: 5 },
        }),
        ...task(8),
      ],
      null,
      [],
    ],
    [
      'a task that timed out, scheduled again',
      [
        started,
        ...task(2).slice(0, 2),
        event(4, EventType.EVENT_TYPE_WORKFLOW_TASK_TIMED_OUT),
        event(5, EventType.EVENT_TYPE_WORKFLOW_TASK_SCHEDULED),
      ],
      'scheduled',
      [],
    ],
  ] as const)('%s', (_, events, workflowTask, activities) => {
    expect(outstandingWork([...events])).toEqual({ workflowTask, activities })
    expect(idle([...events])).toBe(workflowTask === null && activities.length === 0)
  })

  it('a run that continued as new is not idle: its successor has the work', () => {
    const continued = event(5, EventType.EVENT_TYPE_WORKFLOW_EXECUTION_CONTINUED_AS_NEW, {
      workflowExecutionContinuedAsNewEventAttributes: {},
    })
    expect(idle([started, ...task(2), continued])).toBe(false)
  })
})
