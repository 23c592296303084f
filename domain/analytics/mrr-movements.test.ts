import { describe, expect, it } from 'vitest'
import { mrrMovementOf, mrrSummary, type PartnershipMrr } from './mrr-movements'

const p = (id: string, startMrr: number, endMrr: number, extra: Partial<PartnershipMrr> = {}): PartnershipMrr => ({
  partnershipId: id,
  startMrr,
  endMrr,
  billedBefore: startMrr > 0,
  endStatus: 'OTHER',
  ...extra,
})

describe('MRR movements', () => {
  it.each([
    [p('a', 0, 3_500), 'new', 3_500],
    [p('b', 0, 1_500, { billedBefore: true }), 'reactivation', 1_500],
    [p('c', 3_500, 7_500), 'expansion', 4_000],
    [p('d', 7_500, 3_500), 'contraction', -4_000],
    [p('e', 3_500, 0, { endStatus: 'CHURNED' }), 'churn', -3_500],
    [p('f', 1_500, 0, { endStatus: 'PAUSED' }), 'churn', -1_500],
    [p('g', 3_500, 0, { endStatus: 'GRADUATED' }), 'graduation', -3_500],
  ] as const)('%o is %s of %i', (partnership, kind, amount) => {
    expect(mrrMovementOf(partnership)).toEqual({ partnershipId: partnership.partnershipId, kind, amount })
  })

  it('an unchanged MRR is no movement', () => {
    expect(mrrMovementOf(p('h', 3_500, 3_500))).toBeNull()
  })
})

describe('NRR without counting graduation as churn', () => {
  it('sums the movements and judges retention on the revenue meant to be kept', () => {
    const summary = mrrSummary([
      p('new', 0, 3_500),
      p('grow', 3_500, 7_500),
      p('shrink', 7_500, 3_500),
      p('leave', 1_500, 0, { endStatus: 'CHURNED' }),
      p('graduate', 3_500, 0, { endStatus: 'GRADUATED' }),
      p('steady', 7_500, 7_500),
    ])
    expect(summary.movements).toEqual({
      new: 3_500,
      expansion: 4_000,
      contraction: -4_000,
      churn: -1_500,
      reactivation: 0,
      graduation: -3_500,
    })
    // Start 3,500 + 7,500 + 1,500 + 3,500 + 7,500 = 23,500; end 3,500 + 7,500 + 3,500 + 7,500 = 22,000.
    expect([summary.startMrr, summary.endMrr]).toEqual([23_500, 22_000])
    // Base without the graduate: 20,000; kept 20,000 + 4,000 − 4,000 − 1,500 = 18,500; 18,500 ÷ 20,000 = 92.5 %.
    expect(summary.nrr).toBe(0.925)
  })

  it('has no NRR without revenue at the start', () => {
    expect(mrrSummary([p('new', 0, 3_500)]).nrr).toBeNull()
  })
})
