import {
  WithStartWorkflowOperation,
  WorkflowIdConflictPolicy,
  WorkflowIdReusePolicy,
  type Client,
  type WorkflowStartOptions,
} from '@temporalio/client'
import type { UpdateDefinition } from '@temporalio/common'
import type { leadWorkflow } from '../../workflows/lead'
import { leadEventSignal, leadWorkflowId, type LeadEvent } from '../../workflows/lead-messages'
import { CrmEntityType, CrmLeadSource, CrmStage } from '../../workflows/search-attributes'

// The one place that knows how a lead's workflow is started: capture, integrations and lead actions all come here.

const workflowCallDeadlineMs = 10_000

export interface LeadWorkflowTarget {
  id: string
  source: string
  status: string
}

export function leadWorkflowStartOptions(
  lead: LeadWorkflowTarget,
  taskQueue: string,
): WorkflowStartOptions<typeof leadWorkflow> {
  return {
    workflowId: leadWorkflowId(lead.id),
    taskQueue,
    args: [{ leadId: lead.id }],
    // What an operator filters on in the Temporal UI; never personal data (stored unencrypted).
    typedSearchAttributes: [
      { key: CrmEntityType, value: 'lead' },
      { key: CrmStage, value: lead.status },
      { key: CrmLeadSource, value: lead.source },
    ],
    staticSummary: `Lead from ${lead.source.toLowerCase().replace(/_/g, ' ')}`,
    // One running workflow per lead. A closed run (a v1 lead that completed after its acknowledgement) may be
    // followed by a new one: the workflow reads the lead from the database and ends at once if it is closed.
    workflowIdReusePolicy: WorkflowIdReusePolicy.ALLOW_DUPLICATE,
    workflowIdConflictPolicy: WorkflowIdConflictPolicy.USE_EXISTING,
  }
}

/** Starts the lead's workflow unless it runs already. */
export async function startLeadWorkflow(temporal: Client, lead: LeadWorkflowTarget, taskQueue: string): Promise<void> {
  // Answer the person at the form within seconds, not after gRPC's own minute of retries.
  await temporal.connection.withDeadline(Date.now() + workflowCallDeadlineMs, () =>
    temporal.workflow.start('leadWorkflow', leadWorkflowStartOptions(lead, taskQueue)),
  )
}

/** Delivers an event to the lead's workflow, starting it when it is not running. */
export async function signalLeadEvent(
  temporal: Client,
  lead: LeadWorkflowTarget,
  taskQueue: string,
  event: LeadEvent,
): Promise<void> {
  await temporal.connection.withDeadline(Date.now() + workflowCallDeadlineMs, () =>
    temporal.workflow.signalWithStart('leadWorkflow', {
      ...leadWorkflowStartOptions(lead, taskQueue),
      signal: leadEventSignal,
      signalArgs: [event],
    }),
  )
}

/** Runs an update (a lead action) on the lead's workflow, starting the workflow first when it is not running. */
export async function executeLeadUpdate<Ret, Args extends unknown[]>(
  temporal: Client,
  lead: LeadWorkflowTarget,
  taskQueue: string,
  update: UpdateDefinition<Ret, Args>,
  ...args: Args
): Promise<Ret> {
  return temporal.connection.withDeadline(Date.now() + workflowCallDeadlineMs, () =>
    temporal.workflow.executeUpdateWithStart(update, {
      args,
      startWorkflowOperation: new WithStartWorkflowOperation('leadWorkflow', {
        ...leadWorkflowStartOptions(lead, taskQueue),
        workflowIdConflictPolicy: WorkflowIdConflictPolicy.USE_EXISTING,
      }),
    }),
  )
}
