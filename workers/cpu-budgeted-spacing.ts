import type { WebBusySignal } from '../lib/web-busy'

export interface CpuBudget {
  /** The share of one core the worker may use while the web process is busy (0.1: a tenth of a core). */
  share: number
  /** The spacing between new tasks the worker starts from, and never goes below. */
  minimumMs: number
  /** The widest spacing: a backlog still moves, however slow the machine (decision 0060). */
  maximumMs: number
  /** How often the worker's CPU is read. */
  windowMs: number
}

/**
 * The spacing that brings the worker's CPU to its budget, from the spacing it used and the share it measured: the
 * worker's CPU while it yields is mostly the tasks it starts, one per spacing, so share × spacing is about constant.
 * Moved halfway (geometric mean) each window, so one noisy window does not swing it.
 */
export function nextSpacingMs(spacingMs: number, measuredShare: number, budget: CpuBudget): number {
  const toBudget = spacingMs * Math.sqrt(Math.max(measuredShare, 0) / budget.share)
  return Math.round(Math.min(budget.maximumMs, Math.max(budget.minimumMs, toBudget)))
}

export interface CpuClock {
  /** CPU this process has used, user and system, all its threads (the SDK's core included), in microseconds. */
  cpuMicros(): number
  nowMs(): number
}

const processClock: CpuClock = {
  cpuMicros: () => {
    const { user, system } = process.cpuUsage()
    return user + system
  },
  nowMs: () => performance.now(),
}

/**
 * The spacing between new tasks while the web process is busy, kept so that the worker's own CPU stays within its
 * budget: wider on a slow machine, where each task costs more of what the requests need. Only windows the web process
 * was busy from start to end count; the worker's CPU at full size while it is idle says nothing about yielding.
 */
export function cpuBudgetedSpacing(
  budget: CpuBudget,
  web: Pick<WebBusySignal, 'isBusy' | 'onIdle'>,
  clock: CpuClock = processClock,
): { spacingMs(): number; tick(): void } {
  let spacing = budget.minimumMs
  let windowStart = { atMs: clock.nowMs(), cpuMicros: clock.cpuMicros(), busy: web.isBusy() }
  let wentIdle = false
  web.onIdle(() => {
    wentIdle = true
  })
  const tick = () => {
    const now = { atMs: clock.nowMs(), cpuMicros: clock.cpuMicros(), busy: web.isBusy() }
    const elapsedMs = now.atMs - windowStart.atMs
    if (windowStart.busy && now.busy && !wentIdle && elapsedMs > 0) {
      spacing = nextSpacingMs(spacing, (now.cpuMicros - windowStart.cpuMicros) / 1000 / elapsedMs, budget)
    }
    windowStart = now
    wentIdle = false
  }
  // Never keeps a process alive; a worker lives as long as its process.
  setInterval(tick, budget.windowMs).unref()
  return { spacingMs: () => spacing, tick }
}
