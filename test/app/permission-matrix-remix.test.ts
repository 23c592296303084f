import { randomUUID } from 'node:crypto'
import type { Client } from '@temporalio/client'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { issueApiKey } from '../../services/auth/api-keys'
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
  printedSettingsAllows,
  roleOfColumn,
  type PrintedAction,
  type PrintedGrant,
} from '../support/permission-matrix-as-printed'
import { loadRemixBuild, startWeb } from '../support/web'

// Every §14.2 cell the Remix app exposes, for every role, through real requests to its loaders and actions:
// leads (read own / other's), users (each form of /admin/users) and settings "manage API keys"
// (/admin/api-keys). The expected outcome of each case comes from §14.2 as transcribed by hand in
// test/support/permission-matrix-as-printed.ts, never from the code's own table.

const roles = printedRoles

let database: TestDatabase
let web: Awaited<ReturnType<typeof startWeb>>
let config: AppConfig
let temporal: Client
const people = {} as Record<UserRole, { id: string; cookie: string }>

beforeAll(async () => {
  database = await createTestDatabase()
  config = loadConfig({ NODE_ENV: 'test', DATABASE_URL: database.url })
  temporal = createTemporalClient(config)
  web = await startWeb(
    { config, db: database.db, temporal, mail: createSmtpMailDriver('smtp://127.0.0.1:9') },
    await loadRemixBuild(),
  )
  for (const role of roles) people[role] = await signedInUser(database.db, role, { name: `${role} person` })
})

afterAll(async () => {
  await web?.close()
  await temporal?.connection.close()
  await database?.drop()
})

function get(role: UserRole, path: string) {
  return fetch(`${web.baseUrl}${path}`, { redirect: 'manual', headers: { cookie: people[role].cookie } })
}

function post(role: UserRole, path: string, fields: Record<string, string | string[]>) {
  const body = new URLSearchParams()
  for (const [name, value] of Object.entries(fields)) {
    for (const item of [value].flat()) body.append(name, item)
  }
  return fetch(`${web.baseUrl}${path}`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded', origin: web.baseUrl, cookie: people[role].cookie },
    body,
  })
}

async function createLead(assignedToId: string) {
  const tag = randomUUID().slice(0, 8)
  const lead = await database.db.lead.create({
    data: {
      email: `lead-${tag}@example.test`,
      firstName: 'Lead',
      lastName: tag,
      source: 'CALENDAR_BOOKING',
      assignedToId,
    },
    select: { id: true },
  })
  return { id: lead.id, lastName: tag }
}

async function createTarget(overrides: { active?: boolean } = {}) {
  return database.db.user.create({
    data: {
      email: `target-${randomUUID()}@durable-crm.test`,
      name: 'Target',
      role: 'VIEWER',
      active: overrides.active ?? true,
    },
    select: { id: true },
  })
}

async function deniedAuditRows(role: UserRole, action: string) {
  return database.db.auditLog.count({ where: { actorId: people[role].id, action, outcome: 'DENIED' } })
}

function someoneElse(role: UserRole): UserRole {
  return role === 'ADMIN' ? 'SALES_MANAGER' : 'ADMIN'
}

describe('the roles of §14.2', () => {
  it('are the five columns of the printed matrix', () => {
    expect(roles).toEqual(Object.values(roleOfColumn))
    expect(roles).toHaveLength(5)
  })
})

describe.each(roles)('%s', (role) => {
  describe(`leads: ${printedCell.leads[role]}`, () => {
    const grant = printedGrant(role, 'leads', 'read')

    it(`reads ${grant === 'all' ? 'every lead' : grant === 'own' ? 'only leads assigned to them' : 'no lead'}, in the list and one by one`, async () => {
      const own = await createLead(people[role].id)
      const other = await createLead(people[someoneElse(role)].id)

      const ownPage = await get(role, `/leads/${own.id}`)
      const otherPage = await get(role, `/leads/${other.id}`)
      const list = await get(role, '/leads')

      const expected: Record<PrintedGrant, [number, number, number]> = {
        all: [200, 200, 200],
        own: [200, 404, 200],
        none: [403, 403, 403],
      }
      expect([ownPage.status, otherPage.status, list.status]).toEqual(expected[grant])
      const html = await list.text()
      expect(html.includes(own.lastName)).toBe(grant !== 'none')
      expect(html.includes(other.lastName)).toBe(grant === 'all')
      if (grant === 'own') expect(await otherPage.text()).not.toContain(other.lastName)
    })
  })

  describe(`users: ${printedCell.users[role]}`, () => {
    const allowed = (action: PrintedAction) => printedGrant(role, 'users', action) !== 'none'

    it(`${allowed('read') ? 'opens' : 'is refused'} /admin/users and sees only the buttons the role may use`, async () => {
      const response = await get(role, '/admin/users')
      expect(response.status).toBe(allowed('read') ? 200 : 403)
      const html = await response.text()
      if (!allowed('read')) {
        expect(await deniedAuditRows(role, 'users.read')).toBeGreaterThan(0)
        return
      }
      expect(html).toContain(`${role} person`)
      expect(html.includes('Create user')).toBe(allowed('create'))
      expect(html.includes('Change role')).toBe(allowed('update'))
      expect(html.includes('Reset password')).toBe(allowed('update'))
      expect(html.includes('>Deactivate<')).toBe(allowed('delete'))
    })

    it(`${allowed('create') ? 'creates' : 'may not create'} a user`, async () => {
      const email = `created-by-${role.toLowerCase()}-${randomUUID()}@durable-crm.test`
      const response = await post(role, '/admin/users', {
        intent: 'create',
        name: 'Created',
        email,
        role: 'VIEWER',
        password: 'a long initial password',
      })
      expect(response.status).toBe(allowed('create') ? 200 : 403)
      expect(await database.db.user.count({ where: { email } })).toBe(allowed('create') ? 1 : 0)
      if (!allowed('create')) expect(await deniedAuditRows(role, 'users.create')).toBeGreaterThan(0)
    })

    it(`${allowed('update') ? 'changes' : 'may not change'} another user's role`, async () => {
      const target = await createTarget()
      const response = await post(role, '/admin/users', { intent: 'change-role', userId: target.id, role: 'SALES_REP' })
      expect(response.status).toBe(allowed('update') ? 200 : 403)
      const after = await database.db.user.findUniqueOrThrow({ where: { id: target.id }, select: { role: true } })
      expect(after.role).toBe(allowed('update') ? 'SALES_REP' : 'VIEWER')
    })

    it(`${allowed('update') ? 'resets' : 'may not reset'} another user's password`, async () => {
      const target = await createTarget()
      const response = await post(role, '/admin/users', {
        intent: 'reset-password',
        userId: target.id,
        password: 'a new long password',
      })
      expect(response.status).toBe(allowed('update') ? 200 : 403)
      const after = await database.db.user.findUniqueOrThrow({
        where: { id: target.id },
        select: { passwordHash: true },
      })
      expect(after.passwordHash !== null).toBe(allowed('update'))
    })

    it(`${allowed('update') ? 'reactivates' : 'may not reactivate'} a deactivated user`, async () => {
      const target = await createTarget({ active: false })
      const response = await post(role, '/admin/users', { intent: 'reactivate', userId: target.id })
      expect(response.status).toBe(allowed('update') ? 200 : 403)
      const after = await database.db.user.findUniqueOrThrow({ where: { id: target.id }, select: { active: true } })
      expect(after.active).toBe(allowed('update'))
    })

    it(`${allowed('delete') ? 'deactivates' : 'may not deactivate'} another user (deactivation is the app's delete)`, async () => {
      const target = await createTarget()
      const response = await post(role, '/admin/users', { intent: 'deactivate', userId: target.id })
      expect(response.status).toBe(allowed('delete') ? 200 : 403)
      const after = await database.db.user.findUniqueOrThrow({ where: { id: target.id }, select: { active: true } })
      expect(after.active).toBe(!allowed('delete'))
      if (!allowed('delete')) expect(await deniedAuditRows(role, 'users.delete')).toBeGreaterThan(0)
    })
  })

  describe(`settings: ${printedCell.settings[role]}`, () => {
    const allowed = printedSettingsAllows(role, 'manage-api-keys')

    it(`${allowed ? 'opens' : 'is refused'} /admin/api-keys`, async () => {
      const response = await get(role, '/admin/api-keys')
      expect(response.status).toBe(allowed ? 200 : 403)
      if (allowed) expect(await response.text()).toContain('Create key')
      else expect(await deniedAuditRows(role, 'settings.manage-api-keys')).toBeGreaterThan(0)
    })

    it(`${allowed ? 'creates' : 'may not create'} an API key`, async () => {
      const name = `key by ${role} ${randomUUID()}`
      const response = await post(role, '/admin/api-keys', {
        intent: 'create',
        name,
        scope: ['leads:read', 'leads:create'],
      })
      expect(response.status).toBe(allowed ? 200 : 403)
      const created = await database.db.apiKey.findMany({ where: { name }, select: { scopes: true, prefix: true } })
      expect(created.length).toBe(allowed ? 1 : 0)
      if (allowed) {
        expect(created[0]?.scopes).toEqual(['leads:read', 'leads:create'])
        // The key is shown once, in the answer to the creation.
        expect(await response.text()).toMatch(new RegExp(`${created[0]?.prefix}[A-Za-z0-9_-]{20,}`))
      }
    })

    it(`${allowed ? 'revokes' : 'may not revoke'} an API key`, async () => {
      const key = await issueApiKey(database.db, { name: `to revoke ${randomUUID()}`, scopes: ['leads:read'] })
      const response = await post(role, '/admin/api-keys', { intent: 'revoke', apiKeyId: key.id })
      expect(response.status).toBe(allowed ? 200 : 403)
      const after = await database.db.apiKey.findUniqueOrThrow({ where: { id: key.id }, select: { revokedAt: true } })
      expect(after.revokedAt !== null).toBe(allowed)
    })
  })
})
