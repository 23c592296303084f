// What the ROI report of one stored calculation says, read from the database: the inputs, the figures, the
// person it is for and their language.
import { z } from 'zod'
import type { AssumableInput } from '../../domain/integrations/roi-calculator'
import { calculateRoi, roiTierKeys, type RoiCalculationResult, type RoiInputs } from '../../domain/roi/roi-calculator'
import { tierContract } from '../../domain/tiers/contract-value'
import { tierOrder } from '../../domain/tiers/tier-terms'
import type { Database } from '../db'
import type { RoiReportInput } from './roi-report-pdf'

const perTier = <T extends z.ZodType>(value: T) => z.object({ discovery: value, foundation: value, architect: value })
const amount = z.number().finite()

// §7.1's stored shape. The figures a salesperson saw when the calculation was made are the ones the report
// shows; the first-year cost is not part of §7.1's shape, so it may be missing from older rows.
const storedCalculations = z.object({
  weeklyHoursSaved: perTier(amount),
  weeklyValueCreated: perTier(amount),
  annualROI: perTier(z.object({ value: amount, percentage: amount })),
  paybackPeriod: perTier(z.number()),
  firstYearCost: perTier(amount).optional(),
})

export const roiReportCalculationSelect = {
  id: true,
  createdAt: true,
  industry: true,
  employeeCount: true,
  hourlyRate: true,
  weeklyAdminHours: true,
  calculations: true,
  selectedTier: true,
  lead: { select: { firstName: true, companyName: true, preferredLanguage: true } },
  contact: { select: { firstName: true, preferredLanguage: true, company: { select: { name: true } } } },
} as const

/** The report input for a calculation, or null when there is none with that id. */
export async function loadRoiReportInput(
  db: Database,
  roiCalculationId: string,
  bookingUrl: string,
): Promise<RoiReportInput | null> {
  const calculation = await db.rOICalculation.findUnique({
    where: { id: roiCalculationId },
    select: roiReportCalculationSelect,
  })
  if (!calculation) return null
  const inputs: RoiInputs = {
    industry: calculation.industry,
    employeeCount: calculation.employeeCount,
    hourlyRate: Number(calculation.hourlyRate),
    weeklyAdminHours: calculation.weeklyAdminHours,
  }
  // A converted lead's calculations belong to the contact, whose record is the current one.
  const { contact, lead } = calculation
  const recipient = contact
    ? { firstName: contact.firstName, companyName: contact.company.name }
    : { firstName: lead?.firstName ?? null, companyName: lead?.companyName ?? null }
  return {
    calculationId: calculation.id,
    createdAt: calculation.createdAt,
    language: contact?.preferredLanguage ?? lead?.preferredLanguage ?? 'EN',
    recipient,
    inputs,
    assumedInputs: assumedInputsOf(calculation.calculations),
    result: reportFigures(calculation.calculations, inputs),
    selectedTier: calculation.selectedTier,
    bookingUrl,
  }
}

/**
 * The report input of a prospect's newest calculation: by their contact or by the lead they came from (a deal's
 * primary contact and source lead). Null when they have none.
 */
export async function loadNewestRoiReportInput(
  db: Database,
  prospect: { contactId: string | null; leadId: string | null },
  bookingUrl: string,
): Promise<RoiReportInput | null> {
  const owners = [
    ...(prospect.contactId ? [{ contactId: prospect.contactId }] : []),
    ...(prospect.leadId ? [{ leadId: prospect.leadId }] : []),
  ]
  if (owners.length === 0) return null
  const newest = await db.rOICalculation.findFirst({
    where: { OR: owners },
    orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
    select: { id: true },
  })
  return newest ? loadRoiReportInput(db, newest.id, bookingUrl) : null
}

function reportFigures(stored: unknown, inputs: RoiInputs): RoiCalculationResult {
  const parsed = storedCalculations.safeParse(stored)
  if (!parsed.success) return calculateRoi(inputs)
  const firstYearCost =
    parsed.data.firstYearCost ??
    (Object.fromEntries(
      tierOrder.map((tier) => [roiTierKeys[tier], tierContract(tier).totalContractValue]),
    ) as RoiCalculationResult['firstYearCost'])
  return { ...parsed.data, firstYearCost }
}

const assumableInputs = z.enum(['employeeCount', 'hourlyRate', 'weeklyAdminHours'])

/** The inputs the calculator assumed, kept beside the figures by the ROI calculator integration. */
function assumedInputsOf(stored: unknown): AssumableInput[] {
  const parsed = z.object({ assumedInputs: z.array(assumableInputs) }).safeParse(stored)
  return parsed.success ? parsed.data.assumedInputs : []
}
