import { describe, expect, it } from 'vitest'
import { conversionFunnel, formatChange, relativeChange } from './funnel'

describe('the conversion funnel of §10.1', () => {
  it('gives the seed’s own example: 127 → 89 (70%) → 45 (51%) → 28 (62%) → 12 (43%)', () => {
    const steps = conversionFunnel({ leads: 127, mql: 89, sql: 45, opportunity: 28, won: 12 })
    expect(steps.map((step) => step.count)).toEqual([127, 89, 45, 28, 12])
    expect(
      steps.map((step) => (step.rateFromPrevious === null ? null : Math.round(step.rateFromPrevious * 100))),
    ).toEqual([null, 70, 51, 62, 43])
  })

  it('has no rate after an empty step', () => {
    expect(
      conversionFunnel({ leads: 0, mql: 0, sql: 0, opportunity: 0, won: 0 }).map((s) => s.rateFromPrevious),
    ).toEqual([null, null, null, null, null])
  })
})

describe('month over month', () => {
  it('prints the seed’s tiles: 127 new leads against 103 is +23%', () => {
    // (127 − 103) / 103 = 0.233
    expect(formatChange(relativeChange(127, 103))).toBe('+23%')
    expect(formatChange(relativeChange(92, 100))).toBe('−8%')
    expect(formatChange(relativeChange(100, 100))).toBe('0%')
    expect(formatChange(relativeChange(5, 0))).toBe('new')
  })
})
