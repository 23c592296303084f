import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { resolveApiKey } from '../../services/auth/api-keys'
import { bootstrapAccess } from '../../services/auth/bootstrap'
import { verifyPassword } from '../../lib/passwords'
import { createTestDatabase, type TestDatabase } from '../support/database'

let database: TestDatabase

beforeEach(async () => {
  database = await createTestDatabase()
})

afterEach(async () => {
  await database?.drop()
})

const admins = () =>
  database.db.user.findMany({ where: { role: 'ADMIN' }, select: { email: true, passwordHash: true, active: true } })

describe('the first Admin', () => {
  it('comes from BOOTSTRAP_ADMIN_EMAIL and BOOTSTRAP_ADMIN_PASSWORD, once, and can sign in with that password', async () => {
    const config = {
      NODE_ENV: 'production' as const,
      BOOTSTRAP_ADMIN_EMAIL: 'owner@aikre8tion.example',
      BOOTSTRAP_ADMIN_PASSWORD: 'correct horse battery staple',
      BOOTSTRAP_API_KEY: undefined,
    }
    await bootstrapAccess(database.db, config)
    await bootstrapAccess(database.db, config)

    const created = await admins()
    expect(created).toHaveLength(1)
    expect(created[0]).toMatchObject({ email: 'owner@aikre8tion.example', active: true })
    expect(await verifyPassword('correct horse battery staple', created[0]!.passwordHash!)).toBe(true)
    expect(await database.db.auditLog.count({ where: { action: 'users.create' } })).toBe(1)
  })

  it('is generated with a password printed once when nothing is configured outside production', async () => {
    const printed: string[] = []
    const config = {
      NODE_ENV: 'development' as const,
      BOOTSTRAP_ADMIN_EMAIL: undefined,
      BOOTSTRAP_ADMIN_PASSWORD: undefined,
      BOOTSTRAP_API_KEY: undefined,
    }
    await bootstrapAccess(database.db, config, (line) => printed.push(line))
    await bootstrapAccess(database.db, config, (line) => printed.push(line))

    expect(printed).toHaveLength(1)
    const password = /with password: (\S+)/.exec(printed[0]!)?.[1]
    const [admin] = await admins()
    expect(admin?.email).toBe('admin@durable-crm.localhost')
    expect(await verifyPassword(password!, admin!.passwordHash!)).toBe(true)
  })

  it('is generated beside seeded demo Admins, who have no password to sign in with', async () => {
    await database.db.user.create({
      data: { email: 'demo.admin@seed.example', name: 'Demo Admin', role: 'ADMIN' },
      select: { id: true },
    })
    const printed: string[] = []
    const config = {
      NODE_ENV: 'development' as const,
      BOOTSTRAP_ADMIN_EMAIL: undefined,
      BOOTSTRAP_ADMIN_PASSWORD: undefined,
      BOOTSTRAP_API_KEY: undefined,
    }
    await bootstrapAccess(database.db, config, (line) => printed.push(line))

    expect(printed).toHaveLength(1)
    const password = /with password: (\S+)/.exec(printed[0]!)?.[1]
    const admin = (await admins()).find((user) => user.email === 'admin@durable-crm.localhost')
    expect(await verifyPassword(password!, admin!.passwordHash!)).toBe(true)
  })

  it('is never generated in production', async () => {
    const printed: string[] = []
    await bootstrapAccess(
      database.db,
      {
        NODE_ENV: 'production',
        BOOTSTRAP_ADMIN_EMAIL: undefined,
        BOOTSTRAP_ADMIN_PASSWORD: undefined,
        BOOTSTRAP_API_KEY: undefined,
      },
      (line) => printed.push(line),
    )
    expect(printed).toEqual([])
    expect(await admins()).toEqual([])
  })
})

describe('BOOTSTRAP_API_KEY', () => {
  it('becomes a working key with every scope, stored only as a hash, created once', async () => {
    const key = `crm_${'k'.repeat(40)}`
    const config = {
      NODE_ENV: 'production' as const,
      BOOTSTRAP_ADMIN_EMAIL: undefined,
      BOOTSTRAP_ADMIN_PASSWORD: undefined,
      BOOTSTRAP_API_KEY: key,
    }
    await bootstrapAccess(database.db, config)
    await bootstrapAccess(database.db, config)

    const actor = await resolveApiKey(database.db, key)
    expect(actor?.scopes).toContain('leads:create')
    expect(actor?.scopes).toContain('users:delete')
    const stored = await database.db.apiKey.findMany({ select: { keyHash: true, prefix: true } })
    expect(stored).toHaveLength(1)
    expect(stored[0]?.keyHash).not.toContain(key)
    expect(key.startsWith(stored[0]!.prefix)).toBe(true)
  })
})
