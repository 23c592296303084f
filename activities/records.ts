import { ApplicationFailure, Context } from '@temporalio/activity'
import type { WorkflowStatus } from '../prisma/generated/enums'
import type { ActivityDependencies } from './dependencies'

export interface LeadWorkflowStateUpdate {
  leadId: string
  workflowStatus: WorkflowStatus
  nextStep: string | null
  /** ISO timestamp of when the next step is due; omitted means "as soon as possible". */
  nextStepAt?: string | null
}

export function createRecordActivities({ db }: ActivityDependencies) {
  return {
    /** Writes the lead's process state to its row, so lists and pages read SQL, not workflows. */
    async recordLeadWorkflowState(update: LeadWorkflowStateUpdate): Promise<void> {
      const { count } = await db.lead.updateMany({
        where: { id: update.leadId },
        data: {
          // The workflow that writes the projection names itself, however it was started.
          workflowId: Context.current().info.workflowExecution?.workflowId,
          workflowStatus: update.workflowStatus,
          nextStep: update.nextStep,
          nextStepAt: update.nextStep === null ? null : update.nextStepAt ? new Date(update.nextStepAt) : new Date(),
        },
      })
      if (count === 0) throw ApplicationFailure.nonRetryable(`Lead ${update.leadId} does not exist`, 'LeadNotFound')
    },
  }
}
