import type { WorkflowStatus } from '../prisma/generated/enums'
import { temporalUiWorkflowUrl, type AppConfig } from '../lib/config'
import type { NurtureSequenceStatus, UpcomingStep } from '../workflows/lead-messages'

/** Which row a workflow's projection belongs to: the lead, deal (Opportunity) or partnership. */
export interface EntityRef {
  kind: 'lead' | 'deal' | 'partnership'
  id: string
}

/**
 * What an entity's workflow plans next, as its page shows it, written by the workflow whenever the plan changes:
 * a page refresh reads this row and never asks (or replays) the workflow.
 */
export interface UpcomingStepsProjection {
  /** Workflow time at which this plan was made (ISO). */
  plannedAt: string
  /** The workflow's own phase word (a lead: open, converted, disqualified). */
  phase: string
  paused: boolean
  steps: UpcomingStep[]
  /** Each running sequence step by step (a lead's nurture); empty for entities without sequences. */
  sequences: NurtureSequenceStatus[]
}

/** The stored plan, or null when the column holds nothing a page can show (never written, or malformed). */
export function upcomingStepsOf(json: unknown): UpcomingStepsProjection | null {
  if (typeof json !== 'object' || json === null || Array.isArray(json)) return null
  const plan = json as Partial<UpcomingStepsProjection>
  if (!Array.isArray(plan.steps) || typeof plan.plannedAt !== 'string') return null
  return {
    plannedAt: plan.plannedAt,
    phase: typeof plan.phase === 'string' ? plan.phase : 'open',
    paused: plan.paused === true,
    steps: plan.steps,
    sequences: Array.isArray(plan.sequences) ? plan.sequences : [],
  }
}

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
