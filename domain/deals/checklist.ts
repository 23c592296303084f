// Which of §4.3's required actions the system sees done by itself, from what is logged on the deal. The others
// are ticked by people on the deal's checklist.
import type { ActivityType } from '../../prisma/generated/enums'
import { openStages, stagePolicies, type OpenStage, type PipelineStage, type RequiredAction } from './pipeline-policy'

export interface LoggedActivity {
  type: ActivityType
  direction?: 'INBOUND' | 'OUTBOUND' | null
  completedAt: string | null
  scheduledAt: string | null
}

/** How the checklist says a person ticked an action themselves. */
export const markedDoneByPerson = 'Marked done'

export interface SeenAction {
  action: RequiredAction
  how: string
}

export function actionsSeenInActivity(activity: LoggedActivity, stage: PipelineStage): SeenAction[] {
  const done = activity.completedAt !== null
  const seen: SeenAction[] = []
  if (activity.type === 'EMAIL' && done && activity.direction !== 'INBOUND') {
    seen.push({ action: 'initial_email', how: 'Email sent' })
  }
  if (activity.type === 'CALL' && done && activity.direction !== 'INBOUND') {
    seen.push({ action: 'follow_up_call_attempt', how: 'Call logged' })
  }
  if (activity.type === 'MEETING' && !done && activity.scheduledAt !== null) {
    seen.push({ action: 'schedule_discovery', how: 'Meeting scheduled' })
  }
  // A meeting held during Discovery Call is the discovery call.
  if (activity.type === 'MEETING' && done && stage === 'DISCOVERY_CALL') {
    seen.push({ action: 'complete_discovery', how: 'Discovery meeting logged' })
  }
  return seen
}

/** How the checklist says a deal got its owner without anyone ticking it: it was created with one, or assigned one. */
export const ownerAssigned = 'Owner assigned'

/**
 * The checklist of a deal that reached `stage` before its run (seeded): its owner, given when it was created, and every
 * other required action of the stages it has passed, marked done by its owner (who moved it through them) when the
 * deal left that stage. The actions of `stage` itself are still open.
 */
export function checklistPassedBefore(
  stage: PipelineStage,
  deal: { createdAt: string; leftAt: (passed: OpenStage) => string; ownerId: string },
) {
  const reached = stage === 'CLOSED_WON' || stage === 'CLOSED_LOST' ? openStages.length : openStages.indexOf(stage)
  const passedActions = openStages
    .slice(0, reached)
    .flatMap((passed) =>
      stagePolicies[passed].requiredActions
        .filter((action) => action !== 'assign_owner')
        .map((action) => ({ action, doneAt: deal.leftAt(passed), byUserId: deal.ownerId, how: markedDoneByPerson })),
    )
  const owner = { action: 'assign_owner' as const, doneAt: deal.createdAt, byUserId: null, how: ownerAssigned }
  return [owner, ...passedActions]
}
