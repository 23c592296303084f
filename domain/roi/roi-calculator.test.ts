import { describe, expect, it } from 'vitest'
import { Industry } from '../../prisma/generated/enums'
import { industryProfile } from '../industries/industry-profiles'
import { tierTerms } from '../tiers/tier-terms'
import { calculateRoi, roiInputLimits, weeklyHoursSaved, type RoiInputs } from './roi-calculator'

const hvac: RoiInputs = { industry: 'HVAC', employeeCount: 'RANGE_10_25', hourlyRate: 50, weeklyAdminHours: 40 }

describe('calculateRoi (§7.1)', () => {
  it('computes every tier for an HVAC company with 40 admin hours at $50 (worked by hand)', () => {
    // Hours: 40 × share (0.25 / 0.5 / 0.8) × HVAC factor 1.1 = 11 / 22 / 35.2 → clamped to 8 / 18 / 30.
    // Cost: setup + monthly × weeks/52 × 12 → 4,000 + 1,500 × 1.846… = 6,769.23; 9,500 + 3,500 × 2.769… = 19,192.31;
    // 30,000 + 7,500 × 5.538… = 71,538.46. Annual value − cost: 20,800 − 6,769.23 = 14,030.77 and so on.
    expect(calculateRoi(hvac)).toEqual({
      weeklyHoursSaved: { discovery: 8, foundation: 18, architect: 30 },
      weeklyValueCreated: { discovery: 400, foundation: 900, architect: 1500 },
      annualROI: {
        discovery: { value: 14030.77, percentage: 207.27 },
        foundation: { value: 27607.69, percentage: 143.85 },
        architect: { value: 6461.54, percentage: 9.03 },
      },
      paybackPeriod: { discovery: 16.9, foundation: 21.3, architect: 47.7 },
      firstYearCost: { discovery: 6769.23, foundation: 19192.31, architect: 71538.46 },
    })
  })

  it('uses the unclamped share inside the tier range, rounded to one decimal, and values from the rounded hours', () => {
    // 30 × 0.25 × 0.9 = 6.75 → 6.8 h; 30 × 0.5 × 0.9 = 13.5; 30 × 0.8 × 0.9 = 21.6.
    const result = calculateRoi({
      industry: 'PROFESSIONAL_SERVICES',
      employeeCount: 'RANGE_5_10',
      hourlyRate: 85,
      weeklyAdminHours: 30,
    })
    expect(result.weeklyHoursSaved).toEqual({ discovery: 6.8, foundation: 13.5, architect: 21.6 })
    expect(result.weeklyValueCreated).toEqual({ discovery: 578, foundation: 1147.5, architect: 1836 })
    expect(result.annualROI.discovery).toEqual({ value: 23286.77, percentage: 344.01 })
    expect(result.paybackPeriod).toEqual({ discovery: 11.7, foundation: 16.7, architect: 39 })
  })

  it('never saves more hours than the business spends on admin, and says so in a loss', () => {
    // 4 h × $30 = $120 a week; 6,240 a year against 6,769.23 for Discovery.
    const result = calculateRoi({ industry: 'OTHER', employeeCount: 'RANGE_1_5', hourlyRate: 30, weeklyAdminHours: 4 })
    expect(result.weeklyHoursSaved).toEqual({ discovery: 4, foundation: 4, architect: 4 })
    expect(result.annualROI.discovery).toEqual({ value: -529.23, percentage: -7.82 })
    expect(result.paybackPeriod.architect).toBe(596.2)
  })

  it('keeps hours within each tier’s §7.1 range whenever the admin hours allow it', () => {
    for (const industry of Object.values(Industry)) {
      for (const weeklyAdminHours of [10, 25, 40, 80, 168]) {
        const result = calculateRoi({ industry, employeeCount: 'RANGE_10_25', hourlyRate: 60, weeklyAdminHours })
        for (const [tier, key] of [
          ['DISCOVERY', 'discovery'],
          ['FOUNDATION', 'foundation'],
          ['ARCHITECT', 'architect'],
        ] as const) {
          const [min, max] = tierTerms[tier].hoursSaved
          const hours = result.weeklyHoursSaved[key]
          expect(hours).toBeLessThanOrEqual(max)
          expect(hours).toBeGreaterThanOrEqual(Math.min(min, weeklyAdminHours))
          expect(result.paybackPeriod[key]).toBeCloseTo(result.firstYearCost[key] / result.weeklyValueCreated[key], 1)
        }
      }
    }
  })

  it('applies the industry’s automation factor from its profile', () => {
    const inputs = { weeklyAdminHours: 30 }
    expect(industryProfile('HVAC').benchmarks.automationFactor).toBe(1.1)
    expect(weeklyHoursSaved('FOUNDATION', { ...inputs, industry: 'HVAC' })).toBe(16.5)
    expect(weeklyHoursSaved('FOUNDATION', { ...inputs, industry: 'PROFESSIONAL_SERVICES' })).toBe(13.5)
    expect(weeklyHoursSaved('FOUNDATION', { ...inputs, industry: 'CONSTRUCTION' })).toBe(15)
  })

  it('is plain JSON (the shape stored in ROICalculation.calculations)', () => {
    const result = calculateRoi(hvac)
    expect(JSON.parse(JSON.stringify(result))).toEqual(result)
  })

  it.each([
    ['hourlyRate', 0],
    ['hourlyRate', Number.NaN],
    ['hourlyRate', roiInputLimits.hourlyRate.max + 1],
    ['weeklyAdminHours', 0],
    ['weeklyAdminHours', -5],
    ['weeklyAdminHours', 169],
  ] as const)('refuses %s = %d, naming the field', (field, value) => {
    expect(() => calculateRoi({ ...hvac, [field]: value })).toThrow(new RegExp(`^${field} must be between`))
  })
})
