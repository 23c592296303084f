// The global search at 100,000 leads, 10,000 deals and 1,000 partnerships (issue 12: under 100 ms on the server).
// Seeds an embedded PostgreSQL with every migration (so the trigram indexes of 20261203060000_global_search_trigram),
// times `globalSearch` (services/search/global-search.ts, what GET /api/search, the /search page and the header box
// call) for a manager and a Sales Rep over typical queries, and records p50/p95 and the EXPLAIN ANALYZE plans in
// bench/results/global-search.md. Run with `npx tsx bench/global-search.bench.ts`.
import { writeFile } from 'node:fs/promises'
import { performance } from 'node:perf_hooks'
import { fileURLToPath } from 'node:url'
import type pg from 'pg'
import { parseSearchQuery } from '../domain/search/search-query'
import type { Actor } from '../services/auth/actor'
import { globalSearch } from '../services/search/global-search'
import { searchLimits } from '../services/search/search-request'
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
const DEALS = Number(process.env.BENCH_DEALS ?? 10_000)
const PARTNERSHIPS = Number(process.env.BENCH_PARTNERSHIPS ?? 1_000)
const COMPANIES = DEALS
const REPS = 10
const RUNS = Number(process.env.BENCH_RUNS ?? 15)
const WARMUP = 3
const resultsFile = fileURLToPath(new URL('./results/global-search.md', import.meta.url))

const manager: Actor = {
  kind: 'user',
  userId: 'benchmanager',
  email: 'manager@bench.example',
  name: 'Manager',
  role: 'SALES_MANAGER',
  sessionId: 'bench',
}
const rep: Actor = { ...manager, userId: 'benchrep0001', email: 'rep1@bench.example', role: 'SALES_REP' }

interface Case {
  q: string
  note: string
}

// Names, an email, a company, a rare word, two letters (too short for a trigram), several words, nothing.
const cases: Case[] = [
  { q: 'reyes', note: 'a common last name' },
  { q: 'ana reyes12', note: 'first and last name' },
  { q: 'lead4711@bench', note: 'one email' },
  { q: 'company 123', note: 'a company (leads, companies, deals, partnerships)' },
  { q: 'ortiz499', note: 'a rare last name' },
  { q: 'an', note: 'two letters: no trigram, every kind scanned' },
  { q: 'bench.example', note: 'matches every lead and contact' },
  { q: 'zzqx', note: 'no match' },
]

interface Measured {
  actor: string
  case: Case
  hits: number
  p50: number
  p95: number
  plans: QueryPlan[]
}

async function main() {
  const started = performance.now()
  await withQueryBenchDatabase(async ({ sql, db, captured, serverVersion }) => {
    const seedStarted = performance.now()
    await seed(sql)
    const seedSeconds = (performance.now() - seedStarted) / 1000
    console.log(`Seeded in ${seedSeconds.toFixed(1)} s`)
    const measured: Measured[] = []
    for (const [label, actor] of [
      ['manager', manager],
      ['rep', rep],
    ] as const) {
      for (const entry of cases) {
        const parsed = parseSearchQuery(entry.q)
        if (!parsed.ok) throw new Error(`${entry.q}: ${JSON.stringify(parsed.errors)}`)
        const run = () => globalSearch(db, actor, parsed, searchLimits.suggest)
        for (let i = 0; i < WARMUP; i++) await run()
        captured.length = 0
        const times: number[] = []
        let hits = 0
        for (let i = 0; i < RUNS; i++) {
          const t0 = performance.now()
          const answer = await run()
          times.push(performance.now() - t0)
          hits = answer.groups.reduce((sum, group) => sum + group.hits.length, 0)
        }
        const result: Measured = {
          actor: label,
          case: entry,
          hits,
          p50: percentile(times, 50),
          p95: percentile(times, 95),
          plans: label === 'manager' ? await explainPlans(sql, uniqueReads(captured)) : [],
        }
        measured.push(result)
        console.log(
          `${label.padEnd(8)} ${entry.q.padEnd(16)} p50 ${result.p50.toFixed(1).padStart(6)} ms  p95 ${result.p95.toFixed(1).padStart(6)} ms  ${hits} hits`,
        )
      }
    }
    const wallSeconds = (performance.now() - started) / 1000
    await writeFile(resultsFile, report(measured, { seedSeconds, serverVersion, wallSeconds }))
    console.log(`Wrote ${resultsFile}`)
  })
}

/** Deterministic rows (no random()): names repeat with numbered last names, as the leads-list bench seeds them. */
async function seed(sql: pg.Client) {
  await sql.query(
    `INSERT INTO "User" (id, email, name, role, active, "createdAt", "updatedAt")
     SELECT 'benchrep' || lpad(i::text, 4, '0'), 'rep' || i || '@bench.example', 'Rep ' || i, 'SALES_REP'::"UserRole", true, now(), now()
     FROM generate_series(0, ${REPS - 1}) AS i
     UNION ALL SELECT 'benchmanager', 'manager@bench.example', 'Manager', 'SALES_MANAGER'::"UserRole", true, now(), now()`,
  )
  await sql.query(
    `INSERT INTO "Lead" (id, email, "firstName", "lastName", "companyName", source, "assignedToId", "createdAt", "updatedAt")
     SELECT 'benchlead' || lpad(i::text, 7, '0'), 'lead' || i || '@bench.example',
            (ARRAY['Ana','Ben','Carla','Dev','Elena','Femi','Gus','Hana','Ivan','Jo'])[1 + (i * 7) % 10],
            (ARRAY['Reyes','Smith','Nguyen','Garcia','Patel','Kim','Lopez','Brown','Ortiz','Cole','Diaz','Wu'])[1 + (i * 11) % 12] || (i % 500)::text,
            'Company ' || (i % 9000), 'REFERRAL',
            CASE WHEN i % 5 = 0 THEN NULL ELSE 'benchrep' || lpad(((i / 7) % ${REPS})::text, 4, '0') END,
            timestamptz '2026-11-22 12:00:00+00' - (i * interval '5 minutes'),
            timestamptz '2026-11-22 12:00:00+00' - (((i * 7919) % ${LEADS}) * interval '5 minutes')
     FROM generate_series(1, ${LEADS}) AS i`,
  )
  await sql.query(
    `INSERT INTO "Company" (id, name, website, industry, "employeeCount", "businessModel", source, "createdAt", "updatedAt")
     SELECT 'benchco' || lpad(i::text, 6, '0'), 'Company ' || i, 'https://company' || i || '.example',
            (enum_range(NULL::"Industry"))[1 + (i * 5) % 9], 'RANGE_10_25', 'SERVICE', 'REFERRAL', now(), now() - i * interval '1 minute'
     FROM generate_series(1, ${COMPANIES}) AS i`,
  )
  await sql.query(
    `INSERT INTO "Contact" (id, "companyId", "firstName", "lastName", email, "createdAt", "updatedAt")
     SELECT 'benchct' || lpad(i::text, 6, '0'), 'benchco' || lpad(i::text, 6, '0'),
            (ARRAY['Ana','Ben','Carla','Dev','Elena'])[1 + i % 5], 'Reyes' || (i % 700),
            'contact' || i || '@bench.example', now(), now() - i * interval '1 minute'
     FROM generate_series(1, ${COMPANIES}) AS i`,
  )
  await sql.query(
    `INSERT INTO "Opportunity" (id, "companyId", "primaryContactId", name, tier, stage, "setupFee", "totalContractValue",
       "ownerId", "createdAt", "updatedAt")
     SELECT 'benchdeal' || lpad(i::text, 6, '0'), 'benchco' || lpad(i::text, 6, '0'), 'benchct' || lpad(i::text, 6, '0'),
            'Company ' || i || ' — ' || (ARRAY['Discovery','Foundation','Architect'])[1 + i % 3],
            (ARRAY['DISCOVERY','FOUNDATION','ARCHITECT']::"Tier"[])[1 + i % 3],
            (ARRAY['NEW_LEAD','CONTACTED','DISCOVERY_CALL','PROPOSAL_SENT','NEGOTIATION','CLOSED_WON']::"PipelineStage"[])[1 + i % 6],
            9500, 20000,
            CASE WHEN i % 10 = 0 THEN NULL ELSE 'benchrep' || lpad(((i / 10) % ${REPS})::text, 4, '0') END,
            now(), now() - i * interval '1 minute'
     FROM generate_series(1, ${DEALS}) AS i`,
  )
  await sql.query(
    `INSERT INTO "Partnership" (id, "opportunityId", "companyId", tier, "startDate", "targetEndDate", "createdAt", "updatedAt")
     SELECT 'benchps' || lpad(i::text, 6, '0'), 'benchdeal' || lpad((i * 10)::text, 6, '0'), 'benchco' || lpad((i * 10)::text, 6, '0'),
            'FOUNDATION', now(), now() + interval '90 days', now(), now() - i * interval '1 minute'
     FROM generate_series(1, ${PARTNERSHIPS}) AS i`,
  )
  for (const table of ['User', 'Lead', 'Company', 'Contact', 'Opportunity', 'Partnership']) {
    await sql.query(`ANALYZE "${table}"`)
  }
}

function report(measured: Measured[], facts: { seedSeconds: number; serverVersion: string; wallSeconds: number }) {
  const lines = [
    '# Global search at 100,000 leads, 10,000 deals and 1,000 partnerships',
    '',
    `Written by \`npx tsx bench/global-search.bench.ts\` on ${new Date().toISOString()}.`,
    '',
    ...machineSection(
      facts.serverVersion,
      `${LEADS.toLocaleString('en-US')} leads, ${COMPANIES.toLocaleString('en-US')} companies and contacts, ${DEALS.toLocaleString('en-US')} deals, ${PARTNERSHIPS.toLocaleString('en-US')} partnerships; seeded in ${facts.seedSeconds.toFixed(1)} s; ${WARMUP} warm-up and ${RUNS} timed runs per case; whole run ${facts.wallSeconds.toFixed(0)} s`,
    ),
    "Each time is one call of `globalSearch` with the header box's limit (5 per kind): the five kinds' queries run",
    'in parallel through Prisma, as GET /api/search and the /search page run them. Goal (issue 12): under 100 ms.',
    '',
    '## Timings',
    '',
    '| Who | q | What it tests | Hits shown | p50 ms | p95 ms |',
    '|---|---|---|---:|---:|---:|',
    ...measured.map(
      (entry) =>
        `| ${entry.actor} | \`${entry.case.q}\` | ${entry.case.note} | ${entry.hits} | ${entry.p50.toFixed(1)} | ${entry.p95.toFixed(1)} |`,
    ),
    '',
    ...plansSection(
      measured
        .filter((entry) => entry.plans.length > 0)
        .map((entry) => ({ name: `manager: ${entry.case.q}`, plans: entry.plans })),
    ),
  ]
  return `${lines.join('\n')}\n`
}

await main()
