import { leadEventSignal, type LeadEvent } from '../../workflows/lead-messages'
import { leadWorkflowOf } from '../leads/lead-workflow'
import { signalEntityWorkflow } from '../workflows/entity-workflow-client'
import type { IngestionDependencies } from './ingestion-dependencies'
import { LeadWorkflowUnavailable } from './ingestion-errors'
import type { LeadRef } from './person'

/**
 * Tells the lead's workflow what happened, starting it when it is not running (a new lead's first event starts
 * it). Event ids are stable per fact, so delivering again after a failure is safe: the workflow ignores an id it
 * has seen. The lead's projection (workflowId, workflowStatus) is the workflow's to write, not this request's.
 */
export async function deliverLeadEvents(
  { temporal, taskQueue }: IngestionDependencies,
  lead: LeadRef,
  events: LeadEvent[],
): Promise<void> {
  try {
    for (const event of events)
      await signalEntityWorkflow(temporal, leadWorkflowOf(lead), taskQueue, leadEventSignal, event)
  } catch (error) {
    throw new LeadWorkflowUnavailable(error)
  }
}
