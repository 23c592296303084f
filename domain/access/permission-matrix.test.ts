import { describe, expect, it } from 'vitest'
import { analyticsGrant, grantOfRecordCell, recordGrant, settingsGrant } from './permission-matrix'

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

describe('the matrix of seed 002 §14.2', () => {
  it('lets a Sales Rep read only their own leads and change none', () => {
    expect(recordGrant('SALES_REP', 'leads', 'read')).toBe('own')
    expect(recordGrant('SALES_REP', 'leads', 'update')).toBe('none')
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
