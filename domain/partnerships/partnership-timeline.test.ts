import { describe, expect, it } from 'vitest'
import { calendarTimeOf, milestoneProgressOf, paymentStateOf, pausesOf, phaseSpansOf } from './partnership-timeline'

// Kickoff on Monday 4 January 2027, 15:00 UTC; every date below is counted by hand from it.
const kickoff = Date.parse('2027-01-04T15:00:00Z')
const at = (iso: string) => Date.parse(iso)
const day = 24 * 60 * 60 * 1000

describe('pauses and calendar time', () => {
  it('reads each pause from the status history until the next change, the last one until now', () => {
    const changes = [
      { toStatus: 'ONBOARDING' as const, atMs: kickoff },
      { toStatus: 'PAUSED' as const, atMs: at('2027-01-10T00:00:00Z') },
      { toStatus: 'ACTIVE' as const, atMs: at('2027-01-20T00:00:00Z') },
      { toStatus: 'PAUSED' as const, atMs: at('2027-02-01T00:00:00Z') },
    ]
    expect(pausesOf(changes, at('2027-02-03T00:00:00Z'))).toEqual([
      { fromMs: at('2027-01-10T00:00:00Z'), toMs: at('2027-01-20T00:00:00Z') },
      { fromMs: at('2027-02-01T00:00:00Z'), toMs: at('2027-02-03T00:00:00Z') },
    ])
  })

  it('stops the engagement clock while paused: a 10-day pause in week 1 puts the end of week 2 ten days later', () => {
    const pause = [{ fromMs: at('2027-01-10T00:00:00Z'), toMs: at('2027-01-20T00:00:00Z') }]
    // Two weeks after kickoff = 18 January 15:00; plus 10 days = 28 January 15:00.
    expect(new Date(calendarTimeOf(kickoff, 14 * day, pause)).toISOString()).toBe('2027-01-28T15:00:00.000Z')
    // A pause after the instant changes nothing.
    expect(new Date(calendarTimeOf(kickoff, 3 * day, pause)).toISOString()).toBe('2027-01-07T15:00:00.000Z')
  })
})

describe('the phases of §5.1 in calendar time', () => {
  it('draws Onboarding week 1, Discover weeks 1–2, Co-Create 3–6, Deploy to the final milestone, Independent after', () => {
    // A Foundation plan: its final milestone at the end of week 12 = 4 Jan + 84 days = 29 March.
    const finalDue = at('2027-03-29T15:00:00Z')
    const spans = phaseSpansOf(kickoff, finalDue, []).map((span) => ({
      phase: span.phase,
      from: new Date(span.fromMs).toISOString().slice(0, 10),
      to: span.toMs === null ? null : new Date(span.toMs).toISOString().slice(0, 10),
    }))
    expect(spans).toEqual([
      { phase: 'ONBOARDING', from: '2027-01-04', to: '2027-01-11' },
      { phase: 'DISCOVER', from: '2027-01-04', to: '2027-01-18' },
      { phase: 'CO_CREATE', from: '2027-01-18', to: '2027-02-15' },
      { phase: 'DEPLOY', from: '2027-02-15', to: '2027-03-29' },
      { phase: 'INDEPENDENT', from: '2027-03-29', to: null },
    ])
  })

  it('moves the phases after a pause by its length', () => {
    const pause = [{ fromMs: at('2027-01-10T00:00:00Z'), toMs: at('2027-01-20T00:00:00Z') }]
    const coCreate = phaseSpansOf(kickoff, at('2027-04-08T15:00:00Z'), pause).find((s) => s.phase === 'CO_CREATE')!
    // 18 January + 10 days, 15 February + 10 days.
    expect(new Date(coCreate.fromMs).toISOString()).toBe('2027-01-28T15:00:00.000Z')
    expect(new Date(coCreate.toMs!).toISOString()).toBe('2027-02-25T15:00:00.000Z')
  })
})

describe('milestones planned against actual', () => {
  const planned = at('2027-02-01T15:00:00Z')

  it('is done on time, done late by whole days, open, or overdue by whole days', () => {
    const now = at('2027-02-10T16:00:00Z')
    expect(milestoneProgressOf({ plannedAtMs: planned, dueAtMs: planned, completedAtMs: planned - day }, now)).toEqual({
      state: 'done',
      movedDays: 0,
      lateDays: 0,
    })
    // Done 3 days and 2 hours after its due date: 3 whole days late.
    expect(
      milestoneProgressOf({ plannedAtMs: planned, dueAtMs: planned, completedAtMs: planned + 3 * day + 7.2e6 }, now),
    ).toEqual({ state: 'done-late', movedDays: 0, lateDays: 3 })
    // Open and past due on 10 February 16:00: 9 days and an hour late.
    expect(milestoneProgressOf({ plannedAtMs: planned, dueAtMs: planned, completedAtMs: null }, now)).toEqual({
      state: 'overdue',
      movedDays: 0,
      lateDays: 9,
    })
  })

  it('reads what an ended partnership left open as not reached, late no more; what it did stays as it was', () => {
    const now = at('2027-02-10T16:00:00Z')
    expect(milestoneProgressOf({ plannedAtMs: planned, dueAtMs: planned, completedAtMs: null }, now, true)).toEqual({
      state: 'not-reached',
      movedDays: 0,
      lateDays: 0,
    })
    expect(
      milestoneProgressOf({ plannedAtMs: planned, dueAtMs: planned, completedAtMs: planned + 2 * day }, now, true),
    ).toEqual({ state: 'done-late', movedDays: 0, lateDays: 2 })
  })

  it('says how far a milestone moved from the signed plan (a slip before it, or a pause)', () => {
    const moved = { plannedAtMs: planned, dueAtMs: planned + 5 * day, completedAtMs: null }
    expect(milestoneProgressOf(moved, planned + day)).toEqual({ state: 'open', movedDays: 5, lateDays: 0 })
  })
})

describe('payments', () => {
  const due = at('2027-02-01T15:00:00Z')
  it('reads a pending payment past its due date as overdue, and the recorded states as they are', () => {
    expect(paymentStateOf({ status: 'PENDING', dueMs: due }, due - 1)).toBe('due')
    expect(paymentStateOf({ status: 'PENDING', dueMs: due }, due + 1)).toBe('overdue')
    expect(paymentStateOf({ status: 'OVERDUE', dueMs: due }, due + 1)).toBe('overdue')
    expect(paymentStateOf({ status: 'PAID', dueMs: due }, due + day)).toBe('paid')
    expect(paymentStateOf({ status: 'FAILED', dueMs: due }, due + day)).toBe('failed')
    // Due after the partnership ended: never owed, never overdue.
    expect(paymentStateOf({ status: 'CANCELLED', dueMs: due }, due + day)).toBe('cancelled')
  })
})
