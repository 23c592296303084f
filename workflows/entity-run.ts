// What the deal and partnership workflows share: how their activities are retried, how they refuse a change, the
// one-change-at-a-time lock and the wait for the start-up. Workflow code: deterministic, no IO.
import { ApplicationFailure, condition, patched, proxyActivities, type ActivityOptions } from '@temporalio/workflow'
import type { MoveActor } from '../domain/deals/deal-moves'

/**
 * Database writes are quick and idempotent: retried briskly and for as long as the database is away. An alert is an
 * in-app notification and an email through the outbox (which resumes the same message on retry).
 */
export function entityActivities<Activities>(nonRetryableErrorTypes: string[]) {
  const databaseOptions: ActivityOptions = {
    startToCloseTimeout: '30 seconds',
    retry: { initialInterval: '1 second', maximumInterval: '1 minute', backoffCoefficient: 2, nonRetryableErrorTypes },
  }
  const messageOptions: ActivityOptions = {
    startToCloseTimeout: '3 minutes',
    heartbeatTimeout: '30 seconds',
    retry: { initialInterval: '5 seconds', maximumInterval: '10 minutes', backoffCoefficient: 2 },
  }
  return {
    database: (summary: string) => proxyActivities<Activities>({ ...databaseOptions, summary }),
    messages: (summary: string) => proxyActivities<Activities>({ ...messageOptions, summary }),
  }
}

/** A business refusal of the workflow: not retried, its message says why, nothing was written. */
export function refusal(type: string, message: string, details?: unknown): ApplicationFailure {
  return ApplicationFailure.create({
    type,
    message,
    nonRetryable: true,
    details: details === undefined ? undefined : [details],
  })
}

export const userIdOf = (actor: MoveActor) => (actor.kind === 'user' ? actor.userId : null)

/**
 * One change at a time: each reads the state the one before it left. A chain of promises, not a flag: conditions
 * waiting on a flag are all released in the same check, before any of them can set it.
 */
export class OneAtATime {
  private tail: Promise<void> = Promise.resolve()

  async run<T>(work: () => Promise<T>): Promise<T> {
    const before = this.tail
    let release = () => {}
    this.tail = new Promise<void>((resolve) => (release = resolve))
    await before
    try {
      return await work()
    } finally {
      release()
    }
  }
}

/**
 * Changes wait until the run's start-up is recorded, so none is written beside the start-up's own writes (decision
 * 0078). Runs recorded before the patch that brought this waited only until their record was read, and replay so.
 */
export class StartUpGate {
  private waitsForStartUp = false
  private startedUp = false

  /** Asked first thing in the run, where the patch's marker belongs. */
  begin(patchId: string): void {
    this.waitsForStartUp = patched(patchId)
  }

  finish(): void {
    this.startedUp = true
  }

  /** Resolves once a change may run; `read` says whether the run has read its record (all older runs waited for). */
  passed(read: () => boolean): Promise<void> {
    return condition(() => (this.waitsForStartUp ? this.startedUp : read()))
  }
}
