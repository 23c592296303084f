import type { UpdateDefinition } from '@temporalio/common'
import type { PartnershipChange } from '../../domain/partnerships/partnership-changes'
import { changePartnershipUpdate, completeMilestoneUpdate } from '../../workflows/partnership-messages'
import { grantFor } from '../auth/grants'
import { Problem } from '../problems/problem'
import {
  auditedEntityUpdate,
  requireUpdateGrant,
  workflowActorOf,
  type EntityActionContext,
} from '../workflows/entity-actions'
import {
  endedPartnershipStatuses,
  partnershipWorkflowOf,
  partnershipWorkflowTargetSelect,
} from './partnership-workflow'

// Pausing, resuming, extending, churning and graduating a partnership and completing its milestones,
// transport-free: every change is an update of `partnership-<id>`, whose validator gives everyone the same answer.

export type PartnershipActionContext = EntityActionContext

export async function visiblePartnership(context: PartnershipActionContext, partnershipId: string) {
  if (grantFor(context.actor, 'partnerships', 'read') === 'none') {
    throw new Problem('forbidden', 'You may not see partnerships')
  }
  const partnership = await context.db.partnership.findUnique({
    where: { id: partnershipId },
    select: partnershipWorkflowTargetSelect,
  })
  if (!partnership) throw new Problem('not-found', `No partnership with id ${partnershipId}`)
  return partnership
}

/** One audited update of the partnership's workflow, refused before Temporal when the partnership has ended. */
export async function updatePartnership<Ret, Args extends unknown[]>(
  context: PartnershipActionContext,
  partnershipId: string,
  action: string,
  update: UpdateDefinition<Ret, Args>,
  ...args: Args
): Promise<Ret> {
  requireUpdateGrant(context.actor, 'partnerships', 'You may not change partnerships')
  const partnership = await visiblePartnership(context, partnershipId)
  // An ended partnership's workflow has finished: nothing to ask a new run.
  if ((endedPartnershipStatuses as readonly string[]).includes(partnership.status)) {
    throw new Problem('conflict', `The partnership has ${partnership.status === 'GRADUATED' ? 'graduated' : 'churned'}`)
  }
  const audit = { resource: 'partnerships' as const, action, id: partnershipId }
  return auditedEntityUpdate(context, partnershipWorkflowOf(partnership), audit, update, ...args)
}

export function changePartnership(context: PartnershipActionContext, partnershipId: string, change: PartnershipChange) {
  return updatePartnership(context, partnershipId, change.kind, changePartnershipUpdate, {
    ...change,
    actor: workflowActorOf(context.actor),
  })
}

export function completePartnershipMilestone(context: PartnershipActionContext, partnershipId: string, key: string) {
  return updatePartnership(context, partnershipId, 'complete-milestone', completeMilestoneUpdate, {
    key,
    actor: workflowActorOf(context.actor),
  })
}
