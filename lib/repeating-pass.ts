import { logger } from './logger'

// A pass over a durable queue (rows in PostgreSQL) repeated by the web process: the workflow reconciler and the
// webhook retrier. The rows are the state; the loop only reads them, so a restart loses nothing.

export interface RepeatingPass<Args extends unknown[], Result> {
  /** One pass now (tests, and the loop itself). */
  runOnce(...args: Args): Promise<Result>
  /** Stops the loop and waits for a pass in flight to finish. */
  stop(): Promise<void>
  /** True once `stop` was called: a long pass ends early. */
  stopped(): boolean
}

/**
 * Runs `pass` every `intervalMs`, the first after `firstDelayMs`; a failed pass is logged and the next one runs on
 * time. `intervalMs: null` runs no loop: passes run only when called.
 */
export function startRepeatingPass<Args extends unknown[], Result>(
  name: string,
  pass: (...args: Args) => Promise<Result>,
  { intervalMs, firstDelayMs = intervalMs ?? 0 }: { intervalMs: number | null; firstDelayMs?: number },
): RepeatingPass<Args, Result> {
  let stopped = false
  let timer: NodeJS.Timeout | undefined
  let inFlight: Promise<unknown> = Promise.resolve()

  function schedule(delayMs: number) {
    if (stopped || intervalMs === null) return
    timer = setTimeout(() => {
      inFlight = (pass as () => Promise<Result>)()
        .catch((error: unknown) => logger.error(`The ${name} pass failed`, { error }))
        .finally(() => schedule(intervalMs))
    }, delayMs)
  }
  schedule(firstDelayMs)

  return {
    runOnce: (...args) => {
      const run = pass(...args)
      inFlight = run.catch(() => {})
      return run
    },
    async stop() {
      stopped = true
      clearTimeout(timer)
      await inFlight
    },
    stopped: () => stopped,
  }
}
