import { describe, expect, it } from 'vitest'
import { instantRangeProblem, isoCalendarDate, isoInstant } from './instant'

describe('the instants the CRM accepts (1900-01-01 to 9999-12-31, UTC)', () => {
  it.each([
    ['1900-01-01T00:00:00Z', true],
    ['2026-11-23T09:30:00-06:00', true],
    ['9999-12-31T23:59:59.999Z', true],
    ['0000-01-01T00:00:00Z', false],
    ['1899-12-31T23:59:59Z', false],
    // Within 9999 where it was written, year 10000 in UTC.
    ['9999-12-31T23:00:00-05:00', false],
    ['2026-02-30T00:00:00Z', false],
    ['2026-11-23T09:30:00', false],
    ['tomorrow', false],
  ])('%s is %s', (value, accepted) => {
    expect(isoInstant.safeParse(value).success).toBe(accepted)
  })

  it('accepts calendar dates in the same range, and only real ones', () => {
    expect(isoCalendarDate.safeParse('2024-02-29').success).toBe(true)
    expect(isoCalendarDate.safeParse('2026-02-29').success).toBe(false)
    expect(isoCalendarDate.safeParse('0000-01-01').success).toBe(false)
    expect(isoCalendarDate.safeParse('9999-12-31').success).toBe(true)
  })

  it('says why', () => {
    expect(instantRangeProblem('0000-01-01T00:00:00Z')).toBe('must be between 1900-01-01 and 9999-12-31')
    expect(instantRangeProblem('not a date')).toBe('is not a real date')
  })
})
