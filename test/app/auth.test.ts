import { randomUUID } from 'node:crypto'
import type { Client } from '@temporalio/client'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startSession } from '../../services/auth/sessions'
import { loadConfig, type AppConfig } from '../../lib/config'
import { createSmtpMailDriver } from '../../lib/mail-driver'
import type { Database } from '../../lib/db'
import { hashPassword } from '../../lib/passwords'
import { sha256Hex } from '../../lib/tokens'
import { createTemporalClient } from '../../lib/temporal'
import type { UserRole } from '../../prisma/generated/enums'
import { createTestDatabase, type TestDatabase } from '../support/database'
import { loadRemixBuild, startWeb } from '../support/web'

let database: TestDatabase
let web: Awaited<ReturnType<typeof startWeb>>
let config: AppConfig
let temporal: Client
const password = 'correct horse battery staple'
let passwordHash: string

beforeAll(async () => {
  ;[database, passwordHash] = await Promise.all([createTestDatabase(), hashPassword(password)])
  config = loadConfig({
    NODE_ENV: 'test',
    DATABASE_URL: database.url,
    SESSION_IDLE_TIMEOUT_MINUTES: '30',
    SESSION_ABSOLUTE_TIMEOUT_HOURS: '8',
    // Every failure here comes from 127.0.0.1; the limit itself is tested on a web process of its own.
    SIGN_IN_ATTEMPTS_PER_15_MINUTES: '100',
  })
  // The pages under test never reach Temporal; the client connects lazily, so none is started.
  temporal = createTemporalClient(config)
  web = await startWeb(
    { config, db: database.db, temporal, mail: createSmtpMailDriver('smtp://127.0.0.1:9') },
    await loadRemixBuild(),
  )
})

afterAll(async () => {
  await web?.close()
  await temporal?.connection.close()
  await database?.drop()
})

/** A web process of its own on a database of its own, for tests that need a clean slate. */
async function startIsolatedWeb(env: Record<string, string>) {
  const isolated = await createTestDatabase()
  const isolatedConfig = loadConfig({ NODE_ENV: 'test', DATABASE_URL: isolated.url, ...env })
  const isolatedWeb = await startWeb(
    { config: isolatedConfig, db: isolated.db, temporal, mail: createSmtpMailDriver('smtp://127.0.0.1:9') },
    await loadRemixBuild(),
  )
  return {
    db: isolated.db,
    baseUrl: isolatedWeb.baseUrl,
    config: isolatedConfig,
    async close() {
      await isolatedWeb.close()
      await isolated.drop()
    },
  }
}

async function createUser(role: UserRole, overrides: { active?: boolean; db?: Database } = {}) {
  const email = `${role.toLowerCase()}-${randomUUID()}@durable-crm.test`
  const user = await (overrides.db ?? database.db).user.create({
    data: { email, name: `Test ${role}`, role, passwordHash, active: overrides.active ?? true },
    select: { id: true, email: true },
  })
  return user
}

/** A session started directly in the database, as a cookie header (for tests about what comes after sign-in). */
async function sessionCookieOf(userId: string, db: Database = database.db) {
  const { token } = await startSession(db, userId, {}, config)
  return `crm_session=${token}`
}

function tokenOf(setCookie: string | null): string {
  const token = /crm_session=([^;]*)/.exec(setCookie ?? '')?.[1]
  if (token === undefined) throw new Error(`No session cookie in ${setCookie}`)
  return token
}

function postForm(
  path: string,
  fields: Record<string, string>,
  options: { cookie?: string; origin?: string; baseUrl?: string } = {},
) {
  const baseUrl = options.baseUrl ?? web.baseUrl
  return fetch(`${baseUrl}${path}`, {
    method: 'POST',
    redirect: 'manual',
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      origin: options.origin ?? baseUrl,
      ...(options.cookie ? { cookie: options.cookie } : {}),
    },
    body: new URLSearchParams(fields),
  })
}

function get(path: string, cookie?: string) {
  return fetch(`${web.baseUrl}${path}`, { redirect: 'manual', headers: cookie ? { cookie } : {} })
}

function signIn(email: string, attempt: string, extra: Record<string, string> = {}, cookie?: string) {
  return postForm('/sign-in', { email, password: attempt, ...extra }, { cookie })
}

async function auditRows(action: string, where: { entityId?: string; email?: string } = {}) {
  return database.db.auditLog.findMany({
    where: {
      action,
      entityId: where.entityId,
      ...(where.email ? { metadata: { path: ['email'], equals: where.email } } : {}),
    },
    select: { actorId: true, actorType: true, outcome: true, entityId: true, metadata: true },
    orderBy: { createdAt: 'asc' },
  })
}

describe('sign-in', () => {
  it('starts a session in an HttpOnly SameSite cookie, with a new session id each time, ending the one presented', async () => {
    const user = await createUser('SALES_REP')

    const first = await signIn(user.email, password)
    expect(first.status).toBe(302)
    expect(first.headers.get('location')).toBe('/')
    const cookie = first.headers.get('set-cookie') ?? ''
    expect(cookie).toMatch(/^crm_session=[A-Za-z0-9_-]{40,};/)
    expect(cookie).toContain('HttpOnly')
    expect(cookie).toContain('SameSite=Lax')
    expect(cookie).toContain('Path=/')
    expect(cookie).not.toContain('Secure')
    const firstToken = tokenOf(cookie)

    const second = await signIn(user.email, password, {}, `crm_session=${firstToken}`)
    const secondToken = tokenOf(second.headers.get('set-cookie'))
    expect(secondToken).not.toBe(firstToken)

    const sessions = await database.db.session.findMany({
      where: { userId: user.id },
      select: { tokenHash: true, revokedAt: true },
    })
    expect(sessions).toHaveLength(2)
    expect(sessions.find((session) => session.tokenHash === sha256Hex(firstToken))?.revokedAt).not.toBeNull()
    expect(sessions.find((session) => session.tokenHash === sha256Hex(secondToken))?.revokedAt).toBeNull()
    expect((await get('/leads', `crm_session=${firstToken}`)).status).toBe(302)
    expect((await get('/leads', `crm_session=${secondToken}`)).status).toBe(200)

    const signedIn = await database.db.user.findUniqueOrThrow({
      where: { id: user.id },
      select: { lastSignInAt: true },
    })
    expect(signedIn.lastSignInAt).not.toBeNull()
    const rows = await auditRows('auth.sign-in', { entityId: user.id })
    expect(rows.map((row) => [row.outcome, row.actorId])).toEqual([
      ['SUCCESS', user.id],
      ['SUCCESS', user.id],
    ])
  })

  it('answers a wrong password, an unknown email and a deactivated account with the same message, and audits each', async () => {
    const user = await createUser('VIEWER')
    const deactivated = await createUser('VIEWER', { active: false })
    const unknown = `nobody-${randomUUID()}@durable-crm.test`

    for (const [email, attempt] of [
      [user.email, 'not the password'],
      [unknown, password],
      [deactivated.email, password],
    ] as const) {
      const response = await signIn(email, attempt)
      expect(response.status).toBe(401)
      expect(response.headers.get('set-cookie')).toBeNull()
      expect(await response.text()).toContain('Email or password is incorrect.')
      const [row, ...more] = await auditRows('auth.sign-in', { email })
      expect(more).toHaveLength(0)
      expect(row).toMatchObject({ outcome: 'FAILURE', actorType: 'ANONYMOUS', metadata: { email } })
      expect(JSON.stringify(row)).not.toContain(attempt)
    }
    expect(await database.db.session.count({ where: { userId: { in: [user.id, deactivated.id] } } })).toBe(0)
  })

  it('returns to a path inside the app after sign-in, and never to another site', async () => {
    const user = await createUser('ADMIN')
    const inside = await signIn(user.email, password, { redirectTo: '/admin/users?tab=all' })
    expect(inside.headers.get('location')).toBe('/admin/users?tab=all')
    for (const elsewhere of ['https://evil.example/', '//evil.example/x', '/\\evil.example', 'javascript:alert(1)']) {
      const response = await signIn(user.email, password, { redirectTo: elsewhere })
      expect(response.headers.get('location')).toBe('/')
    }
  })

  it('sends a signed-out visitor to the sign-in page, which brings them back afterwards', async () => {
    const response = await get('/leads')
    expect(response.status).toBe(302)
    expect(response.headers.get('location')).toBe('/sign-in?redirectTo=%2Fleads')

    const page = await get('/sign-in?redirectTo=%2Fleads')
    expect(page.status).toBe(200)
    const html = await page.text()
    expect(html).toContain('<title>Sign in · Durable CRM</title>')
    expect(html).toMatch(/<input type="hidden" name="redirectTo" value="\/leads"\/>/)
  })
})

describe('sign-in rate limit', () => {
  let limited: Awaited<ReturnType<typeof startIsolatedWeb>>

  beforeAll(async () => {
    limited = await startIsolatedWeb({
      APP_BASE_URL: 'https://crm.durable-crm.test',
      SIGN_IN_ATTEMPTS_PER_15_MINUTES: '5',
    })
  })

  afterAll(() => limited?.close())

  function signInThere(email: string, attempt: string) {
    return postForm('/sign-in', { email, password: attempt }, { baseUrl: limited.baseUrl })
  }

  it('refuses the 6th attempt after 5 failures within 15 minutes, even with the right password, says for how long, and audits it', async () => {
    const email = `rep-${randomUUID()}@durable-crm.test`
    await limited.db.user.create({
      data: { email, name: 'Rep', role: 'SALES_REP', passwordHash },
      select: { id: true },
    })
    // Failures from before the window do not count.
    await limited.db.auditLog.createMany({
      data: Array.from({ length: 5 }, () => ({
        actorType: 'ANONYMOUS' as const,
        action: 'auth.sign-in',
        outcome: 'FAILURE' as const,
        metadata: { email, reason: 'wrong-password' },
        createdAt: new Date(Date.now() - 16 * 60_000),
      })),
    })
    const allowed = await signInThere(email, password)
    expect(allowed.status).toBe(302)
    // Outside local development (here an https APP_BASE_URL) the cookie is Secure.
    expect(allowed.headers.get('set-cookie')).toContain('Secure')

    const firstFailure = Date.now()
    for (let attempt = 1; attempt <= 5; attempt += 1) {
      expect((await signInThere(email, `wrong ${attempt}`)).status).toBe(401)
    }
    const refused = await signInThere(email, password)
    expect(refused.status).toBe(429)
    expect(refused.headers.get('set-cookie')).toBeNull()
    // The first of the five failures leaves the 15-minute window 15 minutes after it happened.
    const retryAfter = Number(refused.headers.get('retry-after'))
    const secondsLeft = (firstFailure + 15 * 60_000 - Date.now()) / 1000
    expect(retryAfter).toBeGreaterThanOrEqual(Math.floor(secondsLeft) - 1)
    expect(retryAfter).toBeLessThanOrEqual(15 * 60)
    expect(await refused.text()).toContain('Too many failed sign-in attempts. Try again in 15 minutes.')
    const denied = await limited.db.auditLog.findMany({
      where: { action: 'auth.sign-in', outcome: 'DENIED', metadata: { path: ['email'], equals: email } },
      select: { metadata: true },
    })
    expect(denied).toEqual([{ metadata: { email, reason: 'rate-limited' } }])
  })

  it('lets a colleague behind the same address sign in after someone else failed 5 times', async () => {
    const [guesser, colleague] = [
      `guesser-${randomUUID()}@durable-crm.test`,
      `colleague-${randomUUID()}@durable-crm.test`,
    ]
    await limited.db.user.createMany({
      data: [
        { email: guesser, name: 'Guesser', role: 'SALES_REP', passwordHash },
        { email: colleague, name: 'Colleague', role: 'SALES_REP', passwordHash },
      ],
    })
    for (let attempt = 1; attempt <= 5; attempt += 1) {
      expect((await signInThere(guesser, `wrong ${attempt}`)).status).toBe(401)
    }
    expect((await signInThere(guesser, password)).status).toBe(429)
    const failures = await limited.db.auditLog.findMany({
      where: { action: 'auth.sign-in', outcome: 'FAILURE', metadata: { path: ['email'], equals: guesser } },
      select: { ipAddress: true },
    })
    // Both come from this test's one address.
    expect(new Set(failures.map((failure) => failure.ipAddress)).size).toBe(1)
    expect(failures[0]?.ipAddress).toBeTruthy()

    const colleagueSignIn = await signInThere(colleague, password)
    expect(colleagueSignIn.status).toBe(302)
    expect(colleagueSignIn.headers.get('set-cookie')).toContain('crm_session=')
  })

  it('slows spraying: 50 failures from one address within 15 minutes, whatever the emails, refuse that address', async () => {
    // A web process of its own: locking this address must not lock the other tests, which run in any order.
    const sprayed = await startIsolatedWeb({
      APP_BASE_URL: 'https://crm.durable-crm.test',
      SIGN_IN_ATTEMPTS_PER_15_MINUTES: '5',
    })
    const signInThere = (email: string, attempt: string) =>
      postForm('/sign-in', { email, password: attempt }, { baseUrl: sprayed.baseUrl })
    try {
      const probe = `probe-${randomUUID()}@durable-crm.test`
      expect((await signInThere(probe, 'wrong')).status).toBe(401)
      const { ipAddress } = await sprayed.db.auditLog.findFirstOrThrow({
        where: { action: 'auth.sign-in', metadata: { path: ['email'], equals: probe } },
        select: { ipAddress: true },
      })
      // 49 more failures, each for another email, 10 minutes ago: with the probe's, 50 from this address.
      await sprayed.db.auditLog.createMany({
        data: Array.from({ length: 49 }, (_, index) => ({
          actorType: 'ANONYMOUS' as const,
          action: 'auth.sign-in',
          outcome: 'FAILURE' as const,
          ipAddress,
          metadata: { email: `sprayed-${index}@durable-crm.test`, reason: 'unknown-email' },
          createdAt: new Date(Date.now() - 10 * 60_000),
        })),
      })
      const email = `fresh-${randomUUID()}@durable-crm.test`
      await sprayed.db.user.create({
        data: { email, name: 'Fresh', role: 'SALES_REP', passwordHash },
        select: { id: true },
      })
      const refused = await signInThere(email, password)
      expect(refused.status).toBe(429)
      // The 50th newest failure is one of those from 10 minutes ago: 5 minutes to go.
      expect(await refused.text()).toContain('Try again in 5 minutes.')
      expect(Number(refused.headers.get('retry-after'))).toBeLessThanOrEqual(5 * 60)
      expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(4 * 60)
    } finally {
      await sprayed.close()
    }
  })
})

describe('sessions', () => {
  it('ends a session idle for longer than the idle timeout', async () => {
    const user = await createUser('VIEWER')
    const cookie = await sessionCookieOf(user.id)
    expect((await get('/leads', cookie)).status).toBe(200)
    await database.db.session.updateMany({
      where: { userId: user.id },
      data: { lastSeenAt: new Date(Date.now() - 31 * 60_000) },
    })
    const response = await get('/leads', cookie)
    expect(response.status).toBe(302)
    expect(response.headers.get('location')).toBe('/sign-in?redirectTo=%2Fleads')
    expect(response.headers.get('set-cookie')).toMatch(/^crm_session=;.*Max-Age=0/)
    expect(
      (await database.db.session.findFirstOrThrow({ where: { userId: user.id }, select: { revokedAt: true } }))
        .revokedAt,
    ).not.toBeNull()
  })

  it('ends a session past its absolute lifetime, however active it is', async () => {
    const user = await createUser('VIEWER')
    const cookie = await sessionCookieOf(user.id)
    await database.db.session.updateMany({
      where: { userId: user.id },
      data: { expiresAt: new Date(Date.now() - 1000) },
    })
    expect((await get('/leads', cookie)).headers.get('location')).toBe('/sign-in?redirectTo=%2Fleads')
  })

  it('applies a deactivation and a role change on the very next request', async () => {
    const admin = await createUser('ADMIN')
    const adminCookie = await sessionCookieOf(admin.id)
    const manager = await createUser('SALES_MANAGER')
    const managerCookie = await sessionCookieOf(manager.id)
    expect((await get('/admin/users', managerCookie)).status).toBe(200)

    expect(
      (
        await postForm(
          '/admin/users',
          { intent: 'change-role', userId: manager.id, role: 'SALES_REP' },
          { cookie: adminCookie },
        )
      ).status,
    ).toBe(200)
    expect((await get('/admin/users', managerCookie)).status).toBe(403)

    expect(
      (await postForm('/admin/users', { intent: 'deactivate', userId: manager.id }, { cookie: adminCookie })).status,
    ).toBe(200)
    expect((await get('/leads', managerCookie)).headers.get('location')).toBe('/sign-in?redirectTo=%2Fleads')
    expect((await signIn(manager.email, password)).status).toBe(401)
  })

  it('signs out with a POST only, after which the old cookie no longer works', async () => {
    const user = await createUser('CUSTOMER_SUCCESS')
    const cookie = `crm_session=${tokenOf((await signIn(user.email, password)).headers.get('set-cookie'))}`

    expect((await get('/sign-out', cookie)).status).toBe(405)
    expect((await get('/leads', cookie)).status).toBe(200)

    const response = await postForm('/sign-out', {}, { cookie })
    expect(response.status).toBe(302)
    expect(response.headers.get('location')).toBe('/sign-in')
    expect(response.headers.get('set-cookie')).toMatch(/^crm_session=;.*Max-Age=0/)
    expect((await get('/leads', cookie)).headers.get('location')).toBe('/sign-in?redirectTo=%2Fleads')
    expect((await auditRows('auth.sign-out', { entityId: user.id })).map((row) => row.outcome)).toEqual(['SUCCESS'])
  })

  it('shows the signed-in user and a sign-out button in the top bar', async () => {
    const user = await createUser('SALES_MANAGER')
    const html = await (await get('/leads', await sessionCookieOf(user.id))).text()
    const topBar = /<header class="top-bar">.*?<\/header>/.exec(html)?.[0].replaceAll('<!-- -->', '') ?? ''
    expect(topBar).toContain('<strong>Test SALES_MANAGER</strong> · Sales Manager')
    expect(topBar).toMatch(
      /<form method="post" action="\/sign-out"[^>]*><button type="submit" class="link-button">Sign out<\/button>/,
    )
    expect(topBar).toContain('href="/admin/users"')
    expect(topBar).not.toContain('href="/admin/api-keys"')
  })
})

describe('cross-site requests', () => {
  it('refuses a form posted from another site and changes nothing', async () => {
    const admin = await createUser('ADMIN')
    const cookie = await sessionCookieOf(admin.id)
    const email = `planted-${randomUUID()}@durable-crm.test`
    const fields = { intent: 'create', name: 'Planted', email, role: 'ADMIN', password: 'a long enough password' }

    const forged = await postForm('/admin/users', fields, { cookie, origin: 'https://evil.example' })
    expect(forged.status).toBe(403)
    expect(await database.db.user.count({ where: { email } })).toBe(0)

    const signOut = await postForm('/sign-out', {}, { cookie, origin: 'https://evil.example' })
    expect(signOut.status).toBe(403)
    expect((await get('/leads', cookie)).status).toBe(200)
  })

  it('refuses a sign-in posted from another site with 403 and words a person can read', async () => {
    const user = await createUser('SALES_REP')
    const forged = await postForm('/sign-in', { email: user.email, password }, { origin: 'https://evil.example' })
    expect(forged.status).toBe(403)
    expect(forged.headers.get('set-cookie')).toBeNull()
    expect(forged.headers.get('content-type')).toContain('text/html')
    expect(await forged.text()).toContain(
      'This request was refused: it came from https://evil.example, not from this application.',
    )
  })

  it('answers a refused Remix form submission (single fetch) in the encoding the Remix client reads', async () => {
    const user = await createUser('SALES_REP')
    const forged = await postForm('/sign-in.data', { email: user.email, password }, { origin: 'https://evil.example' })
    expect(forged.status).toBe(403)
    const [, key, error, message, status] = JSON.parse(await forged.text()) as unknown[]
    expect([key, error, status]).toEqual(['error', ['ErrorResponse', 3, 4, 5], 403])
    expect(message).toContain('it came from https://evil.example')
  })

  it('signs in from the configured APP_BASE_URL even when the Host header names another address (a proxy)', async () => {
    // This web process listens on 127.0.0.1:<port>; APP_BASE_URL is the default http://localhost:3000.
    const user = await createUser('SALES_REP')
    const viaProxy = await postForm('/sign-in', { email: user.email, password }, { origin: config.APP_BASE_URL })
    expect(viaProxy.status).toBe(302)
    expect(viaProxy.headers.get('set-cookie')).toContain('crm_session=')
    const wrong = await postForm('/sign-in', { email: user.email, password: 'wrong' }, { origin: config.APP_BASE_URL })
    expect(wrong.status).toBe(401)
  })
})

describe('user administration', () => {
  it('writes an audit row for every change, without passwords, and ends sessions on deactivation and reset', async () => {
    const admin = await createUser('ADMIN')
    const cookie = await sessionCookieOf(admin.id)
    const email = `new-rep-${randomUUID()}@durable-crm.test`
    const initial = 'initial password 1'
    const created = await postForm(
      '/admin/users',
      { intent: 'create', name: 'Nia Rep', email, role: 'SALES_REP', password: initial },
      { cookie },
    )
    expect(created.status).toBe(200)
    expect(await created.text()).toContain(`Nia Rep can now sign in as ${email}.`)
    const rep = await database.db.user.findUniqueOrThrow({
      where: { email },
      select: { id: true, role: true, passwordHash: true },
    })
    expect(rep.role).toBe('SALES_REP')
    expect(rep.passwordHash).toMatch(/^scrypt\$/)

    const repCookie = `crm_session=${tokenOf((await signIn(email, initial)).headers.get('set-cookie'))}`
    const reset = 'the reset password 2'
    const steps: Record<string, string>[] = [
      { intent: 'change-role', role: 'CUSTOMER_SUCCESS' },
      { intent: 'reset-password', password: reset },
      { intent: 'deactivate' },
      { intent: 'reactivate' },
    ]
    for (const step of steps) {
      expect((await postForm('/admin/users', { ...step, userId: rep.id }, { cookie })).status).toBe(200)
    }

    const rows = await database.db.auditLog.findMany({
      where: { entityId: rep.id, action: { startsWith: 'users.' } },
      select: { action: true, actorId: true, outcome: true, metadata: true },
      orderBy: { createdAt: 'asc' },
    })
    expect(rows.map((row) => row.action)).toEqual([
      'users.create',
      'users.change-role',
      'users.change-password',
      'users.deactivate',
      'users.reactivate',
    ])
    expect(rows.every((row) => row.actorId === admin.id && row.outcome === 'SUCCESS')).toBe(true)
    expect(rows[1]?.metadata).toEqual({ from: 'SALES_REP', to: 'CUSTOMER_SUCCESS' })
    expect(JSON.stringify(rows)).not.toContain(initial)
    expect(JSON.stringify(rows)).not.toContain(reset)

    // The reset ended the rep's session; the new password works, the old one does not.
    expect((await get('/leads', repCookie)).status).toBe(302)
    expect((await signIn(email, initial)).status).toBe(401)
    expect((await signIn(email, reset)).status).toBe(302)
  })

  it('audits a refused change as DENIED', async () => {
    const viewer = await createUser('VIEWER')
    const target = await createUser('SALES_REP')
    const response = await postForm(
      '/admin/users',
      { intent: 'deactivate', userId: target.id },
      { cookie: await sessionCookieOf(viewer.id) },
    )
    expect(response.status).toBe(403)
    const rows = await database.db.auditLog.findMany({
      where: { actorId: viewer.id },
      select: { action: true, outcome: true, entityId: true },
    })
    expect(rows).toEqual([{ action: 'users.delete', outcome: 'DENIED', entityId: target.id }])
  })
})

describe('the last active Admin', () => {
  let isolated: Awaited<ReturnType<typeof startIsolatedWeb>>

  beforeAll(async () => {
    isolated = await startIsolatedWeb({})
  })

  afterAll(() => isolated?.close())

  async function adminStates(ids: string[]) {
    return isolated.db.user.findMany({
      where: { id: { in: ids } },
      select: { role: true, active: true },
      orderBy: { email: 'asc' },
    })
  }

  it('cannot be removed: an Admin neither demotes nor deactivates themselves', async () => {
    const admin = await createUser('ADMIN', { db: isolated.db })
    const cookie = await sessionCookieOf(admin.id, isolated.db)
    const options = { cookie, baseUrl: isolated.baseUrl }

    const demote = await postForm('/admin/users', { intent: 'change-role', userId: admin.id, role: 'VIEWER' }, options)
    expect(demote.status).toBe(409)
    expect(await demote.text()).toContain('You cannot change your own role')
    expect((await postForm('/admin/users', { intent: 'deactivate', userId: admin.id }, options)).status).toBe(409)

    expect(await adminStates([admin.id])).toEqual([{ role: 'ADMIN', active: true }])
    expect(await isolated.db.auditLog.count({ where: { entityId: admin.id, action: { startsWith: 'users.' } } })).toBe(
      0,
    )
  })

  it('survives two Admins deactivating each other at the same moment: exactly one of them remains', async () => {
    await isolated.db.user.updateMany({ where: { role: 'ADMIN' }, data: { active: false } })
    const [first, second] = [
      await createUser('ADMIN', { db: isolated.db }),
      await createUser('ADMIN', { db: isolated.db }),
    ]
    const firstCookie = await sessionCookieOf(first.id, isolated.db)
    const secondCookie = await sessionCookieOf(second.id, isolated.db)

    const responses = await Promise.all([
      postForm(
        '/admin/users',
        { intent: 'deactivate', userId: second.id },
        { cookie: firstCookie, baseUrl: isolated.baseUrl },
      ),
      postForm(
        '/admin/users',
        { intent: 'deactivate', userId: first.id },
        { cookie: secondCookie, baseUrl: isolated.baseUrl },
      ),
    ])

    // The loser is refused (409) or, when the winner committed first, finds itself signed out (302).
    expect(responses.map((response) => response.status).filter((status) => status === 200)).toHaveLength(1)
    expect(await isolated.db.user.count({ where: { role: 'ADMIN', active: true } })).toBe(1)
  })
})
