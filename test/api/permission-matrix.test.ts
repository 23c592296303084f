import { randomUUID } from 'node:crypto'
import type { TestWorkflowEnvironment } from '@temporalio/testing'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { loadConfig, type AppConfig } from '../../lib/config'
import type { Database } from '../../lib/db'
import { createSmtpMailDriver } from '../../lib/mail-driver'
import type { UserRole } from '../../prisma/generated/enums'
import { apiKeyWith, signedInUser, type SignedInUser } from '../support/actors'
import { createTestDatabase, type TestDatabase } from '../support/database'
import {
  printedCell,
  printedGrant,
  printedRecordResources,
  printedRoles,
  type PrintedAction,
  type PrintedRecordResource,
} from '../support/permission-matrix-as-printed'
import { createTimeSkippingEnvironment, uniqueTaskQueue } from '../support/temporal'
import { startWeb } from '../support/web'

// Every role × record resource × action of seed 002 §14.2, run through the HTTP API with a real session per
// role, compared cell by cell with §14.2 as transcribed by hand in test/support/permission-matrix-as-printed.ts,
// never with the code's own table.

type Outcome = 'allowed' | 'denied' | 'hidden'
type Target = 'own' | 'other' | undefined
type RecordResource = PrintedRecordResource
type RecordAction = PrintedAction

const roles = printedRoles
const recordResources = printedRecordResources
const actions: RecordAction[] = ['create', 'read', 'update', 'delete']
const pathOf: Record<RecordResource, string> = {
  leads: 'leads',
  companies: 'companies',
  contacts: 'contacts',
  opportunities: 'opportunities',
  partnerships: 'partnerships',
  voiceSessions: 'voice-sessions',
  users: 'users',
}

function expectedOutcome(role: UserRole, resource: RecordResource, action: RecordAction, target: Target): Outcome {
  const grant = printedGrant(role, resource, action)
  if (grant === 'none') return 'denied'
  if (grant === 'all' || target === 'own') return 'allowed'
  // Another person's record under an "own" cell: creating one is refused, finding one is impossible.
  return action === 'create' ? 'denied' : 'hidden'
}

let database: TestDatabase
let db: Database
let env: TestWorkflowEnvironment
let config: AppConfig
let api: Awaited<ReturnType<typeof startWeb>>
const actors = {} as Record<UserRole, SignedInUser>
let otherRep: SignedInUser

beforeAll(async () => {
  ;[database, env] = await Promise.all([createTestDatabase(), createTimeSkippingEnvironment()])
  db = database.db
  // No worker: a captured lead's workflow is started and simply waits.
  config = loadConfig({ NODE_ENV: 'test', DATABASE_URL: database.url, TEMPORAL_TASK_QUEUE: uniqueTaskQueue('matrix') })
  api = await startWeb({ config, db, temporal: env.client, mail: createSmtpMailDriver('smtp://127.0.0.1:1') })
  for (const role of roles) actors[role] = await signedInUser(db, role)
  otherRep = await signedInUser(db, 'SALES_REP', { name: 'Another rep' })
})

afterAll(async () => {
  await api?.close()
  await env?.teardown()
  await database?.drop()
})

const unique = () => randomUUID().slice(0, 8)

// ---------- fixtures: records straight in the database ----------

async function company() {
  return db.company.create({
    data: {
      name: `Company ${unique()}`,
      industry: 'HVAC',
      employeeCount: 'RANGE_5_10',
      businessModel: 'SERVICE',
      source: 'REFERRAL',
    },
    select: { id: true },
  })
}
async function contact(companyId?: string) {
  return db.contact.create({
    data: {
      companyId: companyId ?? (await company()).id,
      firstName: 'Ana',
      lastName: 'Ruiz',
      email: `ana-${unique()}@client.example`,
    },
    select: { id: true, companyId: true },
  })
}
async function opportunity(ownerId: string | null) {
  const { id: primaryContactId, companyId } = await contact()
  return db.opportunity.create({
    data: {
      companyId,
      primaryContactId,
      name: `Deal ${unique()}`,
      tier: 'DISCOVERY',
      setupFee: 2500,
      totalContractValue: 2500,
      ownerId,
    },
    select: { id: true, companyId: true },
  })
}
async function lead(assignedToId: string | null) {
  return db.lead.create({
    data: { email: `lead-${unique()}@prospect.example`, source: 'WEBSITE', assignedToId },
    select: { id: true },
  })
}

/** A record of the resource; for ownable ones, owned by `ownerId`. */
async function makeRecord(resource: RecordResource, ownerId: string): Promise<string> {
  switch (resource) {
    case 'leads':
      return (await lead(ownerId)).id
    case 'companies':
      return (await company()).id
    case 'contacts':
      return (await contact()).id
    case 'opportunities':
      return (await opportunity(ownerId)).id
    case 'partnerships': {
      const deal = await opportunity(null)
      const partnership = await db.partnership.create({
        data: {
          opportunityId: deal.id,
          companyId: deal.companyId,
          tier: 'FOUNDATION',
          startDate: new Date('2026-01-05'),
          targetEndDate: new Date('2026-07-05'),
        },
        select: { id: true },
      })
      return partnership.id
    }
    case 'voiceSessions': {
      const { id: leadId } = await lead(ownerId)
      const session = await db.voiceSession.create({
        data: { leadId, externalSessionId: `vs-${unique()}`, startTime: new Date() },
        select: { id: true },
      })
      return session.id
    }
    case 'users':
      return (
        await db.user.create({
          data: { email: `user-${unique()}@crm.example`, name: 'Target user', role: 'VIEWER' },
          select: { id: true },
        })
      ).id
  }
}

/** A valid POST body (leads: the capture endpoint). */
async function createBody(resource: RecordResource): Promise<Record<string, unknown>> {
  switch (resource) {
    case 'leads':
      return { email: `new-${unique()}@prospect.example`, source: 'website' }
    case 'companies':
      return {
        name: `New company ${unique()}`,
        industry: 'plumbing',
        employeeCount: '1-5',
        businessModel: 'service',
        source: 'referral',
      }
    case 'contacts':
      return {
        companyId: (await company()).id,
        firstName: 'Lee',
        lastName: 'Park',
        email: `lee-${unique()}@client.example`,
      }
    case 'opportunities': {
      const { id: primaryContactId, companyId } = await contact()
      return { companyId, primaryContactId, name: `New deal ${unique()}`, tier: 'discovery', setupFee: 2500 }
    }
    case 'partnerships': {
      const deal = await opportunity(null)
      return {
        opportunityId: deal.id,
        companyId: deal.companyId,
        tier: 'foundation',
        startDate: '2026-02-02',
        targetEndDate: '2026-08-02',
      }
    }
    case 'voiceSessions':
      return { externalSessionId: `vs-${unique()}`, startTime: '2026-03-01T10:00:00Z', language: 'es' }
    case 'users':
      return {
        email: `new-user-${unique()}@crm.example`,
        name: 'New user',
        role: 'viewer',
        password: 'a long enough password',
      }
  }
}

/** A PATCH that changes one visible field, and how to read that field back from the database. */
function change(
  resource: RecordResource,
  value: string,
): { body: Record<string, unknown>; read: (id: string) => Promise<unknown> } {
  switch (resource) {
    case 'leads':
      return {
        body: { firstName: value },
        read: async (id) => (await db.lead.findUnique({ where: { id } }))?.firstName,
      }
    case 'companies':
      return { body: { name: value }, read: async (id) => (await db.company.findUnique({ where: { id } }))?.name }
    case 'contacts':
      return {
        body: { firstName: value },
        read: async (id) => (await db.contact.findUnique({ where: { id } }))?.firstName,
      }
    case 'opportunities':
      return { body: { name: value }, read: async (id) => (await db.opportunity.findUnique({ where: { id } }))?.name }
    case 'partnerships': {
      // A field people keep (status, phase, health, risk and knowledge transfer are the partnership workflow's own):
      // a count derived from the value, read back as the value when it is that count.
      const referrals = (parseInt(value.slice(-8), 16) % 1000) + 1
      return {
        body: { referralsMade: referrals },
        read: async (id) => {
          const row = await db.partnership.findUnique({ where: { id }, select: { referralsMade: true } })
          return row?.referralsMade === referrals ? value : row?.referralsMade
        },
      }
    }
    case 'voiceSessions':
      return {
        body: { visitorId: value },
        read: async (id) => (await db.voiceSession.findUnique({ where: { id } }))?.visitorId,
      }
    case 'users':
      return { body: { name: value }, read: async (id) => (await db.user.findUnique({ where: { id } }))?.name }
  }
}

function countOf(resource: RecordResource): Promise<number> {
  const models = {
    leads: () => db.lead.count(),
    companies: () => db.company.count(),
    contacts: () => db.contact.count(),
    opportunities: () => db.opportunity.count(),
    partnerships: () => db.partnership.count(),
    voiceSessions: () => db.voiceSession.count(),
    users: () => db.user.count(),
  } satisfies Record<RecordResource, () => Promise<number>>
  return models[resource]()
}

function deniedAudits(actor: SignedInUser, resource: RecordResource, action: RecordAction) {
  return db.auditLog.count({ where: { actorId: actor.id, action: `${resource}.${action}`, outcome: 'DENIED' } })
}

// ---------- running one cell ----------

function send(actor: SignedInUser, method: string, path: string, body?: unknown) {
  return fetch(`${api.baseUrl}/api/${path}`, {
    method,
    headers: { ...actor.headers, origin: api.baseUrl, ...(body ? { 'content-type': 'application/json' } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  })
}

/** What the API did, judged by status and by the database: anything unexpected is spelled out. */
async function observe(
  actor: SignedInUser,
  resource: RecordResource,
  action: RecordAction,
  target: Target,
): Promise<string> {
  const path = pathOf[resource]
  const owner = target === 'own' ? actor.id : otherRep.id
  const auditsBefore = await deniedAudits(actor, resource, action)
  const deniedProperly = async (unchanged: boolean) => {
    const audited = (await deniedAudits(actor, resource, action)) > auditsBefore
    if (!unchanged) return 'denied but the database changed'
    return audited ? 'denied' : 'denied without a DENIED audit row'
  }

  if (action === 'create') {
    const body = await createBody(resource)
    if (target === 'other') body.owner = otherRep.id
    const before = await countOf(resource)
    const response = await send(actor, 'POST', path, body)
    const after = await countOf(resource)
    if (response.status === 403) return deniedProperly(after === before)
    if (response.status !== 201) return `status ${response.status} ${await response.text()}`
    const created = (await response.json()) as { id: string; owner?: string | null }
    if (after !== before + 1) return 'created (201) but no row was added'
    if (target === 'own' && created.owner !== actor.id) return `created with owner ${created.owner}, not the actor`
    return 'allowed'
  }

  const id = await makeRecord(resource, owner)
  if (action === 'read') {
    const list = await send(actor, 'GET', `${path}?limit=200`)
    const listed =
      list.status === 403
        ? 'denied'
        : list.status === 200
          ? ((await list.json()) as { data: { id: string }[] }).data.some((row) => row.id === id)
            ? 'allowed'
            : 'hidden'
          : `list status ${list.status}`
    const one = await send(actor, 'GET', `${path}/${id}`)
    const got =
      one.status === 403
        ? 'denied'
        : one.status === 200
          ? 'allowed'
          : one.status === 404
            ? 'hidden'
            : `get status ${one.status}`
    if (listed !== got) return `list ${listed}, get ${got}`
    if (got === 'denied') return deniedProperly(true)
    return got
  }

  if (action === 'update') {
    const value = `Changed ${unique()}`
    const { body, read } = change(resource, value)
    const before = await read(id)
    const response = await send(actor, 'PATCH', `${path}/${id}`, body)
    const after = await read(id)
    if (response.status === 403) return deniedProperly(after === before)
    if (response.status === 404) return after === before ? 'hidden' : 'hidden but the database changed'
    if (response.status !== 200) return `status ${response.status} ${await response.text()}`
    return after === value ? 'allowed' : 'answered 200 but the field did not change'
  }

  const response = await send(actor, 'DELETE', `${path}/${id}`)
  const exists = await stillThere(resource, id)
  if (response.status === 403) return deniedProperly(exists)
  if (response.status === 404) return exists ? 'hidden' : 'hidden but the record was deleted'
  if (response.status !== 204) return `status ${response.status} ${await response.text()}`
  return exists ? 'answered 204 but the record is still there' : 'allowed'
}

async function stillThere(resource: RecordResource, id: string): Promise<boolean> {
  const found = {
    leads: () => db.lead.count({ where: { id } }),
    companies: () => db.company.count({ where: { id } }),
    contacts: () => db.contact.count({ where: { id } }),
    opportunities: () => db.opportunity.count({ where: { id } }),
    partnerships: () => db.partnership.count({ where: { id } }),
    voiceSessions: () => db.voiceSession.count({ where: { id } }),
    users: () => db.user.count({ where: { id } }),
  } satisfies Record<RecordResource, () => Promise<number>>
  return (await found[resource]()) > 0
}

/** Every cell; a resource that has an "own" cell for a role is tried on that role's record and on another's. */
function cells() {
  return roles.flatMap((role) =>
    recordResources.flatMap((resource) => {
      const targets: Target[] = printedCell[resource][role].endsWith(' own') ? ['own', 'other'] : [undefined]
      return actions.flatMap((action) => targets.map((target) => ({ role, resource, action, target })))
    }),
  )
}

describe('the §14.2 matrix, as printed, through the API', () => {
  it('covers every role × record resource × action, own and other records for the "own" cells', () => {
    const all = cells()
    expect(new Set(all.map((cell) => `${cell.role}/${cell.resource}/${cell.action}`)).size).toBe(5 * 7 * 4)
    expect(
      all.filter((cell) => cell.target === 'other').map((cell) => `${cell.role}/${cell.resource}/${cell.action}`),
    ).toEqual(
      ['leads', 'opportunities', 'voiceSessions'].flatMap((resource) =>
        actions.map((action) => `SALES_REP/${resource}/${action}`),
      ),
    )
  })

  it('answers every cell as the printed matrix says: zero cells differ', { timeout: 300_000 }, async () => {
    const differences: string[] = []
    const table: string[] = []
    for (const { role, resource, action, target } of cells()) {
      const expected = expectedOutcome(role, resource, action, target)
      const observed = await observe(actors[role], resource, action, target)
      const label = `${role} × ${resource} × ${action}${target ? ` (${target} record)` : ''}`
      table.push(`${label}: ${observed}`)
      if (observed !== expected) differences.push(`${label}: expected ${expected}, got ${observed}`)
    }
    expect(differences, `Cells that differ from §14.2:\n${differences.join('\n')}`).toEqual([])
    expect(table.length).toBe(cells().length)
  })
})

describe('a Sales Rep sees only their own leads and opportunities', () => {
  it('in lists, counts and CSV exports, and finds nothing of another rep by filtering', async () => {
    const rep = await signedInUser(db, 'SALES_REP')
    const mine = [await lead(rep.id), await lead(rep.id)].map((row) => row.id)
    await lead(otherRep.id)
    await lead(null)
    const myDeals = [await opportunity(rep.id), await opportunity(rep.id), await opportunity(rep.id)].map(
      (row) => row.id,
    )
    await opportunity(otherRep.id)

    const leadList = (await (await send(rep, 'GET', 'leads?limit=200')).json()) as {
      data: { id: string; assignedTo: string }[]
      total: number
    }
    expect(leadList.data.map((row) => row.id).sort()).toEqual([...mine].sort())
    expect(leadList.total).toBe(2)

    const dealList = (await (await send(rep, 'GET', 'opportunities?limit=2')).json()) as {
      data: { id: string }[]
      total: number
      nextCursor: string | null
    }
    expect(dealList.total).toBe(3)
    expect(dealList.data).toHaveLength(2)
    const rest = (await (await send(rep, 'GET', `opportunities?limit=2&cursor=${dealList.nextCursor}`)).json()) as {
      data: { id: string }[]
      nextCursor: string | null
    }
    expect([...dealList.data, ...rest.data].map((row) => row.id).sort()).toEqual([...myDeals].sort())
    expect(rest.nextCursor).toBeNull()

    const filtered = (await (await send(rep, 'GET', `leads?assignedTo=${otherRep.id}`)).json()) as { total: number }
    expect(filtered.total).toBe(0)

    const exported = await send(rep, 'GET', 'leads?format=csv')
    expect(exported.status).toBe(200)
    expect(exported.headers.get('content-type')).toMatch(/^text\/csv/)
    const lines = (await exported.text()).trim().split('\r\n')
    expect(lines).toHaveLength(3)
    expect(
      lines
        .slice(1)
        .map((line) => line.split(',')[0])
        .sort(),
    ).toEqual([...mine].sort())
    expect(await db.auditLog.count({ where: { actorId: rep.id, action: 'leads.export', outcome: 'SUCCESS' } })).toBe(1)

    const dealExport = await (await send(rep, 'GET', 'opportunities?format=csv')).text()
    expect(dealExport.trim().split('\r\n')).toHaveLength(4)
  })
})

describe('API keys', () => {
  it('do what their scope names and nothing else; a revoked key is refused', async () => {
    const key = await apiKeyWith(db, ['leads:create'])
    const created = await fetch(`${api.baseUrl}/api/leads`, {
      method: 'POST',
      headers: { ...key.headers, 'content-type': 'application/json' },
      body: JSON.stringify({ email: `key-${unique()}@prospect.example`, source: 'website' }),
    })
    expect(created.status).toBe(201)

    const companies = await fetch(`${api.baseUrl}/api/companies`, { headers: key.headers })
    expect(companies.status).toBe(403)
    expect(await db.auditLog.count({ where: { actorId: key.id, action: 'companies.read', outcome: 'DENIED' } })).toBe(1)

    await db.apiKey.update({ where: { id: key.id }, data: { revokedAt: new Date() } })
    const before = await db.lead.count()
    const revoked = await fetch(`${api.baseUrl}/api/leads`, {
      method: 'POST',
      headers: { ...key.headers, 'content-type': 'application/json' },
      body: JSON.stringify({ email: `key-${unique()}@prospect.example`, source: 'website' }),
    })
    expect(revoked.status).toBe(401)
    expect(await db.lead.count()).toBe(before)
  })
})
