import { describe, expect, it } from 'vitest'
import {
  printedAnalyticsGrant,
  printedCell,
  printedGrant,
  printedRecordResources,
  printedRoles,
  printedSettingsAllows,
  resourceOfRow,
  type PrintedAnalyticsAction,
  type PrintedSettingsAction,
} from '../../test/support/permission-matrix-as-printed'
import {
  analyticsGrant,
  grantOfRecordCell,
  permissionMatrix,
  recordActions,
  recordGrant,
  resources,
  roles,
  settingsGrant,
} from './permission-matrix'

// The code's table and its readings, held against seed 002 §14.2 as transcribed by hand in
// test/support/permission-matrix-as-printed.ts (never against the code's own table).

describe('grantOfRecordCell', () => {
  it.each([
    ['CRUD', 'delete', 'all'],
    ['CRUD own', 'update', 'own'],
    ['CRUD own', 'create', 'own'],
    ['Read', 'read', 'all'],
    ['Read', 'update', 'none'],
    ['Read own', 'read', 'own'],
    ['Read own', 'delete', 'none'],
    ['None', 'read', 'none'],
  ] as const)('reads %s for %s as %s', (cell, action, grant) => {
    expect(grantOfRecordCell(cell, action)).toBe(grant)
  })

  it('refuses a cell it cannot read rather than guessing', () => {
    expect(() => grantOfRecordCell('Read team', 'read')).toThrow(/Unreadable/)
  })
})

describe('the matrix of seed 002 §14.2, cell by cell against the printed table', () => {
  it('has the printed rows and columns, no more and no fewer', () => {
    expect([...resources].sort()).toEqual(Object.values(resourceOfRow).sort())
    expect(roles).toEqual(printedRoles)
    for (const resource of resources) expect(Object.keys(permissionMatrix[resource]).sort()).toEqual([...roles].sort())
  })

  it('holds the printed word in every one of the 45 cells', () => {
    const differing: string[] = []
    for (const resource of Object.values(resourceOfRow)) {
      for (const role of printedRoles) {
        const printed = printedCell[resource][role]
        const coded: string = permissionMatrix[resource][role]
        if (coded !== printed) differing.push(`${resource} × ${role}: printed "${printed}", code "${coded}"`)
      }
    }
    expect(differing, differing.join('\n')).toEqual([])
    expect(Object.values(resourceOfRow).length * printedRoles.length).toBe(45)
  })

  it('grants, for every role × record resource × action, what the printed cell means', () => {
    const differing: string[] = []
    for (const resource of printedRecordResources) {
      for (const role of printedRoles) {
        for (const action of recordActions) {
          const expected = printedGrant(role, resource, action)
          const got = recordGrant(role, resource, action)
          if (got !== expected) differing.push(`${role} × ${resource} × ${action}: expected ${expected}, got ${got}`)
        }
      }
    }
    expect(differing, differing.join('\n')).toEqual([])
  })

  it('grants analytics and settings as the printed Full / Limited / None mean', () => {
    const analytics: PrintedAnalyticsAction[] = ['view-dashboard', 'view-team-metrics', 'export']
    const settings: PrintedSettingsAction[] = ['read', 'update-sales-process', 'update-integrations', 'manage-api-keys']
    const differing: string[] = []
    for (const role of printedRoles) {
      for (const action of analytics) {
        const expected = printedAnalyticsGrant(role, action)
        const got = analyticsGrant(role, action)
        if (got !== expected) differing.push(`${role} × analytics × ${action}: expected ${expected}, got ${got}`)
      }
      for (const action of settings) {
        const expected = printedSettingsAllows(role, action) ? 'all' : 'none'
        const got = settingsGrant(role, action)
        if (got !== expected) differing.push(`${role} × settings × ${action}: expected ${expected}, got ${got}`)
      }
    }
    expect(differing, differing.join('\n')).toEqual([])
  })

  // A few cells in plain words, as a reader of §14.2 would check them.
  it('lets a Sales Rep read only their own leads and change none', () => {
    expect(recordGrant('SALES_REP', 'leads', 'read')).toBe('own')
    expect(recordGrant('SALES_REP', 'leads', 'update')).toBe('none')
  })

  it('keeps a Viewer to reading companies', () => {
    expect(recordGrant('VIEWER', 'companies', 'read')).toBe('all')
    expect(recordGrant('VIEWER', 'companies', 'create')).toBe('none')
    expect(recordGrant('VIEWER', 'companies', 'delete')).toBe('none')
  })

  it('lets Customer Success change partnerships and contacts but only read opportunities', () => {
    expect(recordGrant('CUSTOMER_SUCCESS', 'partnerships', 'update')).toBe('all')
    expect(recordGrant('CUSTOMER_SUCCESS', 'contacts', 'create')).toBe('all')
    expect(recordGrant('CUSTOMER_SUCCESS', 'opportunities', 'update')).toBe('none')
  })

  it('gives a Sales Manager read-only users and limited settings', () => {
    expect(recordGrant('SALES_MANAGER', 'users', 'read')).toBe('all')
    expect(recordGrant('SALES_MANAGER', 'users', 'create')).toBe('none')
    expect(settingsGrant('SALES_MANAGER', 'update-sales-process')).toBe('all')
    expect(settingsGrant('SALES_MANAGER', 'manage-api-keys')).toBe('none')
  })

  it('limits analytics for reps to their own records and keeps team metrics for Full', () => {
    expect(analyticsGrant('SALES_REP', 'view-dashboard')).toBe('own')
    expect(analyticsGrant('VIEWER', 'view-dashboard')).toBe('all')
    expect(analyticsGrant('VIEWER', 'export')).toBe('none')
    expect(analyticsGrant('SALES_MANAGER', 'view-team-metrics')).toBe('all')
  })
})
