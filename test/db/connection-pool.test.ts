import { setTimeout as sleep } from 'node:timers/promises'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { runChildProgram } from '../support/child-program'
import { createTestDatabase, type TestDatabase } from '../support/database'

// After how long pg closes an idle pooled connection unless told otherwise (pg-pool's README: idleTimeoutMillis).
const pgDefaultIdleMs = 10_000

describe('the database connection pool (decision 0081)', () => {
  let database: TestDatabase
  beforeAll(async () => {
    database = await createTestDatabase()
  })
  afterAll(() => database.drop())

  it('keeps a connection through a quiet moment longer than pg closes one after', async () => {
    const backend = async () => (await database.db.$queryRaw<{ pid: number }[]>`SELECT pg_backend_pid() AS pid`)[0]!.pid
    const before = await backend()
    await sleep(pgDefaultIdleMs + 2_000)
    expect(await backend()).toBe(before)
  }, 30_000)

  it('lets a program that never disconnects exit, its connection idle', async () => {
    const { code, output } = await runChildProgram(`
      import { createDatabase } from './lib/db.ts'
      const db = createDatabase(${JSON.stringify(database.url)})
      console.log('answered', (await db.$queryRaw\`SELECT 1 AS one\`)[0].one)
    `)
    expect(output).toContain('answered 1')
    expect(code).toBe(0)
    // Held open by its idle connection, it would exit only once the pool closed it: after this test's timeout.
  }, 30_000)
})
