import { describe, expect, it } from 'vitest'
import { recordGrant, roles } from '../access/permission-matrix'
import type { UserRole } from '../../prisma/generated/enums'
import { decideLeadAction, leadActionNames, parseLeadActionInput, type LeadActionGrants } from './lead-actions'

function grantsOf(role: UserRole, userId = 'me'): LeadActionGrants {
  return {
    leadsRead: recordGrant(role, 'leads', 'read'),
    leadsUpdate: recordGrant(role, 'leads', 'update'),
    opportunitiesCreate: recordGrant(role, 'opportunities', 'create'),
    user: { userId, role },
  }
}

describe('parseLeadActionInput', () => {
  it('takes no input for contacted, qualify, pause and resume, and refuses unknown fields by name', () => {
    for (const action of ['contacted', 'qualify', 'pause-nurture', 'resume-nurture'] as const) {
      expect(parseLeadActionInput(action, undefined)).toEqual({ ok: true, request: { action } })
      expect(parseLeadActionInput(action, {})).toEqual({ ok: true, request: { action } })
      expect(parseLeadActionInput(action, { status: 'qualified' })).toEqual({
        ok: false,
        errors: [{ field: 'status', message: `is not a ${action} action field` }],
      })
    }
    expect(parseLeadActionInput('qualify', [1])).toEqual({
      ok: false,
      errors: [{ field: '(body)', message: 'must be a JSON object' }],
    })
  })

  it('needs a disqualification reason of 3 to 500 characters, trimmed', () => {
    expect(parseLeadActionInput('disqualify', { reason: '  Budget is under $1k  ' })).toEqual({
      ok: true,
      request: { action: 'disqualify', reason: 'Budget is under $1k' },
    })
    expect(parseLeadActionInput('disqualify', {})).toEqual({
      ok: false,
      errors: [{ field: 'reason', message: 'is required' }],
    })
    expect(parseLeadActionInput('disqualify', { reason: ' no ' })).toEqual({
      ok: false,
      errors: [{ field: 'reason', message: 'must be at least 3 characters' }],
    })
    expect(parseLeadActionInput('disqualify', { reason: 'x'.repeat(501) })).toEqual({
      ok: false,
      errors: [{ field: 'reason', message: 'must be at most 500 characters' }],
    })
    expect(parseLeadActionInput('disqualify', { reason: 'x'.repeat(500) }).ok).toBe(true)
    expect(parseLeadActionInput('disqualify', { reason: 42 })).toEqual({
      ok: false,
      errors: [{ field: 'reason', message: 'must be text' }],
    })
  })

  it('converts to one of the three tiers, with an optional company and opportunity name', () => {
    expect(parseLeadActionInput('convert', { tier: 'foundation' })).toEqual({
      ok: true,
      request: { action: 'convert', tier: 'FOUNDATION' },
    })
    expect(
      parseLeadActionInput('convert', { tier: 'architect', companyId: ' c1 ', opportunityName: ' Bayside rollout ' }),
    ).toEqual({
      ok: true,
      request: { action: 'convert', tier: 'ARCHITECT', companyId: 'c1', opportunityName: 'Bayside rollout' },
    })
    expect(parseLeadActionInput('convert', {})).toEqual({
      ok: false,
      errors: [{ field: 'tier', message: 'is required' }],
    })
    expect(parseLeadActionInput('convert', { tier: 'platinum' })).toEqual({
      ok: false,
      errors: [{ field: 'tier', message: 'must be one of discovery, foundation, architect' }],
    })
    expect(parseLeadActionInput('convert', { tier: 'discovery', stage: 'won' })).toEqual({
      ok: false,
      errors: [{ field: 'stage', message: 'is not a conversion field' }],
    })
  })
})

describe('decideLeadAction', () => {
  const mine = { assignedToId: 'me' }
  const theirs = { assignedToId: 'someone-else' }
  const unassigned = { assignedToId: null }

  it('lets Admins and Sales Managers act on every lead, and a Sales Rep on their own leads only', () => {
    const expected: Record<UserRole, [string, string, string]> = {
      ADMIN: ['allowed', 'allowed', 'allowed'],
      SALES_MANAGER: ['allowed', 'allowed', 'allowed'],
      // "Read own": another rep's lead does not exist for them.
      SALES_REP: ['allowed', 'not-found', 'not-found'],
      CUSTOMER_SUCCESS: ['forbidden', 'forbidden', 'forbidden'],
      VIEWER: ['forbidden', 'forbidden', 'forbidden'],
    }
    for (const role of roles) {
      for (const action of leadActionNames) {
        expect(
          [mine, theirs, unassigned].map((lead) => decideLeadAction(grantsOf(role), lead, action)),
          `${role} ${action}`,
        ).toEqual(expected[role])
      }
    }
  })

  it('needs the opportunities create grant as well to convert', () => {
    const rep = { ...grantsOf('SALES_REP'), opportunitiesCreate: 'none' as const }
    expect(decideLeadAction(rep, mine, 'convert')).toBe('forbidden')
    expect(decideLeadAction(rep, mine, 'qualify')).toBe('allowed')
    const key: LeadActionGrants = { leadsRead: 'all', leadsUpdate: 'all', opportunitiesCreate: 'none', user: null }
    expect(decideLeadAction(key, theirs, 'convert')).toBe('forbidden')
    expect(decideLeadAction({ ...key, opportunitiesCreate: 'all' }, theirs, 'convert')).toBe('allowed')
  })

  it('treats API keys by their scopes alone', () => {
    const readOnly: LeadActionGrants = {
      leadsRead: 'all',
      leadsUpdate: 'none',
      opportunitiesCreate: 'none',
      user: null,
    }
    expect(decideLeadAction(readOnly, unassigned, 'contacted')).toBe('forbidden')
    expect(decideLeadAction({ ...readOnly, leadsRead: 'none' }, unassigned, 'contacted')).toBe('forbidden')
    expect(decideLeadAction({ ...readOnly, leadsUpdate: 'all' }, unassigned, 'contacted')).toBe('allowed')
  })
})
