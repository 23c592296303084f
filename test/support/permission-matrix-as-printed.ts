import type { UserRole } from '../../prisma/generated/enums'

// Seed 002 §14.2 "Permission Matrix", transcribed a second time, by hand, exactly as the seed prints it.
// The matrix tests take their expectations from here and never from domain/access/permission-matrix.ts, so a
// wrong cell in the code's table fails them instead of moving the expectation along with it. Nothing in this
// module may import from domain/access.
export const permissionMatrixAsPrinted = `
| Resource | Admin | Sales Mgr | Sales Rep | CS | Viewer |
|----------|-------|-----------|-----------|-----|--------|
| Leads (all) | CRUD | CRUD | Read own | Read | Read |
| Companies | CRUD | CRUD | CRUD | Read | Read |
| Contacts | CRUD | CRUD | CRUD | CRUD | Read |
| Opportunities | CRUD | CRUD | CRUD own | Read | Read |
| Partnerships | CRUD | CRUD | Read | CRUD | Read |
| Voice Sessions | CRUD | Read | Read own | Read | Read |
| Analytics | Full | Full | Limited | Limited | Limited |
| Settings | Full | Limited | None | None | None |
| Users | CRUD | Read | None | None | None |
`

/** The seed's column headings, and the role each one names (§14.1 spells them out). */
export const roleOfColumn = {
  Admin: 'ADMIN',
  'Sales Mgr': 'SALES_MANAGER',
  'Sales Rep': 'SALES_REP',
  CS: 'CUSTOMER_SUCCESS',
  Viewer: 'VIEWER',
} as const satisfies Record<string, UserRole>

/** The seed's row headings, and the name the code and the tests use for each. */
export const resourceOfRow = {
  'Leads (all)': 'leads',
  Companies: 'companies',
  Contacts: 'contacts',
  Opportunities: 'opportunities',
  Partnerships: 'partnerships',
  'Voice Sessions': 'voiceSessions',
  Analytics: 'analytics',
  Settings: 'settings',
  Users: 'users',
} as const

export type PrintedResource = (typeof resourceOfRow)[keyof typeof resourceOfRow]
export type PrintedRecordResource = Exclude<PrintedResource, 'analytics' | 'settings'>
export type PrintedRole = (typeof roleOfColumn)[keyof typeof roleOfColumn]

/** The five roles, in the seed's column order. */
export const printedRoles: PrintedRole[] = ['ADMIN', 'SALES_MANAGER', 'SALES_REP', 'CUSTOMER_SUCCESS', 'VIEWER']
/** The seven resources whose cells are record rights (CRUD, Read, own, None), in the seed's row order. */
export const printedRecordResources: PrintedRecordResource[] = [
  'leads',
  'companies',
  'contacts',
  'opportunities',
  'partnerships',
  'voiceSessions',
  'users',
]

function parsePrintedTable(text: string): Record<PrintedResource, Record<PrintedRole, string>> {
  const rows = text
    .trim()
    .split('\n')
    .map((line) =>
      line
        .trim()
        .replace(/^\||\|$/g, '')
        .split('|')
        .map((cell) => cell.trim()),
    )
  const [heading, , ...body] = rows
  const columns = heading!.slice(1).map((column) => {
    const role = roleOfColumn[column as keyof typeof roleOfColumn]
    if (!role) throw new Error(`Unknown column "${column}" in the printed matrix`)
    return role
  })
  const table = {} as Record<PrintedResource, Record<PrintedRole, string>>
  for (const [label, ...cells] of body) {
    const resource = resourceOfRow[label as keyof typeof resourceOfRow]
    if (!resource || cells.length !== columns.length) throw new Error(`Unreadable row "${label}" in the printed matrix`)
    table[resource] = Object.fromEntries(columns.map((role, index) => [role, cells[index]!])) as Record<
      PrintedRole,
      string
    >
  }
  return table
}

/** The printed table, cell by cell: `printedCell.companies.VIEWER` is "Read". */
export const printedCell = parsePrintedTable(permissionMatrixAsPrinted)

export type PrintedAction = 'create' | 'read' | 'update' | 'delete'
/** What a cell lets a person do with one action: on every record, on their own records only, or not at all. */
export type PrintedGrant = 'all' | 'own' | 'none'

// What each word of a record cell means, written out action by action rather than parsed, so it shares no logic
// with the code's reading of the same words.
const recordCellMeaning: Record<string, Record<PrintedAction, PrintedGrant>> = {
  CRUD: { create: 'all', read: 'all', update: 'all', delete: 'all' },
  'CRUD own': { create: 'own', read: 'own', update: 'own', delete: 'own' },
  Read: { create: 'none', read: 'all', update: 'none', delete: 'none' },
  'Read own': { create: 'none', read: 'own', update: 'none', delete: 'none' },
  None: { create: 'none', read: 'none', update: 'none', delete: 'none' },
}

/** What the printed cell of `role` × `resource` grants for `action`. */
export function printedGrant(role: PrintedRole, resource: PrintedRecordResource, action: PrintedAction): PrintedGrant {
  const word = printedCell[resource][role]
  const meaning = recordCellMeaning[word]
  if (!meaning) throw new Error(`The printed cell "${word}" of ${resource} × ${role} is not a record right`)
  return meaning[action]
}

/** Whether the printed cell lets `role` do `action` on `resource` at all (on some record). */
export function printedAllows(role: PrintedRole, resource: PrintedRecordResource, action: PrintedAction): boolean {
  return printedGrant(role, resource, action) !== 'none'
}

// "Full" and "Limited" are not spelled out by the seed; these are the readings of
// docs/decisions/0003-access-control.md, written here in the test's own words.
//   Analytics: Full = dashboards, per-rep team metrics and exports; Limited = dashboards only, over what the person
//   may read (so a Sales Rep's are over their own records).
//   Settings: Full = everything, API keys included; Limited = read, and change the sales-process settings.
export type PrintedAnalyticsAction = 'view-dashboard' | 'view-team-metrics' | 'export'
export type PrintedSettingsAction = 'read' | 'update-sales-process' | 'update-integrations' | 'manage-api-keys'

const analyticsMeaning: Record<string, Record<PrintedAnalyticsAction, boolean>> = {
  Full: { 'view-dashboard': true, 'view-team-metrics': true, export: true },
  Limited: { 'view-dashboard': true, 'view-team-metrics': false, export: false },
  None: { 'view-dashboard': false, 'view-team-metrics': false, export: false },
}
const settingsMeaning: Record<string, Record<PrintedSettingsAction, boolean>> = {
  Full: { read: true, 'update-sales-process': true, 'update-integrations': true, 'manage-api-keys': true },
  Limited: { read: true, 'update-sales-process': true, 'update-integrations': false, 'manage-api-keys': false },
  None: { read: false, 'update-sales-process': false, 'update-integrations': false, 'manage-api-keys': false },
}

export function printedAnalyticsGrant(role: PrintedRole, action: PrintedAnalyticsAction): PrintedGrant {
  const word = printedCell.analytics[role]
  const meaning = analyticsMeaning[word]
  if (!meaning) throw new Error(`The printed analytics cell "${word}" of ${role} is not Full, Limited or None`)
  if (!meaning[action]) return 'none'
  // Limited analytics covers what the person may read; only a Sales Rep reads leads "own".
  return word === 'Limited' && printedGrant(role, 'leads', 'read') === 'own' ? 'own' : 'all'
}

export function printedSettingsAllows(role: PrintedRole, action: PrintedSettingsAction): boolean {
  const word = printedCell.settings[role]
  const meaning = settingsMeaning[word]
  if (!meaning) throw new Error(`The printed settings cell "${word}" of ${role} is not Full, Limited or None`)
  return meaning[action]
}
