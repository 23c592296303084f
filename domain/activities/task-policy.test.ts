import { describe, expect, it } from 'vitest'
import { dayAround, instantOfLocalTime, taskReminderAt, taskStanding } from './task-policy'

describe('task reminders and the day of "My work"', () => {
  it('reminds 15 minutes before the due time', () => {
    expect(taskReminderAt(new Date('2026-12-02T15:00:00Z')).toISOString()).toBe('2026-12-02T14:45:00.000Z')
  })

  it("takes today as the person's local calendar day", () => {
    // 01:30 UTC on 3 December is still 2 December in New York (UTC-5 in winter).
    expect(dayAround(new Date('2026-12-03T01:30:00Z'), 'America/New_York')).toEqual({
      start: new Date('2026-12-02T05:00:00Z'),
      end: new Date('2026-12-03T05:00:00Z'),
    })
    expect(dayAround(new Date('2026-12-03T01:30:00Z'), 'UTC')).toEqual({
      start: new Date('2026-12-03T00:00:00Z'),
      end: new Date('2026-12-04T00:00:00Z'),
    })
    // Berlin, UTC+1 in winter.
    expect(dayAround(new Date('2026-12-02T23:30:00Z'), 'Europe/Berlin')).toEqual({
      start: new Date('2026-12-02T23:00:00Z'),
      end: new Date('2026-12-03T23:00:00Z'),
    })
  })

  it('has 23 hours on the day the clocks go forward', () => {
    // 8 March 2026: New York moves from UTC-5 to UTC-4 at 02:00 local time.
    const day = dayAround(new Date('2026-03-08T15:00:00Z'), 'America/New_York')
    expect(day).toEqual({ start: new Date('2026-03-08T05:00:00Z'), end: new Date('2026-03-09T04:00:00Z') })
  })

  it('sorts an open task into overdue, due today or later', () => {
    const now = new Date('2026-12-02T12:00:00Z')
    const today = { end: new Date('2026-12-03T00:00:00Z') }
    const at = (iso: string) => ({ dueAt: new Date(iso), completedAt: null })
    expect(taskStanding(at('2026-12-02T11:59:00Z'), now, today)).toBe('overdue')
    expect(taskStanding(at('2026-12-02T12:00:00Z'), now, today)).toBe('due-today')
    expect(taskStanding(at('2026-12-02T23:59:00Z'), now, today)).toBe('due-today')
    expect(taskStanding(at('2026-12-03T00:00:00Z'), now, today)).toBe('later')
    expect(taskStanding({ dueAt: new Date('2026-12-01T00:00:00Z'), completedAt: now }, now, today)).toBe('done')
  })
})

describe('a time typed in a form', () => {
  it("is read in the person's time zone", () => {
    expect(instantOfLocalTime('2026-12-02T09:30', 'America/New_York')?.toISOString()).toBe('2026-12-02T14:30:00.000Z')
    expect(instantOfLocalTime('2026-07-02T09:30', 'America/New_York')?.toISOString()).toBe('2026-07-02T13:30:00.000Z')
    expect(instantOfLocalTime('2026-12-02T09:30', 'UTC')?.toISOString()).toBe('2026-12-02T09:30:00.000Z')
    expect(instantOfLocalTime('2026-02-30T09:30', 'UTC')).toBeNull()
    expect(instantOfLocalTime('tomorrow', 'UTC')).toBeNull()
  })
})
