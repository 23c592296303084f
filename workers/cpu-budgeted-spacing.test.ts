import { describe, expect, it } from 'vitest'
import { cpuBudgetedSpacing, nextSpacingMs, type CpuBudget } from './cpu-budgeted-spacing'

// The interval never fires within a test: each window is read by `tick`.
const budget: CpuBudget = { share: 0.1, minimumMs: 250, maximumMs: 2_000, windowMs: 60_000 }

describe('nextSpacingMs', () => {
  it('moves halfway (geometrically) to the spacing that would meet the budget', () => {
    // 0.4 of a core is 4 × the budget: the spacing that meets it is 4 × 250 ms; halfway is √4 × 250 = 500 ms.
    expect(nextSpacingMs(250, 0.4, budget)).toBe(500)
    // A quarter of the budget at 1,000 ms: √0.25 × 1,000 = 500 ms.
    expect(nextSpacingMs(1_000, 0.025, budget)).toBe(500)
    // At the budget it stays.
    expect(nextSpacingMs(700, 0.1, budget)).toBe(700)
  })

  it('stays between its minimum and its maximum', () => {
    expect(nextSpacingMs(1_000, 10, budget)).toBe(2_000)
    expect(nextSpacingMs(300, 0, budget)).toBe(250)
  })
})

function fakes() {
  const clock = { atMs: 0, cpu: 0, cpuMicros: () => clock.cpu, nowMs: () => clock.atMs }
  const idleListeners: Array<() => void> = []
  const web = {
    busy: true,
    isBusy: () => web.busy,
    onIdle: (listener: () => void) => void idleListeners.push(listener),
    goIdleAndBack() {
      for (const listener of idleListeners) listener()
    },
  }
  const spacing = cpuBudgetedSpacing(budget, web, clock)
  /** One second in which the worker used `cpuMs` of CPU; answers the spacing after it. */
  const second = (cpuMs: number) => {
    clock.atMs += 1_000
    clock.cpu += cpuMs * 1_000
    spacing.tick()
    return spacing.spacingMs()
  }
  return { web, spacing, second }
}

describe('cpuBudgetedSpacing', () => {
  it('widens the spacing from what the worker used while the web process was busy, and narrows it again', () => {
    const { spacing, second } = fakes()
    expect(spacing.spacingMs()).toBe(250)
    // 400 ms of CPU in a busy second is 0.4 of a core: √4 × 250 = 500.
    expect(second(400)).toBe(500)
    // 25 ms in the next busy second: 0.025; √0.25 × 500 = 250.
    expect(second(25)).toBe(250)
  })

  it('ignores a window the web process was idle in, at either end or between', () => {
    const { web, second } = fakes()
    // Idle for a moment within the window: the worker ran at full size, a whole core.
    web.goIdleAndBack()
    expect(second(1_000)).toBe(250)
    // Idle at the window's end.
    web.busy = false
    expect(second(1_000)).toBe(250)
    // Idle at its start, busy at its end.
    web.busy = true
    expect(second(1_000)).toBe(250)
    // A whole busy window at 0.4 of a core counts.
    expect(second(400)).toBe(500)
  })
})
