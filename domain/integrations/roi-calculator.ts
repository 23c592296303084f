// What the landing page's ROI calculator sends (seed 002 §7.1, §11.3, §13.2): a calculation to
// POST /api/crm/roi-calculations, or signed events calculation.completed / report.requested. The calculator's own
// numbers are not trusted: the CRM computes every figure from the inputs (calculateRoi).
import { z } from 'zod'
import type { EmployeeCount, Industry, Tier } from '../../prisma/generated/enums'
import { leadPersonFields, normalisedEmail, type LeadPerson } from '../leads/lead-input'
import { employeeCountByApiName, industryByApiName } from '../leads/lead-vocabulary'
import { roiInputLimits } from '../roi/roi-calculator'
import { externalId, isoDateTime } from './parse'

const apiNames = <T extends Record<string, string>>(mapping: T) =>
  z.enum(Object.keys(mapping) as [keyof T & string, ...(keyof T & string)[]])

const tierByApiName = {
  discovery: 'DISCOVERY',
  foundation: 'FOUNDATION',
  architect: 'ARCHITECT',
} as const satisfies Record<string, Tier>

const inputFields = {
  industry: apiNames(industryByApiName),
  employeeCount: apiNames(employeeCountByApiName),
  /** US dollars per hour of the people doing the admin work. */
  hourlyRate: z.number().min(roiInputLimits.hourlyRate.min).max(roiInputLimits.hourlyRate.max),
  weeklyAdminHours: z.number().min(roiInputLimits.weeklyAdminHours.min).max(roiInputLimits.weeklyAdminHours.max),
}

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
  /** The calculator's own results (§11.3): accepted and ignored, the CRM computes them. */
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

/** One thing learnt about a calculation; inputs are absent for a report request. */
export interface RoiCalculationChange {
  externalId: string | undefined
  email: string | undefined
  inputs: RoiCalculationInputs | undefined
  selectedTier: Tier | undefined
  timeOnCalculator: number | undefined
  adjustmentsCount: number | undefined
  reportRequested: boolean
  occurredAt: Date
  person: LeadPerson
}

function inputsOf(fields: z.infer<z.ZodObject<typeof inputFields>>): RoiCalculationInputs {
  return {
    industry: industryByApiName[fields.industry],
    employeeCount: employeeCountByApiName[fields.employeeCount],
    hourlyRate: fields.hourlyRate,
    weeklyAdminHours: fields.weeklyAdminHours,
  }
}

export function roiChangeFromPost(post: RoiCalculationPost, receivedAt: Date): RoiCalculationChange {
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
    calculations: _ignored,
    ...person
  } = post
  return {
    externalId: calculationId,
    email,
    inputs: inputsOf({ industry, employeeCount, hourlyRate, weeklyAdminHours }),
    selectedTier: selectedTier ? tierByApiName[selectedTier] : undefined,
    timeOnCalculator,
    adjustmentsCount,
    reportRequested: reportRequested ?? false,
    occurredAt: receivedAt,
    person: { ...person, industry, employeeCount },
  }
}

export function roiChangeFromEvent(event: RoiCalculatorEvent, receivedAt: Date): RoiCalculationChange {
  const occurredAt = event.occurredAt ? new Date(event.occurredAt) : receivedAt
  if (event.type === 'report.requested') {
    const { id: _id, type: _type, occurredAt: _at, calculationId, email, selectedTier, ...person } = event
    return {
      externalId: calculationId,
      email,
      inputs: undefined,
      selectedTier: selectedTier ? tierByApiName[selectedTier] : undefined,
      timeOnCalculator: undefined,
      adjustmentsCount: undefined,
      reportRequested: true,
      occurredAt,
      person,
    }
  }
  const { id: _id, type: _type, occurredAt: _at, ...post } = event
  return { ...roiChangeFromPost(post, occurredAt), occurredAt }
}
