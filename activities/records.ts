import { ApplicationFailure, Context } from '@temporalio/activity'
import { Prisma } from '../lib/db'
import type { WorkflowStatus } from '../prisma/generated/enums'
import type { ActivityDependencies } from './dependencies'
import type { EntityRef, UpcomingStepsProjection } from '../services/workflow-projection'

export type { EntityRef, UpcomingStepsProjection }

export interface WorkflowStateUpdate {
  entity: EntityRef
  workflowStatus: WorkflowStatus
  nextStep: string | null
  /** ISO timestamp of when the next step is due; omitted means "as soon as possible". */
  nextStepAt?: string | null
  /** What the workflow plans next, as a page shows it; omitted leaves the stored plan as it was. */
  upcomingSteps?: UpcomingStepsProjection | null
}

/** The lead-only shape recorded histories still call (runs from before `recordWorkflowState`). */
export interface LeadWorkflowStateUpdate {
  leadId: string
  workflowStatus: WorkflowStatus
  nextStep: string | null
  nextStepAt?: string | null
}

const notFoundTypes: Record<EntityRef['kind'], string> = {
  lead: 'LeadNotFound',
  deal: 'DealNotFound',
  partnership: 'PartnershipNotFound',
}

/**
 * The columns a workflow state update writes on its entity's row. Shared by `recordWorkflowState` and by the
 * activities that write the projection inside their own transaction (the lead's first one, with its assignment).
 */
export function workflowStateData(update: Omit<WorkflowStateUpdate, 'entity'>) {
  const { upcomingSteps } = update
  return {
    // The workflow that writes the projection names itself, however it was started.
    workflowId: Context.current().info.workflowExecution?.workflowId,
    workflowStatus: update.workflowStatus,
    nextStep: update.nextStep,
    nextStepAt: update.nextStep === null ? null : update.nextStepAt ? new Date(update.nextStepAt) : new Date(),
    // Prisma writes SQL NULL for a JSON column only through its DbNull marker; undefined leaves the column alone.
    ...(upcomingSteps === undefined
      ? {}
      : {
          upcomingSteps: upcomingSteps === null ? Prisma.DbNull : (upcomingSteps as unknown as Prisma.InputJsonValue),
        }),
  }
}

export function createRecordActivities({ db }: ActivityDependencies) {
  /** Writes an entity's process state to its row, so lists and pages read SQL, never the workflow. */
  async function recordWorkflowState(update: WorkflowStateUpdate): Promise<void> {
    const data = workflowStateData(update)
    const where = { id: update.entity.id }
    const { count } =
      update.entity.kind === 'lead'
        ? await db.lead.updateMany({ where, data })
        : update.entity.kind === 'deal'
          ? await db.opportunity.updateMany({ where, data })
          : await db.partnership.updateMany({ where, data })
    if (count === 0) {
      throw ApplicationFailure.nonRetryable(
        `${update.entity.kind} ${update.entity.id} does not exist`,
        notFoundTypes[update.entity.kind],
      )
    }
  }

  return {
    recordWorkflowState,
    /** Kept for lead runs whose recorded histories schedule it by this name; new runs call `recordWorkflowState`. */
    async recordLeadWorkflowState({ leadId, ...update }: LeadWorkflowStateUpdate): Promise<void> {
      await recordWorkflowState({ ...update, entity: { kind: 'lead', id: leadId } })
    },
  }
}
