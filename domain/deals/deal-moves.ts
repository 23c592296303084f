// Which moves of a deal between stages are allowed, by whom, and what each needs. Checked in the deal workflow's
// update validator, so the API, the board and any script get the same answer, and a refused move writes nothing.
// The choices beyond §4.2's exit criteria are in docs/decisions/0023-deal-pipeline.md.
import type { UserRole } from '../../prisma/generated/enums'
import {
  isOpenStage,
  openStages,
  stageIndex,
  stagePolicies,
  type PipelineStage,
  type RequiredAction,
} from './pipeline-policy'

/** Who asks for the move: a person with a role, or an API key (a script acting for the agency). */
export type MoveActor = { kind: 'user'; userId: string; role: UserRole } | { kind: 'api-key'; id: string }

export interface DealMove {
  toStage: PipelineStage
  /** Why: required to move back, to reopen, and to override the exit criteria. */
  reason?: string
  /** §4.2 Closed Lost: "Reason documented". */
  lostReason?: string
  competitor?: string
  /** A Sales Manager or Admin moving on although the exit criteria are not met (the reason says why). */
  override?: boolean
}

export interface DealForMove {
  stage: PipelineStage
  ownerId: string | null
  completedActions: readonly RequiredAction[]
  /** The stage a lost deal was lost from, where a reopened deal goes back to. */
  lostFromStage: PipelineStage | null
}

export type MoveRefusalCode = 'not-allowed' | 'same-stage' | 'closed' | 'criteria-not-met' | 'reason-required'

export interface MoveRefusal {
  code: MoveRefusalCode
  message: string
  /** The required actions still open, stage by stage, when the criteria are not met. */
  missing?: { stage: PipelineStage; actions: RequiredAction[] }[]
}

const managers: readonly UserRole[] = ['ADMIN', 'SALES_MANAGER']

function isManager(actor: MoveActor): boolean {
  return actor.kind === 'api-key' || managers.includes(actor.role)
}

/** §14.2 Opportunities: Admin and Sales Manager CRUD, Sales Rep "CRUD own", Customer Success and Viewer read. */
export function mayMoveDeal(actor: MoveActor, deal: Pick<DealForMove, 'ownerId'>): boolean {
  if (isManager(actor)) return true
  return actor.kind === 'user' && actor.role === 'SALES_REP' && deal.ownerId === actor.userId
}

/**
 * Who may give a deal an owner at all: a Sales Manager, an Admin or an API key any deal; a Sales Rep only a deal
 * nobody owns. The deal workflow checks this again when the update runs, since the owner may have changed since.
 */
export function mayAssignDeal(actor: MoveActor, deal: Pick<DealForMove, 'ownerId'>): boolean {
  if (isManager(actor)) return true
  return actor.kind === 'user' && actor.role === 'SALES_REP' && deal.ownerId === null
}

/** The roles a deal may be given to (a person who sells): the owner picker offers only active users of these. */
export const dealOwnerRoles: readonly UserRole[] = ['SALES_REP', 'SALES_MANAGER']

/** Null when the actor may give the deal to `ownerId`; otherwise why not. A rep takes a deal for themselves only. */
export function assignRefusal(actor: MoveActor, deal: Pick<DealForMove, 'ownerId'>, ownerId: string): string | null {
  if (!mayAssignDeal(actor, deal)) return 'Only a Sales Manager or an Admin may reassign a deal'
  if (!isManager(actor) && actor.kind === 'user' && ownerId !== actor.userId) {
    return 'A Sales Rep may take a deal nobody owns for themselves, not give it to someone else'
  }
  return null
}

const blank = (text: string | undefined) => !text || text.trim().length === 0

/** The actions of each stage a forward move passes through that are not done yet. */
export function missingActions(
  deal: Pick<DealForMove, 'stage' | 'completedActions'>,
  toStage: PipelineStage,
): { stage: PipelineStage; actions: RequiredAction[] }[] {
  const passed =
    toStage === 'CLOSED_WON'
      ? openStages.slice(stageIndex(deal.stage))
      : openStages.slice(stageIndex(deal.stage), stageIndex(toStage))
  return passed
    .map((stage) => ({
      stage,
      actions: stagePolicies[stage].requiredActions.filter((action) => !deal.completedActions.includes(action)),
    }))
    .filter((entry) => entry.actions.length > 0)
}

/** What a won deal answers to any change: its workflow has ended. */
const wonDealStaysWon = 'A won deal stays won: its partnership carries on from here'

/** Null when the move may be made; otherwise why not, in words a person can act on. */
export function moveRefusal(deal: DealForMove, move: DealMove, actor: MoveActor): MoveRefusal | null {
  if (!isOpenStage(deal.stage)) return closedDealMoveRefusal(deal, move, actor)
  const refusal = refusalOfAnyDeal(deal, move, actor)
  if (refusal) return refusal
  const to = stagePolicies[move.toStage].label

  if (move.toStage === 'CLOSED_LOST') {
    return blank(move.lostReason)
      ? { code: 'reason-required', message: 'Closed Lost needs the reason the deal was lost' }
      : null
  }

  if (stageIndex(move.toStage) < stageIndex(deal.stage)) {
    return blank(move.reason) ? { code: 'reason-required', message: `Say why the deal moves back to ${to}` } : null
  }

  const missing = missingActions(deal, move.toStage)
  if (missing.length === 0) return null
  if (move.override && isManager(actor)) {
    return blank(move.reason)
      ? { code: 'reason-required', message: 'Moving on before the exit criteria are met needs a reason' }
      : null
  }
  const open = missing.flatMap((entry) => entry.actions.map((action) => actionLabels[action]))
  return {
    code: 'criteria-not-met',
    message: `${to} needs these done first: ${open.join(', ')}`,
    missing,
  }
}

/**
 * A closed deal's answer to a move, from its stage and owner alone: its run has ended, so the caller asks this of the
 * deal's row before starting a run only to be refused in it. Only a manager's reopen with a reason is let through.
 */
export function closedDealMoveRefusal(
  deal: Pick<DealForMove, 'stage' | 'ownerId'>,
  move: DealMove,
  actor: MoveActor,
): MoveRefusal | null {
  const refusal = refusalOfAnyDeal(deal, move, actor)
  if (refusal) return refusal
  if (deal.stage === 'CLOSED_WON') return { code: 'closed', message: wonDealStaysWon }
  if (!mayReopenDeal(actor)) {
    return { code: 'not-allowed', message: 'Only a Sales Manager or an Admin may reopen a lost deal' }
  }
  if (!isOpenStage(move.toStage)) return { code: 'closed', message: 'A lost deal reopens into an open stage' }
  if (blank(move.reason)) return { code: 'reason-required', message: 'Say why the lost deal is reopened' }
  return null
}

/** Who may reopen a lost deal: a Sales Manager, an Admin or an API key (decision 0023). */
export function mayReopenDeal(actor: MoveActor): boolean {
  return isManager(actor)
}

/**
 * Why a closed deal's checklist and owner stay as they are; null for an open deal. Asked before the deal's workflow
 * is: a closed deal's run has ended.
 */
export function closedDealChangeRefusal(stage: PipelineStage): MoveRefusal | null {
  if (stage === 'CLOSED_WON') return { code: 'closed', message: wonDealStaysWon }
  if (stage === 'CLOSED_LOST') {
    return { code: 'closed', message: 'The deal is lost: a manager reopens it before it changes' }
  }
  return null
}

function refusalOfAnyDeal(
  deal: Pick<DealForMove, 'stage' | 'ownerId'>,
  move: DealMove,
  actor: MoveActor,
): MoveRefusal | null {
  if (!mayMoveDeal(actor, deal)) {
    return { code: 'not-allowed', message: 'Only the deal’s owner, a Sales Manager or an Admin may move this deal' }
  }
  if (move.toStage === deal.stage) {
    return { code: 'same-stage', message: `The deal is already in ${stagePolicies[move.toStage].label}` }
  }
  return null
}

/** The checklist's words for each required action. */
export const actionLabels: Record<RequiredAction, string> = {
  assign_owner: 'Assign an owner',
  review_lead_data: 'Review the lead data',
  initial_email: 'Send the initial email',
  follow_up_call_attempt: 'Attempt a follow-up call',
  schedule_discovery: 'Schedule the discovery call',
  complete_discovery: 'Complete the discovery call',
  identify_tier: 'Identify the tier',
  send_proposal: 'Send the proposal',
  proposal_walkthrough_call: 'Walk the client through the proposal',
  address_objections: 'Address objections',
  final_pricing: 'Agree the final pricing',
  contract_prep: 'Prepare the contract',
}
