import { randomBytes } from 'node:crypto'
import pg from 'pg'
import { inject } from 'vitest'
import { createDatabase, type Database } from '../../lib/db'
import { databaseUrl, TEMPLATE_DATABASE } from './global-setup'

export interface TestDatabase {
  url: string
  db: Database
  drop(): Promise<void>
}

/** A fresh, fully migrated database of its own (a copy of `crm_template`), with a Prisma client on it. */
export async function createTestDatabase(): Promise<TestDatabase> {
  const name = await createEmptyTestDatabase({ template: TEMPLATE_DATABASE })
  const url = databaseUrl(inject('postgresServerUrl'), name)
  const db = createDatabase(url)
  return {
    url,
    db,
    async drop() {
      await db.$disconnect()
      await dropTestDatabase(name)
    },
  }
}

/** Creates a uniquely named database (empty unless a template is given) and returns its name. */
export async function createEmptyTestDatabase(options: { template?: string } = {}): Promise<string> {
  const name = `crm_test_${Date.now().toString(36)}_${randomBytes(4).toString('hex')}`
  await withServer(async (client) => {
    const template = options.template ? ` TEMPLATE ${client.escapeIdentifier(options.template)}` : ''
    await client.query(`CREATE DATABASE ${client.escapeIdentifier(name)}${template}`)
  })
  return name
}

export async function dropTestDatabase(name: string): Promise<void> {
  await withServer((client) => client.query(`DROP DATABASE IF EXISTS ${client.escapeIdentifier(name)} WITH (FORCE)`))
}

export function testDatabaseUrl(name: string): string {
  return databaseUrl(inject('postgresServerUrl'), name)
}

async function withServer<T>(work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: inject('postgresServerUrl') })
  await client.connect()
  try {
    return await work(client)
  } finally {
    await client.end()
  }
}

/** A Prisma client on `url` that records the text of every SQL statement it sends, in order. */
export function statementCountingDatabase(url: string) {
  const statements: string[] = []
  const pool = new pg.Pool({ connectionString: url })
  pool.on('error', () => {})
  pool.on('connect', (client) => {
    client.on('error', () => {})
    const query = client.query.bind(client) as (...args: unknown[]) => unknown
    ;(client as unknown as { query: unknown }).query = (...args: unknown[]) => {
      const sql = args[0] as string | { text: string }
      statements.push(typeof sql === 'string' ? sql : sql.text)
      return query(...args)
    }
  })
  const db = createDatabase(pool)
  return { db, statements, close: () => db.$disconnect() }
}
