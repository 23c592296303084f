import { describe, expect, it } from 'vitest'
import { Industry } from '../../prisma/generated/enums'
import { industryProfile } from '../industries/industry-profiles'
import { tierTerms } from '../tiers/tier-terms'
import { calculateRoi, roiInputLimits, weeklyHoursSaved, type RoiInputs } from './roi-calculator'

const hvac: RoiInputs = { industry: 'HVAC', employeeCount: 'RANGE_10_25', hourlyRate: 50, weeklyAdminHours: 40 }

describe('calculateRoi (§7.1)', () => {
  it('computes every tier for an HVAC company with 40 admin hours at $50 (worked by hand)', () => {
    // Hours: 40 × share (0.25 / 0.5 / 0.8) × HVAC factor 1.1 = 11 / 22 / 35.2 → clamped to 8 / 18 / 30.
    // Cost: the tier's contract, seed 002 §2.3 setup fees + the monthly fee for each month the §5.3 engagement
    // touches (8 / 12 / 24 weeks → 2 / 3 / 6 months): 4,000 + 1,500 × 2 = 7,000; 9,500 + 3,500 × 3 = 20,000;
    // 30,000 + 7,500 × 6 = 75,000. Annual value − cost: 400 × 52 − 7,000 = 13,800 (197.14 %); 900 × 52 − 20,000 =
    // 26,800 (134 %); 1,500 × 52 − 75,000 = 3,000 (4 %). Payback: 7,000 / 400 = 17.5; 20,000 / 900 = 22.2; 75,000 /
    // 1,500 = 50 weeks.
    expect(calculateRoi(hvac)).toEqual({
      weeklyHoursSaved: { discovery: 8, foundation: 18, architect: 30 },
      weeklyValueCreated: { discovery: 400, foundation: 900, architect: 1500 },
      annualROI: {
        discovery: { value: 13800, percentage: 197.14 },
        foundation: { value: 26800, percentage: 134 },
        architect: { value: 3000, percentage: 4 },
      },
      paybackPeriod: { discovery: 17.5, foundation: 22.2, architect: 50 },
      firstYearCost: { discovery: 7000, foundation: 20000, architect: 75000 },
    })
  })

  it('uses the unclamped share inside the tier range, rounded to one decimal, and values from the rounded hours', () => {
    // 30 × 0.25 × 0.9 = 6.75 → 6.8 h; 30 × 0.5 × 0.9 = 13.5; 30 × 0.8 × 0.9 = 21.6. Discovery: 578 × 52 − 7,000 =
    // 23,056, 329.37 % of 7,000. Payback: 7,000 / 578 = 12.1; 20,000 / 1,147.5 = 17.4; 75,000 / 1,836 = 40.8 weeks.
    const result = calculateRoi({
      industry: 'PROFESSIONAL_SERVICES',
      employeeCount: 'RANGE_5_10',
      hourlyRate: 85,
      weeklyAdminHours: 30,
    })
    expect(result.weeklyHoursSaved).toEqual({ discovery: 6.8, foundation: 13.5, architect: 21.6 })
    expect(result.weeklyValueCreated).toEqual({ discovery: 578, foundation: 1147.5, architect: 1836 })
    expect(result.annualROI.discovery).toEqual({ value: 23056, percentage: 329.37 })
    expect(result.paybackPeriod).toEqual({ discovery: 12.1, foundation: 17.4, architect: 40.8 })
  })

  it('never saves more hours than the business spends on admin, and says so in a loss', () => {
    // 4 h × $30 = $120 a week; 6,240 a year against 7,000 for Discovery: −760, −10.86 %. Architect: 75,000 / 120 = 625.
    const result = calculateRoi({ industry: 'OTHER', employeeCount: 'RANGE_1_5', hourlyRate: 30, weeklyAdminHours: 4 })
    expect(result.weeklyHoursSaved).toEqual({ discovery: 4, foundation: 4, architect: 4 })
    expect(result.annualROI.discovery).toEqual({ value: -760, percentage: -10.86 })
    expect(result.paybackPeriod.architect).toBe(625)
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
