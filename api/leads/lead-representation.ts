import type { AppConfig } from '../../lib/config'
import type { Prisma } from '../../lib/db'
import { representWorkflowProjection, workflowProjectionSelect } from '../workflow-projection'
import {
  apiNameOfEmployeeCount,
  apiNameOfIndustry,
  apiNameOfLanguage,
  apiNameOfLeadSource,
  apiNameOfLeadStatus,
} from '../../domain/leads/lead-vocabulary'

export const leadSelect = {
  id: true,
  email: true,
  firstName: true,
  lastName: true,
  phone: true,
  companyName: true,
  preferredLanguage: true,
  timezone: true,
  source: true,
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
  status: true,
  leadScore: true,
  assignedToId: true,
  ...workflowProjectionSelect,
  createdAt: true,
  updatedAt: true,
  outboxMessages: {
    select: { id: true, template: true, toAddress: true, subject: true, status: true, sentAt: true, createdAt: true },
    orderBy: { createdAt: 'asc' },
  },
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
    status: apiNameOfLeadStatus[lead.status],
    leadScore: lead.leadScore,
    assignedTo: lead.assignedToId,
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
