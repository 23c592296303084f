import { describe, expect, it } from 'vitest'
import { currentMonth, parseReportPeriod, periodEndMs, reportPeriod } from './report-period'

const iso = (ms: number) => new Date(ms).toISOString()

describe('report periods', () => {
  it('one month and the month before it, in UTC', () => {
    const period = reportPeriod('2026-11', 1, 'UTC')
    expect(iso(period.fromMs)).toBe('2026-11-01T00:00:00.000Z')
    expect(iso(period.toMs)).toBe('2026-12-01T00:00:00.000Z')
    expect(iso(period.previous.fromMs)).toBe('2026-10-01T00:00:00.000Z')
    expect(period.previous.toMs).toBe(period.fromMs)
    expect(period.label).toBe('Nov 2026')
    expect(period.previousLabel).toBe('Oct 2026')
  })

  it('a quarter crossing a year, compared with the three months before', () => {
    const period = reportPeriod('2026-12', 3, 'UTC')
    expect(iso(period.toMs)).toBe('2027-03-01T00:00:00.000Z')
    expect(iso(period.previous.fromMs)).toBe('2026-09-01T00:00:00.000Z')
    expect(period.label).toBe('Dec 2026 – Feb 2027')
    expect(period.previousLabel).toBe('Sep 2026 – Nov 2026')
  })

  it('months run from local midnight to local midnight, across a change of clocks', () => {
    // Chicago: CDT (UTC−5) until 2 a.m. on Sunday 1 November 2026, CST (UTC−6) after.
    const chicago = reportPeriod('2026-11', 1, 'America/Chicago')
    expect(iso(chicago.fromMs)).toBe('2026-11-01T05:00:00.000Z')
    expect(iso(chicago.toMs)).toBe('2026-12-01T06:00:00.000Z')
    expect(chicago.toMs - chicago.fromMs).toBe((30 * 24 + 1) * 3_600_000)
    expect(iso(chicago.previous.fromMs)).toBe('2026-10-01T05:00:00.000Z')
    // Berlin: CEST (UTC+2) until 25 October 2026, CET (UTC+1) after; November starts on 31 October in UTC.
    const berlin = reportPeriod('2026-11', 1, 'Europe/Berlin')
    expect(iso(berlin.fromMs)).toBe('2026-10-31T23:00:00.000Z')
    expect(iso(berlin.previous.fromMs)).toBe('2026-09-30T22:00:00.000Z')
    expect(berlin.label).toBe('Nov 2026')
    expect(berlin.timeZone).toBe('Europe/Berlin')
  })

  it('defaults to the current month on the reader’s wall clock and names a bad field', () => {
    const now = Date.parse('2026-12-01T03:00:00Z')
    const parsed = parseReportPeriod(new URLSearchParams(''), now, 'UTC')
    expect(parsed.ok && parsed.period.month).toBe('2026-12')
    expect(currentMonth(now, 'UTC').month).toBe('2026-12')
    // 9 p.m. on 30 November in Chicago.
    expect(currentMonth(now, 'America/Chicago').month).toBe('2026-11')
    expect(parseReportPeriod(new URLSearchParams('month=2026-13'), now, 'UTC')).toMatchObject({
      ok: false,
      field: 'month',
    })
    expect(parseReportPeriod(new URLSearchParams('months=2'), now, 'UTC')).toMatchObject({ ok: false, field: 'months' })
  })

  it('without a month, a longer period is the months up to this one: January to December, across a year', () => {
    const now = Date.parse('2026-12-02T13:00:00Z')
    const year = parseReportPeriod(new URLSearchParams('months=12'), now, 'UTC')
    expect(year.ok && [year.period.month, year.period.label]).toEqual(['2026-01', 'Jan 2026 – Dec 2026'])
    const quarter = parseReportPeriod(new URLSearchParams('months=3'), Date.parse('2027-01-15T12:00:00Z'), 'UTC')
    expect(quarter.ok && quarter.period.label).toBe('Nov 2026 – Jan 2027')
  })

  it('figures at the end of a running period are taken now', () => {
    const period = reportPeriod('2026-12', 1, 'UTC')
    const now = Date.parse('2026-12-02T13:00:00Z')
    expect(periodEndMs(period, now)).toBe(now)
    expect(periodEndMs(reportPeriod('2026-10', 1, 'UTC'), now)).toBe(Date.parse('2026-11-01T00:00:00Z'))
  })
})
