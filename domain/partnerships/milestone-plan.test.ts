import { describe, expect, it } from 'vitest'
import {
  addMonths,
  completeMilestone,
  finalMilestone,
  initialPlan,
  milestoneReminders,
  shiftForPause,
} from './milestone-plan'

// Kickoff on Monday 4 January 2027, 15:00 UTC. Every date below is counted by hand from it.
const start = Date.parse('2027-01-04T15:00:00Z')
const at = (iso: string) => Date.parse(iso)
const day = 24 * 60 * 60 * 1000

describe('the tier plans of §5.3 as dates', () => {
  it('Discovery: 8 weeks, the system live at week 4, the independence check at week 8', () => {
    const plan = initialPlan('DISCOVERY', start)
    expect(plan.milestones.map((m) => [m.key, m.label, new Date(m.dueAtMs).toISOString(), m.dependsOn])).toEqual([
      ['week-4', 'System live', '2027-02-01T15:00:00.000Z', null],
      ['week-8', 'Independence check', '2027-03-01T15:00:00.000Z', 'week-4'],
    ])
    expect(new Date(plan.targetEndMs).toISOString()).toBe('2027-03-01T15:00:00.000Z')
    expect(finalMilestone(plan).key).toBe('week-8')
  })

  it('Foundation: 12 weeks, a system at weeks 4, 8 and 12, the third with graduation', () => {
    const plan = initialPlan('FOUNDATION', start)
    expect(plan.milestones.map((m) => [m.label, new Date(m.dueAtMs).toISOString(), m.systemsLive])).toEqual([
      ['First system live', '2027-02-01T15:00:00.000Z', 1],
      ['Second system live', '2027-03-01T15:00:00.000Z', 2],
      ['Third system live + graduation', '2027-03-29T15:00:00.000Z', 3],
    ])
    expect(new Date(plan.targetEndMs).toISOString()).toBe('2027-03-29T15:00:00.000Z')
  })

  it('Architect: a system every 4 weeks to week 24, and an ROI review on the 4th of every month within them', () => {
    const plan = initialPlan('ARCHITECT', start)
    const dates = (prefix: string) =>
      plan.milestones.filter((m) => m.key.startsWith(prefix)).map((m) => new Date(m.dueAtMs).toISOString().slice(0, 10))
    expect(dates('week-')).toEqual(['2027-02-01', '2027-03-01', '2027-03-29', '2027-04-26', '2027-05-24', '2027-06-21'])
    // 4 July is past the end (21 June): five reviews.
    expect(dates('roi-review-')).toEqual(['2027-02-04', '2027-03-04', '2027-04-04', '2027-05-04', '2027-06-04'])
    // 31, 59, 90, 120 and 151 days after kickoff: weeks 5, 9, 13, 18 and 22.
    expect(plan.milestones.filter((m) => m.key.startsWith('roi-review-')).map((m) => m.week)).toEqual([
      5, 9, 13, 18, 22,
    ])
    expect(plan.milestones.filter((m) => m.key.startsWith('roi-review-')).every((m) => m.dependsOn === null)).toBe(true)
    expect(finalMilestone(plan).label).toBe('Sixth system live')
  })

  it('keeps the day of the month, or the last day of a shorter month', () => {
    expect(new Date(addMonths(at('2027-01-31T09:30:00Z'), 1)).toISOString()).toBe('2027-02-28T09:30:00.000Z')
    expect(new Date(addMonths(at('2027-01-31T09:30:00Z'), 3)).toISOString()).toBe('2027-04-30T09:30:00.000Z')
  })
})

describe('a slip moves what depends on it, and says so', () => {
  it('a system done 5 days late moves every later system and the end by 5 days', () => {
    const plan = completeMilestone(initialPlan('FOUNDATION', start), 'week-4', at('2027-02-06T15:00:00Z'))
    expect(plan.milestones.map((m) => [new Date(m.dueAtMs).toISOString().slice(0, 10), m.movedBecause])).toEqual([
      ['2027-02-01', null],
      ['2027-03-06', '5 days later: “First system live” was done 5 days late'],
      ['2027-04-03', '5 days later: “First system live” was done 5 days late'],
    ])
    expect(plan.milestones[0]!.completedAtMs).toBe(at('2027-02-06T15:00:00Z'))
    // The signed dates stay what they were.
    expect(new Date(plan.milestones[2]!.plannedAtMs).toISOString().slice(0, 10)).toBe('2027-03-29')
    expect(new Date(plan.targetEndMs).toISOString().slice(0, 10)).toBe('2027-04-03')
  })

  it('done early or on time, nothing moves; done twice, the first time counts', () => {
    const early = completeMilestone(initialPlan('FOUNDATION', start), 'week-4', at('2027-01-29T15:00:00Z'))
    expect(early.milestones.map((m) => m.dueAtMs)).toEqual(
      initialPlan('FOUNDATION', start).milestones.map((m) => m.dueAtMs),
    )
    expect(completeMilestone(early, 'week-4', at('2027-03-01T00:00:00Z'))).toBe(early)
  })

  it('a slip of the Architect’s systems does not move the monthly ROI reviews', () => {
    const plan = completeMilestone(initialPlan('ARCHITECT', start), 'week-4', at('2027-02-03T15:00:00Z'))
    const review = plan.milestones.find((m) => m.key === 'roi-review-2')!
    expect(new Date(review.dueAtMs).toISOString().slice(0, 10)).toBe('2027-03-04')
    expect(new Date(plan.milestones.find((m) => m.key === 'week-24')!.dueAtMs).toISOString().slice(0, 10)).toBe(
      '2027-06-23',
    )
  })

  it('a pause moves every open milestone and the end by the paused time', () => {
    const done = completeMilestone(initialPlan('DISCOVERY', start), 'week-4', at('2027-02-01T10:00:00Z'))
    const paused = shiftForPause(done, 10 * day, 'paused 10 days (client on holiday)')
    expect(paused.milestones.map((m) => [new Date(m.dueAtMs).toISOString().slice(0, 10), m.movedBecause])).toEqual([
      ['2027-02-01', null],
      ['2027-03-11', '10 days later: paused 10 days (client on holiday)'],
    ])
    expect(new Date(paused.targetEndMs).toISOString().slice(0, 10)).toBe('2027-03-11')
  })
})

describe('reminders before and after a due date', () => {
  const plan = initialPlan('DISCOVERY', start)

  it('three days before, then the day after, then weekly while it stays open', () => {
    const first = milestoneReminders(plan, start).filter((r) => r.milestoneKey === 'week-4')
    expect(first.map((r) => [r.kind, new Date(r.dueAtMs).toISOString(), r.message])).toEqual([
      ['due-soon', '2027-01-29T15:00:00.000Z', '“System live” is due in 3 days'],
      ['overdue', '2027-02-02T15:00:00.000Z', '“System live” is 1 day overdue'],
    ])
    // On 10 February the reminders of 2 and 9 February have rung: the next is 16 February, 15 days overdue.
    const later = milestoneReminders(plan, at('2027-02-10T15:00:00Z')).find(
      (r) => r.milestoneKey === 'week-4' && r.kind === 'overdue',
    )!
    expect([new Date(later.dueAtMs).toISOString(), later.message, later.key]).toEqual([
      '2027-02-16T15:00:00.000Z',
      '“System live” is 15 days overdue',
      `milestone/week-4/${at('2027-02-01T15:00:00Z')}/overdue/2`,
    ])
  })

  it('a done milestone reminds nobody, and a moved one is reminded on its new date', () => {
    const done = completeMilestone(plan, 'week-4', at('2027-02-06T15:00:00Z'))
    const reminders = milestoneReminders(done, at('2027-02-06T15:00:00Z'))
    expect(reminders.map((r) => [r.milestoneKey, r.kind, new Date(r.dueAtMs).toISOString().slice(0, 10)])).toEqual([
      ['week-8', 'due-soon', '2027-03-03'],
      ['week-8', 'overdue', '2027-03-07'],
    ])
  })
})
