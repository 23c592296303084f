import { describe, expect, it } from 'vitest'
import { retryAfterSeconds, signInLimits, signInLockedUntil, waitInWords } from './sign-in-limits'

const now = new Date('2026-12-01T12:00:00Z')
const minutesAgo = (minutes: number) => new Date(now.getTime() - minutes * 60_000)

describe('sign-in limits', () => {
  it('allows 5 failures of one email from one address, and 50 from one address, per 15 minutes', () => {
    expect(signInLimits(5)).toEqual({ perEmailAndAddress: 5, perAddress: 50 })
  })

  it('locks a pair with 5 failures in the window until the 5th newest is 15 minutes old', () => {
    const pair = [1, 2, 3, 4, 12].map(minutesAgo)
    // The oldest of the five (12 minutes ago) leaves the window in 3 minutes.
    expect(signInLockedUntil({ pair, address: pair }, signInLimits(5), now)).toEqual(minutesAgo(12 - 15))
    expect(signInLockedUntil({ pair: pair.slice(0, 4), address: pair }, signInLimits(5), now)).toBeNull()
  })

  it('locks an address after 50 failures across accounts, and says the later end when both apply', () => {
    const address = Array.from({ length: 50 }, (_, index) => minutesAgo(index * 0.2))
    // The 50th newest was 9.8 minutes ago: 5.2 minutes to go.
    expect(signInLockedUntil({ pair: [], address }, signInLimits(5), now)).toEqual(minutesAgo(9.8 - 15))
    const pair = [1, 2, 3, 4, 14].map(minutesAgo)
    expect(signInLockedUntil({ pair, address }, signInLimits(5), now)).toEqual(minutesAgo(9.8 - 15))
  })

  it('names the wait in whole minutes rounded up, and Retry-After in seconds', () => {
    const until = new Date(now.getTime() + 3 * 60_000 + 1_000)
    expect(waitInWords(until, now)).toBe('Try again in 4 minutes.')
    expect(waitInWords(new Date(now.getTime() + 20_000), now)).toBe('Try again in 1 minute.')
    expect(retryAfterSeconds(until, now)).toBe(181)
  })
})
