// Messages of the lead workflow, defined once and shared by the workflow and its clients (API, app, tests).
import { defineQuery } from '@temporalio/workflow'

export const leadTaskQueueDefault = 'durable-crm'

export function leadWorkflowId(leadId: string): string {
  return `lead-${leadId}`
}

export interface LeadWorkflowInput {
  leadId: string
}

export type LeadWorkflowPhase = 'acknowledging' | 'acknowledged'

export interface LeadWorkflowStatus {
  leadId: string
  phase: LeadWorkflowPhase
  acknowledgement: { outboxMessageId: string; sentAt: string } | null
}

export const leadStatusQuery = defineQuery<LeadWorkflowStatus>('leadStatus')
