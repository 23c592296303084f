import { chmod, mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import pg from 'pg'
import type { TestProject } from 'vitest/node'
import type { RunningPostgres } from '../../dev/embedded-postgres'
import { applyMigrations } from '../../lib/migrations'

// One PostgreSQL server for the whole run, holding a migrated `crm_template` database that every test file
// clones (test/support/database.ts). Set TEST_DATABASE_URL (e.g. postgresql://user:pw@127.0.0.1:5432/postgres,
// a role allowed to CREATE DATABASE) to use an existing server instead of the embedded one.

export const TEMPLATE_DATABASE = 'crm_template'

declare module 'vitest' {
  export interface ProvidedContext {
    /** Connection URL of the test server's maintenance database (`postgres`); swap the path for others. */
    postgresServerUrl: string
  }
}

export default async function setup(project: TestProject) {
  const external = process.env.TEST_DATABASE_URL
  let embedded: RunningPostgres | undefined
  let workDir: string | undefined
  let serverUrl: string

  if (external) {
    serverUrl = external
  } else {
    workDir = await mkdtemp(join(tmpdir(), 'durable-crm-test-pg-'))
    // PostgreSQL runs as the `postgres` user when the tests run as root; it must be able to enter the directory.
    await chmod(workDir, 0o755)
    // Imported here only: test workers import this module for its helpers and must not load embedded-postgres.
    const { startEmbeddedPostgres } = await import('../../dev/embedded-postgres')
    embedded = await startEmbeddedPostgres({ dataDir: join(workDir, 'data'), port: 0, persistent: false })
    serverUrl = embedded.url('postgres')
  }

  await recreateTemplate(serverUrl)
  await applyMigrations(databaseUrl(serverUrl, TEMPLATE_DATABASE))
  project.provide('postgresServerUrl', serverUrl)

  return async () => {
    await embedded?.stop()
    if (workDir) await rm(workDir, { recursive: true, force: true })
  }
}

export function databaseUrl(serverUrl: string, name: string): string {
  const url = new URL(serverUrl)
  url.pathname = `/${encodeURIComponent(name)}`
  return url.toString()
}

// On a shared server the template from an earlier run may hold an older schema: start from scratch.
async function recreateTemplate(serverUrl: string) {
  const client = new pg.Client({ connectionString: serverUrl })
  await client.connect()
  try {
    const name = client.escapeIdentifier(TEMPLATE_DATABASE)
    await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)
    await client.query(`CREATE DATABASE ${name}`)
  } finally {
    await client.end()
  }
}
