import { signalLeadEvent } from '../leads/lead-workflow-client'
import { leadWorkflowId, type LeadEvent } from '../../workflows/lead-messages'
import type { IngestionDependencies } from './ingestion-dependencies'
import { LeadWorkflowUnavailable } from './ingestion-errors'
import type { LeadRef } from './person'

/**
 * Tells the lead's workflow what happened, starting it when it is not running (a new lead's first event starts
 * it). Event ids are stable per fact, so delivering again after a failure is safe: the workflow ignores an id it
 * has seen.
 */
export async function deliverLeadEvents(
  { db, temporal, taskQueue }: IngestionDependencies,
  lead: LeadRef,
  events: LeadEvent[],
): Promise<void> {
  try {
    for (const event of events) await signalLeadEvent(temporal, lead, taskQueue, event)
  } catch (error) {
    throw new LeadWorkflowUnavailable(error)
  }
  if (!lead.workflowId && events.length > 0) {
    await db.lead.updateMany({
      where: { id: lead.id, workflowStatus: 'NOT_STARTED' },
      data: { workflowStatus: 'RUNNING' },
    })
    await db.lead.updateMany({
      where: { id: lead.id, workflowId: null },
      data: { workflowId: leadWorkflowId(lead.id) },
    })
  }
}
