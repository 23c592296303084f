import { describe, expect, it } from 'vitest'
import { healthFactsOf, nextHealthChangeMs, type PartnershipEvidence } from './health-facts'
import { extendPlan, initialPlan } from './milestone-plan'
import { partnershipOwnerOf } from './partnership-owner'

// Kickoff on Monday 4 January 2027, 15:00 UTC; dates counted by hand from it.
const start = Date.parse('2027-01-04T15:00:00Z')
const at = (iso: string) => Date.parse(iso)
const day = 24 * 60 * 60 * 1000

describe('extending a partnership', () => {
  it('moves the final milestone and the end by whole weeks, and nothing before it', () => {
    const plan = extendPlan(initialPlan('FOUNDATION', start), 2, 'the client asked for a fourth system')
    expect(plan.milestones.map((m) => [m.key, new Date(m.dueAtMs).toISOString()])).toEqual([
      ['week-4', '2027-02-01T15:00:00.000Z'],
      ['week-8', '2027-03-01T15:00:00.000Z'],
      // Week 12 is 29 March; two weeks later, 12 April.
      ['week-12', '2027-04-12T15:00:00.000Z'],
    ])
    expect(plan.milestones[2]!.movedBecause).toBe('2 weeks later: the client asked for a fourth system')
    expect(plan.milestones[2]!.plannedAtMs).toBe(at('2027-03-29T15:00:00Z'))
    expect(new Date(plan.targetEndMs).toISOString()).toBe('2027-04-12T15:00:00.000Z')
  })
})

describe('the health facts at an instant', () => {
  const evidence = (overrides: Partial<PartnershipEvidence> = {}): PartnershipEvidence => ({
    milestones: [],
    meetings: new Map(),
    systems: new Map(),
    satisfaction: null,
    payments: [],
    ...overrides,
  })

  it('counts a payment or milestone only once its due day is over; done on the due day is on time', () => {
    const due = start
    const facts = (nowMs: number, paidAtMs: number | null) =>
      healthFactsOf(evidence({ payments: [{ dueAtMs: due, paidAtMs }] }), nowMs).paymentsDue
    expect(facts(due + 23 * 60 * 60 * 1000, null)).toEqual({ onTime: 0, late: 0, unpaid: 0 })
    expect(facts(due + day, null)).toEqual({ onTime: 0, late: 0, unpaid: 1 })
    expect(facts(due + 2 * day, due + 20 * 60 * 60 * 1000)).toEqual({ onTime: 1, late: 0, unpaid: 0 })
    expect(facts(due + 5 * day, due + 3 * day)).toEqual({ onTime: 0, late: 1, unpaid: 0 })
    const milestone = healthFactsOf(
      evidence({ milestones: [{ dueAtMs: due, completedAtMs: null }] }),
      due + day,
    ).milestonesDue
    expect(milestone).toEqual({ onTime: 0, late: 0, open: 1 })
  })

  it('counts each meeting once, and a system deployed a week ago as used when used in the last 7 days', () => {
    const nowMs = start + 20 * day
    const facts = healthFactsOf(
      evidence({
        meetings: new Map([
          ['m1', { attended: true }],
          ['m2', { attended: false }],
        ]),
        systems: new Map([
          ['a', { deployedAtMs: start, lastUsedAtMs: start + 15 * day }],
          ['b', { deployedAtMs: start, lastUsedAtMs: start + 10 * day }],
          ['c', { deployedAtMs: start + 15 * day, lastUsedAtMs: start + 19 * day }],
        ]),
      }),
      nowMs,
    )
    expect(facts.meetings).toEqual({ attended: 1, missed: 1 })
    expect(facts.systems).toEqual({ deployed: 2, usedLastWeek: 1 })
    // Next change by the clock: system c's first week ends on day 22.
    expect(
      nextHealthChangeMs(
        evidence({ systems: new Map([['c', { deployedAtMs: start + 15 * day, lastUsedAtMs: null }]]) }),
        nowMs,
      ),
    ).toBe(start + 22 * day)
  })
})

describe('the owner of a new partnership', () => {
  it('is the Customer Success manager with the fewest open partnerships, the lowest id on a tie', () => {
    expect(
      partnershipOwnerOf([
        { id: 'cs-b', openPartnerships: 2 },
        { id: 'cs-c', openPartnerships: 1 },
        { id: 'cs-a', openPartnerships: 1 },
      ]),
    ).toBe('cs-a')
    expect(partnershipOwnerOf([])).toBeNull()
  })
})
