import { describe, expect, it } from 'vitest'
import { reportPeriod } from './report-period'
import { stalenessOf, stalenessWindow } from './report-staleness'

const ny = 'America/New_York'
const iso = (date: Date) => date.toISOString()

// Expected instants worked out by hand: New York is UTC−5 (EST) before Sunday 14 March 2027 02:00 and UTC−4 (EDT)
// after it, until Sunday 7 November 2027 02:00. Local midnight is 05:00Z in EST and 04:00Z in EDT.
describe('the period a report run covers, on the recipient’s wall clock', () => {
  it('daily at 07:00 EDT on Monday 15 March 2027: the Sunday of the change, 23 hours long', () => {
    const period = reportPeriod('Daily', new Date('2027-03-15T11:00:00Z'), ny)
    expect(period.key).toBe('2027-03-14')
    expect(iso(period.from)).toBe('2027-03-14T05:00:00.000Z')
    expect(iso(period.to)).toBe('2027-03-15T04:00:00.000Z')
    expect(period.to.getTime() - period.from.getTime()).toBe(23 * 3_600_000)
  })

  it('daily on Monday 8 November 2027: the Sunday clocks fell back, 25 hours long', () => {
    const period = reportPeriod('Daily', new Date('2027-11-08T12:00:00Z'), ny)
    expect(period.key).toBe('2027-11-07')
    expect(iso(period.from)).toBe('2027-11-07T04:00:00.000Z')
    expect(iso(period.to)).toBe('2027-11-08T05:00:00.000Z')
  })

  it('weekly on Monday 15 March 2027: Monday 8 to Sunday 14 March, ISO week 10, 167 hours', () => {
    const period = reportPeriod('Weekly', new Date('2027-03-15T11:00:00Z'), ny)
    expect(period.key).toBe('2027-W10')
    expect(period.label).toBe('Week 10 of 2027 (2027-03-08 to 2027-03-14)')
    expect(iso(period.from)).toBe('2027-03-08T05:00:00.000Z')
    expect(iso(period.to)).toBe('2027-03-15T04:00:00.000Z')
  })

  it('weekly across a year: Monday 4 January 2027 covers ISO week 53 of 2026', () => {
    const period = reportPeriod('Weekly', new Date('2027-01-04T12:00:00Z'), ny)
    expect(period.key).toBe('2026-W53')
    expect(iso(period.from)).toBe('2026-12-28T05:00:00.000Z')
  })

  it('monthly on 1 April 2027: March, from EST midnight to EDT midnight', () => {
    const period = reportPeriod('Monthly', new Date('2027-04-01T11:00:00Z'), ny)
    expect(period.key).toBe('2027-03')
    expect(period.label).toBe('March 2027')
    expect(iso(period.from)).toBe('2027-03-01T05:00:00.000Z')
    expect(iso(period.to)).toBe('2027-04-01T04:00:00.000Z')
  })

  it('monthly on 1 January: December of the year before', () => {
    const period = reportPeriod('Monthly', new Date('2027-01-01T12:00:00Z'), ny)
    expect(period.key).toBe('2026-12')
  })

  it('the same instant is another day east of Greenwich (Tokyo, no DST)', () => {
    // 2027-03-14T23:00Z is Monday 15 March 08:00 in Tokyo (UTC+9): yesterday is Sunday 14, from 13 March 15:00Z.
    const period = reportPeriod('Daily', new Date('2027-03-14T23:00:00Z'), 'Asia/Tokyo')
    expect(period.key).toBe('2027-03-14')
    expect(iso(period.from)).toBe('2027-03-13T15:00:00.000Z')
  })
})

describe('stale data', () => {
  it('is stale when nothing was recorded in the window although the windows before had some', () => {
    const verdict = stalenessOf({ inWindow: 0, before: 9, events: 'leads created' }, 'in week 10')
    expect(verdict.stale).toBe(true)
    expect(verdict.stale && verdict.reason).toContain('No leads created were recorded in week 10, although 9 were')
  })

  it('is not stale with events in the window, nor for a system that never recorded any', () => {
    expect(stalenessOf({ inWindow: 1, before: 0, events: 'x' }, 'w').stale).toBe(false)
    expect(stalenessOf({ inWindow: 0, before: 0, events: 'x' }, 'w').stale).toBe(false)
  })

  it('checks a daily report over the last three days and a weekly one over its week, looking back four windows', () => {
    const day = reportPeriod('Daily', new Date('2027-03-10T12:00:00Z'), ny)
    const window = stalenessWindow(day)
    expect(window.to.getTime() - window.from.getTime()).toBe(3 * 86_400_000)
    expect(window.from.getTime() - window.lookbackFrom.getTime()).toBe(12 * 86_400_000)
    const week = reportPeriod('Weekly', new Date('2027-03-08T12:00:00Z'), ny)
    expect(stalenessWindow(week).from).toEqual(week.from)
  })
})
