import type { Client } from '@temporalio/client'
import {
  WorkflowExecutionAlreadyStartedError,
  WorkflowIdConflictPolicy,
  WorkflowIdReusePolicy,
} from '@temporalio/client'
import type { Database } from '../../lib/db'
import { Prisma } from '../../lib/db'
import { leadDataFromSubmission, type LeadSubmission } from '../../domain/leads/lead-input'
import { CrmEntityType, CrmLeadSource, CrmStage } from '../../workflows/search-attributes'
import { leadWorkflowId } from '../../workflows/lead-messages'
import type { leadWorkflow } from '../../workflows/lead'
import { leadSelect, type SelectedLead } from './lead-representation'

const workflowStartDeadlineMs = 5_000

export interface CaptureLeadDependencies {
  db: Database
  temporal: Client
  taskQueue: string
}

export class WorkflowStartError extends Error {
  constructor(cause: unknown) {
    super(`The lead's workflow could not be started: ${cause instanceof Error ? cause.message : String(cause)}`)
    this.name = 'WorkflowStartError'
  }
}

/**
 * One person, one lead: a new address creates the lead and starts `lead-<id>`; a known address returns the
 * existing lead. If the workflow cannot be started the new row is removed again, so nothing is half-written.
 */
export async function captureLead(
  { db, temporal, taskQueue }: CaptureLeadDependencies,
  submission: LeadSubmission,
): Promise<{ lead: SelectedLead; created: boolean }> {
  const existing = await db.lead.findUnique({ where: { email: submission.email }, select: leadSelect })
  if (existing) return { lead: await ensureWorkflow(existing), created: false }

  let created: Pick<SelectedLead, 'id' | 'source' | 'status'>
  try {
    created = await db.lead.create({
      data: leadDataFromSubmission(submission),
      select: { id: true, source: true, status: true },
    })
  } catch (error) {
    // Two submissions for one address raced; the other one won.
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2002') {
      const winner = await db.lead.findUniqueOrThrow({ where: { email: submission.email }, select: leadSelect })
      return { lead: winner, created: false }
    }
    throw error
  }

  try {
    await startLeadWorkflow(created)
  } catch (error) {
    await db.lead.delete({ where: { id: created.id }, select: { id: true } })
    throw new WorkflowStartError(error)
  }
  return { lead: await recordWorkflowStarted(created.id), created: true }

  async function ensureWorkflow(lead: SelectedLead): Promise<SelectedLead> {
    if (lead.workflowId) return lead
    // A previous capture stored the row but crashed before its workflow was recorded.
    await startLeadWorkflow(lead)
    return recordWorkflowStarted(lead.id)
  }

  async function recordWorkflowStarted(leadId: string): Promise<SelectedLead> {
    // The workflow may already have written a later status; only a lead still NOT_STARTED becomes RUNNING.
    await db.lead.updateMany({ where: { id: leadId, workflowStatus: 'NOT_STARTED' }, data: { workflowStatus: 'RUNNING' } })
    return db.lead.update({ where: { id: leadId }, data: { workflowId: leadWorkflowId(leadId) }, select: leadSelect })
  }

  async function startLeadWorkflow(lead: Pick<SelectedLead, 'id' | 'source' | 'status'>) {
    try {
      // Answer the person at the form within seconds, not after gRPC's own minute of retries.
      await temporal.connection.withDeadline(Date.now() + workflowStartDeadlineMs, () =>
        temporal.workflow.start<typeof leadWorkflow>('leadWorkflow', {
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
        // A lead has one workflow for life: never a second run for the same lead.
        workflowIdReusePolicy: WorkflowIdReusePolicy.REJECT_DUPLICATE,
        workflowIdConflictPolicy: WorkflowIdConflictPolicy.USE_EXISTING,
        }),
      )
    } catch (error) {
      if (!(error instanceof WorkflowExecutionAlreadyStartedError)) throw error
    }
  }
}
