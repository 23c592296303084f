import type { Prisma } from '../../lib/db'
import { calculateRoi, type RoiCalculationResult } from '../../domain/roi/roi-calculator'
import type { KeptField } from '../../domain/integrations/parse'
import type {
  AssumableInput,
  RoiCalculationChange,
  RoiCalculationInputs,
} from '../../domain/integrations/roi-calculator'
import { apiNameOfEmployeeCount, apiNameOfIndustry, industryLabels } from '../../domain/leads/lead-vocabulary'
import type { LeadEvent } from '../../workflows/lead-messages'
import { recordConsentOfResolved } from './consent'
import {
  ingestionTransactionOptions,
  lockKey,
  type IngestionDependencies,
  type Transaction,
} from './ingestion-dependencies'
import { IngestionConflict } from './ingestion-errors'
import { describeKeptFields } from './kept-fields'
import { deliverLeadEvents } from './lead-events'
import {
  loadLeadRef,
  ownerColumns,
  resolvePerson,
  resolvedLinks,
  type LeadRef,
  type PersonInput,
  type ResolvedPerson,
} from './person'
import { upsertTimelineEntry } from './timeline'

export const roiCalculationSelect = {
  id: true,
  externalId: true,
  leadId: true,
  contactId: true,
  industry: true,
  employeeCount: true,
  hourlyRate: true,
  weeklyAdminHours: true,
  calculations: true,
  selectedTier: true,
  emailCaptured: true,
  email: true,
  reportRequested: true,
  timeOnCalculator: true,
  adjustmentsCount: true,
  createdAt: true,
} satisfies Prisma.ROICalculationSelect

export type RoiCalculationRow = Prisma.ROICalculationGetPayload<{ select: typeof roiCalculationSelect }>

export interface RoiCalculationIngested {
  calculation: RoiCalculationRow
  created: boolean
  lead: LeadRef | null
  leadCreated: boolean
  contactId: string | null
}

/**
 * Seed 002 §7.1 for one calculation: the CRM computes every figure from the inputs (calculateRoi) and keeps the
 * calculator's inputs and tracking; an email captured matches the calculation to the contact or lead — a new lead
 * from the ROI calculator if nobody has the address. A report request marks the calculation and captures the email.
 * The lead's workflow hears `roi.calculation.completed` once the calculation has a lead, and `roi.report.requested`
 * once the report was asked for (each one fact, one stable event id).
 */
export async function ingestRoiCalculation(
  dependencies: IngestionDependencies,
  change: RoiCalculationChange,
): Promise<RoiCalculationIngested> {
  const ingested = await dependencies.db.$transaction((tx) => storeCalculation(tx, change), ingestionTransactionOptions)
  await tellRoiCalculationWorkflow(dependencies, ingested, change)
  return ingested
}

/** What the lead's workflow hears after a calculation was stored where it arrived (see ingestRoiCalculation). */
export async function tellRoiCalculationWorkflow(
  dependencies: IngestionDependencies,
  { calculation, lead }: RoiCalculationIngested,
  change: RoiCalculationChange,
): Promise<void> {
  if (!lead) return
  const events: LeadEvent[] = [
    {
      eventId: `roi-calculation:${calculation.id}:completed`,
      kind: 'roi.calculation.completed',
      occurredAt: calculation.createdAt.toISOString(),
      refId: calculation.id,
    },
  ]
  if (calculation.reportRequested) {
    events.push({
      eventId: `roi-calculation:${calculation.id}:report-requested`,
      kind: 'roi.report.requested',
      occurredAt: change.occurredAt.toISOString(),
      refId: calculation.id,
    })
  }
  await deliverLeadEvents(dependencies, lead, events)
}

/** A report request for a calculation the CRM has not received, without the inputs to compute it: 409, retried. */
export function unknownCalculation(): IngestionConflict {
  return new IngestionConflict(
    'calculationId',
    'names no calculation the CRM has received yet (calculation.completed first)',
  )
}

/** The person a calculation's address names, as the calculation's first touch would create them (§3.1). */
export function roiCalculationPerson(
  email: string,
  inputs: Pick<RoiCalculationInputs, 'industry' | 'employeeCount'>,
  assumedInputs: AssumableInput[],
  change: RoiCalculationChange,
): PersonInput {
  return {
    email,
    source: 'ROI_CALCULATOR',
    sourceDetail: `ROI Calc - ${industryLabels[inputs.industry]}`,
    // The calculator's inputs say what the person's business is, also when only the report request named them.
    person: {
      ...change.person,
      industry: change.person.industry ?? apiNameOfIndustry[inputs.industry],
      employeeCount:
        change.person.employeeCount ??
        (assumedInputs.includes('employeeCount') ? undefined : apiNameOfEmployeeCount[inputs.employeeCount]),
    },
    timezone: change.person.timezone,
  }
}

/**
 * Writes one calculation change in the caller's transaction: the request's for the JSON endpoint, the lead
 * workflow's activity (applyIngestedEvent) for a webhook event. Applying the same change again writes the same rows.
 */
export async function storeCalculation(tx: Transaction, change: RoiCalculationChange): Promise<RoiCalculationIngested> {
  if (change.externalId) await lockKey(tx, `roi-calculation:${change.externalId}`)
  const current = change.externalId
    ? await tx.rOICalculation.findUnique({ where: { externalId: change.externalId }, select: roiCalculationSelect })
    : null
  const inputs: RoiCalculationInputs | undefined =
    change.inputs ??
    (current
      ? {
          industry: current.industry,
          employeeCount: current.employeeCount,
          hourlyRate: current.hourlyRate.toNumber(),
          weeklyAdminHours: current.weeklyAdminHours,
        }
      : undefined)
  if (!inputs) throw unknownCalculation()
  const result = calculateRoi(inputs)
  const email = change.email ?? current?.email ?? null
  const stored = storedNotes(current?.calculations)
  const assumedInputs = change.inputs ? change.assumedInputs : stored.assumedInputs
  const keptFields = mergeKept(stored.keptFields, change.kept)

  let resolved: ResolvedPerson | null = null
  if (current?.contactId) resolved = { kind: 'contact', contactId: current.contactId }
  else if (current?.leadId) {
    const lead = await loadLeadRef(tx, current.leadId)
    if (lead) resolved = { kind: 'lead', lead, created: false }
  }
  if (!resolved && email) {
    resolved = await resolvePerson(tx, roiCalculationPerson(email, inputs, assumedInputs, change))
  }
  const owner = ownerColumns(resolved)

  const data = {
    ...owner,
    industry: inputs.industry,
    employeeCount: inputs.employeeCount,
    hourlyRate: inputs.hourlyRate,
    weeklyAdminHours: inputs.weeklyAdminHours,
    // The figures, which inputs were the industry's averages, and what the calculator sent that was not used.
    calculations: { ...result, assumedInputs, keptFields } as unknown as Prisma.InputJsonObject,
    selectedTier: change.selectedTier ?? current?.selectedTier ?? null,
    emailCaptured: email !== null,
    email,
    reportRequested: (current?.reportRequested ?? false) || change.reportRequested,
    timeOnCalculator: change.timeOnCalculator ?? current?.timeOnCalculator ?? 0,
    adjustmentsCount: change.adjustmentsCount ?? current?.adjustmentsCount ?? 0,
  }
  const calculation = current
    ? await tx.rOICalculation.update({ where: { id: current.id }, data, select: roiCalculationSelect })
    : await tx.rOICalculation.create({
        data: { ...data, externalId: change.externalId ?? null, createdAt: change.occurredAt },
        select: roiCalculationSelect,
      })

  if (resolved?.kind === 'lead') {
    await tx.lead.updateMany({
      where: { id: resolved.lead.id, roiCalculationId: null },
      data: { roiCalculationId: calculation.id },
    })
  }
  await recordConsentOfResolved(tx, resolved, change.person, change.occurredAt, 'roi calculator')
  await upsertTimelineEntry(
    tx,
    { type: 'ROI_CALCULATION', externalId: calculation.id },
    {
      ...owner,
      subject: `ROI calculation: ${industryLabels[inputs.industry]}, ${inputs.weeklyAdminHours} admin hours a week at $${inputs.hourlyRate}/h${assumedNote(assumedInputs)}`,
      description: [
        describeResult(result),
        ...(keptFields.length ? [`Kept: ${describeKeptFields(keptFields)}`] : []),
      ].join('\n'),
      outcome: data.reportRequested ? 'report requested' : null,
      channel: 'FORM',
      direction: 'INBOUND',
      completedAt: calculation.createdAt,
    },
  )
  return {
    calculation,
    created: !current,
    ...resolvedLinks(resolved),
  }
}

const assumedWords: Record<AssumableInput, string> = {
  employeeCount: 'employee count',
  hourlyRate: 'hourly rate',
  weeklyAdminHours: 'admin hours',
}

function assumedNote(assumed: AssumableInput[]): string {
  return assumed.length
    ? ` (industry average assumed for ${assumed.map((input) => assumedWords[input]).join(', ')})`
    : ''
}

/** What an earlier delivery of the same calculation recorded beside the figures. */
export function storedNotes(json: unknown): { assumedInputs: AssumableInput[]; keptFields: KeptField[] } {
  const notes = (typeof json === 'object' && json !== null ? json : {}) as Record<string, unknown>
  return {
    assumedInputs: Array.isArray(notes.assumedInputs) ? (notes.assumedInputs as AssumableInput[]) : [],
    keptFields: Array.isArray(notes.keptFields) ? (notes.keptFields as KeptField[]) : [],
  }
}

/** A redelivery keeps the same fields once. */
function mergeKept(earlier: KeptField[], now: KeptField[]): KeptField[] {
  const key = (field: KeptField) => `${field.field}\u0000${JSON.stringify(field.value)}`
  const seen = new Set(earlier.map(key))
  return [...earlier, ...now.filter((field) => !seen.has(key(field)))]
}

const usd = new Intl.NumberFormat('en-US', { style: 'currency', currency: 'USD', maximumFractionDigits: 0 })

function describeResult(result: RoiCalculationResult): string {
  return (['discovery', 'foundation', 'architect'] as const)
    .map(
      (tier) =>
        `${tier[0]!.toUpperCase()}${tier.slice(1)}: ${result.weeklyHoursSaved[tier]} h/week saved, ` +
        `${usd.format(result.annualROI[tier].value)} a year (${result.annualROI[tier].percentage}%), ` +
        `payback ${result.paybackPeriod[tier]} weeks`,
    )
    .join('\n')
}
