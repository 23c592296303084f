import type { Client } from '@temporalio/client'
import type { PartnershipChange } from '../../domain/partnerships/partnership-changes'
import type { Database } from '../../lib/db'
import { changePartnershipUpdate, completeMilestoneUpdate } from '../../workflows/partnership-messages'
import type { Actor } from '../auth/actor'
import { recordAudit } from '../auth/audit'
import { grantFor } from '../auth/grants'
import { moveActorOf } from '../deals/deal-actions'
import { Problem } from '../problems/problem'
import { problemFrom } from '../problems/problem-from-error'
import { executeEntityUpdate } from '../workflows/entity-workflow-client'
import {
  endedPartnershipStatuses,
  partnershipWorkflowOf,
  partnershipWorkflowTargetSelect,
} from './partnership-workflow'

// Pausing, resuming, extending, churning and graduating a partnership and completing its milestones,
// transport-free: every change is an update of `partnership-<id>`, whose validator gives everyone the same answer.

export interface PartnershipActionContext {
  db: Database
  temporal: Client
  taskQueue: string
  actor: Actor
}

async function visiblePartnership(context: PartnershipActionContext, partnershipId: string) {
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

async function updatePartnership<Ret, Args extends unknown[]>(
  context: PartnershipActionContext,
  partnershipId: string,
  action: string,
  update: Parameters<typeof executeEntityUpdate<Ret, Args>>[3],
  ...args: Args
): Promise<Ret> {
  const partnership = await visiblePartnership(context, partnershipId)
  // An ended partnership's workflow has finished: nothing to ask a new run.
  if ((endedPartnershipStatuses as readonly string[]).includes(partnership.status)) {
    throw new Problem('conflict', `The partnership has ${partnership.status === 'GRADUATED' ? 'graduated' : 'churned'}`)
  }
  try {
    const result = await executeEntityUpdate(
      context.temporal,
      partnershipWorkflowOf(partnership),
      context.taskQueue,
      update,
      ...args,
    )
    await recordAudit(context.db, {
      actor: context.actor,
      action: `partnerships.${action}`,
      outcome: 'SUCCESS',
      entityType: 'partnerships',
      entityId: partnershipId,
    })
    return result
  } catch (error) {
    throw problemFrom(error)
  }
}

export function changePartnership(context: PartnershipActionContext, partnershipId: string, change: PartnershipChange) {
  return updatePartnership(context, partnershipId, change.kind, changePartnershipUpdate, {
    ...change,
    actor: moveActorOf(context.actor),
  })
}

export function completePartnershipMilestone(context: PartnershipActionContext, partnershipId: string, key: string) {
  return updatePartnership(context, partnershipId, 'complete-milestone', completeMilestoneUpdate, {
    key,
    actor: moveActorOf(context.actor),
  })
}
