// Seed 002 §7.1: what each tier would save a business, from four inputs. The CRM is the source of truth for
// these numbers: whatever the calculator on the website showed, this is what we store, email and put in the PDF.
import type { EmployeeCount, Industry, Tier } from '../../prisma/generated/enums'
import { industryProfile } from '../industries/industry-profiles'
import { tierContract } from '../tiers/contract-value'
import { tierTerms } from '../tiers/tier-terms'

export interface RoiInputs {
  industry: Industry
  employeeCount: EmployeeCount
  /** USD per hour of admin work. */
  hourlyRate: number
  weeklyAdminHours: number
}

export type RoiTierKey = 'discovery' | 'foundation' | 'architect'

export interface RoiCalculationResult {
  weeklyHoursSaved: Record<RoiTierKey, number>
  weeklyValueCreated: Record<RoiTierKey, number>
  annualROI: Record<RoiTierKey, { value: number; percentage: number }>
  /** Weeks until the value created has paid for the engagement. */
  paybackPeriod: Record<RoiTierKey, number>
  /** The tier's contract value (domain/tiers/contract-value.ts): what the deal is sold for. */
  firstYearCost: Record<RoiTierKey, number>
}

export const roiTierKeys: Record<Tier, RoiTierKey> = {
  DISCOVERY: 'discovery',
  FOUNDATION: 'foundation',
  ARCHITECT: 'architect',
}

/** Share of the admin hours each tier takes over before clamping to the tier's §7.1 range. */
export const tierAutomationShare: Record<Tier, number> = { DISCOVERY: 0.25, FOUNDATION: 0.5, ARCHITECT: 0.8 }

/** Accepted input ranges; outside them the numbers stop meaning anything (168 hours is a whole week). */
export const roiInputLimits = {
  hourlyRate: { min: 1, max: 1_000 },
  weeklyAdminHours: { min: 1, max: 168 },
} as const

const round1 = (n: number) => Math.round(n * 10) / 10
const round2 = (n: number) => Math.round(n * 100) / 100
const clamp = (n: number, min: number, max: number) => Math.min(max, Math.max(min, n))

/** The weekly hours a tier saves: a share of the admin hours, adjusted for the industry, within §7.1's range. */
export function weeklyHoursSaved(tier: Tier, inputs: Pick<RoiInputs, 'industry' | 'weeklyAdminHours'>): number {
  const [min, max] = tierTerms[tier].hoursSaved
  const { automationFactor } = industryProfile(inputs.industry).benchmarks
  const hours = clamp(inputs.weeklyAdminHours * tierAutomationShare[tier] * automationFactor, min, max)
  // Nobody saves more hours than they spend.
  return round1(Math.min(hours, inputs.weeklyAdminHours))
}

export function calculateRoi(inputs: RoiInputs): RoiCalculationResult {
  for (const field of ['hourlyRate', 'weeklyAdminHours'] as const) {
    const { min, max } = roiInputLimits[field]
    const value = inputs[field]
    if (!Number.isFinite(value) || value < min || value > max)
      throw new RangeError(`${field} must be between ${min} and ${max}, got ${value}`)
  }
  const result: RoiCalculationResult = {
    weeklyHoursSaved: {},
    weeklyValueCreated: {},
    annualROI: {},
    paybackPeriod: {},
    firstYearCost: {},
  } as RoiCalculationResult
  for (const tier of Object.keys(roiTierKeys) as Tier[]) {
    const key = roiTierKeys[tier]
    const hours = weeklyHoursSaved(tier, inputs)
    // From the rounded hours, so hours × rate on the report is exactly the value shown next to it.
    const weeklyValue = round2(hours * inputs.hourlyRate)
    const cost = tierContract(tier).totalContractValue
    const annualValue = round2(weeklyValue * 52 - cost)
    result.weeklyHoursSaved[key] = hours
    result.weeklyValueCreated[key] = weeklyValue
    result.annualROI[key] = { value: annualValue, percentage: round2((annualValue / cost) * 100) }
    result.paybackPeriod[key] = round1(cost / weeklyValue)
    result.firstYearCost[key] = cost
  }
  return result
}
