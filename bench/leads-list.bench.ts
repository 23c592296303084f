// The leads list at 100,000 leads: seeds an embedded PostgreSQL, times every filter/sort combination the page
// offers through the page's own query module (app/leads-list.server.ts), and records p50/p95 and the EXPLAIN
// ANALYZE plan of each query in bench/results/leads-list.md. Run with `npm run bench:leads` (see bench/README.md).
import { writeFile } from 'node:fs/promises'
import path from 'node:path'
import { performance } from 'node:perf_hooks'
import { fileURLToPath } from 'node:url'
import type pg from 'pg'
import { listLeads, type LeadListViewer } from '../app/leads-list.server'
import { parseLeadListQuery } from '../domain/leads/lead-list-query'
import {
  explainPlans,
  machineSection,
  percentile,
  plansSection,
  uniqueReads,
  withQueryBenchDatabase,
  type QueryPlan,
} from './support/query-bench'

const LEADS = Number(process.env.BENCH_LEADS ?? 100_000)
const RUNS = Number(process.env.BENCH_RUNS ?? 15)
const WARMUP = 3
const REPS = 10
const resultsFile = fileURLToPath(new URL('./results/leads-list.md', import.meta.url))

interface Case {
  name: string
  search: string
  viewer: 'manager' | 'rep'
}

// Every filter alone, the sorts, the common combinations, deep pages, and a Sales Rep's own-leads view.
const cases: Case[] = [
  { name: 'default (newest first)', search: '', viewer: 'manager' },
  { name: 'sort score desc', search: 'sort=leadScore', viewer: 'manager' },
  { name: 'sort updated desc', search: 'sort=updatedAt', viewer: 'manager' },
  { name: 'sort name asc', search: 'sort=name', viewer: 'manager' },
  { name: 'sort name desc', search: 'sort=name&direction=desc', viewer: 'manager' },
  { name: 'status=new', search: 'status=new', viewer: 'manager' },
  { name: 'status=qualified, score desc', search: 'status=qualified&sort=leadScore', viewer: 'manager' },
  { name: 'stage=sql', search: 'stage=sql', viewer: 'manager' },
  { name: 'source=referral', search: 'source=referral', viewer: 'manager' },
  { name: 'industry=hvac, name asc', search: 'industry=hvac&sort=name', viewer: 'manager' },
  { name: 'owner=unassigned', search: 'owner=unassigned', viewer: 'manager' },
  { name: 'owner=<rep>, score desc', search: 'owner=$REP&sort=leadScore', viewer: 'manager' },
  { name: 'score 70–100 (hot)', search: 'scoreMin=70', viewer: 'manager' },
  { name: 'score 40–69, newest', search: 'scoreMin=40&scoreMax=69', viewer: 'manager' },
  { name: 'created in one week', search: 'createdFrom=2026-06-01&createdTo=2026-06-07', viewer: 'manager' },
  {
    name: 'created in one week, score desc',
    search: 'createdFrom=2026-06-01&createdTo=2026-06-07&sort=leadScore',
    viewer: 'manager',
  },
  {
    name: 'status+source+industry+score',
    search: 'status=new&source=voice_agent&industry=plumbing&scoreMin=40',
    viewer: 'manager',
  },
  { name: 'status+industry+score 80+', search: 'status=contacted&industry=plumbing&scoreMin=80', viewer: 'manager' },
  {
    name: 'no match (rare combination)',
    search: 'status=converted&stage=none&source=industry_event&industry=other&scoreMin=95',
    viewer: 'manager',
  },
  { name: 'page 40 × 25 (offset 975)', search: 'page=40', viewer: 'manager' },
  { name: 'page 101 × 100 (offset 10,000, the limit)', search: 'perPage=100&page=101', viewer: 'manager' },
  { name: 'page 101 × 100, score desc', search: 'perPage=100&page=101&sort=leadScore', viewer: 'manager' },
  { name: 'rep: own leads', search: '', viewer: 'rep' },
  { name: 'rep: own leads, score desc', search: 'sort=leadScore', viewer: 'rep' },
  { name: 'rep: own, status=new, name', search: 'status=new&sort=name', viewer: 'rep' },
]

interface Measured {
  case: Case
  total: number
  rows: number
  p50: number
  p95: number
  countP50: number
  plans: QueryPlan[]
}

async function main() {
  const started = performance.now()
  await withQueryBenchDatabase(async ({ sql, db, captured, serverVersion }) => {
    const seedStarted = performance.now()
    const repIds = await seed(sql)
    const seedSeconds = (performance.now() - seedStarted) / 1000
    console.log(`Seeded ${LEADS.toLocaleString('en-US')} leads in ${seedSeconds.toFixed(1)} s`)

    const measured: Measured[] = []
    for (const entry of cases) {
      const parsed = parseLeadListQuery(new URLSearchParams(entry.search.replace('$REP', repIds[0] ?? '')))
      if (!parsed.ok) throw new Error(`${entry.name}: ${JSON.stringify(parsed.errors)}`)
      const viewer: LeadListViewer =
        entry.viewer === 'rep'
          ? { userId: repIds[1] ?? '', scope: { assignedToId: repIds[1] }, timeZone: 'UTC' }
          : { userId: 'bench-manager', scope: {}, timeZone: 'UTC' }
      for (let i = 0; i < WARMUP; i++) await listLeads(db, parsed.query, viewer)
      captured.length = 0
      const times: number[] = []
      const countTimes: number[] = []
      let last = { total: 0, rows: 0 }
      for (let i = 0; i < RUNS; i++) {
        const t0 = performance.now()
        const { rows, total } = await listLeads(db, parsed.query, viewer)
        times.push(performance.now() - t0)
        last = { total, rows: rows.length }
      }
      const queries = uniqueReads(captured)
      const count = queries.find((query) => /count\(/i.test(query.query))
      for (let i = 0; count && i < Math.min(RUNS, 10); i++) {
        const t0 = performance.now()
        await sql.query(count.query, JSON.parse(count.params) as unknown[])
        countTimes.push(performance.now() - t0)
      }
      const result: Measured = {
        case: entry,
        ...last,
        p50: percentile(times, 50),
        p95: percentile(times, 95),
        countP50: percentile(countTimes, 50),
        plans: await explainPlans(sql, queries),
      }
      measured.push(result)
      console.log(
        `${entry.name.padEnd(44)} p50 ${result.p50.toFixed(1).padStart(6)} ms  p95 ${result.p95.toFixed(1).padStart(6)} ms  count ${result.countP50.toFixed(1).padStart(6)} ms  ${last.total} match`,
      )
    }
    await writeFile(
      resultsFile,
      report(measured, { seedSeconds, serverVersion, wallSeconds: (performance.now() - started) / 1000 }),
    )
    console.log(`Wrote ${path.relative(process.cwd(), resultsFile)}`)
  })
}

/**
 * 100,000 leads with the shapes the list filters on: every status, stage, source and industry, scores 0–100
 * skewed low like real scoring, created over a year, 80% assigned over ten reps. Deterministic (no random()).
 */
async function seed(sql: pg.Client): Promise<string[]> {
  const reps: string[] = []
  for (let i = 0; i < REPS; i++) {
    const id = `benchrep${String(i).padStart(4, '0')}`
    reps.push(id)
    await sql.query(
      `INSERT INTO "User" (id, email, name, role, active, "createdAt", "updatedAt") VALUES ($1, $2, $3, 'SALES_REP', true, now(), now())`,
      [id, `rep${i}@bench.example`, `Rep ${i}`],
    )
  }
  await sql.query(
    `INSERT INTO "Lead" (id, email, "firstName", "lastName", "companyName", source, industry, status, "qualificationStage",
       "leadScore", "assignedToId", "createdAt", "updatedAt")
     SELECT 'benchlead' || lpad(i::text, 7, '0'),
            'lead' || i || '@bench.example',
            CASE WHEN i % 13 = 0 THEN NULL ELSE (ARRAY['Ana','Ben','Carla','Dev','Elena','Femi','Gus','Hana','Ivan','Jo'])[1 + (i * 7) % 10] END,
            CASE WHEN i % 13 = 0 THEN NULL ELSE (ARRAY['Reyes','Smith','Nguyen','Garcia','Patel','Kim','Lopez','Brown','Ortiz','Cole','Diaz','Wu'])[1 + (i * 11) % 12] || (i % 500)::text END,
            'Company ' || (i % 9000),
            (enum_range(NULL::"LeadSource"))[1 + (i * 7) % 9],
            CASE WHEN i % 17 = 0 THEN NULL ELSE (enum_range(NULL::"Industry"))[1 + (i * 5) % 9] END,
            (ARRAY['NEW','NEW','NEW','NEW','CONTACTED','CONTACTED','QUALIFIED','UNQUALIFIED','CONVERTED','NEW']::"LeadStatus"[])[1 + (i * 31) % 10],
            (ARRAY['NONE','NONE','NONE','NONE','NONE','NONE','MQL','MQL','SQL','NONE']::"QualificationStage"[])[1 + (i * 37) % 10],
            (((i * 2654435761::bigint) % 101) * ((i * 40503::bigint) % 101) / 100)::int,
            CASE WHEN i % 5 = 0 THEN NULL ELSE 'benchrep' || lpad(((i / 7) % ${REPS})::text, 4, '0') END,
            timestamptz '2026-11-22 12:00:00+00' - ((i * 315)::bigint * interval '1 second'),
            timestamptz '2026-11-22 12:00:00+00' - (((i * 7919) % ${LEADS})::bigint * 315 * interval '1 second')
     FROM generate_series(1, ${LEADS}) AS i`,
  )
  await sql.query('ANALYZE "Lead"')
  await sql.query('ANALYZE "User"')
  return reps
}

function report(
  measured: Measured[],
  facts: { seedSeconds: number; serverVersion: string; wallSeconds: number },
): string {
  const lines = [
    '# Leads list at 100,000 leads',
    '',
    `Written by \`npm run bench:leads\` (bench/leads-list.bench.ts) on ${new Date().toISOString()}.`,
    '',
    ...machineSection(
      facts.serverVersion,
      `${LEADS.toLocaleString('en-US')} leads, ${REPS} reps; seeded in ${facts.seedSeconds.toFixed(1)} s; ${WARMUP} warm-up and ${RUNS} timed runs per case; whole run ${facts.wallSeconds.toFixed(0)} s`,
    ),
    'Each time is one call of `listLeads` (app/leads-list.server.ts): the count, then the page query (skipped when',
    'nothing on the page can match) and its owner lookup, through Prisma with its pg adapter, as the page runs them.',
    '"count" is the count query alone over a plain pg client. The machine was shared with other jobs (see the load',
    'average), so absolute times are inflated; the plans show what each query does.',
    '',
    '## Timings',
    '',
    '| Case | URL | Matches | p50 ms | p95 ms | count p50 ms |',
    '|---|---|---:|---:|---:|---:|',
    ...measured.map(
      (entry) =>
        `| ${entry.case.name} | \`${entry.case.viewer === 'rep' ? '(Sales Rep) ' : ''}/leads${entry.case.search ? `?${entry.case.search}` : ''}\` | ${entry.total.toLocaleString('en-US')} | ${entry.p50.toFixed(1)} | ${entry.p95.toFixed(1)} | ${entry.countP50.toFixed(1)} |`,
    ),
    '',
    ...plansSection(measured.map((entry) => ({ name: entry.case.name, plans: entry.plans }))),
  ]
  return `${lines.join('\n')}\n`
}

await main()
