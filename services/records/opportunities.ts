import { z } from 'zod'
import { pipelineStages, tiers } from '../../domain/records/record-vocabulary'
import { contractValue, defaultEstimatedMonths } from '../../domain/tiers/contract-value'
import type { AppConfig } from '../../lib/config'
import type { Database, Prisma } from '../../lib/db'
import { representWorkflowProjection, workflowProjectionSelect } from '../workflow-projection'
import { defineResource } from './definition'
import { apiEnum, dateTime, decimal, iso, mapped, money, optionalText, recordId, text } from './fields'
import { referenceTo } from './references'

const select = {
  id: true,
  companyId: true,
  primaryContactId: true,
  name: true,
  tier: true,
  stage: true,
  stageEnteredAt: true,
  setupFee: true,
  monthlyFee: true,
  estimatedMonths: true,
  totalContractValue: true,
  projectedHoursSaved: true,
  projectedWeeklyValue: true,
  projectedROI: true,
  paybackWeeks: true,
  expectedCloseDate: true,
  actualCloseDate: true,
  systemCount: true,
  probability: true,
  lostReason: true,
  competitorInfo: true,
  ownerId: true,
  ...workflowProjectionSelect,
  createdAt: true,
  updatedAt: true,
} satisfies Prisma.OpportunitySelect

type OpportunityRow = Prisma.OpportunityGetPayload<{ select: typeof select }>

export const opportunityCreateSchema = z
  .object({
    companyId: recordId,
    primaryContactId: recordId,
    name: text(200),
    tier: apiEnum(tiers.apiNames),
    setupFee: money,
    monthlyFee: money.optional(),
    estimatedMonths: z.number().int().min(1).max(120).optional(),
    totalContractValue: money.optional(),
    projectedHoursSaved: z.number().nonnegative().nullable().optional(),
    projectedWeeklyValue: money.nullable().optional(),
    projectedROI: z.number().nullable().optional(),
    paybackWeeks: z.number().nonnegative().nullable().optional(),
    expectedCloseDate: dateTime.nullable().optional(),
    systemCount: z.number().int().min(0).max(100).optional(),
    competitorInfo: optionalText(2000),
    owner: recordId.nullable().optional(),
  })
  .strict()
export const opportunityUpdateSchema = opportunityCreateSchema.partial()

type OpportunityInput = z.infer<typeof opportunityUpdateSchema>

function opportunityData(input: OpportunityInput) {
  return {
    companyId: input.companyId,
    primaryContactId: input.primaryContactId,
    name: input.name,
    tier: mapped(input.tier, tiers.byApiName) ?? undefined,
    setupFee: input.setupFee,
    monthlyFee: input.monthlyFee,
    estimatedMonths: input.estimatedMonths,
    totalContractValue: input.totalContractValue,
    projectedHoursSaved: input.projectedHoursSaved,
    projectedWeeklyValue: input.projectedWeeklyValue,
    projectedROI: input.projectedROI,
    paybackWeeks: input.paybackWeeks,
    expectedCloseDate: input.expectedCloseDate,
    systemCount: input.systemCount,
    competitorInfo: input.competitorInfo,
    ownerId: input.owner,
  }
}

/** Unless given, the contract value follows the fees (domain/tiers/contract-value.ts). */
async function updatedContractValue(db: Database, id: string, input: OpportunityInput): Promise<number | undefined> {
  if (input.totalContractValue !== undefined) return input.totalContractValue
  if (input.setupFee === undefined && input.monthlyFee === undefined && input.estimatedMonths === undefined)
    return undefined
  const current = await db.opportunity.findUniqueOrThrow({
    where: { id },
    select: { setupFee: true, monthlyFee: true, estimatedMonths: true },
  })
  return contractValue({
    setupFee: input.setupFee ?? current.setupFee.toNumber(),
    monthlyFee: input.monthlyFee ?? current.monthlyFee.toNumber(),
    estimatedMonths: input.estimatedMonths ?? current.estimatedMonths,
  })
}

export const opportunities = defineResource({
  resource: 'opportunities',
  path: 'opportunities',
  noun: 'opportunity',
  model: (db) => db.opportunity,
  select,
  represent: (opportunity: OpportunityRow, config: AppConfig) => ({
    id: opportunity.id,
    companyId: opportunity.companyId,
    primaryContactId: opportunity.primaryContactId,
    name: opportunity.name,
    tier: tiers.apiNameOf[opportunity.tier],
    stage: pipelineStages.apiNameOf[opportunity.stage],
    stageEnteredAt: iso(opportunity.stageEnteredAt),
    setupFee: decimal(opportunity.setupFee),
    monthlyFee: decimal(opportunity.monthlyFee),
    estimatedMonths: opportunity.estimatedMonths,
    totalContractValue: decimal(opportunity.totalContractValue),
    projectedHoursSaved: opportunity.projectedHoursSaved,
    projectedWeeklyValue: decimal(opportunity.projectedWeeklyValue),
    projectedROI: opportunity.projectedROI,
    paybackWeeks: opportunity.paybackWeeks,
    expectedCloseDate: iso(opportunity.expectedCloseDate),
    actualCloseDate: iso(opportunity.actualCloseDate),
    systemCount: opportunity.systemCount,
    probability: opportunity.probability,
    lostReason: opportunity.lostReason,
    competitorInfo: opportunity.competitorInfo,
    owner: opportunity.ownerId,
    workflow: representWorkflowProjection(opportunity, config),
    createdAt: iso(opportunity.createdAt),
    updatedAt: iso(opportunity.updatedAt),
  }),
  filters: {
    stage: apiEnum(pipelineStages.apiNames).optional(),
    tier: apiEnum(tiers.apiNames).optional(),
    owner: recordId.optional(),
    companyId: recordId.optional(),
  },
  where: (filters) => ({
    stage: mapped(filters.stage as keyof typeof pipelineStages.byApiName | undefined, pipelineStages.byApiName),
    tier: mapped(filters.tier as keyof typeof tiers.byApiName | undefined, tiers.byApiName),
    ownerId: filters.owner,
    companyId: filters.companyId,
  }),
  createSchema: opportunityCreateSchema,
  create: ({ db }, input: z.infer<typeof opportunityCreateSchema>) =>
    db.opportunity.create({
      data: {
        ...opportunityData(input),
        companyId: input.companyId,
        primaryContactId: input.primaryContactId,
        name: input.name,
        tier: tiers.byApiName[input.tier],
        setupFee: input.setupFee,
        totalContractValue:
          input.totalContractValue ??
          contractValue({
            setupFee: input.setupFee,
            monthlyFee: input.monthlyFee ?? 0,
            estimatedMonths: input.estimatedMonths ?? defaultEstimatedMonths,
          }),
      },
      select,
    }),
  updateSchema: opportunityUpdateSchema,
  update: async ({ db }, id, input: OpportunityInput) =>
    db.opportunity.update({
      where: { id },
      data: { ...opportunityData(input), totalContractValue: await updatedContractValue(db, id, input) },
      select,
    }),
  workflowFields: {
    stage: 'changes by moving the deal (its workflow checks the exit criteria), not by editing the record',
    probability: 'follows the stage (seed 002 §4.1), not an edit',
    owner: 'changes by assigning the deal (its workflow alerts the new owner), not by editing the record',
  },
  ownerField: 'owner',
  references: { companyId: referenceTo.company, primaryContactId: referenceTo.contact, owner: referenceTo.user },
  blockingRelations: [
    { name: 'partnership', kind: 'one' },
    { name: 'sourceLead', kind: 'one' },
    { name: 'proposedSystems', kind: 'many' },
    { name: 'activities', kind: 'many' },
  ],
})
