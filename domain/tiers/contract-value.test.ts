import { describe, expect, it } from 'vitest'
import { contractValue, tierContract } from './contract-value'

describe('contract value: setup fee + monthly fee × whole months billed', () => {
  // By hand: weeks × 12 / 52 → months billed (a started month is billed whole).
  it.each([
    // 8 weeks = 1.85 months → 2; 4,000 + 1,500 × 2
    { tier: 'DISCOVERY', setupFee: 4_000, monthlyFee: 1_500, estimatedMonths: 2, totalContractValue: 7_000 },
    // 12 weeks = 2.77 months → 3; 9,500 + 3,500 × 3
    { tier: 'FOUNDATION', setupFee: 9_500, monthlyFee: 3_500, estimatedMonths: 3, totalContractValue: 20_000 },
    // 24 weeks = 5.54 months → 6; 30,000 + 7,500 × 6
    { tier: 'ARCHITECT', setupFee: 30_000, monthlyFee: 7_500, estimatedMonths: 6, totalContractValue: 75_000 },
  ] as const)('a $tier conversion: $totalContractValue', ({ tier, ...expected }) => {
    expect(tierContract(tier)).toEqual(expected)
  })

  it.each([
    { setupFee: 4_000, monthlyFee: 1_750, estimatedMonths: 2, value: 7_500 },
    { setupFee: 9_500, monthlyFee: 0, estimatedMonths: 12, value: 9_500 },
    { setupFee: 0, monthlyFee: 999.99, estimatedMonths: 12, value: 11_999.88 },
    { setupFee: 1_000.1, monthlyFee: 0.2, estimatedMonths: 3, value: 1_000.7 },
  ])('$setupFee + $monthlyFee × $estimatedMonths = $value', ({ value, ...terms }) => {
    expect(contractValue(terms)).toBe(value)
  })

  it('an edit of the fees keeps the value a conversion wrote (the same rule both times)', () => {
    const converted = tierContract('DISCOVERY')
    expect(contractValue({ ...converted, setupFee: converted.setupFee })).toBe(converted.totalContractValue)
  })
})
