import { randomUUID } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { loadConfig } from '../../lib/config'
import type { Database } from '../../lib/db'
import { createSmtpMailDriver } from '../../lib/mail-driver'
import { verifyPassword } from '../../lib/passwords'
import { signedInUser, type SignedInUser } from '../support/actors'
import { createTestDatabase, type TestDatabase } from '../support/database'
import { startWeb, unreachableTemporal } from '../support/web'

let database: TestDatabase
let db: Database
let api: Awaited<ReturnType<typeof startWeb>>
let admin: SignedInUser
let manager: SignedInUser
let rep: SignedInUser
// These routes never reach Temporal; the client connects lazily and is never used.
const temporal = unreachableTemporal()

beforeAll(async () => {
  database = await createTestDatabase()
  db = database.db
  const config = loadConfig({ NODE_ENV: 'test', DATABASE_URL: database.url })
  api = await startWeb({ config, db, temporal, mail: createSmtpMailDriver('smtp://127.0.0.1:1') })
  ;[admin, manager, rep] = await Promise.all([
    signedInUser(db, 'ADMIN'),
    signedInUser(db, 'SALES_MANAGER'),
    signedInUser(db, 'SALES_REP'),
  ])
})

afterAll(async () => {
  await api?.close()
  await temporal.connection.close()
  await database?.drop()
})

const unique = () => randomUUID().slice(0, 8)

function send(actor: SignedInUser, method: string, path: string, body?: unknown) {
  return fetch(`${api.baseUrl}/api/${path}`, {
    method,
    headers: {
      ...actor.headers,
      origin: api.baseUrl,
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  })
}

async function company() {
  return db.company.create({
    data: {
      name: `Company ${unique()}`,
      industry: 'PLUMBING',
      employeeCount: 'RANGE_1_5',
      businessModel: 'SERVICE',
      source: 'REFERRAL',
    },
    select: { id: true },
  })
}
async function contactOf(companyId: string, email = `c-${unique()}@client.example`) {
  return db.contact.create({ data: { companyId, firstName: 'Jo', lastName: 'Diaz', email }, select: { id: true } })
}

describe('record edits', () => {
  it('refuses to change a lead status or an opportunity stage outside the workflow, naming the field', async () => {
    const lead = await db.lead.create({
      data: { email: `l-${unique()}@prospect.example`, source: 'REFERRAL' },
      select: { id: true },
    })
    const response = await send(manager, 'PATCH', `leads/${lead.id}`, { status: 'qualified', firstName: 'Rosa' })
    expect(response.status).toBe(400)
    expect((await response.json()).errors).toEqual([
      { field: 'status', message: 'changes through the lead workflow, not by editing the record' },
    ])
    expect(
      await db.lead.findUniqueOrThrow({ where: { id: lead.id }, select: { status: true, firstName: true } }),
    ).toEqual({
      status: 'NEW',
      firstName: null,
    })

    const { id: companyId } = await company()
    const { id: primaryContactId } = await contactOf(companyId)
    const deal = await db.opportunity.create({
      data: { companyId, primaryContactId, name: 'Deal', tier: 'ARCHITECT', setupFee: 9000, totalContractValue: 9000 },
      select: { id: true },
    })
    const stage = await send(manager, 'PATCH', `opportunities/${deal.id}`, { stage: 'closed_won' })
    expect(stage.status).toBe(400)
    expect((await stage.json()).errors[0]).toMatchObject({
      field: 'stage',
      message: expect.stringContaining('workflow'),
    })

    const fees = await send(manager, 'PATCH', `opportunities/${deal.id}`, { monthlyFee: 1500, estimatedMonths: 6 })
    expect(fees.status).toBe(200)
    expect(await fees.json()).toMatchObject({ stage: 'new_lead', tier: 'architect', totalContractValue: 18000 })
  })

  it('answers 400 listing unknown and invalid fields, in the leads API shape', async () => {
    const response = await send(manager, 'POST', 'companies', {
      name: 'X',
      industry: 'farming',
      favouriteColour: 'blue',
    })
    expect(response.status).toBe(400)
    const body = await response.json()
    expect(body.error).toBe('The company is not valid')
    expect(body.errors).toEqual(
      expect.arrayContaining([
        { field: 'favouriteColour', message: 'is not a company field' },
        { field: 'employeeCount', message: 'is required' },
        expect.objectContaining({ field: 'industry' }),
      ]),
    )
    const missing = await send(manager, 'POST', 'contacts', {
      companyId: 'nope',
      firstName: 'A',
      lastName: 'B',
      email: 'a@b.example',
    })
    expect(missing.status).toBe(400)
    expect((await missing.json()).errors).toEqual([{ field: 'companyId', message: 'does not exist' }])
  })

  it('answers 409 for a taken unique value and writes nothing', async () => {
    const { id: companyId } = await company()
    const email = `taken-${unique()}@client.example`
    await contactOf(companyId, email)
    const response = await send(manager, 'POST', 'contacts', { companyId, firstName: 'A', lastName: 'B', email })
    expect(response.status).toBe(409)
    expect((await response.json()).errors).toEqual([{ field: 'email', message: 'is already taken' }])
    expect(await db.contact.count({ where: { email } })).toBe(1)
  })

  it('refuses a Sales Rep handing their own opportunity to someone else', async () => {
    const { id: companyId } = await company()
    const { id: primaryContactId } = await contactOf(companyId)
    const deal = await db.opportunity.create({
      data: {
        companyId,
        primaryContactId,
        name: 'Mine',
        tier: 'DISCOVERY',
        setupFee: 2500,
        totalContractValue: 2500,
        ownerId: rep.id,
      },
      select: { id: true },
    })
    const response = await send(rep, 'PATCH', `opportunities/${deal.id}`, { owner: manager.id })
    expect(response.status).toBe(403)
    expect((await db.opportunity.findUniqueOrThrow({ where: { id: deal.id } })).ownerId).toBe(rep.id)
  })

  it('creates a partnership that reads as onboarding until its workflow runs, whatever its start date', async () => {
    const { id: companyId } = await company()
    const { id: primaryContactId } = await contactOf(companyId)
    const deal = await db.opportunity.create({
      data: { companyId, primaryContactId, name: 'Won', tier: 'FOUNDATION', setupFee: 9000, totalContractValue: 9000 },
      select: { id: true },
    })
    // Started three weeks ago: its workflow, once it runs, places it by its plan; until then nothing has happened.
    const startDate = new Date(Date.now() - 21 * 24 * 60 * 60 * 1000)
    const response = await send(manager, 'POST', 'partnerships', {
      opportunityId: deal.id,
      companyId,
      tier: 'foundation',
      startDate: startDate.toISOString(),
      targetEndDate: new Date(startDate.getTime() + 84 * 24 * 60 * 60 * 1000).toISOString(),
    })
    expect(response.status).toBe(201)
    const created = await response.json()
    expect(created).toMatchObject({ status: 'onboarding', currentPhase: 'onboarding' })
    expect(created.workflow).toBeNull()
  })
})

describe('DELETE', () => {
  it('answers 409 naming the relation that still refers to the record, and deletes nothing', async () => {
    const { id } = await company()
    await contactOf(id)
    const response = await send(admin, 'DELETE', `companies/${id}`)
    expect(response.status).toBe(409)
    expect((await response.json()).errors).toEqual([{ field: 'contacts', message: '1 record refer to it' }])
    expect(await db.company.count({ where: { id } })).toBe(1)
    expect(await db.auditLog.count({ where: { action: 'companies.delete', entityId: id } })).toBe(0)
  })

  it('deletes a free record and audits who did it', async () => {
    const { id } = await company()
    const response = await send(manager, 'DELETE', `companies/${id}`)
    expect(response.status).toBe(204)
    expect(await db.company.count({ where: { id } })).toBe(0)
    expect(
      await db.auditLog.findFirst({
        where: { action: 'companies.delete', entityId: id },
        select: { actorId: true, outcome: true },
      }),
    ).toEqual({
      actorId: manager.id,
      outcome: 'SUCCESS',
    })
    expect((await send(manager, 'DELETE', `companies/${id}`)).status).toBe(404)
  })
})

describe('lists', () => {
  it('refuse unknown parameters, a limit over 200 and a cursor the API never gave', async () => {
    for (const query of ['limit=201', 'limit=0', 'colour=blue', 'cursor=bm9wZQ', 'industry=farming']) {
      const response = await send(manager, 'GET', `companies?${query}`)
      expect(response.status, query).toBe(400)
    }
  })

  it('page through records in a stable order with a cursor', async () => {
    const created = []
    for (let index = 0; index < 5; index += 1) created.push((await company()).id)
    const seen: string[] = []
    let cursor: string | null = null
    do {
      const page = (await (
        await send(manager, 'GET', `companies?limit=2${cursor ? `&cursor=${cursor}` : ''}`)
      ).json()) as {
        data: { id: string }[]
        nextCursor: string | null
      }
      seen.push(...page.data.map((row) => row.id))
      cursor = page.nextCursor
    } while (cursor)
    expect(new Set(seen).size).toBe(seen.length)
    expect(seen).toEqual(expect.arrayContaining(created))
    expect(seen.length).toBe(await db.company.count())
  })

  it('export CSV with one line per record and neutralise spreadsheet formulas', async () => {
    await db.company.create({
      data: {
        name: '=HYPERLINK("http://evil.example")',
        industry: 'HVAC',
        employeeCount: 'RANGE_1_5',
        businessModel: 'SERVICE',
        source: 'WEBSITE',
      },
    })
    const response = await send(manager, 'GET', 'companies?format=csv&industry=hvac')
    expect(response.status).toBe(200)
    const text = await response.text()
    expect(text.split('\r\n')[0]).toMatch(/^id,name,website,industry,/)
    expect(text).toContain(`"'=HYPERLINK(""http://evil.example"")"`)
    expect(await db.auditLog.count({ where: { actorId: manager.id, action: 'companies.export' } })).toBe(1)
  })
})

describe('users', () => {
  it('are created with a hashed password that is never returned, and audited', async () => {
    const email = `new-${unique()}@crm.example`
    const response = await send(admin, 'POST', 'users', {
      email,
      name: 'Nia',
      role: 'customer_success',
      password: 'twelve chars or more',
    })
    expect(response.status).toBe(201)
    const user = await response.json()
    expect(user).toMatchObject({ email, name: 'Nia', role: 'customer_success', active: true })
    expect(JSON.stringify(user)).not.toMatch(/password|scrypt/i)
    const stored = await db.user.findUniqueOrThrow({ where: { id: user.id }, select: { passwordHash: true } })
    expect(await verifyPassword('twelve chars or more', stored.passwordHash!)).toBe(true)
    expect(await db.auditLog.count({ where: { action: 'users.create', entityId: user.id, actorId: admin.id } })).toBe(1)

    const list = await (await send(manager, 'GET', 'users?limit=200')).text()
    expect(list).not.toMatch(/passwordHash|scrypt/)
  })

  it('lose their sessions when deactivated or given a new password; role changes are audited', async () => {
    const person = await signedInUser(db, 'SALES_REP')
    expect((await send(person, 'GET', 'companies')).status).toBe(200)

    const promoted = await send(admin, 'PATCH', `users/${person.id}`, { role: 'sales_manager' })
    expect(promoted.status).toBe(200)
    expect(
      await db.auditLog.findFirst({
        where: { action: 'users.change-role', entityId: person.id },
        select: { metadata: true },
      }),
    ).toEqual({
      metadata: { from: 'sales_rep', to: 'sales_manager' },
    })
    // The new role applies to the very next request.
    expect((await send(person, 'GET', 'users')).status).toBe(200)

    const deactivated = await send(admin, 'PATCH', `users/${person.id}`, { active: false })
    expect(deactivated.status).toBe(200)
    expect(await db.session.count({ where: { userId: person.id, revokedAt: null } })).toBe(0)
    expect((await send(person, 'GET', 'companies')).status).toBe(401)
    expect(await db.auditLog.count({ where: { action: 'users.deactivate', entityId: person.id } })).toBe(1)

    const other = await signedInUser(db, 'VIEWER')
    const changed = await send(admin, 'PATCH', `users/${other.id}`, { password: 'a brand new passphrase' })
    expect(changed.status).toBe(200)
    expect((await send(other, 'GET', 'companies')).status).toBe(401)
  })

  it('keep one active Admin: the last cannot be demoted, deactivated or deleted', async () => {
    await db.user.updateMany({ where: { role: 'ADMIN', id: { not: admin.id } }, data: { active: false } })
    for (const change of [{ role: 'viewer' }, { active: false }]) {
      const response = await send(admin, 'PATCH', `users/${admin.id}`, change)
      expect(response.status, JSON.stringify(change)).toBe(409)
    }
    expect((await send(admin, 'DELETE', `users/${admin.id}`)).status).toBe(409)
    expect(await db.user.findUniqueOrThrow({ where: { id: admin.id }, select: { role: true, active: true } })).toEqual({
      role: 'ADMIN',
      active: true,
    })
  })
})
