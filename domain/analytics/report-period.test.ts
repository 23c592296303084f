import { describe, expect, it } from 'vitest'
import { currentMonth, parseReportPeriod, periodEndMs, reportPeriod } from './report-period'

describe('report periods', () => {
  it('one month and the month before it, in UTC', () => {
    const period = reportPeriod('2026-11', 1)
    expect(new Date(period.fromMs).toISOString()).toBe('2026-11-01T00:00:00.000Z')
    expect(new Date(period.toMs).toISOString()).toBe('2026-12-01T00:00:00.000Z')
    expect(new Date(period.previous.fromMs).toISOString()).toBe('2026-10-01T00:00:00.000Z')
    expect(period.previous.toMs).toBe(period.fromMs)
    expect(period.label).toBe('Nov 2026')
    expect(period.previousLabel).toBe('Oct 2026')
  })

  it('a quarter crossing a year, compared with the three months before', () => {
    const period = reportPeriod('2026-12', 3)
    expect(new Date(period.toMs).toISOString()).toBe('2027-03-01T00:00:00.000Z')
    expect(new Date(period.previous.fromMs).toISOString()).toBe('2026-09-01T00:00:00.000Z')
    expect(period.label).toBe('Dec 2026 – Feb 2027')
    expect(period.previousLabel).toBe('Sep 2026 – Nov 2026')
  })

  it('defaults to the current month and names a bad field', () => {
    const now = Date.parse('2026-12-02T13:00:00Z')
    const parsed = parseReportPeriod(new URLSearchParams(''), now)
    expect(parsed.ok && parsed.period.month).toBe('2026-12')
    expect(currentMonth(now).month).toBe('2026-12')
    expect(parseReportPeriod(new URLSearchParams('month=2026-13'), now)).toMatchObject({ ok: false, field: 'month' })
    expect(parseReportPeriod(new URLSearchParams('months=2'), now)).toMatchObject({ ok: false, field: 'months' })
  })

  it('figures at the end of a running period are taken now', () => {
    const period = reportPeriod('2026-12', 1)
    const now = Date.parse('2026-12-02T13:00:00Z')
    expect(periodEndMs(period, now)).toBe(now)
    expect(periodEndMs(reportPeriod('2026-10', 1), now)).toBe(Date.parse('2026-11-01T00:00:00Z'))
  })
})
