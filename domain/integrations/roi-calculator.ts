// What the landing page's ROI calculator sends (seed 002 §7.1, §11.3, §13.2): a calculation to
// POST /api/crm/roi-calculations, or signed events calculation.completed / report.requested. The calculator's own
// numbers are not trusted: the CRM computes every figure from the inputs (calculateRoi). §11.3 prints the post as
// `{ email, industry, employeeCount, calculations }`: inputs it leaves out are read from its `calculations` (a §7.1
// ROICalculation carries them) and otherwise assumed from the industry's §8 benchmarks, and the calculation says so.
import { z } from 'zod'
import type { EmployeeCount, Industry, Tier } from '../../prisma/generated/enums'
import { industryProfile } from '../industries/industry-profiles'
import { leadPersonFields, normalisedEmail, type LeadPerson } from '../leads/lead-input'
import { employeeCountByApiName, industryByApiName } from '../leads/lead-vocabulary'
import { roiInputLimits } from '../roi/roi-calculator'
import { isSafeText } from '../validation/safe-text'
import { externalId, isoDateTime, parseKeeping, type KeptField, type ParsedKeeping } from './parse'

const apiNames = <T extends Record<string, string>>(mapping: T) =>
  z.enum(Object.keys(mapping) as [keyof T & string, ...(keyof T & string)[]])

const tierByApiName = {
  discovery: 'DISCOVERY',
  foundation: 'FOUNDATION',
  architect: 'ARCHITECT',
} as const satisfies Record<string, Tier>

const hourlyRate = z.number().min(roiInputLimits.hourlyRate.min).max(roiInputLimits.hourlyRate.max)
const weeklyAdminHours = z.number().min(roiInputLimits.weeklyAdminHours.min).max(roiInputLimits.weeklyAdminHours.max)

const inputFields = {
  industry: apiNames(industryByApiName),
  /** Missing: read from `calculations`, else the industry's average (§8 benchmarks). */
  employeeCount: apiNames(employeeCountByApiName).optional(),
  /** US dollars per hour of the people doing the admin work. Missing: as employeeCount. */
  hourlyRate: hourlyRate.optional(),
  /** Missing: as employeeCount. */
  weeklyAdminHours: weeklyAdminHours.optional(),
}

/** The inputs a §7.1 ROICalculation carries, when the calculator sends its whole result as `calculations`. */
const inputsInResults = z.object({
  employeeCount: apiNames(employeeCountByApiName).optional().catch(undefined),
  hourlyRate: hourlyRate.optional().catch(undefined),
  weeklyAdminHours: weeklyAdminHours.optional().catch(undefined),
})

const trackingFields = {
  selectedTier: apiNames(tierByApiName).optional(),
  /** Seconds spent on the calculator. */
  timeOnCalculator: z
    .number()
    .int()
    .min(0)
    .max(7 * 24 * 60 * 60)
    .optional(),
  adjustmentsCount: z.number().int().min(0).max(100_000).optional(),
  reportRequested: z.boolean().optional(),
  /** The calculator's own results (§11.3): only the inputs in them are read; the CRM computes the figures. */
  calculations: z.unknown().optional(),
}

/** POST /api/crm/roi-calculations. `calculationId` makes a repeated post update the same calculation. */
export const roiCalculationPostSchema = z
  .object({
    calculationId: externalId.optional(),
    email: normalisedEmail.optional(),
    ...leadPersonFields,
    ...inputFields,
    ...trackingFields,
  })
  .strict()

export const roiCalculatorEventTypes = ['calculation.completed', 'report.requested'] as const

const eventBase = { id: externalId, occurredAt: isoDateTime.optional(), calculationId: externalId }

export const roiCalculatorEventSchema = z.discriminatedUnion('type', [
  z
    .object({
      ...eventBase,
      type: z.literal('calculation.completed'),
      email: normalisedEmail.optional(),
      ...leadPersonFields,
      ...inputFields,
      ...trackingFields,
    })
    .strict(),
  z
    .object({
      ...eventBase,
      type: z.literal('report.requested'),
      /** Where the report goes: asking for it is how the calculator captures the address. */
      email: normalisedEmail,
      ...leadPersonFields,
      selectedTier: trackingFields.selectedTier,
    })
    .strict(),
])

export type RoiCalculationPost = z.infer<typeof roiCalculationPostSchema>
export type RoiCalculatorEvent = z.infer<typeof roiCalculatorEventSchema>

export interface RoiCalculationInputs {
  industry: Industry
  employeeCount: EmployeeCount
  hourlyRate: number
  weeklyAdminHours: number
}

export type AssumableInput = 'employeeCount' | 'hourlyRate' | 'weeklyAdminHours'

/** One thing learnt about a calculation; inputs are absent for a report request. */
export interface RoiCalculationChange {
  externalId: string | undefined
  email: string | undefined
  inputs: RoiCalculationInputs | undefined
  /** Inputs the calculator did not send, taken from the industry's §8 benchmarks. */
  assumedInputs: AssumableInput[]
  /** What the calculator sent that the CRM did not use (unknown fields, values that do not fit). */
  kept: KeptField[]
  selectedTier: Tier | undefined
  timeOnCalculator: number | undefined
  adjustmentsCount: number | undefined
  reportRequested: boolean
  occurredAt: Date
  person: LeadPerson
}

/** The §8 average employee count as the calculator's ranges (5-10 and 10-25 share 10: it goes up). */
export function employeeRangeOf(count: number): EmployeeCount {
  if (count < 5) return 'RANGE_1_5'
  if (count < 10) return 'RANGE_5_10'
  if (count < 25) return 'RANGE_10_25'
  if (count <= 50) return 'RANGE_25_50'
  return 'RANGE_50_PLUS'
}

/** Each input as sent, else as the calculator's own results carry it, else the industry's average (assumed). */
export function inputsOf(
  fields: z.infer<z.ZodObject<typeof inputFields>>,
  calculations: unknown,
): { inputs: RoiCalculationInputs; assumedInputs: AssumableInput[] } {
  const industry = industryByApiName[fields.industry]
  const fromResults = inputsInResults.safeParse(calculations ?? {})
  const results = fromResults.success ? fromResults.data : {}
  const { benchmarks } = industryProfile(industry)
  const assumedInputs: AssumableInput[] = []
  const employeeCount = fields.employeeCount ?? results.employeeCount
  const hourlyRate = fields.hourlyRate ?? results.hourlyRate
  const weeklyAdminHours = fields.weeklyAdminHours ?? results.weeklyAdminHours
  if (employeeCount === undefined) assumedInputs.push('employeeCount')
  if (hourlyRate === undefined) assumedInputs.push('hourlyRate')
  if (weeklyAdminHours === undefined) assumedInputs.push('weeklyAdminHours')
  return {
    inputs: {
      industry,
      employeeCount: employeeCount
        ? employeeCountByApiName[employeeCount]
        : employeeRangeOf(benchmarks.avgEmployeeCount),
      hourlyRate: hourlyRate ?? benchmarks.avgHourlyRate,
      weeklyAdminHours: weeklyAdminHours ?? benchmarks.avgWeeklyAdminHours,
    },
    assumedInputs,
  }
}

/**
 * An industry as the calculator may spell it ("HVAC", "Property Management", "e-commerce"); one the CRM does not
 * know is "other" (its figures use the general profile) and the name sent is kept.
 */
function withKnownIndustry(body: unknown): { body: unknown; kept: KeptField[] } {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return { body, kept: [] }
  const { industry } = body as Record<string, unknown>
  // Unsafe text is left where it is, for the body check to refuse: kept aside, it would reach a jsonb column.
  if (typeof industry !== 'string' || industry in industryByApiName || !isSafeText(industry)) return { body, kept: [] }
  const spelt = industry
    .trim()
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '')
  const known =
    spelt in industryByApiName ? spelt : spelt.replace(/_/g, '') in industryByApiName ? spelt.replace(/_/g, '') : null
  if (known) return { body: { ...body, industry: known }, kept: [] }
  if (spelt === '') return { body, kept: [] }
  return {
    body: { ...body, industry: 'other' },
    kept: [{ field: 'industry', value: industry, reason: 'is not an industry the CRM knows: calculated as other' }],
  }
}

/**
 * POST /api/crm/roi-calculations. Refused (400 naming the field) only for a missing industry or an invalid email;
 * anything else that does not fit is kept aside and the calculation is made with the rest.
 */
export function parseRoiCalculationPost(body: unknown): ParsedKeeping<RoiCalculationPost> {
  const { body: known, kept } = withKnownIndustry(body)
  const parsed = parseKeeping(roiCalculationPostSchema, known, 'ROI calculation', ['industry', 'email'])
  return parsed.ok ? { ...parsed, kept: [...kept, ...parsed.kept] } : parsed
}

/** A signed calculator event; as the post, and `id`, `type` and `calculationId` are required too. */
export function parseRoiCalculatorEvent(body: unknown): ParsedKeeping<RoiCalculatorEvent> {
  const { body: known, kept } = withKnownIndustry(body)
  const parsed = parseKeeping(roiCalculatorEventSchema, known, 'ROI calculator event', [
    'id',
    'type',
    'calculationId',
    'industry',
    'email',
  ])
  return parsed.ok ? { ...parsed, kept: [...kept, ...parsed.kept] } : parsed
}

export function roiChangeFromPost(
  post: RoiCalculationPost,
  receivedAt: Date,
  kept: KeptField[] = [],
): RoiCalculationChange {
  const {
    calculationId,
    email,
    industry,
    employeeCount,
    hourlyRate,
    weeklyAdminHours,
    selectedTier,
    timeOnCalculator,
    adjustmentsCount,
    reportRequested,
    calculations,
    ...person
  } = post
  const { inputs, assumedInputs } = inputsOf({ industry, employeeCount, hourlyRate, weeklyAdminHours }, calculations)
  return {
    externalId: calculationId,
    email,
    inputs,
    assumedInputs,
    kept,
    selectedTier: selectedTier ? tierByApiName[selectedTier] : undefined,
    timeOnCalculator,
    adjustmentsCount,
    reportRequested: reportRequested ?? false,
    occurredAt: receivedAt,
    // An assumed employee count is the industry's average, not something the person told.
    person: { ...person, industry, ...(employeeCount ? { employeeCount } : {}) },
  }
}

export function roiChangeFromEvent(
  event: RoiCalculatorEvent,
  receivedAt: Date,
  kept: KeptField[] = [],
): RoiCalculationChange {
  const occurredAt = event.occurredAt ? new Date(event.occurredAt) : receivedAt
  if (event.type === 'report.requested') {
    const { id: _id, type: _type, occurredAt: _at, calculationId, email, selectedTier, ...person } = event
    return {
      externalId: calculationId,
      email,
      inputs: undefined,
      assumedInputs: [],
      kept,
      selectedTier: selectedTier ? tierByApiName[selectedTier] : undefined,
      timeOnCalculator: undefined,
      adjustmentsCount: undefined,
      reportRequested: true,
      occurredAt,
      person,
    }
  }
  const { id: _id, type: _type, occurredAt: _at, ...post } = event
  return { ...roiChangeFromPost(post, occurredAt, kept), occurredAt }
}
