import { z } from 'zod'
import { leadSubmissionSchema } from '../../domain/leads/lead-input'
import {
  employeeCountByApiName,
  industryByApiName,
  languageByApiName,
  leadSourceByApiName,
  leadStatusByApiName,
} from '../../domain/leads/lead-vocabulary'
import { leadSelect, representLead, type SelectedLead } from '../leads/lead-representation'
import { defineResource } from './definition'
import { ResourceProblem } from './field-errors'
import { apiEnum, mapped, namesOf, recordId } from './fields'
import { referenceTo } from './references'

const submitted = leadSubmissionSchema.shape
const clearable = <T extends z.ZodType>(schema: T) => schema.nullable().optional()

// A lead is created by capture (POST /api/leads, with dedupe and its workflow); here it is edited.
export const leadUpdateSchema = z
  .object({
    email: submitted.email.optional(),
    source: submitted.source.optional(),
    firstName: clearable(submitted.firstName.unwrap()),
    lastName: clearable(submitted.lastName.unwrap()),
    phone: clearable(submitted.phone.unwrap()),
    companyName: clearable(submitted.companyName.unwrap()),
    sourceDetail: clearable(submitted.sourceDetail.unwrap()),
    industry: clearable(submitted.industry.unwrap()),
    employeeCount: clearable(submitted.employeeCount.unwrap()),
    aiMaturityIndicators: submitted.aiMaturityIndicators,
    preferredLanguage: submitted.preferredLanguage,
    timezone: clearable(submitted.timezone.unwrap()),
    assignedTo: recordId.nullable().optional(),
  })
  .strict()

type LeadInput = z.infer<typeof leadUpdateSchema>

export const leads = defineResource({
  resource: 'leads',
  path: 'leads',
  noun: 'lead',
  model: (db) => db.lead,
  select: leadSelect,
  represent: (lead: SelectedLead, config) => representLead(lead, config),
  // Capture (POST) and the detail (GET /leads/:id) live in api/routes/leads.ts.
  servesGet: false,
  filters: {
    status: apiEnum(namesOf(leadStatusByApiName)).optional(),
    source: apiEnum(namesOf(leadSourceByApiName)).optional(),
    industry: apiEnum(namesOf(industryByApiName)).optional(),
    assignedTo: recordId.optional(),
  },
  where: (filters) => ({
    status: mapped(filters.status as keyof typeof leadStatusByApiName | undefined, leadStatusByApiName),
    source: mapped(filters.source as keyof typeof leadSourceByApiName | undefined, leadSourceByApiName),
    industry: mapped(filters.industry as keyof typeof industryByApiName | undefined, industryByApiName),
    assignedToId: filters.assignedTo,
  }),
  updateSchema: leadUpdateSchema,
  update: ({ db }, id, input: LeadInput) =>
    db.lead.update({
      where: { id },
      data: {
        email: input.email,
        source: mapped(input.source, leadSourceByApiName) ?? undefined,
        firstName: input.firstName,
        lastName: input.lastName,
        phone: input.phone,
        companyName: input.companyName,
        sourceDetail: input.sourceDetail,
        industry: mapped(input.industry, industryByApiName),
        employeeCount: mapped(input.employeeCount, employeeCountByApiName),
        aiMaturityIndicators: input.aiMaturityIndicators,
        preferredLanguage: mapped(input.preferredLanguage, languageByApiName) ?? undefined,
        timezone: input.timezone,
        assignedToId: input.assignedTo,
      },
      select: leadSelect,
    }),
  workflowFields: { status: 'changes through the lead workflow, not by editing the record' },
  ownerField: 'assignedTo',
  references: { assignedTo: referenceTo.user },
  blockingRelations: [
    { name: 'communicationPreference', kind: 'one' },
    { name: 'voiceSessions', kind: 'many' },
    { name: 'roiCalculations', kind: 'many' },
    { name: 'calendarBookings', kind: 'many' },
    { name: 'activities', kind: 'many' },
    { name: 'outboxMessages', kind: 'many' },
  ],
  // Deleting the record under a running workflow would leave the workflow acting on nothing.
  async beforeDelete({ db }, id) {
    const lead = await db.lead.findUniqueOrThrow({ where: { id }, select: { workflowStatus: true } })
    if (lead.workflowStatus === 'RUNNING') {
      throw new ResourceProblem(409, 'The lead cannot be deleted while its workflow runs', [
        { field: 'workflow', message: 'is still running' },
      ])
    }
  },
})
