// When a supervised process dies, how long `npm start` waits before starting it again. Pure, so the numbers can be
// read and tested without processes: 1 s, doubling to 30 s while it keeps dying; a run that stayed up a minute
// counts as healthy, and the next death starts again at 1 s.

export interface RestartBackoff {
  initialDelayMs: number
  maxDelayMs: number
  /** A run that stayed up this long was healthy: the next failure counts as the first again. */
  healthyAfterMs: number
}

export const restartBackoff: RestartBackoff = { initialDelayMs: 1_000, maxDelayMs: 30_000, healthyAfterMs: 60_000 }

/** The wait before the next start, after `failuresInARow` failed runs or start attempts (≥ 1). */
export function restartDelayMs(failuresInARow: number, policy: RestartBackoff = restartBackoff): number {
  const doublings = Math.max(0, failuresInARow - 1)
  // Capped before exponentiation, so a long outage cannot overflow to Infinity.
  const ceiling = Math.ceil(Math.log2(policy.maxDelayMs / policy.initialDelayMs))
  return Math.min(policy.maxDelayMs, policy.initialDelayMs * 2 ** Math.min(doublings, Math.max(0, ceiling)))
}

/** The count of failures in a row once a run that was up for `upForMs` has died. */
export function failuresInARowAfterDeath(
  failuresInARow: number,
  upForMs: number,
  policy: RestartBackoff = restartBackoff,
): number {
  return upForMs >= policy.healthyAfterMs ? 1 : failuresInARow + 1
}
