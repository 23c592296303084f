import { createHash, randomUUID } from 'node:crypto'
import { readdir, readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import pg from 'pg'

// Applies prisma/migrations/* the way `prisma migrate deploy` does, for machines where Prisma's native schema
// engine cannot be downloaded. Every detail that Prisma can observe later (the ledger table's DDL, its rows,
// the advisory lock) matches Prisma's schema engine, so `prisma migrate deploy|status|dev` can take over.
// See docs/decisions/0002-migrations-offline.md.

export const DEFAULT_MIGRATIONS_DIR = fileURLToPath(new URL('../prisma/migrations', import.meta.url))

/** The key Prisma Migrate passes to pg_advisory_lock (schema-engine, flavour/postgres.rs). */
export const PRISMA_MIGRATE_LOCK_ID = 72707369

export const MIGRATIONS_TABLE = '_prisma_migrations'

/** Verbatim from Prisma's schema engine (PostgresFlavour::create_migrations_table). */
const CREATE_MIGRATIONS_TABLE = `CREATE TABLE _prisma_migrations (
    id                      VARCHAR(36) PRIMARY KEY NOT NULL,
    checksum                VARCHAR(64) NOT NULL,
    finished_at             TIMESTAMPTZ,
    migration_name          VARCHAR(255) NOT NULL,
    logs                    TEXT,
    rolled_back_at          TIMESTAMPTZ,
    started_at              TIMESTAMPTZ NOT NULL DEFAULT now(),
    applied_steps_count     INTEGER NOT NULL DEFAULT 0
);
`

export interface ApplyMigrationsOptions {
  migrationsDir?: string
  /** How long to wait for another process that holds the migration lock. */
  lockTimeoutMs?: number
}

export interface ApplyMigrationsResult {
  applied: string[]
  alreadyApplied: string[]
}

export interface MigrationFile {
  name: string
  script: string
  checksum: string
}

interface LedgerRow {
  migration_name: string
  checksum: string
  started_at: Date
  finished_at: Date | null
  rolled_back_at: Date | null
  logs: string | null
}

export class MigrationError extends Error {
  constructor(
    message: string,
    readonly migrationName?: string,
  ) {
    super(message)
    this.name = 'MigrationError'
  }
}

/** SHA-256 hex of the script's UTF-8 bytes, as Prisma stores it in `_prisma_migrations.checksum`. */
export function migrationChecksum(script: string): string {
  return createHash('sha256').update(script, 'utf8').digest('hex')
}

// Prisma accepts a script whose line endings git converted since it was applied (checksum.rs).
function scriptMatchesChecksum(script: string, checksum: string): boolean {
  return [script, script.replaceAll('\r\n', '\n'), script.replaceAll('\n', '\r\n')].some(
    (variant) => migrationChecksum(variant) === checksum,
  )
}

/** The migrations in the order Prisma applies them: every sub-directory, sorted by name. */
export async function readMigrations(migrationsDir: string = DEFAULT_MIGRATIONS_DIR): Promise<MigrationFile[]> {
  await checkLockfileProvider(migrationsDir)
  const entries = await readdir(migrationsDir, { withFileTypes: true })
  const names = entries
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort((a, b) => a.localeCompare(b))
  return Promise.all(
    names.map(async (name) => {
      const path = join(migrationsDir, name, 'migration.sql')
      const script = await readFile(path, 'utf8').catch((error: NodeJS.ErrnoException) => {
        throw new MigrationError(
          `Migration ${name} has no readable migration.sql (${error.code ?? error.message})`,
          name,
        )
      })
      return { name, script, checksum: migrationChecksum(script) }
    }),
  )
}

async function checkLockfileProvider(migrationsDir: string) {
  const lockfile = await readFile(join(migrationsDir, 'migration_lock.toml'), 'utf8').catch(() => null)
  if (lockfile === null) return
  const line = lockfile.split('\n').find((candidate) => candidate.startsWith('provider'))
  const provider = line
    ? line
        .replace(/^provider = /, '')
        .trim()
        .replace(/^"|"$/g, '')
    : '<PROVIDER NOT FOUND>'
  if (provider !== 'postgresql') {
    throw new MigrationError(
      `${join(migrationsDir, 'migration_lock.toml')} is for provider "${provider}", not "postgresql"`,
    )
  }
}

/**
 * Applies every migration not yet recorded in `_prisma_migrations`, each in one transaction with its ledger
 * row, while holding Prisma Migrate's advisory lock so that no other migrator (this one or Prisma's) runs.
 */
export async function applyMigrations(
  databaseUrl: string,
  options: ApplyMigrationsOptions = {},
): Promise<ApplyMigrationsResult> {
  const migrations = await readMigrations(options.migrationsDir)
  const client = new pg.Client({ connectionString: databaseUrl })
  await client.connect()
  try {
    await useSchemaFromUrl(client, databaseUrl)
    await acquireMigrateLock(client, options.lockTimeoutMs ?? 60_000)
    try {
      await ensureLedger(client)
      const ledger = await readLedger(client)
      refuseFailedMigrations(ledger)

      const live = ledger.filter((row) => row.rolled_back_at === null)
      const applied: string[] = []
      const alreadyApplied: string[] = []
      for (const migration of migrations) {
        const recorded = live.find((row) => row.migration_name === migration.name)
        if (recorded) {
          if (!scriptMatchesChecksum(migration.script, recorded.checksum)) {
            throw new MigrationError(
              `Migration ${migration.name} was changed after it was applied: the database recorded checksum ` +
                `${recorded.checksum}, the file now has ${migration.checksum}. Restore the file, or add a new migration instead.`,
              migration.name,
            )
          }
          alreadyApplied.push(migration.name)
          continue
        }
        await applyOne(client, migration)
        applied.push(migration.name)
      }
      return { applied, alreadyApplied }
    } finally {
      // Closing the connection releases the lock too, so a failed unlock must not hide the real error.
      await client.query('SELECT pg_advisory_unlock($1)', [PRISMA_MIGRATE_LOCK_ID]).catch(() => undefined)
    }
  } finally {
    await client.end()
  }
}

// Prisma's connection strings name the schema in `?schema=`; its engine sets search_path to it.
async function useSchemaFromUrl(client: pg.Client, databaseUrl: string) {
  const schema = new URL(databaseUrl).searchParams.get('schema')
  if (schema && schema !== 'public') {
    await client.query(`CREATE SCHEMA IF NOT EXISTS ${client.escapeIdentifier(schema)}`)
    await client.query(`SET search_path TO ${client.escapeIdentifier(schema)}`)
  }
}

async function acquireMigrateLock(client: pg.Client, timeoutMs: number) {
  await client.query(`SET lock_timeout = ${Math.max(1, Math.floor(timeoutMs))}`)
  try {
    await client.query('SELECT pg_advisory_lock($1)', [PRISMA_MIGRATE_LOCK_ID])
  } catch (error) {
    if ((error as { code?: string }).code === '55P03') {
      throw new MigrationError(
        `Timed out after ${timeoutMs} ms waiting for the migration lock (pg_advisory_lock(${PRISMA_MIGRATE_LOCK_ID})): ` +
          'another process is migrating this database.',
      )
    }
    throw error
  } finally {
    await client.query('SET lock_timeout = 0')
  }
}

async function ensureLedger(client: pg.Client) {
  const tables = await client.query<{ name: string }>(
    `SELECT c.relname AS name FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
     WHERE c.relkind = 'r' AND n.nspname = current_schema()`,
  )
  const names = tables.rows.map((row) => row.name)
  if (names.includes(MIGRATIONS_TABLE)) return
  // Prisma refuses too (P3005): tables it did not create need a baseline, not a replay of every migration.
  if (names.length > 0) {
    throw new MigrationError(
      `The database schema is not empty (${names.slice(0, 5).join(', ')}${names.length > 5 ? ', ...' : ''}) and has no ` +
        `${MIGRATIONS_TABLE} table. Baseline it first: https://pris.ly/d/migrate-baseline`,
    )
  }
  await client.query(CREATE_MIGRATIONS_TABLE)
}

async function readLedger(client: pg.Client): Promise<LedgerRow[]> {
  const result = await client.query<LedgerRow>(
    `SELECT migration_name, checksum, started_at, finished_at, rolled_back_at, logs
     FROM ${MIGRATIONS_TABLE} ORDER BY started_at ASC`,
  )
  return result.rows
}

function refuseFailedMigrations(ledger: LedgerRow[]) {
  const failed = ledger.filter((row) => row.finished_at === null && row.rolled_back_at === null)
  if (failed.length === 0) return
  const details = failed
    .map((row) => {
      const logs = row.logs?.trim() ? ` with the following logs:\n${row.logs.trim()}` : ''
      return `The \`${row.migration_name}\` migration started at ${row.started_at.toISOString()} failed${logs}`
    })
    .join('\n')
  throw new MigrationError(
    `Found failed migrations in the target database; new migrations will not be applied (like Prisma's P3009).\n${details}\n` +
      'Fix the database, then mark the migration with `prisma migrate resolve --rolled-back|--applied <name>` ' +
      `or set rolled_back_at on its ${MIGRATIONS_TABLE} row.`,
    failed[0]?.migration_name,
  )
}

async function applyOne(client: pg.Client, migration: MigrationFile) {
  await client.query('BEGIN')
  try {
    const id = randomUUID()
    // Same columns Prisma's record_migration_started writes; logs stays NULL as in Prisma's successful rows.
    await client.query(
      `INSERT INTO ${MIGRATIONS_TABLE} (id, checksum, started_at, migration_name) VALUES ($1, $2, clock_timestamp(), $3)`,
      [id, migration.checksum, migration.name],
    )
    // A query without parameters uses the simple protocol, which runs a multi-statement script as Prisma does.
    await client.query(migration.script)
    await client.query(
      `UPDATE ${MIGRATIONS_TABLE} SET applied_steps_count = applied_steps_count + 1, finished_at = clock_timestamp()
       WHERE id = $1`,
      [id],
    )
    await client.query('COMMIT')
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined)
    const reason = error instanceof Error ? error.message : String(error)
    throw new MigrationError(`Migration ${migration.name} failed and was rolled back: ${reason}`, migration.name)
  }
}
