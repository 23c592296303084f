import { createHash } from 'node:crypto'
import {
  appendFileSync,
  cpSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import pg from 'pg'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createDatabase } from '../../lib/db'
import { applyMigrations, DEFAULT_MIGRATIONS_DIR, PRISMA_MIGRATE_LOCK_ID } from '../../lib/migrations'
import { createEmptyTestDatabase, dropTestDatabase, testDatabaseUrl } from '../support/database'

const migrationNames = readdirSync(DEFAULT_MIGRATIONS_DIR, { withFileTypes: true })
  .filter((entry) => entry.isDirectory())
  .map((entry) => entry.name)
  .sort()

function modelTables(): string[] {
  const schema = readFileSync(join(DEFAULT_MIGRATIONS_DIR, '..', 'schema.prisma'), 'utf8')
  return [...schema.matchAll(/^model\s+(\w+)\s*\{([\s\S]*?)^\}/gm)].map(
    ([, model, body]) => body?.match(/@@map\("([^"]+)"\)/)?.[1] ?? model!,
  )
}

async function query<T extends pg.QueryResultRow>(url: string, sql: string, params: unknown[] = []): Promise<T[]> {
  const client = new pg.Client({ connectionString: url })
  await client.connect()
  try {
    return (await client.query<T>(sql, params)).rows
  } finally {
    await client.end()
  }
}

describe('applyMigrations on an empty database', () => {
  let name: string
  let url: string
  const scratchDirs: string[] = []

  beforeEach(async () => {
    name = await createEmptyTestDatabase()
    url = testDatabaseUrl(name)
  })

  afterEach(async () => {
    await dropTestDatabase(name)
    for (const dir of scratchDirs.splice(0)) rmSync(dir, { recursive: true, force: true })
  })

  function copyOfMigrations(): string {
    const dir = mkdtempSync(join(tmpdir(), 'migrations-'))
    scratchDirs.push(dir)
    cpSync(DEFAULT_MIGRATIONS_DIR, dir, { recursive: true })
    return dir
  }

  it('creates a table for every model of prisma/schema.prisma', async () => {
    const result = await applyMigrations(url)

    expect(result).toEqual({ applied: migrationNames, alreadyApplied: [] })
    const tables = await query<{ table_name: string }>(
      url,
      `SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE'`,
    )
    expect(tables.map((row) => row.table_name).sort()).toEqual([...modelTables(), '_prisma_migrations'].sort())
  })

  it("records each migration in _prisma_migrations exactly as Prisma's schema engine does", async () => {
    await applyMigrations(url)

    const columns = await query(
      url,
      `SELECT column_name, data_type, character_maximum_length, is_nullable, column_default
       FROM information_schema.columns WHERE table_name = '_prisma_migrations' ORDER BY ordinal_position`,
    )
    expect(columns).toEqual([
      {
        column_name: 'id',
        data_type: 'character varying',
        character_maximum_length: 36,
        is_nullable: 'NO',
        column_default: null,
      },
      {
        column_name: 'checksum',
        data_type: 'character varying',
        character_maximum_length: 64,
        is_nullable: 'NO',
        column_default: null,
      },
      {
        column_name: 'finished_at',
        data_type: 'timestamp with time zone',
        character_maximum_length: null,
        is_nullable: 'YES',
        column_default: null,
      },
      {
        column_name: 'migration_name',
        data_type: 'character varying',
        character_maximum_length: 255,
        is_nullable: 'NO',
        column_default: null,
      },
      {
        column_name: 'logs',
        data_type: 'text',
        character_maximum_length: null,
        is_nullable: 'YES',
        column_default: null,
      },
      {
        column_name: 'rolled_back_at',
        data_type: 'timestamp with time zone',
        character_maximum_length: null,
        is_nullable: 'YES',
        column_default: null,
      },
      {
        column_name: 'started_at',
        data_type: 'timestamp with time zone',
        character_maximum_length: null,
        is_nullable: 'NO',
        column_default: 'now()',
      },
      {
        column_name: 'applied_steps_count',
        data_type: 'integer',
        character_maximum_length: null,
        is_nullable: 'NO',
        column_default: '0',
      },
    ])

    const rows = await query<{
      id: string
      checksum: string
      migration_name: string
      started_at: Date
      finished_at: Date | null
      logs: string | null
      rolled_back_at: Date | null
      applied_steps_count: number
    }>(url, 'SELECT * FROM _prisma_migrations ORDER BY migration_name')
    expect(rows.map((row) => row.migration_name)).toEqual(migrationNames)
    for (const row of rows) {
      const file = readFileSync(join(DEFAULT_MIGRATIONS_DIR, row.migration_name, 'migration.sql'))
      expect(row.checksum).toBe(createHash('sha256').update(file).digest('hex'))
      expect(row.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/)
      expect(row.applied_steps_count).toBe(1)
      expect(row.finished_at).toBeInstanceOf(Date)
      expect(row.finished_at!.getTime()).toBeGreaterThanOrEqual(row.started_at.getTime())
      expect(row.logs).toBeNull()
      expect(row.rolled_back_at).toBeNull()
    }
  })

  it('applies nothing the second time', async () => {
    await applyMigrations(url)

    expect(await applyMigrations(url)).toEqual({ applied: [], alreadyApplied: migrationNames })
    const [{ count }] = (await query<{ count: number }>(
      url,
      'SELECT count(*)::int AS count FROM _prisma_migrations',
    )) as [{ count: number }]
    expect(count).toBe(migrationNames.length)
  })

  it('refuses to continue when an applied migration file was changed', async () => {
    const migrationsDir = copyOfMigrations()
    await applyMigrations(url, { migrationsDir })
    const first = migrationNames[0]!
    appendFileSync(join(migrationsDir, first, 'migration.sql'), '\n-- edited after deploy\n')

    await expect(applyMigrations(url, { migrationsDir })).rejects.toThrow(
      new RegExp(`${first} was changed after it was applied`),
    )
  })

  it('accepts an applied migration whose line endings git converted', async () => {
    const migrationsDir = copyOfMigrations()
    await applyMigrations(url, { migrationsDir })
    const file = join(migrationsDir, migrationNames[0]!, 'migration.sql')
    writeFileSync(file, readFileSync(file, 'utf8').replaceAll('\n', '\r\n'))

    expect(await applyMigrations(url, { migrationsDir })).toEqual({ applied: [], alreadyApplied: migrationNames })
  })

  it('refuses to continue after a migration that failed under Prisma', async () => {
    await applyMigrations(url)
    await query(url, `INSERT INTO _prisma_migrations (id, checksum, migration_name, logs) VALUES ($1, $2, $3, $4)`, [
      '00000000-0000-4000-8000-000000000000',
      '0'.repeat(64),
      '20990101000000_half_done',
      'relation "x" does not exist',
    ])

    await expect(applyMigrations(url)).rejects.toThrow(
      /20990101000000_half_done.*failed with the following logs:\nrelation "x" does not exist/s,
    )
  })

  it('rolls a failing migration back entirely and names it', async () => {
    const migrationsDir = copyOfMigrations()
    mkdirSync(join(migrationsDir, '20990101000000_broken'))
    writeFileSync(
      join(migrationsDir, '20990101000000_broken', 'migration.sql'),
      'CREATE TABLE "Half" ("id" TEXT);\nALTER TABLE "NoSuchTable" ADD COLUMN "x" TEXT;\n',
    )

    await expect(applyMigrations(url, { migrationsDir })).rejects.toThrow(
      /20990101000000_broken failed and was rolled back/,
    )
    const half = await query(url, `SELECT 1 FROM information_schema.tables WHERE table_name = 'Half'`)
    expect(half).toEqual([])
    const ledger = await query<{ migration_name: string }>(
      url,
      'SELECT migration_name FROM _prisma_migrations ORDER BY 1',
    )
    expect(ledger.map((row) => row.migration_name)).toEqual(migrationNames)
  })

  it('refuses a database that already has tables but no migration history', async () => {
    await query(url, 'CREATE TABLE legacy (id int)')

    await expect(applyMigrations(url)).rejects.toThrow(/not empty \(legacy\).*Baseline/s)
  })

  it('applies each migration exactly once when two processes migrate at the same time', async () => {
    const [first, second] = await Promise.all([applyMigrations(url), applyMigrations(url)])

    expect([...first.applied, ...second.applied].sort()).toEqual(migrationNames)
    const ledger = await query<{ migration_name: string }>(url, 'SELECT migration_name FROM _prisma_migrations')
    expect(ledger.map((row) => row.migration_name).sort()).toEqual(migrationNames)
  })

  it("waits for Prisma Migrate's advisory lock while another migrator holds it", async () => {
    const holder = new pg.Client({ connectionString: url })
    await holder.connect()
    try {
      await holder.query('SELECT pg_advisory_lock($1)', [PRISMA_MIGRATE_LOCK_ID])
      await expect(applyMigrations(url, { lockTimeoutMs: 300 })).rejects.toThrow(/another process is migrating/)
      await holder.query('SELECT pg_advisory_unlock($1)', [PRISMA_MIGRATE_LOCK_ID])
    } finally {
      await holder.end()
    }
    expect((await applyMigrations(url)).applied).toEqual(migrationNames)
  })

  it('gives a schema the generated Prisma client can write and read', async () => {
    await applyMigrations(url)
    const db = createDatabase(url)
    try {
      const company = await db.company.create({
        data: {
          name: 'Cool Air HVAC',
          industry: 'HVAC',
          employeeCount: 'RANGE_10_25',
          businessModel: 'SERVICE',
          source: 'ROI_CALCULATOR',
          annualRevenue: '1250000.50',
          currentAITools: ['chatgpt'],
        },
      })
      const contact = await db.contact.create({
        data: {
          companyId: company.id,
          firstName: 'Ana',
          lastName: 'Diaz',
          email: 'ana@coolair.example',
          role: 'OWNER',
        },
      })
      await db.lead.create({
        data: {
          email: 'ana@coolair.example',
          source: 'ROI_CALCULATOR',
          scoringFactors: [{ factor: 'industry', weight: 10, value: 'HVAC', contribution: 10 }],
          convertedToCompanyId: company.id,
          convertedToContactId: contact.id,
        },
      })

      const lead = await db.lead.findUniqueOrThrow({
        where: { email: 'ana@coolair.example' },
        include: { convertedToCompany: true, convertedToContact: true },
      })
      expect(lead.status).toBe('NEW')
      expect(lead.workflowStatus).toBe('NOT_STARTED')
      expect(lead.scoringFactors).toEqual([{ factor: 'industry', weight: 10, value: 'HVAC', contribution: 10 }])
      expect(lead.convertedToCompany?.name).toBe('Cool Air HVAC')
      expect(lead.convertedToCompany?.annualRevenue?.toString()).toBe('1250000.5')
      expect(lead.convertedToCompany?.country).toBe('US')
      expect(lead.convertedToCompany?.currentAITools).toEqual(['chatgpt'])
      expect(lead.convertedToContact?.preferredContactMethod).toBe('EMAIL')
      await expect(
        db.contact.create({
          data: { companyId: company.id, firstName: 'Dup', lastName: 'Licate', email: 'ana@coolair.example' },
        }),
      ).rejects.toThrow(/Unique constraint/)
    } finally {
      await db.$disconnect()
    }
  })
})
