import { describe, expect, it } from 'vitest'
import {
  assignRefusal,
  closedDealMoveRefusal,
  mayAssignDeal,
  moveRefusal,
  type DealForMove,
  type MoveActor,
} from './deal-moves'

const owner: MoveActor = { kind: 'user', userId: 'rep-1', role: 'SALES_REP' }
const otherRep: MoveActor = { kind: 'user', userId: 'rep-2', role: 'SALES_REP' }
const manager: MoveActor = { kind: 'user', userId: 'mgr', role: 'SALES_MANAGER' }
const success: MoveActor = { kind: 'user', userId: 'cs', role: 'CUSTOMER_SUCCESS' }

const deal = (overrides: Partial<DealForMove> = {}): DealForMove => ({
  stage: 'NEW_LEAD',
  ownerId: 'rep-1',
  completedActions: [],
  lostFromStage: null,
  ...overrides,
})

const code = (...args: Parameters<typeof moveRefusal>) => moveRefusal(...args)?.code ?? null

describe('moving a deal (§4.2 exit criteria, §14.2 rights)', () => {
  it('moves forward one stage once that stage’s required actions are done', () => {
    const done = deal({ completedActions: ['assign_owner', 'review_lead_data'] })
    expect(code(done, { toStage: 'CONTACTED' }, owner)).toBeNull()
  })

  it('refuses a forward move and names what is missing', () => {
    const refusal = moveRefusal(deal({ completedActions: ['assign_owner'] }), { toStage: 'CONTACTED' }, owner)
    expect(refusal).toMatchObject({
      code: 'criteria-not-met',
      missing: [{ stage: 'NEW_LEAD', actions: ['review_lead_data'] }],
    })
    expect(refusal?.message).toContain('Review the lead data')
  })

  it('lets a deal skip stages only when every skipped stage’s actions are done', () => {
    const twoStagesDone = deal({
      completedActions: ['assign_owner', 'review_lead_data', 'initial_email', 'follow_up_call_attempt'],
    })
    expect(code(twoStagesDone, { toStage: 'DISCOVERY_CALL' }, owner)).toBeNull()
    expect(moveRefusal(twoStagesDone, { toStage: 'PROPOSAL_SENT' }, owner)?.missing).toEqual([
      { stage: 'DISCOVERY_CALL', actions: ['schedule_discovery', 'complete_discovery', 'identify_tier'] },
    ])
  })

  it('needs the tier identified before Proposal Sent (part of Discovery Call’s criteria)', () => {
    const noTier = deal({ stage: 'DISCOVERY_CALL', completedActions: ['schedule_discovery', 'complete_discovery'] })
    expect(moveRefusal(noTier, { toStage: 'PROPOSAL_SENT' }, owner)?.missing).toEqual([
      { stage: 'DISCOVERY_CALL', actions: ['identify_tier'] },
    ])
  })

  it('closes won only after Negotiation’s actions', () => {
    const negotiating = deal({ stage: 'NEGOTIATION', completedActions: ['address_objections', 'final_pricing'] })
    expect(code(negotiating, { toStage: 'CLOSED_WON' }, owner)).toBe('criteria-not-met')
    const agreed = deal({
      stage: 'NEGOTIATION',
      completedActions: ['address_objections', 'final_pricing', 'contract_prep'],
    })
    expect(code(agreed, { toStage: 'CLOSED_WON' }, owner)).toBeNull()
  })

  it('closes lost from any open stage with a reason, and not without', () => {
    expect(code(deal({ stage: 'PROPOSAL_SENT' }), { toStage: 'CLOSED_LOST' }, owner)).toBe('reason-required')
    expect(code(deal({ stage: 'PROPOSAL_SENT' }), { toStage: 'CLOSED_LOST', lostReason: '  ' }, owner)).toBe(
      'reason-required',
    )
    expect(code(deal({ stage: 'PROPOSAL_SENT' }), { toStage: 'CLOSED_LOST', lostReason: 'Budget' }, owner)).toBeNull()
  })

  it('moves back with a reason', () => {
    expect(code(deal({ stage: 'NEGOTIATION' }), { toStage: 'PROPOSAL_SENT' }, owner)).toBe('reason-required')
    expect(code(deal({ stage: 'NEGOTIATION' }), { toStage: 'PROPOSAL_SENT', reason: 'New scope' }, owner)).toBeNull()
  })

  it('lets a manager, never a rep, override the criteria, with a reason', () => {
    expect(code(deal(), { toStage: 'CONTACTED', override: true, reason: 'Called at the fair' }, owner)).toBe(
      'criteria-not-met',
    )
    expect(code(deal(), { toStage: 'CONTACTED', override: true }, manager)).toBe('reason-required')
    expect(code(deal(), { toStage: 'CONTACTED', override: true, reason: 'Called at the fair' }, manager)).toBeNull()
  })

  it('reopens a lost deal only by a manager, with a reason, into an open stage', () => {
    const lost = deal({ stage: 'CLOSED_LOST', lostFromStage: 'PROPOSAL_SENT' })
    expect(code(lost, { toStage: 'PROPOSAL_SENT', reason: 'They called back' }, owner)).toBe('not-allowed')
    expect(code(lost, { toStage: 'PROPOSAL_SENT' }, manager)).toBe('reason-required')
    expect(code(lost, { toStage: 'CLOSED_WON', reason: 'Signed' }, manager)).toBe('closed')
    expect(code(lost, { toStage: 'PROPOSAL_SENT', reason: 'They called back' }, manager)).toBeNull()
  })

  it('answers a closed deal from its stage and owner alone, as the deal’s run would', () => {
    const lostRow = { stage: 'CLOSED_LOST' as const, ownerId: 'rep-1' }
    expect(closedDealMoveRefusal(lostRow, { toStage: 'CONTACTED', reason: 'Back' }, owner)?.code).toBe('not-allowed')
    expect(closedDealMoveRefusal(lostRow, { toStage: 'CLOSED_LOST', lostReason: 'Again' }, manager)?.code).toBe(
      'same-stage',
    )
    expect(closedDealMoveRefusal(lostRow, { toStage: 'CONTACTED', reason: 'Back' }, manager)).toBeNull()
    expect(closedDealMoveRefusal({ stage: 'CLOSED_WON', ownerId: null }, { toStage: 'NEGOTIATION' }, manager)).toEqual({
      code: 'closed',
      message: 'A won deal stays won: its partnership carries on from here',
    })
  })

  it('never moves a won deal', () => {
    expect(code(deal({ stage: 'CLOSED_WON' }), { toStage: 'NEGOTIATION', reason: 'x' }, manager)).toBe('closed')
  })

  it('lets only the owner among reps move a deal, and no Customer Success or Viewer', () => {
    const done = deal({ completedActions: ['assign_owner', 'review_lead_data'] })
    expect(code(done, { toStage: 'CONTACTED' }, otherRep)).toBe('not-allowed')
    expect(code(done, { toStage: 'CONTACTED' }, success)).toBe('not-allowed')
    expect(code(done, { toStage: 'CONTACTED' }, { kind: 'user', userId: 'v', role: 'VIEWER' })).toBe('not-allowed')
    expect(code(done, { toStage: 'CONTACTED' }, { kind: 'api-key', id: 'key' })).toBeNull()
  })

  it('refuses a move to the stage the deal is in', () => {
    expect(code(deal(), { toStage: 'NEW_LEAD' }, owner)).toBe('same-stage')
  })
})

describe('assigning a deal (§14.2: managers reassign, a rep takes only a deal nobody owns)', () => {
  const admin: MoveActor = { kind: 'user', userId: 'adm', role: 'ADMIN' }
  const viewer: MoveActor = { kind: 'user', userId: 'vw', role: 'VIEWER' }
  const apiKey: MoveActor = { kind: 'api-key', id: 'key-1' }
  const owned = { ownerId: 'rep-1' }
  const unowned = { ownerId: null }
  // [who, the deal, given to, may they change its owner at all, refused?]
  const table: [string, MoveActor, { ownerId: string | null }, string, boolean, boolean][] = [
    ['a manager reassigns an owned deal', manager, owned, 'rep-2', true, false],
    ['an admin reassigns an owned deal', admin, owned, 'rep-2', true, false],
    ['an API key reassigns an owned deal', apiKey, owned, 'rep-2', true, false],
    ['a manager gives an unowned deal to a rep', manager, unowned, 'rep-2', true, false],
    ['a rep takes an unowned deal', otherRep, unowned, 'rep-2', true, false],
    ['a rep gives an unowned deal to someone else', otherRep, unowned, 'rep-1', true, true],
    ['the owner gives their deal away', owner, owned, 'rep-2', false, true],
    ['a rep takes someone else’s deal', otherRep, owned, 'rep-2', false, true],
    ['Customer Success takes an unowned deal', success, unowned, 'cs', false, true],
    ['a Viewer takes an unowned deal', viewer, unowned, 'vw', false, true],
  ]
  it.each(table)('%s', (_, actor, deal, to, may, refused) => {
    expect(mayAssignDeal(actor, deal)).toBe(may)
    expect(assignRefusal(actor, deal, to) !== null).toBe(refused)
  })

  it('says who may, in words', () => {
    expect(assignRefusal(owner, owned, 'rep-2')).toBe('Only a Sales Manager or an Admin may reassign a deal')
    expect(assignRefusal(otherRep, unowned, 'rep-1')).toMatch(/for themselves/)
  })
})
