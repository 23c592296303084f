import { describe, expect, it } from 'vitest'
import type { MoveActor } from '../deals/deal-moves'
import { partnershipChangeRefusal, type PartnershipChange, type PartnershipForChange } from './partnership-changes'

const owner: MoveActor = { kind: 'user', userId: 'cs-1', role: 'CUSTOMER_SUCCESS' }
const otherCs: MoveActor = { kind: 'user', userId: 'cs-2', role: 'CUSTOMER_SUCCESS' }
const manager: MoveActor = { kind: 'user', userId: 'm-1', role: 'SALES_MANAGER' }
const rep: MoveActor = { kind: 'user', userId: 'r-1', role: 'SALES_REP' }
const viewer: MoveActor = { kind: 'user', userId: 'v-1', role: 'VIEWER' }
const active: PartnershipForChange = { status: 'ACTIVE', ownerId: 'cs-1', finalMilestoneDone: false }

const code = (change: PartnershipChange, actor: MoveActor = owner, partnership = active) =>
  partnershipChangeRefusal(partnership, change, actor)?.code ?? 'allowed'

describe('who may change a partnership (§14.2)', () => {
  it.each([
    [owner, 'allowed'],
    [manager, 'allowed'],
    [{ kind: 'api-key', id: 'k' } as MoveActor, 'allowed'],
    [otherCs, 'not-allowed'],
    [rep, 'not-allowed'],
    [viewer, 'not-allowed'],
  ] as const)('%o: %s', (actor, expected) => {
    expect(code({ kind: 'pause', reason: 'Client on holiday' }, actor)).toBe(expected)
  })

  it('a Customer Success manager may take up a partnership nobody owns', () => {
    expect(code({ kind: 'pause', reason: 'Holiday' }, otherCs, { ...active, ownerId: null })).toBe('allowed')
  })
})

describe('what each change needs', () => {
  it.each([
    [{ kind: 'pause', reason: ' ' }, active, 'reason-required'],
    [{ kind: 'pause', reason: 'Holiday' }, { ...active, status: 'PAUSED' }, 'wrong-status'],
    [{ kind: 'resume' }, active, 'wrong-status'],
    [{ kind: 'resume' }, { ...active, status: 'PAUSED' }, 'allowed'],
    [{ kind: 'extend', weeks: 4, reason: 'Two more systems' }, active, 'allowed'],
    [{ kind: 'extend', weeks: 0, reason: 'x' }, active, 'wrong-status'],
    [{ kind: 'extend', weeks: 2.5, reason: 'x' }, active, 'wrong-status'],
    [{ kind: 'extend', weeks: 53, reason: 'x' }, active, 'wrong-status'],
    [{ kind: 'extend', weeks: 4, reason: '' }, active, 'reason-required'],
    [{ kind: 'churn', reason: '' }, active, 'reason-required'],
    [{ kind: 'churn', reason: 'Budget cut' }, { ...active, status: 'PAUSED' }, 'allowed'],
    [{ kind: 'graduate' }, active, 'not-ready'],
    [{ kind: 'graduate' }, { ...active, finalMilestoneDone: true }, 'allowed'],
    [{ kind: 'graduate' }, { ...active, status: 'PAUSED', finalMilestoneDone: true }, 'wrong-status'],
    [{ kind: 'resume' }, { ...active, status: 'GRADUATED' }, 'ended'],
    [{ kind: 'churn', reason: 'x' }, { ...active, status: 'CHURNED' }, 'ended'],
  ] as [PartnershipChange, PartnershipForChange, string][])('%o on %o: %s', (change, partnership, expected) => {
    expect(code(change, owner, partnership)).toBe(expected)
  })
})
