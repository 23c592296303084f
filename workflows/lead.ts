import { proxyActivities, setHandler } from '@temporalio/workflow'
import type { LeadActivities } from '../activities'
import { leadStatusQuery, type LeadWorkflowInput, type LeadWorkflowStatus } from './lead-messages'

// Database writes are quick and idempotent: retry them briskly and indefinitely (an outage of the
// database must delay a lead, never lose it).
const { recordLeadWorkflowState } = proxyActivities<LeadActivities>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '1 second', maximumInterval: '1 minute', backoffCoefficient: 2 },
  summary: 'Write the lead workflow projection to the database',
})

// SMTP can be down for a while; the outbox row makes every retry resume the same message.
const { sendLeadAcknowledgement } = proxyActivities<LeadActivities>({
  startToCloseTimeout: '1 minute',
  retry: {
    initialInterval: '5 seconds',
    maximumInterval: '10 minutes',
    backoffCoefficient: 2,
    nonRetryableErrorTypes: ['LeadNotFound'],
  },
  summary: 'Send the acknowledgement email through the outbox',
})

/**
 * One lead, from first touch on. This first version acknowledges the lead by email; scoring,
 * qualification and nurture join it in later versions.
 */
export async function leadWorkflow({ leadId }: LeadWorkflowInput): Promise<LeadWorkflowStatus> {
  const status: LeadWorkflowStatus = { leadId, phase: 'acknowledging', acknowledgement: null }
  setHandler(leadStatusQuery, () => status)

  await recordLeadWorkflowState({
    leadId,
    workflowStatus: 'RUNNING',
    nextStep: 'Send acknowledgement email',
  })

  const sent = await sendLeadAcknowledgement({ leadId })
  status.acknowledgement = { outboxMessageId: sent.outboxMessageId, sentAt: sent.sentAt }
  status.phase = 'acknowledged'

  await recordLeadWorkflowState({ leadId, workflowStatus: 'COMPLETED', nextStep: null })
  return status
}
