import { describe, expect, it } from 'vitest'
import { recordGrant, type RecordResource } from '../access/permission-matrix'
import type { UserRole } from '../../prisma/generated/enums'
import { decideChangeActivity, decideLogActivity, decideReadActivities, type ActivityActor } from './activity-access'

const person = (role: UserRole, resource: RecordResource, userId = 'me'): ActivityActor => ({
  kind: 'user',
  userId,
  role,
  read: recordGrant(role, resource, 'read'),
  update: recordGrant(role, resource, 'update'),
})

describe('work on a record follows the record (§14.2, decision 0022)', () => {
  it('lets a Sales Rep log on their own lead ("Read own") and hides the others', () => {
    expect(decideLogActivity(person('SALES_REP', 'leads'), { ownerId: 'me' })).toBe('allowed')
    expect(decideLogActivity(person('SALES_REP', 'leads'), { ownerId: 'someone' })).toBe('not-found')
    expect(decideReadActivities(person('SALES_REP', 'leads'), { ownerId: null })).toBe('not-found')
  })

  it('lets everyone who reads a record log on it except a Viewer', () => {
    for (const role of ['ADMIN', 'SALES_MANAGER', 'SALES_REP', 'CUSTOMER_SUCCESS'] as const) {
      expect(decideLogActivity(person(role, 'companies'), { ownerId: null }), role).toBe('allowed')
    }
    expect(decideLogActivity(person('VIEWER', 'companies'), { ownerId: null })).toBe('forbidden')
    expect(decideReadActivities(person('VIEWER', 'companies'), { ownerId: null })).toBe('allowed')
  })

  it('needs the update scope for an API key to log', () => {
    expect(decideLogActivity({ kind: 'api-key', read: 'all', update: 'none' }, { ownerId: null })).toBe('forbidden')
    expect(decideLogActivity({ kind: 'api-key', read: 'all', update: 'all' }, { ownerId: null })).toBe('allowed')
  })

  it("lets the work's own person, an Admin or a Sales Manager change it", () => {
    const company = { ownerId: null }
    expect(decideChangeActivity(person('SALES_REP', 'companies'), company, { userId: 'me' })).toBe('allowed')
    expect(decideChangeActivity(person('SALES_REP', 'companies'), company, { userId: 'colleague' })).toBe('forbidden')
    expect(decideChangeActivity(person('SALES_MANAGER', 'companies'), company, { userId: 'colleague' })).toBe('allowed')
    expect(decideChangeActivity(person('VIEWER', 'companies'), company, { userId: 'me' })).toBe('forbidden')
  })
})
