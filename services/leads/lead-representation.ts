import type { AppConfig } from '../../lib/config'
import type { Prisma } from '../../lib/db'
import type { LeadStatus, QualificationStage } from '../../prisma/generated/enums'
import { representWorkflowProjection, workflowProjectionSelect } from '../workflow-projection'
import {
  apiNameOfEmployeeCount,
  apiNameOfIndustry,
  apiNameOfLanguage,
  apiNameOfLeadSource,
  apiNameOfLeadStatus,
} from '../../domain/leads/lead-vocabulary'

/** The lifecycle columns of a lead: what its actions change. */
export const leadStateSelect = {
  id: true,
  source: true,
  status: true,
  qualificationStage: true,
  leadScore: true,
  assignedToId: true,
  contactedAt: true,
  marketingQualifiedAt: true,
  salesQualifiedAt: true,
  disqualifiedAt: true,
  disqualifiedReason: true,
  nurturePausedAt: true,
  convertedAt: true,
  convertedToCompanyId: true,
  convertedToContactId: true,
  convertedToOpportunityId: true,
} satisfies Prisma.LeadSelect

/** Who the lead is and where they came from (§3.2 basic info, source tracking, qualification inputs). */
export const leadProfileSelect = {
  email: true,
  firstName: true,
  lastName: true,
  phone: true,
  companyName: true,
  preferredLanguage: true,
  timezone: true,
  sourceDetail: true,
  utmSource: true,
  utmMedium: true,
  utmCampaign: true,
  utmTerm: true,
  utmContent: true,
  landingPage: true,
  referrer: true,
  industry: true,
  employeeCount: true,
  aiMaturityIndicators: true,
} satisfies Prisma.LeadSelect

export const leadSelect = {
  ...leadProfileSelect,
  ...leadStateSelect,
  scoringFactors: true,
  ...workflowProjectionSelect,
  createdAt: true,
  updatedAt: true,
  outboxMessages: {
    select: { id: true, template: true, toAddress: true, subject: true, status: true, sentAt: true, createdAt: true },
    orderBy: { createdAt: 'asc' },
  },
} satisfies Prisma.LeadSelect

/** A row of the leads list: the page and its export show the same columns. */
export const leadListSelect = {
  id: true,
  email: true,
  firstName: true,
  lastName: true,
  companyName: true,
  source: true,
  industry: true,
  status: true,
  qualificationStage: true,
  leadScore: true,
  createdAt: true,
  assignedTo: { select: { id: true, name: true } },
} satisfies Prisma.LeadSelect

export type SelectedLead = Prisma.LeadGetPayload<{ select: typeof leadSelect }>

/** A lead as the API returns it: seed 002 §3.2 names and values, its workflow, the messages sent to it. */
export function representLead(lead: SelectedLead, config: Pick<AppConfig, 'TEMPORAL_UI_URL' | 'TEMPORAL_NAMESPACE'>) {
  return {
    id: lead.id,
    email: lead.email,
    firstName: lead.firstName,
    lastName: lead.lastName,
    phone: lead.phone,
    companyName: lead.companyName,
    preferredLanguage: apiNameOfLanguage[lead.preferredLanguage],
    timezone: lead.timezone,
    source: apiNameOfLeadSource[lead.source],
    sourceDetail: lead.sourceDetail,
    utmSource: lead.utmSource,
    utmMedium: lead.utmMedium,
    utmCampaign: lead.utmCampaign,
    utmTerm: lead.utmTerm,
    utmContent: lead.utmContent,
    landingPage: lead.landingPage,
    referrer: lead.referrer,
    industry: lead.industry ? apiNameOfIndustry[lead.industry] : null,
    employeeCount: lead.employeeCount ? apiNameOfEmployeeCount[lead.employeeCount] : null,
    aiMaturityIndicators: lead.aiMaturityIndicators,
    ...representLeadState(lead),
    scoringFactors: scoringFactorsOf(lead.scoringFactors),
    workflow: representWorkflowProjection(lead, config),
    messages: lead.outboxMessages.map((message) => ({
      id: message.id,
      template: message.template,
      to: message.toAddress,
      subject: message.subject,
      status: message.status.toLowerCase(),
      sentAt: message.sentAt?.toISOString() ?? null,
    })),
    createdAt: lead.createdAt.toISOString(),
    updatedAt: lead.updatedAt.toISOString(),
  }
}

interface LeadStateColumns {
  status: LeadStatus
  qualificationStage: QualificationStage
  leadScore: number
  assignedToId: string | null
  contactedAt: Date | null
  marketingQualifiedAt: Date | null
  salesQualifiedAt: Date | null
  disqualifiedAt: Date | null
  disqualifiedReason: string | null
  nurturePausedAt: Date | null
  convertedAt: Date | null
  convertedToCompanyId: string | null
  convertedToContactId: string | null
  convertedToOpportunityId: string | null
}

/** Where the lead stands in its lifecycle (§3.2 status, §3.3 stage), as the API returns it. */
export function representLeadState(lead: LeadStateColumns & { id?: string }) {
  return {
    ...(lead.id ? { id: lead.id } : {}),
    status: apiNameOfLeadStatus[lead.status],
    qualificationStage: lead.qualificationStage.toLowerCase() as Lowercase<QualificationStage>,
    leadScore: lead.leadScore,
    assignedTo: lead.assignedToId,
    contactedAt: lead.contactedAt?.toISOString() ?? null,
    marketingQualifiedAt: lead.marketingQualifiedAt?.toISOString() ?? null,
    salesQualifiedAt: lead.salesQualifiedAt?.toISOString() ?? null,
    disqualifiedAt: lead.disqualifiedAt?.toISOString() ?? null,
    disqualifiedReason: lead.disqualifiedReason,
    nurturePaused: lead.nurturePausedAt !== null,
    nurturePausedAt: lead.nurturePausedAt?.toISOString() ?? null,
    convertedAt: lead.convertedAt?.toISOString() ?? null,
    conversion:
      lead.convertedToCompanyId && lead.convertedToContactId && lead.convertedToOpportunityId
        ? {
            companyId: lead.convertedToCompanyId,
            contactId: lead.convertedToContactId,
            opportunityId: lead.convertedToOpportunityId,
          }
        : null,
  }
}

export type LeadState = ReturnType<typeof representLeadState>

export interface ScoringFactorEntry {
  factor: string
  weight: number
  value: number
  contribution: number
}

/** The stored score breakdown, keeping only well-formed entries (the column is JSON written by the workflow). */
export function scoringFactorsOf(json: unknown): ScoringFactorEntry[] {
  if (!Array.isArray(json)) return []
  return json.flatMap((entry: unknown) => {
    if (typeof entry !== 'object' || entry === null) return []
    const { factor, weight, value, contribution } = entry as Record<string, unknown>
    if (
      typeof factor !== 'string' ||
      typeof weight !== 'number' ||
      typeof value !== 'number' ||
      typeof contribution !== 'number'
    ) {
      return []
    }
    return [{ factor, weight, value, contribution }]
  })
}
