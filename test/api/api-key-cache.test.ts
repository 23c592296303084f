import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { revokeApiKey } from '../../app/api-key-admin.server'
import { loadConfig } from '../../lib/config'
import { createSmtpMailDriver } from '../../lib/mail-driver'
import { apiKeyChangesChannel, cachedApiKeyResolver, type ApiKeyResolver } from '../../services/auth/api-key-cache'
import { issueApiKey } from '../../services/auth/api-keys'
import { createUser } from '../support/actors'
import { createTestDatabase, statementCountingDatabase, type TestDatabase } from '../support/database'
import { bearer, startWeb, unreachableTemporal } from '../support/web'

// The web process resolves a used API key from memory (decision 0061), and still refuses a revoked key from the next
// request on: a change announced by the database's trigger, a change made by this process, and a change made while
// the process was not listening.

let database: TestDatabase
let counted: ReturnType<typeof statementCountingDatabase>
let resolver: ApiKeyResolver

const keyStatements = () => counted.statements.filter((sql) => sql.includes('"public"."ApiKey"'))
const anotherConnection = () => database.db

/** The listener's backend, once it has run LISTEN (the resolver caches nothing before). */
async function listenerBackends(): Promise<number[]> {
  const rows = await database.db.$queryRaw<{ pid: number }[]>`
    SELECT pid FROM pg_stat_activity WHERE query = ${`LISTEN ${apiKeyChangesChannel}`} AND datname = current_database()`
  return rows.map((row) => row.pid)
}

/** A key resolved once, so that the next resolution is from memory. */
async function cachedKey(scopes = ['leads:create']) {
  const issued = await issueApiKey(database.db, { name: `Landing page ${Math.random()}`, scopes })
  expect(await resolver.resolve(issued.key)).toMatchObject({ apiKeyId: issued.id, scopes })
  counted.statements.length = 0
  expect(await resolver.resolve(issued.key)).toMatchObject({ apiKeyId: issued.id })
  expect(keyStatements()).toEqual([])
  return issued
}

beforeAll(async () => {
  database = await createTestDatabase()
  counted = statementCountingDatabase(database.url)
  resolver = cachedApiKeyResolver(counted.db, database.url)
  await vi.waitFor(async () => expect(await listenerBackends()).toHaveLength(1), { timeout: 10_000, interval: 50 })
})

afterAll(async () => {
  await resolver?.close()
  await counted?.close()
  await database?.drop()
})

describe('a used API key is resolved from memory', () => {
  it('reads the key once, and records its use at most once a minute', async () => {
    const issued = await issueApiKey(database.db, { name: 'Zapier', scopes: ['leads:create'] })
    const now = new Date()
    counted.statements.length = 0
    await resolver.resolve(issued.key, now)
    expect(keyStatements().map((sql) => sql.split(/\s+/)[0])).toEqual(['SELECT', 'UPDATE'])

    counted.statements.length = 0
    await resolver.resolve(issued.key, new Date(now.getTime() + 30_000))
    expect(keyStatements()).toEqual([])

    await resolver.resolve(issued.key, new Date(now.getTime() + 61_000))
    expect(keyStatements().map((sql) => sql.split(/\s+/)[0])).toEqual(['UPDATE'])
    const { lastUsedAt } = await database.db.apiKey.findUniqueOrThrow({ where: { id: issued.id } })
    expect(lastUsedAt).toEqual(new Date(now.getTime() + 61_000))
  })

  it('refuses an unknown key every time, reading the database each time', async () => {
    for (let attempt = 0; attempt < 2; attempt++) {
      counted.statements.length = 0
      expect(await resolver.resolve('crm_not-a-key-anyone-issued')).toBeNull()
      expect(keyStatements()).toHaveLength(1)
    }
  })

  it('answers machine requests without reading the key again', async () => {
    const mailUrl = 'smtp://127.0.0.1:9'
    const config = loadConfig({ NODE_ENV: 'test', DATABASE_URL: database.url, SMTP_URL: mailUrl })
    const web = await startWeb({
      config,
      db: counted.db,
      temporal: unreachableTemporal(),
      mail: createSmtpMailDriver(mailUrl),
      apiKeys: resolver,
    })
    try {
      const issued = await issueApiKey(database.db, { name: 'Reader', scopes: ['leads:read'] })
      const read = () => fetch(`${web.baseUrl}/api/leads/no-such-lead`, { headers: bearer(issued.key) })
      expect((await read()).status).toBe(404)
      counted.statements.length = 0
      expect((await read()).status).toBe(404)
      expect(keyStatements()).toEqual([])
    } finally {
      await web.close()
    }
  })
})

describe('a changed key is read again', () => {
  it('refuses a key revoked on the admin page from the next request on', async () => {
    const issued = await cachedKey()
    const admin = await createUser(database.db, { role: 'ADMIN' })
    await revokeApiKey(
      {
        db: database.db,
        apiKeys: resolver,
        admin: { kind: 'user', userId: admin.id, email: admin.email, name: admin.name, role: 'ADMIN', sessionId: 's' },
        client: {},
      },
      issued.id,
    )
    expect(await resolver.resolve(issued.key)).toBeNull()
  })

  it('hears a revocation made by another process, and a change of scopes', async () => {
    const revoked = await cachedKey()
    await anotherConnection().apiKey.update({ where: { id: revoked.id }, data: { revokedAt: new Date() } })
    await expect.poll(() => resolver.resolve(revoked.key), { timeout: 5_000, interval: 20 }).toBeNull()

    const rescoped = await cachedKey(['leads:create'])
    await anotherConnection().apiKey.update({ where: { id: rescoped.id }, data: { scopes: ['leads:read'] } })
    await expect
      .poll(async () => (await resolver.resolve(rescoped.key))?.scopes, { timeout: 5_000, interval: 20 })
      .toEqual(['leads:read'])

    const deleted = await cachedKey()
    await anotherConnection().apiKey.delete({ where: { id: deleted.id } })
    await expect.poll(() => resolver.resolve(deleted.key), { timeout: 5_000, interval: 20 }).toBeNull()
  })

  it('forgets what it holds when its connection was cut: a revocation it could not hear is still refused', async () => {
    const issued = await cachedKey()
    const [before] = await listenerBackends()
    await database.db.$queryRaw`SELECT pg_terminate_backend(${before}::int)`
    // Revoked while no process listens: this notification reaches nobody.
    await anotherConnection().apiKey.update({ where: { id: issued.id }, data: { revokedAt: new Date() } })
    await expect
      .poll(listenerBackends, { timeout: 10_000 })
      .toSatisfy((pids: number[]) => pids.length === 1 && pids[0] !== before)
    expect(await resolver.resolve(issued.key)).toBeNull()
    // Caching again once it listens (the other tests, in any order, rely on it).
    await vi.waitFor(() => cachedKey(), { timeout: 10_000, interval: 50 })
  })
})
