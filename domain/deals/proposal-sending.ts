// When a deal's proposal may be emailed, and what sending it does to the deal. Checked in the deal workflow's
// `sendDealProposal` validator and again in its handler, so the API, the deal page and any script get the same
// answer. The choices the seed leaves open are in docs/decisions/0025-sending-the-proposal.md.
import { mayMoveDeal, missingActions, type DealForMove, type MoveActor } from './deal-moves'
import { stageIndex, stagePolicies, type PipelineStage } from './pipeline-policy'

export type ProposalRefusalCode = 'closed' | 'not-allowed' | 'too-early' | 'tier-not-identified'

export interface ProposalRefusal {
  code: ProposalRefusalCode
  message: string
}

export type DealForProposal = Pick<DealForMove, 'stage' | 'ownerId' | 'completedActions'>

/** Why a closed deal gets no proposal; null for an open one. Asked before the deal's workflow is. */
export function closedDealProposalRefusal(stage: PipelineStage): ProposalRefusal | null {
  if (stage === 'CLOSED_WON') {
    return { code: 'closed', message: 'The deal is won: its partnership carries on, no proposal is sent any more' }
  }
  if (stage === 'CLOSED_LOST') {
    return { code: 'closed', message: 'The deal is lost: a manager reopens it before a proposal can be sent' }
  }
  return null
}

/**
 * Null when the proposal may be sent; otherwise why not. It follows the discovery call (§4.2: Discovery Call's
 * exit is "Call completed, tier identified") and is built from the tier, so the tier must be identified first.
 * A deal already past Discovery Call may be sent a revised proposal.
 */
export function proposalRefusal(deal: DealForProposal, actor: MoveActor): ProposalRefusal | null {
  const closed = closedDealProposalRefusal(deal.stage)
  if (closed) return closed
  if (!mayMoveDeal(actor, deal)) {
    return { code: 'not-allowed', message: 'Only the deal’s owner, a Sales Manager or an Admin may send its proposal' }
  }
  if (stageIndex(deal.stage) < stageIndex('DISCOVERY_CALL')) {
    return {
      code: 'too-early',
      message: `The proposal follows the discovery call: the deal is in ${stagePolicies[deal.stage].label}, move it to Discovery Call first`,
    }
  }
  if (!deal.completedActions.includes('identify_tier')) {
    return {
      code: 'tier-not-identified',
      message: 'Identify the tier first: the proposal’s systems, fees and timeline are the tier’s',
    }
  }
  return null
}

/**
 * The stage sending the proposal takes the deal to: Proposal Sent from a Discovery Call whose required actions are
 * all done (the stage's name says the proposal went out). Null everywhere else: the deal stays where it is.
 */
export function stageAfterProposal(deal: Pick<DealForMove, 'stage' | 'completedActions'>): PipelineStage | null {
  if (deal.stage !== 'DISCOVERY_CALL') return null
  return missingActions(deal, 'PROPOSAL_SENT').length === 0 ? 'PROPOSAL_SENT' : null
}

/** The reason recorded on the move sending the proposal makes. */
export const proposalSentReason = 'Proposal sent'

/**
 * The outbox key of the deal's n-th proposal (n from 1). A retried send of the same proposal finds its key and
 * emails nothing; a deliberate resend (a revised proposal) is the next n.
 */
export function proposalIdempotencyKey(opportunityId: string, n: number): string {
  return `${proposalKeyPrefix(opportunityId)}${n}`
}

/** What every proposal key of a deal starts with (counting the proposals sent before a run began). */
export function proposalKeyPrefix(opportunityId: string): string {
  return `deal-${opportunityId}/proposal/`
}
