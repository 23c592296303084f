// Failed sign-ins (§14.1) are limited per account *and* address, so one person guessing cannot lock out the
// colleagues behind the same office NAT, and per address at a much higher rate, which slows password spraying
// across many accounts from one machine. Decided in docs/decisions/0008-sign-in-and-lists.md.
import { countOf } from '../formatting/plural'

export const signInWindowMs = 15 * 60_000

/** How many failures from one address (any account) are allowed per window, for a per-pair limit. */
export const addressLimitFactor = 10

export interface SignInLimits {
  /** Failures of one email from one address per window (SIGN_IN_ATTEMPTS_PER_15_MINUTES). */
  perEmailAndAddress: number
  /** Failures from one address, whatever the email. */
  perAddress: number
}

export function signInLimits(perEmailAndAddress: number): SignInLimits {
  return { perEmailAndAddress, perAddress: perEmailAndAddress * addressLimitFactor }
}

/**
 * When attempts may start again, or null when they may go ahead now. Each list holds the failure times inside
 * the window, newest first (at least `limit` of them when there are that many): once the limit-th newest leaves
 * the window, fewer than `limit` remain.
 */
export function signInLockedUntil(
  failures: { pair: Date[]; address: Date[] },
  limits: SignInLimits,
  now: Date,
): Date | null {
  const until = [lockEnd(failures.pair, limits.perEmailAndAddress), lockEnd(failures.address, limits.perAddress)]
    .filter((end): end is Date => end !== null && end.getTime() > now.getTime())
    .sort((a, b) => b.getTime() - a.getTime())
  return until[0] ?? null
}

function lockEnd(newestFirst: Date[], limit: number): Date | null {
  const limiting = newestFirst[limit - 1]
  return limiting ? new Date(limiting.getTime() + signInWindowMs) : null
}

/** "Try again in N minutes", rounded up, never "0 minutes". */
export function waitInWords(until: Date, now: Date): string {
  const minutes = Math.max(1, Math.ceil((until.getTime() - now.getTime()) / 60_000))
  return `Try again in ${countOf(minutes, 'minute')}.`
}

/** Whole seconds for a Retry-After header, at least 1. */
export function retryAfterSeconds(until: Date, now: Date): number {
  return Math.max(1, Math.ceil((until.getTime() - now.getTime()) / 1000))
}
