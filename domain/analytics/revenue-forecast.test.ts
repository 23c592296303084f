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
    )
    expect(rows.map((row) => [row.month, row.weightedPipeline, row.contracted, row.total])).toEqual([
      ['2027-01', 12_100, 3_500, 15_600],
      ['2027-02', 56_250, 3_500, 59_750],
      ['2027-03', 0, 0, 0],
    ])
  })
})
