import { describe, expect, it } from 'vitest'
import {
  averageDealSize,
  lostReasons,
  pipelineVelocity,
  proposalToCloseRate,
  salesCycleDays,
  winRate,
  type ClosedDeal,
} from './sales-metrics'

const day = 24 * 60 * 60 * 1000
const t0 = Date.parse('2026-09-01T00:00:00Z')
const deal = (won: boolean, value: number, days: number, extra: Partial<ClosedDeal> = {}): ClosedDeal => ({
  won,
  value,
  createdAtMs: t0,
  closedAtMs: t0 + days * day,
  reachedProposal: true,
  lostReason: null,
  ...extra,
})

// Three won (20,000 in 30 days, 7,000 in 20, 75,000 in 70), two lost (one before any proposal).
const closed = [
  deal(true, 20_000, 30),
  deal(true, 7_000, 20),
  deal(true, 75_000, 70),
  deal(false, 20_000, 40, { lostReason: 'Price' }),
  deal(false, 7_000, 10, { lostReason: '  ', reachedProposal: false }),
]

describe('sales metrics (§10.2)', () => {
  it('win rate: won ÷ closed', () => {
    expect(winRate(closed)).toBe(3 / 5)
    expect(winRate([])).toBeNull()
  })

  it('average deal size over the won deals: (20,000 + 7,000 + 75,000) ÷ 3 = 34,000', () => {
    expect(averageDealSize(closed)).toBe(34_000)
  })

  it('sales cycle: 20, 30 and 70 days, mean 40, median 30; an even count takes the middle two', () => {
    expect(salesCycleDays(closed)).toEqual({ mean: 40, median: 30 })
    expect(salesCycleDays([deal(true, 1, 10), deal(true, 1, 20)])).toEqual({ mean: 15, median: 15 })
  })

  it('pipeline velocity: 10 open deals × 34,000 × 0.6 ÷ 40 days = 5,100 a day', () => {
    expect(pipelineVelocity(10, closed)).toBeCloseTo(5_100, 9)
    expect(pipelineVelocity(10, [deal(false, 1, 1)])).toBeNull()
  })

  it('proposal to close: 3 won of the 4 closed deals that had a proposal', () => {
    expect(proposalToCloseRate(closed)).toBe(3 / 4)
  })

  it('lost reasons, a blank one as "Not given"', () => {
    expect(lostReasons([...closed, deal(false, 1, 1, { lostReason: 'Price' })])).toEqual([
      { reason: 'Price', count: 2 },
      { reason: 'Not given', count: 1 },
    ])
  })
})
