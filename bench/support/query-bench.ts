// What every page-query benchmark runs on: an embedded PostgreSQL with every migration, a plain pg client for seeding
// and EXPLAIN, and the page's Prisma client with the SQL it sends captured; plus the report's shared sections.
import { chmod, mkdtemp, rm } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { PrismaPg } from '@prisma/adapter-pg'
import pg from 'pg'
import { startEmbeddedPostgres } from '../../dev/embedded-postgres'
import { applyMigrations } from '../../lib/migrations'
import { PrismaClient } from '../../prisma/generated/client'

export interface CapturedQuery {
  query: string
  params: string
}

export interface QueryPlan {
  sql: string
  plan: string
}

export interface QueryBenchDatabase {
  sql: pg.Client
  db: PrismaClient
  /** The SQL the Prisma client has sent; empty it before the calls whose queries you want. */
  captured: CapturedQuery[]
  serverVersion: string
}

/** Runs `work` against a fresh database and removes everything afterwards, whatever happens. */
export async function withQueryBenchDatabase<T>(work: (bench: QueryBenchDatabase) => Promise<T>): Promise<T> {
  const workDir = await mkdtemp(path.join(os.tmpdir(), 'durable-crm-bench-'))
  await chmod(workDir, 0o755)
  const postgres = await startEmbeddedPostgres({ dataDir: path.join(workDir, 'data'), port: 0, persistent: false })
  try {
    const url = postgres.url('postgres')
    await applyMigrations(url)
    const sql = new pg.Client({ connectionString: url })
    await sql.connect()
    sql.on('error', () => undefined)
    const captured: CapturedQuery[] = []
    const db = new PrismaClient({
      adapter: new PrismaPg({ connectionString: url }),
      log: [{ emit: 'event', level: 'query' }],
    })
    db.$on('query', (event) => captured.push({ query: event.query, params: event.params }))
    const serverVersion = (await sql.query('SHOW server_version')).rows[0]?.server_version as string
    try {
      return await work({ sql, db, captured, serverVersion })
    } finally {
      await db.$disconnect()
      await sql.end()
    }
  } finally {
    await postgres.stop()
    await rm(workDir, { recursive: true, force: true })
  }
}

/** Each distinct read among the captured statements, with the parameters of its first run. */
export function uniqueReads(captured: CapturedQuery[]): CapturedQuery[] {
  const seen = new Map<string, CapturedQuery>()
  for (const entry of captured) if (!seen.has(entry.query)) seen.set(entry.query, entry)
  return [...seen.values()].filter((entry) => /^\s*(SELECT|WITH)/i.test(entry.query))
}

export async function explainPlans(sql: pg.Client, queries: CapturedQuery[]): Promise<QueryPlan[]> {
  const plans: QueryPlan[] = []
  for (const query of queries) {
    const result = await sql.query(
      `EXPLAIN (ANALYZE, BUFFERS, COSTS OFF, SUMMARY ON) ${query.query}`,
      JSON.parse(query.params) as unknown[],
    )
    plans.push({
      sql: query.query,
      plan: result.rows.map((row: Record<string, string>) => row['QUERY PLAN']).join('\n'),
    })
  }
  return plans
}

export function percentile(values: number[], p: number): number {
  if (values.length === 0) return Number.NaN
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? Number.NaN
}

/** The report's "Machine" section; `data` is the line that says what was seeded and how it was timed. */
export function machineSection(serverVersion: string, data: string): string[] {
  const cpus = os.cpus()
  const load = os
    .loadavg()
    .map((value) => value.toFixed(1))
    .join(', ')
  return [
    '## Machine',
    '',
    `- CPU: ${cpus[0]?.model ?? 'unknown'} × ${cpus.length} logical cores; load average at the end ${load}`,
    `- Memory: ${(os.totalmem() / 2 ** 30).toFixed(1)} GiB; ${os.type()} ${os.release()} ${os.arch()}; Node ${process.version}`,
    `- PostgreSQL ${serverVersion} (embedded-postgres, fsync off, default settings otherwise), same machine, over TCP`,
    `- ${data}`,
    '',
  ]
}

export function plansSection(measured: { name: string; plans: QueryPlan[] }[]): string[] {
  return [
    '## Plans (EXPLAIN ANALYZE of the SQL Prisma sent, one run)',
    '',
    ...measured.flatMap((entry) => [
      `### ${entry.name}`,
      '',
      ...entry.plans.flatMap((plan) => ['```', plan.sql, '', plan.plan, '```', '']),
    ]),
  ]
}
