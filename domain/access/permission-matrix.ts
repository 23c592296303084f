import type { UserRole } from '../../prisma/generated/enums'

// Seed 002 §14.2, cell by cell, in the seed's own words. Everything that decides access reads this table.
//
// | Resource       | Admin | Sales Mgr | Sales Rep | CS      | Viewer  |
// |----------------|-------|-----------|-----------|---------|---------|
// | Leads (all)    | CRUD  | CRUD      | Read own  | Read    | Read    |
// | Companies      | CRUD  | CRUD      | CRUD      | Read    | Read    |
// | Contacts       | CRUD  | CRUD      | CRUD      | CRUD    | Read    |
// | Opportunities  | CRUD  | CRUD      | CRUD own  | Read    | Read    |
// | Partnerships   | CRUD  | CRUD      | Read      | CRUD    | Read    |
// | Voice Sessions | CRUD  | Read      | Read own  | Read    | Read    |
// | Analytics      | Full  | Full      | Limited   | Limited | Limited |
// | Settings       | Full  | Limited   | None      | None    | None    |
// | Users          | CRUD  | Read      | None      | None    | None    |
export const permissionMatrix = {
  leads: { ADMIN: 'CRUD', SALES_MANAGER: 'CRUD', SALES_REP: 'Read own', CUSTOMER_SUCCESS: 'Read', VIEWER: 'Read' },
  companies: { ADMIN: 'CRUD', SALES_MANAGER: 'CRUD', SALES_REP: 'CRUD', CUSTOMER_SUCCESS: 'Read', VIEWER: 'Read' },
  contacts: { ADMIN: 'CRUD', SALES_MANAGER: 'CRUD', SALES_REP: 'CRUD', CUSTOMER_SUCCESS: 'CRUD', VIEWER: 'Read' },
  opportunities: {
    ADMIN: 'CRUD',
    SALES_MANAGER: 'CRUD',
    SALES_REP: 'CRUD own',
    CUSTOMER_SUCCESS: 'Read',
    VIEWER: 'Read',
  },
  partnerships: { ADMIN: 'CRUD', SALES_MANAGER: 'CRUD', SALES_REP: 'Read', CUSTOMER_SUCCESS: 'CRUD', VIEWER: 'Read' },
  voiceSessions: {
    ADMIN: 'CRUD',
    SALES_MANAGER: 'Read',
    SALES_REP: 'Read own',
    CUSTOMER_SUCCESS: 'Read',
    VIEWER: 'Read',
  },
  analytics: {
    ADMIN: 'Full',
    SALES_MANAGER: 'Full',
    SALES_REP: 'Limited',
    CUSTOMER_SUCCESS: 'Limited',
    VIEWER: 'Limited',
  },
  settings: { ADMIN: 'Full', SALES_MANAGER: 'Limited', SALES_REP: 'None', CUSTOMER_SUCCESS: 'None', VIEWER: 'None' },
  users: { ADMIN: 'CRUD', SALES_MANAGER: 'Read', SALES_REP: 'None', CUSTOMER_SUCCESS: 'None', VIEWER: 'None' },
} as const satisfies Record<string, Record<UserRole, string>>

export type Resource = keyof typeof permissionMatrix
export type RecordResource = Exclude<Resource, 'analytics' | 'settings'>
export type RecordAction = 'create' | 'read' | 'update' | 'delete'
export type Cell = (typeof permissionMatrix)[Resource][UserRole]

export const resources = Object.keys(permissionMatrix) as Resource[]
export const roles: UserRole[] = ['ADMIN', 'SALES_MANAGER', 'SALES_REP', 'CUSTOMER_SUCCESS', 'VIEWER']
export const recordActions: RecordAction[] = ['create', 'read', 'update', 'delete']

/**
 * What a cell grants for one action:
 * - `all`: every record;
 * - `own`: only records assigned to (owned by) the user; a created record is assigned to its creator;
 * - `none`: nothing.
 */
export type Grant = 'all' | 'own' | 'none'

const letterOfAction: Record<RecordAction, string> = { create: 'C', read: 'R', update: 'U', delete: 'D' }

/** Reads one record cell ("CRUD", "CRUD own", "Read", "Read own", "None") for one action. */
export function grantOfRecordCell(cell: string, action: RecordAction): Grant {
  const [rights = '', scope] = cell.split(' ')
  const letters = rights === 'Read' ? 'R' : rights === 'None' ? '' : rights
  if (!/^C?R?U?D?$/.test(letters) || (scope !== undefined && scope !== 'own')) {
    throw new Error(`Unreadable permission cell "${cell}"`)
  }
  if (!letters.includes(letterOfAction[action])) return 'none'
  return scope === 'own' ? 'own' : 'all'
}

export function recordGrant(role: UserRole, resource: RecordResource, action: RecordAction): Grant {
  return grantOfRecordCell(permissionMatrix[resource][role], action)
}

// "Full", "Limited" and "None" are not spelled out by the seed; these are our readings of them.
//
// Analytics — Full: every dashboard and report over all records, team metrics (per rep), exports.
//             Limited: the dashboard and reports (§14.1 Viewer: "Dashboard + reports only"), over the records
//             the user may read (a Sales Rep's own leads and deals), no per-rep team metrics, no exports.
// Settings  — Full: everything, including integrations, API keys and security.
//             Limited: read all settings and change the sales process ones (pipeline, reminders,
//             notifications), not integrations, API keys or security.
export type AnalyticsAction = 'view-dashboard' | 'view-team-metrics' | 'export'
export type SettingsAction =
  | 'read'
  | 'update-sales-process'
  | 'update-integrations'
  | 'manage-api-keys'
  /** §10.3 scheduled reports: recipients, pause, send now (decision 0039). */
  | 'manage-reports'
  /** §10.2 cost per lead: the marketing spend per lead source and month (decision 0040). */
  | 'enter-marketing-spend'

const analyticsByLevel: Record<'Full' | 'Limited', AnalyticsAction[]> = {
  Full: ['view-dashboard', 'view-team-metrics', 'export'],
  Limited: ['view-dashboard'],
}
const settingsByLevel: Record<'Full' | 'Limited' | 'None', SettingsAction[]> = {
  Full: [
    'read',
    'update-sales-process',
    'update-integrations',
    'manage-api-keys',
    'manage-reports',
    'enter-marketing-spend',
  ],
  Limited: ['read', 'update-sales-process', 'enter-marketing-spend'],
  None: [],
}

export function analyticsGrant(role: UserRole, action: AnalyticsAction): Grant {
  const level = permissionMatrix.analytics[role]
  if (!analyticsByLevel[level].includes(action)) return 'none'
  // Limited analytics covers what the user may read: a Sales Rep's own leads and deals.
  return level === 'Limited' && role === 'SALES_REP' ? 'own' : 'all'
}

export function settingsGrant(role: UserRole, action: SettingsAction): Grant {
  return settingsByLevel[permissionMatrix.settings[role]].includes(action) ? 'all' : 'none'
}
