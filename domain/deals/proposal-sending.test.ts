import { describe, expect, it } from 'vitest'
import type { MoveActor } from './deal-moves'
import type { RequiredAction } from './pipeline-policy'
import {
  proposalIdempotencyKey,
  proposalRefusal,
  stageAfterProposal,
  type DealForProposal,
  type ProposalRefusalCode,
} from './proposal-sending'

const owner: MoveActor = { kind: 'user', userId: 'rep-1', role: 'SALES_REP' }
const otherRep: MoveActor = { kind: 'user', userId: 'rep-2', role: 'SALES_REP' }
const manager: MoveActor = { kind: 'user', userId: 'mgr', role: 'SALES_MANAGER' }
const admin: MoveActor = { kind: 'user', userId: 'adm', role: 'ADMIN' }
const success: MoveActor = { kind: 'user', userId: 'cs', role: 'CUSTOMER_SUCCESS' }
const viewer: MoveActor = { kind: 'user', userId: 'v', role: 'VIEWER' }
const apiKey: MoveActor = { kind: 'api-key', id: 'key-1' }

// Discovery Call's required actions (§4.3), by hand: schedule_discovery, complete_discovery, identify_tier.
const discoveryDone: RequiredAction[] = ['schedule_discovery', 'complete_discovery', 'identify_tier']

const deal = (stage: DealForProposal['stage'], completedActions: RequiredAction[] = discoveryDone) => ({
  stage,
  ownerId: 'rep-1',
  completedActions,
})

describe('when a proposal may be sent', () => {
  const table: [string, DealForProposal, MoveActor, ProposalRefusalCode | null][] = [
    ['the owner, Discovery Call, tier identified', deal('DISCOVERY_CALL'), owner, null],
    ['a manager', deal('DISCOVERY_CALL'), manager, null],
    ['an admin', deal('DISCOVERY_CALL'), admin, null],
    ['an API key', deal('DISCOVERY_CALL'), apiKey, null],
    ['tier identified, discovery not yet marked complete', deal('DISCOVERY_CALL', ['identify_tier']), owner, null],
    ['a revised proposal from Proposal Sent', deal('PROPOSAL_SENT'), owner, null],
    ['a revised proposal from Negotiation', deal('NEGOTIATION'), owner, null],
    ['another rep', deal('DISCOVERY_CALL'), otherRep, 'not-allowed'],
    ['Customer Success', deal('DISCOVERY_CALL'), success, 'not-allowed'],
    ['a Viewer', deal('DISCOVERY_CALL'), viewer, 'not-allowed'],
    ['New Lead', deal('NEW_LEAD'), owner, 'too-early'],
    ['Contacted, even with the tier ticked', deal('CONTACTED'), owner, 'too-early'],
    [
      'Discovery Call, tier not identified',
      deal('DISCOVERY_CALL', ['schedule_discovery']),
      owner,
      'tier-not-identified',
    ],
    ['Proposal Sent by override, tier never identified', deal('PROPOSAL_SENT', []), manager, 'tier-not-identified'],
    ['a won deal', deal('CLOSED_WON'), manager, 'closed'],
    ['a lost deal', deal('CLOSED_LOST'), manager, 'closed'],
    ['a lost deal, another rep', deal('CLOSED_LOST'), otherRep, 'closed'],
  ]
  it.each(table)('%s', (_, forProposal, actor, expected) => {
    expect(proposalRefusal(forProposal, actor)?.code ?? null).toBe(expected)
  })

  it('says why in words a person can act on', () => {
    expect(proposalRefusal(deal('CONTACTED'), owner)?.message).toMatch(/in Contacted, move it to Discovery Call/)
    expect(proposalRefusal(deal('DISCOVERY_CALL', []), owner)?.message).toMatch(/Identify the tier/)
    expect(proposalRefusal(deal('CLOSED_LOST'), owner)?.message).toMatch(/lost/)
  })
})

describe('where sending the proposal takes the deal', () => {
  const table: [string, Pick<DealForProposal, 'stage' | 'completedActions'>, string | null][] = [
    ['Discovery Call, all its actions done: Proposal Sent', deal('DISCOVERY_CALL'), 'PROPOSAL_SENT'],
    ['Discovery Call, the call not marked complete: stays', deal('DISCOVERY_CALL', ['identify_tier']), null],
    ['Discovery Call, not scheduled: stays', deal('DISCOVERY_CALL', ['complete_discovery', 'identify_tier']), null],
    ['Proposal Sent (a revision): stays', deal('PROPOSAL_SENT'), null],
    ['Negotiation (a revision): stays', deal('NEGOTIATION'), null],
  ]
  it.each(table)('%s', (_, forProposal, expected) => {
    expect(stageAfterProposal(forProposal)).toBe(expected)
  })
})

it('keys the n-th proposal of a deal apart from every other', () => {
  expect(proposalIdempotencyKey('opp-1', 1)).toBe('deal-opp-1/proposal/1')
  expect(proposalIdempotencyKey('opp-1', 2)).toBe('deal-opp-1/proposal/2')
})
