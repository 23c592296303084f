import { describe, expect, it } from 'vitest'
import { frequencyCapDeferral, frequencyCapWindowMs } from './frequency-cap'

const now = new Date('2026-11-23T12:00:00.000Z')
const daysAgo = (days: number) => new Date(now.getTime() - days * 86_400_000)

describe('frequencyCapDeferral', () => {
  it('allows while fewer than maxPerWeek went out in the trailing 7 days', () => {
    expect(frequencyCapDeferral(now, [], 4)).toEqual({ allowed: true })
    expect(frequencyCapDeferral(now, [daysAgo(1), daysAgo(2), daysAgo(3)], 4)).toEqual({ allowed: true })
  })

  it('defers at the cap until the oldest in-window send leaves the window', () => {
    const sends = [daysAgo(0.5), daysAgo(6), daysAgo(2), daysAgo(4)]
    const decision = frequencyCapDeferral(now, sends, 4)
    expect(decision).toEqual({
      allowed: false,
      until: new Date(daysAgo(6).getTime() + frequencyCapWindowMs),
      reason: 'Frequency cap (4 of 4 emails a week already sent in the last 7 days)',
    })
    if (decision.allowed) throw new Error('unreachable')
    expect(decision.until.toISOString()).toBe('2026-11-24T12:00:00.000Z')
    // At `until` exactly, the oldest has left the window (now − 7 d is excluded) and one more fits.
    expect(frequencyCapDeferral(decision.until, sends, 4)).toEqual({ allowed: true })
    expect(frequencyCapDeferral(new Date(decision.until.getTime() - 1), sends, 4).allowed).toBe(false)
  })

  it('counts the window as (now − 7 days, now]: exactly 7 days old is out, a millisecond younger is in', () => {
    const exactlyAWeek = new Date(now.getTime() - frequencyCapWindowMs)
    const justInside = new Date(exactlyAWeek.getTime() + 1)
    expect(frequencyCapDeferral(now, [exactlyAWeek, daysAgo(1)], 2)).toEqual({ allowed: true })
    expect(frequencyCapDeferral(now, [justInside, daysAgo(1)], 2).allowed).toBe(false)
    expect(frequencyCapDeferral(now, [now, daysAgo(1)], 2).allowed).toBe(false)
  })

  it('ignores sends after now (another run of the clock) and older than a week', () => {
    const later = new Date(now.getTime() + 60_000)
    expect(frequencyCapDeferral(now, [later, later, daysAgo(8), daysAgo(30), daysAgo(1)], 2)).toEqual({ allowed: true })
  })

  it('over the cap, waits until enough sends have left for one more to fit', () => {
    const sends = [daysAgo(1), daysAgo(2), daysAgo(3), daysAgo(5), daysAgo(6)]
    const decision = frequencyCapDeferral(now, sends, 3)
    if (decision.allowed) throw new Error('expected a deferral')
    // 5 in the window, cap 3: one more fits at 2 in the window, so the three oldest (6, 5, 3 days) must leave.
    expect(decision.until).toEqual(new Date(daysAgo(3).getTime() + frequencyCapWindowMs))
    expect(frequencyCapDeferral(decision.until, sends, 3)).toEqual({ allowed: true })
    expect(frequencyCapDeferral(new Date(decision.until.getTime() - 1), sends, 3).allowed).toBe(false)
  })

  it('with a cap of 0 never allows, looking again in a week', () => {
    expect(frequencyCapDeferral(now, [], 0)).toEqual({
      allowed: false,
      until: new Date(now.getTime() + frequencyCapWindowMs),
      reason: 'Frequency cap (the person accepts no marketing emails)',
    })
  })

  it('refuses a negative or fractional cap', () => {
    expect(() => frequencyCapDeferral(now, [], -1)).toThrow(RangeError)
    expect(() => frequencyCapDeferral(now, [], 2.5)).toThrow(RangeError)
  })
})
