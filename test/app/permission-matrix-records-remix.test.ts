import { randomUUID } from 'node:crypto'
import type { Client } from '@temporalio/client'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { loadConfig, type AppConfig } from '../../lib/config'
import { createSmtpMailDriver } from '../../lib/mail-driver'
import { createTemporalClient } from '../../lib/temporal'
import type { UserRole } from '../../prisma/generated/enums'
import { signedInUser } from '../support/actors'
import { createTestDatabase, type TestDatabase } from '../support/database'
import {
  printedCell,
  printedGrant,
  printedRoles,
  type PrintedAction,
  type PrintedRecordResource,
} from '../support/permission-matrix-as-printed'
import { loadRemixBuild, startWeb } from '../support/web'

// Every role × record resource × action cell of §14.2 run through real HTTP requests to the Remix pages: GET
// for loaders, POST form data (with the app's own Origin) for actions. The expected outcome comes from §14.2 as
// transcribed by hand in test/support/permission-matrix-as-printed.ts, never from the code's own table.
// Allowed: 200 or a redirect, and the change is in the database. Denied: 403, nothing changed, and a DENIED
// audit row. Under "own", another person's record answers 404 and nothing changes.
//
// Leads are created by capture (POST /api/leads, with dedupe and a workflow; its cells are proven by
// test/api/permission-matrix.test.ts), so the app offers no create form for them: that is what their create
// cell checks here, for every role. Users are managed on /admin/users, where deactivation is the delete.

type RecordAction = PrintedAction
type RecordResource = PrintedRecordResource

const roles = printedRoles
const resources = ['leads', 'companies', 'contacts', 'opportunities', 'partnerships', 'voiceSessions', 'users'] as const
const actions: RecordAction[] = ['create', 'read', 'update', 'delete']

type Expected = 'allowed' | '403' | 'own: allowed, other: 404'

/** What the printed cell of `role` × `resource` says one action does. */
function expectedOf(role: UserRole, resource: RecordResource, action: RecordAction): Expected {
  const grant = printedGrant(role, resource, action)
  if (grant === 'none') return '403'
  return grant === 'own' ? 'own: allowed, other: 404' : 'allowed'
}

let database: TestDatabase
let web: Awaited<ReturnType<typeof startWeb>>
let config: AppConfig
let temporal: Client
const people = {} as Record<UserRole, { id: string; cookie: string }>
let company: { id: string }
let contact: { id: string }

beforeAll(async () => {
  database = await createTestDatabase()
  config = loadConfig({ NODE_ENV: 'test', DATABASE_URL: database.url })
  temporal = createTemporalClient(config)
  web = await startWeb(
    { config, db: database.db, temporal, mail: createSmtpMailDriver('smtp://127.0.0.1:9') },
    await loadRemixBuild(),
  )
  for (const role of roles) people[role] = await signedInUser(database.db, role, { name: `${role} person` })
  company = await database.db.company.create({
    data: {
      name: 'Reference Co',
      industry: 'HVAC',
      employeeCount: 'RANGE_1_5',
      businessModel: 'SERVICE',
      source: 'REFERRAL',
    },
    select: { id: true },
  })
  contact = await database.db.contact.create({
    data: { companyId: company.id, firstName: 'Ref', lastName: 'Contact', email: 'ref@contact.test' },
    select: { id: true },
  })
})

afterAll(async () => {
  await web?.close()
  await temporal?.connection.close()
  await database?.drop()
})

function get(role: UserRole, path: string) {
  return fetch(`${web.baseUrl}${path}`, { redirect: 'manual', headers: { cookie: people[role].cookie } })
}

function post(role: UserRole, path: string, fields: Record<string, string>) {
  return fetch(`${web.baseUrl}${path}`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded', origin: web.baseUrl, cookie: people[role].cookie },
    body: new URLSearchParams(fields),
  })
}

const tag = () => randomUUID().slice(0, 8)

/** How one resource is reached in the app and seen in the database. */
interface Fixture {
  /** The list page, and the detail page of a record (none for users: they are managed in the list). */
  list: string
  detail?: (id: string) => string
  /** Creates a record (owned by `ownerId` where the resource has owners) whose page shows `marker`. */
  seed(ownerId: string): Promise<{ id: string; marker: string }>
  /** The create form's fields, with the value that identifies the new record; absent: created elsewhere. */
  createForm?: () => Promise<{
    path: string
    fields: Record<string, string>
    created(): Promise<{ ownerId: string | null } | null>
  }>
  update(id: string): { path: string; fields: Record<string, string>; changed(): Promise<boolean> }
  deletion(id: string): { path: string; fields: Record<string, string>; gone(): Promise<boolean> }
  /** The button texts the list and detail pages show only when the action is allowed. */
  buttons: Partial<Record<RecordAction, string>>
}

const byId = (id: string) => ({ where: { id } })

async function newOpportunity(ownerId: string | null, name = `Deal ${tag()}`) {
  return database.db.opportunity.create({
    data: {
      name,
      companyId: company.id,
      primaryContactId: contact.id,
      tier: 'DISCOVERY',
      setupFee: 1000,
      totalContractValue: 1000,
      ownerId,
    },
    select: { id: true, name: true },
  })
}

function recordPageFixture(
  segment: string,
  singular: string,
  seed: Fixture['seed'],
  createForm: NonNullable<Fixture['createForm']>,
  update: (id: string) => { fields: Record<string, string>; changed(): Promise<boolean> },
  exists: (id: string) => Promise<boolean>,
): Fixture {
  return {
    list: `/${segment}`,
    detail: (id) => `/${segment}/${id}`,
    seed,
    createForm,
    update: (id) => ({ path: `/${segment}/${id}`, ...update(id) }),
    deletion: (id) => ({
      path: `/${segment}/${id}`,
      fields: { intent: 'delete' },
      gone: async () => !(await exists(id)),
    }),
    buttons: { create: `New ${singular}`, update: 'Save changes', delete: 'Delete…' },
  }
}

const fixtures: Record<(typeof resources)[number], Fixture> = {
  leads: {
    list: '/leads',
    detail: (id) => `/leads/${id}`,
    async seed(ownerId) {
      const marker = `Lead${tag()}`
      const lead = await database.db.lead.create({
        data: {
          email: `${marker.toLowerCase()}@lead.test`,
          lastName: marker,
          source: 'CALENDAR_BOOKING',
          assignedToId: ownerId,
        },
        select: { id: true },
      })
      return { id: lead.id, marker }
    },
    update: (id) => {
      const lastName = `Renamed${tag()}`
      return {
        path: `/leads/${id}`,
        fields: { intent: 'update', lastName },
        changed: async () =>
          (await database.db.lead.findUnique({ ...byId(id), select: { lastName: true } }))?.lastName === lastName,
      }
    },
    deletion: (id) => ({
      path: `/leads/${id}`,
      fields: { intent: 'delete' },
      gone: async () => (await database.db.lead.count(byId(id))) === 0,
    }),
    buttons: { update: 'Save changes', delete: 'Delete…' },
  },
  companies: recordPageFixture(
    'companies',
    'company',
    async () => {
      const marker = `Company ${tag()}`
      const row = await database.db.company.create({
        data: {
          name: marker,
          industry: 'PLUMBING',
          employeeCount: 'RANGE_5_10',
          businessModel: 'SERVICE',
          source: 'WEBSITE',
        },
        select: { id: true },
      })
      return { id: row.id, marker }
    },
    async () => {
      const name = `Created company ${tag()}`
      return {
        path: '/companies/new',
        fields: { name, industry: 'hvac', employeeCount: '1-5', businessModel: 'service', source: 'referral' },
        created: async () => ((await database.db.company.count({ where: { name } })) === 1 ? { ownerId: null } : null),
      }
    },
    (id) => {
      const name = `Renamed company ${tag()}`
      return {
        fields: { intent: 'update', name },
        changed: async () =>
          (await database.db.company.findUnique({ ...byId(id), select: { name: true } }))?.name === name,
      }
    },
    async (id) => (await database.db.company.count(byId(id))) > 0,
  ),
  contacts: recordPageFixture(
    'contacts',
    'contact',
    async () => {
      const marker = `Contact${tag()}`
      const row = await database.db.contact.create({
        data: {
          companyId: company.id,
          firstName: 'Casey',
          lastName: marker,
          email: `${marker.toLowerCase()}@contact.test`,
        },
        select: { id: true },
      })
      return { id: row.id, marker }
    },
    async () => {
      const lastName = `Created${tag()}`
      return {
        path: '/contacts/new',
        fields: { companyId: company.id, firstName: 'New', lastName, email: `${lastName.toLowerCase()}@contact.test` },
        created: async () =>
          (await database.db.contact.count({ where: { lastName } })) === 1 ? { ownerId: null } : null,
      }
    },
    (id) => {
      const lastName = `Renamed${tag()}`
      return {
        fields: { intent: 'update', lastName },
        changed: async () =>
          (await database.db.contact.findUnique({ ...byId(id), select: { lastName: true } }))?.lastName === lastName,
      }
    },
    async (id) => (await database.db.contact.count(byId(id))) > 0,
  ),
  opportunities: recordPageFixture(
    'opportunities',
    'opportunity',
    async (ownerId) => {
      const row = await newOpportunity(ownerId)
      return { id: row.id, marker: row.name }
    },
    async () => {
      const name = `Created deal ${tag()}`
      return {
        path: '/opportunities/new',
        fields: { name, companyId: company.id, primaryContactId: contact.id, tier: 'foundation', setupFee: '2500' },
        created: async () => {
          const rows = await database.db.opportunity.findMany({ where: { name }, select: { ownerId: true } })
          return rows.length === 1 ? { ownerId: rows[0]?.ownerId ?? null } : null
        },
      }
    },
    (id) => {
      const name = `Renamed deal ${tag()}`
      return {
        fields: { intent: 'update', name },
        changed: async () =>
          (await database.db.opportunity.findUnique({ ...byId(id), select: { name: true } }))?.name === name,
      }
    },
    async (id) => (await database.db.opportunity.count(byId(id))) > 0,
  ),
  partnerships: recordPageFixture(
    'partnerships',
    'partnership',
    async () => {
      const opportunity = await newOpportunity(null)
      const row = await database.db.partnership.create({
        data: {
          opportunityId: opportunity.id,
          companyId: company.id,
          tier: 'ARCHITECT',
          startDate: new Date('2026-01-05'),
          targetEndDate: new Date('2026-07-05'),
          healthScore: 50,
        },
        select: { id: true },
      })
      return { id: row.id, marker: row.id }
    },
    async () => {
      const opportunity = await newOpportunity(null)
      return {
        path: '/partnerships/new',
        fields: {
          opportunityId: opportunity.id,
          companyId: company.id,
          tier: 'foundation',
          startDate: '2026-02-01',
          targetEndDate: '2026-08-01',
        },
        created: async () =>
          (await database.db.partnership.count({ where: { opportunityId: opportunity.id } })) === 1
            ? { ownerId: null }
            : null,
      }
    },
    (id) => ({
      // Health, status and phase are the workflow's (decision 0028): the form edits the fee.
      fields: { intent: 'update', monthlyFee: '4200' },
      changed: async () =>
        Number(
          (await database.db.partnership.findUnique({ ...byId(id), select: { monthlyFee: true } }))?.monthlyFee,
        ) === 4200,
    }),
    async (id) => (await database.db.partnership.count(byId(id))) > 0,
  ),
  voiceSessions: recordPageFixture(
    'voice-sessions',
    'voice session',
    // "Own" voice sessions are those of the user's leads.
    async (ownerId) => {
      const marker = `vs-${tag()}`
      const lead = await database.db.lead.create({
        data: { email: `${marker}@lead.test`, source: 'VOICE_AGENT', assignedToId: ownerId },
        select: { id: true },
      })
      const row = await database.db.voiceSession.create({
        data: { externalSessionId: marker, startTime: new Date('2026-03-01T10:00:00Z'), leadId: lead.id },
        select: { id: true },
      })
      return { id: row.id, marker }
    },
    async () => {
      const externalSessionId = `created-${tag()}`
      return {
        path: '/voice-sessions/new',
        fields: { externalSessionId, startTime: '2026-03-02' },
        created: async () =>
          (await database.db.voiceSession.count({ where: { externalSessionId } })) === 1 ? { ownerId: null } : null,
      }
    },
    (id) => {
      const externalSessionId = `renamed-${tag()}`
      return {
        fields: { intent: 'update', externalSessionId },
        changed: async () =>
          (await database.db.voiceSession.findUnique({ ...byId(id), select: { externalSessionId: true } }))
            ?.externalSessionId === externalSessionId,
      }
    },
    async (id) => (await database.db.voiceSession.count(byId(id))) > 0,
  ),
  users: {
    list: '/admin/users',
    async seed() {
      const marker = `Member ${tag()}`
      const row = await database.db.user.create({
        data: { email: `${marker.replace(' ', '-').toLowerCase()}@durable-crm.test`, name: marker, role: 'VIEWER' },
        select: { id: true },
      })
      return { id: row.id, marker }
    },
    async createForm() {
      const email = `created-${tag()}@durable-crm.test`
      return {
        path: '/admin/users',
        fields: { intent: 'create', name: 'Created', email, role: 'VIEWER', password: 'a long initial password' },
        created: async () => ((await database.db.user.count({ where: { email } })) === 1 ? { ownerId: null } : null),
      }
    },
    update: (id) => ({
      path: '/admin/users',
      fields: { intent: 'change-role', userId: id, role: 'SALES_REP' },
      changed: async () =>
        (await database.db.user.findUnique({ ...byId(id), select: { role: true } }))?.role === 'SALES_REP',
    }),
    deletion: (id) => ({
      path: '/admin/users',
      fields: { intent: 'deactivate', userId: id },
      gone: async () =>
        (await database.db.user.findUnique({ ...byId(id), select: { active: true } }))?.active === false,
    }),
    buttons: { create: 'Create user', update: 'Change role', delete: '>Deactivate<' },
  },
}

const matrixResource: Record<(typeof resources)[number], RecordResource> = {
  leads: 'leads',
  companies: 'companies',
  contacts: 'contacts',
  opportunities: 'opportunities',
  partnerships: 'partnerships',
  voiceSessions: 'voiceSessions',
  users: 'users',
}

async function deniedRows(role: UserRole, resource: RecordResource, action: RecordAction) {
  return database.db.auditLog.count({
    where: { actorId: people[role].id, action: `${resource}.${action}`, outcome: 'DENIED' },
  })
}

function someoneElse(role: UserRole): UserRole {
  return role === 'ADMIN' ? 'SALES_MANAGER' : 'ADMIN'
}

/** What one request did, in the words of `Expected`. */
function outcomeOf(status: number, changed: boolean, audited: boolean): string {
  if ((status === 200 || status === 302 || status === 303) && changed) return 'allowed'
  if (status === 403 && !changed && audited) return '403'
  if (status === 404 && !changed) return '404'
  return `status ${status}${changed ? ', changed' : ', unchanged'}${audited ? ', audited' : ''}`
}

/** Runs one action on one record as `role`: the outcome, and for reads whether the page showed the record. */
async function attempt(
  role: UserRole,
  name: (typeof resources)[number],
  action: RecordAction,
  target: { id: string; marker: string },
) {
  const fixture = fixtures[name]
  const resource = matrixResource[name]
  const deniedBefore = await deniedRows(role, resource, action)
  const audited = async () => (await deniedRows(role, resource, action)) > deniedBefore
  if (action === 'read') {
    const list = await get(role, fixture.list)
    const listed = list.status === 200 && (await list.text()).includes(target.marker)
    if (!fixture.detail) return outcomeOf(list.status, listed, await audited())
    const detail = await get(role, fixture.detail(target.id))
    const shown = detail.status === 200 && (await detail.text()).includes(target.marker)
    // The list and the detail must agree: both show the record, or neither does.
    if (listed !== shown && list.status === 200) return `list ${listed ? 'shows' : 'hides'} it, detail ${detail.status}`
    return outcomeOf(detail.status, shown, await audited())
  }
  if (action === 'update') {
    const change = fixture.update(target.id)
    const response = await post(role, change.path, change.fields)
    return outcomeOf(response.status, await change.changed(), await audited())
  }
  const deletion = fixture.deletion(target.id)
  const response = await post(role, deletion.path, deletion.fields)
  return outcomeOf(response.status, await deletion.gone(), await audited())
}

async function attemptCreate(role: UserRole, name: (typeof resources)[number], expected: Expected): Promise<string> {
  const fixture = fixtures[name]
  const resource = matrixResource[name]
  if (!fixture.createForm) return 'created elsewhere'
  const form = await fixture.createForm()
  const deniedBefore = await deniedRows(role, resource, 'create')
  const response = await post(role, form.path, form.fields)
  const created = await form.created()
  const outcome = outcomeOf(
    response.status,
    created !== null,
    (await deniedRows(role, resource, 'create')) > deniedBefore,
  )
  // Under "own" the new record is the creator's.
  if (expected.startsWith('own') && outcome === 'allowed') {
    return created?.ownerId === people[role].id
      ? 'own: allowed, other: 404'
      : `allowed, but owned by ${String(created?.ownerId)}`
  }
  return outcome
}

/** The buttons a role sees on the list and on a record's page: exactly those its cell allows. */
async function buttonsOf(role: UserRole, name: (typeof resources)[number], target: { id: string }) {
  const fixture = fixtures[name]
  const html =
    (await (await get(role, fixture.list)).text()) +
    (fixture.detail ? await (await get(role, fixture.detail(target.id))).text() : '')
  return Object.fromEntries(Object.entries(fixture.buttons).map(([action, text]) => [action, html.includes(text)]))
}

interface Cell {
  label: string
  expected: string
  got: string
}

describe('§14.2 through the Remix pages, for every record resource', () => {
  it('generates one case per role × resource × action of the printed matrix', () => {
    const cells = roles.flatMap((role) =>
      resources.flatMap((name) => actions.map((action) => `${role}×${name}×${action}`)),
    )
    expect(cells).toHaveLength(5 * 7 * 4)
    expect(new Set(cells).size).toBe(cells.length)
  })

  it('answers every cell as the printed matrix says', { timeout: 300_000 }, async () => {
    const cells: Cell[] = []
    for (const role of roles) {
      for (const name of resources) {
        const cell = printedCell[matrixResource[name]][role]
        for (const action of actions) {
          const expected = expectedOf(role, matrixResource[name], action)
          const label = `${role} × ${name} × ${action} ("${cell}")`
          if (action === 'create' && !fixtures[name].createForm) {
            // Leads: created by capture through the API. The pages must not offer a way to create one.
            const list = await get(role, fixtures[name].list)
            const html = list.status === 200 ? await list.text() : ''
            const offersCreate = /New lead|value="create"/.test(html)
            cells.push({
              label,
              expected: 'no create form',
              got: offersCreate ? 'offers a create form' : 'no create form',
            })
            continue
          }
          let got: string
          if (action === 'create') {
            got = await attemptCreate(role, name, expected)
          } else if (expected === 'own: allowed, other: 404') {
            const own = await attempt(role, name, action, await fixtures[name].seed(people[role].id))
            const other = await attempt(role, name, action, await fixtures[name].seed(people[someoneElse(role)].id))
            got = `own: ${own}, other: ${other}`
          } else {
            got = await attempt(role, name, action, await fixtures[name].seed(people[someoneElse(role)].id))
          }
          cells.push({ label, expected, got })
        }
        // Buttons follow the same cell: hidden when the action would be refused.
        const readable = expectedOf(role, matrixResource[name], 'read') !== '403'
        if (readable) {
          const target = await fixtures[name].seed(people[role].id)
          const shown = await buttonsOf(role, name, target)
          for (const [action, visible] of Object.entries(shown)) {
            const allowed = expectedOf(role, matrixResource[name], action as RecordAction) !== '403'
            cells.push({
              label: `${role} × ${name} × ${action} button ("${cell}")`,
              expected: allowed ? 'shown' : 'hidden',
              got: visible ? 'shown' : 'hidden',
            })
          }
        }
      }
    }
    const differing = cells
      .filter((cell) => cell.expected !== cell.got)
      .map((cell) => `${cell.label}: expected ${cell.expected}, got ${cell.got}`)
    expect(differing, `cells that differ from §14.2:\n${differing.join('\n')}`).toEqual([])
    expect(cells.length).toBeGreaterThanOrEqual(5 * 7 * 4)
  })
})
