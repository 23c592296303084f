import { describe, expect, it } from 'vitest'
import { failuresInARowAfterDeath, restartBackoff, restartDelayMs } from './restart-backoff'

describe('restart backoff', () => {
  it('waits 1 s after the first failure and doubles up to 30 s', () => {
    // 1, 2, 4, 8, 16, then 32 is over the 30 s cap.
    const waits = [1, 2, 3, 4, 5, 6, 7, 50, 5_000].map((failures) => restartDelayMs(failures))
    expect(waits).toEqual([1_000, 2_000, 4_000, 8_000, 16_000, 30_000, 30_000, 30_000, 30_000])
  })

  it('counts a death after less than a minute up as one more failure in a row', () => {
    expect(failuresInARowAfterDeath(0, 500)).toBe(1)
    expect(failuresInARowAfterDeath(3, 59_999)).toBe(4)
  })

  it('starts again at 1 s once a run stayed up a minute', () => {
    const failures = failuresInARowAfterDeath(6, 60_000)
    expect(failures).toBe(1)
    expect(restartDelayMs(failures)).toBe(1_000)
  })

  it('follows another policy given to it', () => {
    const policy = { initialDelayMs: 50, maxDelayMs: 300, healthyAfterMs: 1_000 }
    expect([1, 2, 3, 4, 5].map((failures) => restartDelayMs(failures, policy))).toEqual([50, 100, 200, 300, 300])
    expect(failuresInARowAfterDeath(4, 1_000, policy)).toBe(1)
    expect(restartBackoff).toEqual({ initialDelayMs: 1_000, maxDelayMs: 30_000, healthyAfterMs: 60_000 })
  })
})
