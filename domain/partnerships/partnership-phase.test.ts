import { describe, expect, it } from 'vitest'
import { completeMilestone, initialPlan } from './milestone-plan'
import { engagementWeek, phaseOf, runningStatusOf } from './partnership-phase'

const start = Date.parse('2027-01-04T15:00:00Z')
const day = 24 * 60 * 60 * 1000
const clock = (dayOfEngagement: number, extra: { kickoffDone?: boolean; pausedDays?: number } = {}) => ({
  plan: initialPlan('FOUNDATION', start),
  nowMs: start + dayOfEngagement * day,
  pausedMs: (extra.pausedDays ?? 0) * day,
  kickoffDone: extra.kickoffDone ?? true,
})

describe('the phases of §5.1 over a Foundation partnership (12 weeks)', () => {
  it.each([
    [0, false, 'ONBOARDING', 1],
    [3, true, 'DISCOVER', 1],
    [13, true, 'DISCOVER', 2],
    [14, true, 'CO_CREATE', 3],
    [41, true, 'CO_CREATE', 6],
    [42, true, 'DEPLOY', 7],
    [120, true, 'DEPLOY', 18],
  ] as const)('day %i (kickoff held: %s) is %s, week %i', (dayOfEngagement, kickoffDone, phase, week) => {
    expect(phaseOf(clock(dayOfEngagement, { kickoffDone }))).toBe(phase)
    expect(engagementWeek(clock(dayOfEngagement, { kickoffDone }))).toBe(week)
  })

  it('Onboarding ends with week 1 even without a kickoff', () => {
    expect(phaseOf(clock(7, { kickoffDone: false }))).toBe('DISCOVER')
  })

  it('paused days do not count as weeks of the engagement', () => {
    // Day 20 with 10 days paused is day 10 of the engagement: week 2.
    expect(engagementWeek(clock(20, { pausedDays: 10 }))).toBe(2)
    expect(phaseOf(clock(20, { pausedDays: 10 }))).toBe('DISCOVER')
  })

  it('is Independent once the final milestone is done, however late', () => {
    const plan = completeMilestone(initialPlan('FOUNDATION', start), 'week-12', start + 90 * day)
    expect(phaseOf({ plan, nowMs: start + 90 * day, pausedMs: 0, kickoffDone: true })).toBe('INDEPENDENT')
  })
})

describe('the running status of §2.4', () => {
  // The final milestone (week 12) is due on day 84: "completing" from day 70.
  it.each([
    [0, false, 'ONBOARDING'],
    [30, true, 'ACTIVE'],
    [69, true, 'ACTIVE'],
    [70, true, 'COMPLETING'],
    [100, true, 'COMPLETING'],
  ] as const)('day %i (kickoff held: %s) is %s', (dayOfEngagement, kickoffDone, status) => {
    expect(runningStatusOf(clock(dayOfEngagement, { kickoffDone }))).toBe(status)
  })
})
