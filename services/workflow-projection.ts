import type { WorkflowStatus } from '../prisma/generated/enums'
import { temporalUiWorkflowUrl, type AppConfig } from '../lib/config'

/** The columns in which a lead's, deal's or partnership's workflow writes its process state back. */
export const workflowProjectionSelect = {
  workflowId: true,
  workflowStatus: true,
  nextStep: true,
  nextStepAt: true,
} as const

interface WorkflowProjection {
  workflowId: string | null
  workflowStatus: WorkflowStatus
  nextStep: string | null
  nextStepAt: Date | null
}

/** The projection as the API returns it, with a deep link to the run in the Temporal Web UI. */
export function representWorkflowProjection(
  entity: WorkflowProjection,
  config: Pick<AppConfig, 'TEMPORAL_UI_URL' | 'TEMPORAL_NAMESPACE'>,
) {
  if (!entity.workflowId) return null
  return {
    id: entity.workflowId,
    status: entity.workflowStatus.toLowerCase(),
    nextStep: entity.nextStep,
    nextStepAt: entity.nextStepAt?.toISOString() ?? null,
    temporalUiUrl: temporalUiWorkflowUrl(config, entity.workflowId),
  }
}
