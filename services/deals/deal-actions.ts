import type { Client } from '@temporalio/client'
import type { UpdateDefinition } from '@temporalio/common'
import { closedDealEmailRefusal } from '../../domain/deals/deal-email'
import { closedDealChangeRefusal, closedDealMoveRefusal, dealOwnerRoles } from '../../domain/deals/deal-moves'
import { isOpenStage, type RequiredAction } from '../../domain/deals/pipeline-policy'
import { closedDealProposalRefusal } from '../../domain/deals/proposal-sending'
import type { Database } from '../../lib/db'
import {
  assignDealOwnerUpdate,
  completeDealActionUpdate,
  dealActivityLoggedSignal,
  emailDealContactUpdate,
  moveDealUpdate,
  sendDealProposalUpdate,
  type DealActivityLogged,
  type MoveDealInput,
} from '../../workflows/deal-messages'
import { grantFor } from '../auth/grants'
import { Problem } from '../problems/problem'
import {
  auditedEntityUpdate,
  requireUpdateGrant,
  workflowActorOf,
  type EntityActionContext,
} from '../workflows/entity-actions'
import { signalRunningWorkflow } from '../workflows/entity-workflow-client'
import { dealWorkflowId } from '../../workflows/entity-ids'
import { startPartnershipOfWonDeal } from '../partnerships/partnership-start'
import { dealWorkflowOf, dealWorkflowTargetSelect } from './deal-workflow'

// Moving a deal, ticking its checklist and assigning it, transport-free: the API, the board and the deal page all
// come here, and every change is an update of the deal's workflow, whose validator gives everyone the same answer.

export type DealActionContext = EntityActionContext

/** The deal, when the actor may see it (§14.2: a Sales Rep's "own" grant sees only their deals; others answer 404). */
export async function visibleDeal(context: Pick<DealActionContext, 'db' | 'actor'>, opportunityId: string) {
  const grant = grantFor(context.actor, 'opportunities', 'read')
  if (grant === 'none') throw new Problem('forbidden', 'You may not see deals')
  const deal = await context.db.opportunity.findUnique({
    where: { id: opportunityId },
    select: dealWorkflowTargetSelect,
  })
  const mine = grant !== 'own' || (context.actor.kind === 'user' && deal?.ownerId === context.actor.userId)
  if (!deal || !mine) throw new Problem('not-found', `No deal with id ${opportunityId}`)
  return deal
}

async function changeableDeal(context: Pick<DealActionContext, 'db' | 'actor'>, opportunityId: string) {
  requireUpdateGrant(context.actor, 'opportunities', 'You may not change deals')
  return visibleDeal(context, opportunityId)
}

type ChangeableDeal = Awaited<ReturnType<typeof changeableDeal>>

/** A closed deal's run has ended: its checklist and owner are refused from its row, before any run starts. */
function refuseChangeOfClosed(deal: ChangeableDeal) {
  const closed = closedDealChangeRefusal(deal.stage)
  if (closed) throw new Problem('conflict', closed.message)
}

async function updateDeal<Ret, Args extends unknown[]>(
  context: DealActionContext,
  deal: ChangeableDeal,
  action: string,
  update: UpdateDefinition<Ret, Args>,
  ...args: Args
): Promise<Ret> {
  const audit = { resource: 'opportunities' as const, action, id: deal.id }
  return auditedEntityUpdate(context, dealWorkflowOf(deal), audit, update, ...args)
}

/**
 * Asks the deal's workflow to move the deal. A lost deal's run has ended: its refusals are answered from its row, and
 * only a manager's reopen starts a new run.
 */
export async function moveDeal(context: DealActionContext, opportunityId: string, move: Omit<MoveDealInput, 'actor'>) {
  const deal = await changeableDeal(context, opportunityId)
  const actor = workflowActorOf(context.actor)
  const closed = isOpenStage(deal.stage) ? null : closedDealMoveRefusal(deal, move, actor)
  if (closed) throw new Problem('conflict', closed.message)
  const moved = await updateDeal(context, deal, 'move', moveDealUpdate, { ...move, actor })
  // Won: its partnership was written with the move; its workflow starts now (or by the reconciler).
  if (moved.stage === 'CLOSED_WON') {
    await startPartnershipOfWonDeal(context.db, context.temporal, context.taskQueue, opportunityId)
  }
  return moved
}

export async function completeDealAction(context: DealActionContext, opportunityId: string, action: RequiredAction) {
  const deal = await changeableDeal(context, opportunityId)
  refuseChangeOfClosed(deal)
  return updateDeal(context, deal, 'complete-action', completeDealActionUpdate, {
    action,
    actor: workflowActorOf(context.actor),
  })
}

/**
 * Emails the deal's proposal to its primary contact (decision 0025). A closed deal is refused from its record: a
 * lost deal's run has ended, and only a reopening move may start another.
 */
export async function sendDealProposal(context: DealActionContext, opportunityId: string) {
  const deal = await changeableDeal(context, opportunityId)
  const closed = closedDealProposalRefusal(deal.stage)
  if (closed) throw new Problem('conflict', closed.message)
  return updateDeal(context, deal, 'send-proposal', sendDealProposalUpdate, {
    actor: workflowActorOf(context.actor),
  })
}

/**
 * Emails the deal's primary contact from the deal (decision 0032): the workflow sends it through the outbox and
 * ticks `initial_email`. A closed deal is refused from its record, as for the proposal.
 */
export async function emailDealContact(
  context: DealActionContext,
  opportunityId: string,
  email: { subject: string; body: string },
) {
  const deal = await changeableDeal(context, opportunityId)
  const closed = closedDealEmailRefusal(deal.stage)
  if (closed) throw new Problem('conflict', closed.message)
  return updateDeal(context, deal, 'email-contact', emailDealContactUpdate, {
    ...email,
    actor: workflowActorOf(context.actor),
  })
}

/** The people a deal can be given to: active users who sell, by name. */
export function dealOwnerChoices(db: Database) {
  return db.user.findMany({
    where: { active: true, role: { in: [...dealOwnerRoles] } },
    select: { id: true, name: true, role: true },
    orderBy: [{ name: 'asc' }, { id: 'asc' }],
    take: 200,
  })
}

/**
 * Gives the deal to `ownerId`, an active Sales Rep or Sales Manager; who may do it is the workflow validator's
 * answer (domain/deals/deal-moves.ts assignRefusal).
 */
export async function assignDealOwner(context: DealActionContext, opportunityId: string, ownerId: string) {
  // Someone else's deal is answered 404 (a role that may not change deals 403, a closed deal 409) before the new owner
  // is looked at.
  const deal = await changeableDeal(context, opportunityId)
  refuseChangeOfClosed(deal)
  const owner = await context.db.user.findFirst({
    where: { id: ownerId, active: true, role: { in: [...dealOwnerRoles] } },
    select: { id: true },
  })
  if (!owner) {
    const message = 'must be an active Sales Rep or Sales Manager'
    throw new Problem('invalid-input', `The new owner ${message}`, { fields: [{ field: 'owner', message }] })
  }
  return updateDeal(context, deal, 'assign', assignDealOwnerUpdate, {
    ownerId,
    actor: workflowActorOf(context.actor),
  })
}

/**
 * Tells a deal's workflow that something was logged on it (its activity clock and the actions it sees done). A
 * closed deal has no workflow to tell: nothing to do.
 */
export async function notifyDealOfActivity(temporal: Client, opportunityId: string, activity: DealActivityLogged) {
  await signalRunningWorkflow(temporal, dealWorkflowId(opportunityId), dealActivityLoggedSignal, activity).catch(
    (error: unknown) => {
      if ((error as Error)?.name === 'WorkflowNotFoundError') return
      throw error
    },
  )
}
