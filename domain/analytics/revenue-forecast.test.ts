import { describe, expect, it } from 'vitest'
import { revenueForecast } from './revenue-forecast'

const at = (iso: string) => Date.parse(iso)

describe('the revenue forecast', () => {
  it('weights each deal by its stage probability in its close month, and adds the fees contracted', () => {
    const rows = revenueForecast(
      [
        { value: 20_000, probability: 50, expectedCloseMs: at('2027-01-20T00:00:00Z') }, // 10,000 in January
        { value: 75_000, probability: 75, expectedCloseMs: at('2027-02-03T00:00:00Z') }, // 56,250 in February
        { value: 7_000, probability: 30, expectedCloseMs: at('2026-12-15T00:00:00Z') }, // late: 2,100 in January
        { value: 9_999, probability: 90, expectedCloseMs: at('2027-06-01T00:00:00Z') }, // past the horizon
      ],
      [
        { amount: 3_500, dueAtMs: at('2027-01-31T15:00:00Z') },
        { amount: 3_500, dueAtMs: at('2027-02-28T15:00:00Z') },
        { amount: 1_500, dueAtMs: at('2026-12-01T00:00:00Z') }, // overdue: not forecast
      ],
      at('2027-01-10T12:00:00Z'),
      3,
      'UTC',
    )
    expect(rows.map((row) => [row.month, row.weightedPipeline, row.contracted, row.total])).toEqual([
      ['2027-01', 12_100, 3_500, 15_600],
      ['2027-02', 56_250, 3_500, 59_750],
      ['2027-03', 0, 0, 0],
    ])
  })

  it('counts months on the reader’s wall clock', () => {
    // 31 January 2027 at 8 p.m. in Chicago (CST, UTC−6) is 1 February in UTC.
    const lateJanuary = at('2027-02-01T02:00:00Z')
    const forecast = (timeZone: string) =>
      revenueForecast(
        [{ value: 10_000, probability: 50, expectedCloseMs: lateJanuary }],
        [{ amount: 3_500, dueAtMs: lateJanuary }],
        at('2027-01-10T12:00:00Z'),
        2,
        timeZone,
      ).map((row) => [row.month, new Date(row.monthStartMs).toISOString(), row.total])
    expect(forecast('America/Chicago')).toEqual([
      ['2027-01', '2027-01-01T06:00:00.000Z', 8_500],
      ['2027-02', '2027-02-01T06:00:00.000Z', 0],
    ])
    expect(forecast('UTC')).toEqual([
      ['2027-01', '2027-01-01T00:00:00.000Z', 0],
      ['2027-02', '2027-02-01T00:00:00.000Z', 8_500],
    ])
  })
})
