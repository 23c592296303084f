import { z } from 'zod'
import { engagementLevels, partnershipStatuses, phases, tiers } from '../../domain/records/record-vocabulary'
import type { AppConfig } from '../../lib/config'
import type { Prisma } from '../../lib/db'
import { representWorkflowProjection, workflowProjectionSelect } from '../workflow-projection'
import { tellPartnershipMeetingsChanged } from '../partnerships/partnership-workflow'
import { defineResource } from './definition'
import { apiEnum, dateTime, decimal, iso, mapped, money, percentage, recordId, textList, count } from './fields'
import { referenceTo } from './references'

const select = {
  id: true,
  opportunityId: true,
  companyId: true,
  tier: true,
  startDate: true,
  targetEndDate: true,
  status: true,
  setupFeePaid: true,
  monthlyFee: true,
  totalRevenue: true,
  currentPhase: true,
  weeklyMeetingDay: true,
  weeklyMeetingTime: true,
  knowledgeTransferScore: true,
  trainingCompleted: true,
  docsDelivered: true,
  healthScore: true,
  satisfactionScore: true,
  engagementLevel: true,
  atRisk: true,
  riskReasons: true,
  actualHoursSaved: true,
  actualROI: true,
  testimonialProvided: true,
  caseStudyCreated: true,
  referralsMade: true,
  ownerId: true,
  ...workflowProjectionSelect,
  createdAt: true,
  updatedAt: true,
} satisfies Prisma.PartnershipSelect

type PartnershipRow = Prisma.PartnershipGetPayload<{ select: typeof select }>

const weekdays = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'] as const

// Status, phase and health are the partnership workflow's (decision 0028): neither a create nor a PATCH writes them.
export const partnershipCreateSchema = z
  .object({
    opportunityId: recordId,
    companyId: recordId,
    tier: apiEnum(tiers.apiNames),
    startDate: dateTime,
    targetEndDate: dateTime,
    setupFeePaid: z.boolean().optional(),
    monthlyFee: money.optional(),
    totalRevenue: money.optional(),
    weeklyMeetingDay: z.enum(weekdays).nullable().optional(),
    weeklyMeetingTime: z
      .string()
      .regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'must be a time of day, e.g. 14:00')
      .nullable()
      .optional(),
    knowledgeTransferScore: percentage.optional(),
    trainingCompleted: textList.optional(),
    docsDelivered: textList.optional(),
    satisfactionScore: z.number().int().min(1).max(10).nullable().optional(),
    engagementLevel: apiEnum(engagementLevels.apiNames).optional(),
    actualHoursSaved: z.number().nonnegative().nullable().optional(),
    actualROI: z.number().nullable().optional(),
    testimonialProvided: z.boolean().optional(),
    caseStudyCreated: z.boolean().optional(),
    referralsMade: count.optional(),
    owner: recordId.nullable().optional(),
  })
  .strict()
// The plan's dates are the workflow's once it runs (decision 0036): milestones, phases and timers are dated from them.
export const partnershipUpdateSchema = partnershipCreateSchema.omit({ startDate: true, targetEndDate: true }).partial()

type PartnershipInput = z.infer<typeof partnershipUpdateSchema> &
  Partial<Pick<z.infer<typeof partnershipCreateSchema>, 'startDate' | 'targetEndDate'>>

function partnershipData(input: PartnershipInput) {
  return {
    opportunityId: input.opportunityId,
    companyId: input.companyId,
    tier: mapped(input.tier, tiers.byApiName) ?? undefined,
    startDate: input.startDate,
    targetEndDate: input.targetEndDate,
    setupFeePaid: input.setupFeePaid,
    monthlyFee: input.monthlyFee,
    totalRevenue: input.totalRevenue,
    weeklyMeetingDay: input.weeklyMeetingDay,
    weeklyMeetingTime: input.weeklyMeetingTime,
    knowledgeTransferScore: input.knowledgeTransferScore,
    trainingCompleted: input.trainingCompleted,
    docsDelivered: input.docsDelivered,
    satisfactionScore: input.satisfactionScore,
    engagementLevel: mapped(input.engagementLevel, engagementLevels.byApiName) ?? undefined,
    actualHoursSaved: input.actualHoursSaved,
    actualROI: input.actualROI,
    testimonialProvided: input.testimonialProvided,
    caseStudyCreated: input.caseStudyCreated,
    referralsMade: input.referralsMade,
    ownerId: input.owner,
  }
}

export const partnerships = defineResource({
  resource: 'partnerships',
  path: 'partnerships',
  noun: 'partnership',
  model: (db) => db.partnership,
  select,
  represent: (partnership: PartnershipRow, config: AppConfig) => ({
    id: partnership.id,
    opportunityId: partnership.opportunityId,
    companyId: partnership.companyId,
    tier: tiers.apiNameOf[partnership.tier],
    startDate: iso(partnership.startDate),
    targetEndDate: iso(partnership.targetEndDate),
    status: partnershipStatuses.apiNameOf[partnership.status],
    setupFeePaid: partnership.setupFeePaid,
    monthlyFee: decimal(partnership.monthlyFee),
    totalRevenue: decimal(partnership.totalRevenue),
    currentPhase: phases.apiNameOf[partnership.currentPhase],
    weeklyMeetingDay: partnership.weeklyMeetingDay,
    weeklyMeetingTime: partnership.weeklyMeetingTime,
    knowledgeTransferScore: partnership.knowledgeTransferScore,
    trainingCompleted: partnership.trainingCompleted,
    docsDelivered: partnership.docsDelivered,
    healthScore: partnership.healthScore,
    satisfactionScore: partnership.satisfactionScore,
    engagementLevel: engagementLevels.apiNameOf[partnership.engagementLevel],
    atRisk: partnership.atRisk,
    riskReasons: partnership.riskReasons,
    actualHoursSaved: partnership.actualHoursSaved,
    actualROI: partnership.actualROI,
    testimonialProvided: partnership.testimonialProvided,
    caseStudyCreated: partnership.caseStudyCreated,
    referralsMade: partnership.referralsMade,
    owner: partnership.ownerId,
    workflow: representWorkflowProjection(partnership, config),
    createdAt: iso(partnership.createdAt),
    updatedAt: iso(partnership.updatedAt),
  }),
  filters: {
    status: apiEnum(partnershipStatuses.apiNames).optional(),
    tier: apiEnum(tiers.apiNames).optional(),
    owner: recordId.optional(),
    companyId: recordId.optional(),
    atRisk: z.enum(['true', 'false']).optional(),
  },
  where: (filters) => ({
    status: mapped(
      filters.status as keyof typeof partnershipStatuses.byApiName | undefined,
      partnershipStatuses.byApiName,
    ),
    tier: mapped(filters.tier as keyof typeof tiers.byApiName | undefined, tiers.byApiName),
    ownerId: filters.owner,
    companyId: filters.companyId,
    atRisk: filters.atRisk === undefined ? undefined : filters.atRisk === 'true',
  }),
  createSchema: partnershipCreateSchema,
  create: ({ db }, input: z.infer<typeof partnershipCreateSchema>) =>
    db.partnership.create({
      data: {
        ...partnershipData(input),
        opportunityId: input.opportunityId,
        companyId: input.companyId,
        tier: tiers.byApiName[input.tier],
        startDate: input.startDate,
        targetEndDate: input.targetEndDate,
      },
      select,
    }),
  updateSchema: partnershipUpdateSchema,
  workflowFields: {
    status: 'changes through the partnership’s workflow (pause, resume, extend, churn, graduate), not by editing',
    currentPhase: 'follows the partnership’s plan and clock (its workflow), not an edit',
    healthScore: 'is computed by the partnership’s workflow from its components (seed 002 §5.2), not an edit',
    atRisk: 'follows the health score (its workflow), not an edit',
    riskReasons: 'follow the health score (its workflow), not an edit',
    startDate: 'is the kickoff the partnership’s workflow dates its plan from: extend or pause it instead',
    targetEndDate:
      'moves with the plan (extend, pause, slipped milestones) in the partnership’s workflow, not by an edit',
    knowledgeTransferScore:
      'is recorded through the partnership’s workflow (its knowledge-transfer action), not an edit',
    trainingCompleted: 'is recorded through the partnership’s workflow (its knowledge-transfer action), not an edit',
    docsDelivered: 'is recorded through the partnership’s workflow (its knowledge-transfer action), not an edit',
    satisfactionScore: 'is recorded through the partnership’s workflow (its satisfaction action), not an edit',
    testimonialProvided: 'is recorded through the partnership’s workflow (its testimonial action), not an edit',
  },
  // A new weekly slot reaches the running workflow in the same step: signalled before the change commits, so a
  // Temporal that does not answer leaves the row as it was (503) instead of a schedule the workflow never heard of.
  update: ({ db, temporal }, id, input: PartnershipInput) =>
    db.$transaction(async (transaction) => {
      const row = await transaction.partnership.update({ where: { id }, data: partnershipData(input), select })
      if (input.weeklyMeetingDay !== undefined || input.weeklyMeetingTime !== undefined) {
        const { weeklyMeetingDay: day, weeklyMeetingTime: time } = row
        const schedule = day && time ? { day, time } : null
        await tellPartnershipMeetingsChanged(temporal, id, { schedule })
      }
      return row
    }),
  references: { opportunityId: referenceTo.opportunity, companyId: referenceTo.company, owner: referenceTo.user },
  blockingRelations: [
    { name: 'systems', kind: 'many' },
    { name: 'payments', kind: 'many' },
    { name: 'activities', kind: 'many' },
  ],
})
