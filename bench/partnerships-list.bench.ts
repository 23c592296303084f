// The partnerships list at 2,000 partnerships (far past an agency's hundreds): seeds an embedded PostgreSQL, times
// the list through the page's own service (services/partnerships/partnerships-list.ts) with each filter, and
// records p50/p95 and the EXPLAIN ANALYZE plan in bench/results/partnerships-list.md. Run with
// `npx tsx bench/partnerships-list.bench.ts` (decision 0036). Goal: under 100 ms.
import { writeFile } from 'node:fs/promises'
import path from 'node:path'
import { performance } from 'node:perf_hooks'
import { fileURLToPath } from 'node:url'
import type pg from 'pg'
import { defaultPartnershipListQuery, type PartnershipListQuery } from '../domain/partnerships/partnership-list-query'
import { listPartnerships } from '../services/partnerships/partnerships-list'
import {
  explainPlans,
  machineSection,
  percentile,
  plansSection,
  uniqueReads,
  withQueryBenchDatabase,
  type QueryPlan,
} from './support/query-bench'

const PARTNERSHIPS = Number(process.env.BENCH_PARTNERSHIPS ?? 2_000)
const RUNS = Number(process.env.BENCH_RUNS ?? 15)
const WARMUP = 3
const MANAGERS = 8
const resultsFile = fileURLToPath(new URL('./results/partnerships-list.md', import.meta.url))
const now = new Date('2026-11-20T12:00:00Z')
const viewer = 'benchcs0001'

const cases: { name: string; query: Partial<PartnershipListQuery> }[] = [
  { name: 'running, by next milestone', query: {} },
  { name: 'health=at-risk', query: { health: 'at-risk' } },
  { name: 'overdue=any', query: { overdue: 'any' } },
  { name: 'overdue=payments', query: { overdue: 'payments' } },
  { name: 'mine only, by health', query: { mineOnly: true, sort: 'health' } },
  { name: 'all statuses, by company', query: { status: 'all', sort: 'company' } },
]

interface Measured {
  name: string
  rows: number
  p50: number
  p95: number
  queries: number
  plans: QueryPlan[]
}

async function main() {
  const started = performance.now()
  await withQueryBenchDatabase(async ({ sql, db, captured, serverVersion }) => {
    const seedStarted = performance.now()
    await seed(sql)
    const seedSeconds = (performance.now() - seedStarted) / 1000
    console.log(`Seeded ${PARTNERSHIPS} partnerships in ${seedSeconds.toFixed(1)} s`)
    const measured: Measured[] = []
    for (const entry of cases) {
      const query = { ...defaultPartnershipListQuery, ...entry.query }
      for (let i = 0; i < WARMUP; i++) await listPartnerships(db, query, viewer, now)
      const times: number[] = []
      let rows = 0
      let queries = 0
      for (let i = 0; i < RUNS; i++) {
        captured.length = 0
        const t0 = performance.now()
        rows = (await listPartnerships(db, query, viewer, now)).length
        times.push(performance.now() - t0)
        queries = captured.length
      }
      const result = {
        name: entry.name,
        rows,
        p50: percentile(times, 50),
        p95: percentile(times, 95),
        queries,
        plans: await explainPlans(sql, uniqueReads(captured)),
      }
      measured.push(result)
      console.log(
        `${entry.name.padEnd(32)} p50 ${result.p50.toFixed(1)} ms  p95 ${result.p95.toFixed(1)} ms  ${rows} rows`,
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
 * Foundation partnerships started 0–20 weeks before `now`, 10 % ended; three milestones each (weeks 4, 8, 12),
 * the passed ones done for two in three; a setup fee and three monthly fees, the passed ones paid for four in five;
 * health spread over 0–100. Deterministic (no random()).
 */
async function seed(sql: pg.Client) {
  const start = `(timestamptz '2026-11-20 12:00:00+00' - ((i * 7919) % 140) * interval '1 day')`
  await sql.query(
    `INSERT INTO "User" (id, email, name, role, active, "createdAt", "updatedAt")
     SELECT 'benchcs' || lpad(i::text, 4, '0'), 'cs' || i || '@bench.example', 'CS ' || i, 'CUSTOMER_SUCCESS'::"UserRole", true, now(), now()
     FROM generate_series(0, ${MANAGERS - 1}) AS i`,
  )
  await sql.query(
    `INSERT INTO "Company" (id, name, industry, "employeeCount", "businessModel", source, "createdAt", "updatedAt")
     SELECT 'benchco' || lpad(i::text, 6, '0'), 'Company ' || i, 'HVAC', 'RANGE_10_25', 'SERVICE', 'REFERRAL', now(), now()
     FROM generate_series(1, ${PARTNERSHIPS}) AS i`,
  )
  await sql.query(
    `INSERT INTO "Contact" (id, "companyId", "firstName", "lastName", email, "createdAt", "updatedAt")
     SELECT 'benchct' || lpad(i::text, 6, '0'), 'benchco' || lpad(i::text, 6, '0'), 'Ana', 'Reyes' || i,
            'contact' || i || '@bench.example', now(), now()
     FROM generate_series(1, ${PARTNERSHIPS}) AS i`,
  )
  await sql.query(
    `INSERT INTO "Opportunity" (id, "companyId", "primaryContactId", name, tier, stage, "setupFee", "monthlyFee", "estimatedMonths",
       "totalContractValue", probability, "createdAt", "updatedAt")
     SELECT 'benchdeal' || lpad(i::text, 6, '0'), 'benchco' || lpad(i::text, 6, '0'),
            'benchct' || lpad(i::text, 6, '0'), 'Deal ' || i, 'FOUNDATION',
            'CLOSED_WON', 9500, 3500, 3, 20000, 100, now(), now()
     FROM generate_series(1, ${PARTNERSHIPS}) AS i`,
  )
  await sql.query(
    `INSERT INTO "Partnership" (id, "opportunityId", "companyId", tier, "startDate", "targetEndDate", status,
       "currentPhase", "healthScore", "atRisk", "ownerId", "createdAt", "updatedAt")
     SELECT 'benchp' || lpad(i::text, 6, '0'), 'benchdeal' || lpad(i::text, 6, '0'), 'benchco' || lpad(i::text, 6, '0'),
            'FOUNDATION', ${start}, ${start} + interval '84 days',
            CASE WHEN i % 10 = 0 THEN 'GRADUATED'::"PartnershipStatus" ELSE 'ACTIVE'::"PartnershipStatus" END,
            (enum_range(NULL::"Phase"))[1 + i % 5], (i * 37) % 101, (i * 37) % 101 < 50,
            CASE WHEN i % 12 = 0 THEN NULL ELSE 'benchcs' || lpad((i % ${MANAGERS})::text, 4, '0') END, now(), now()
     FROM generate_series(1, ${PARTNERSHIPS}) AS i`,
  )
  await sql.query(
    `INSERT INTO "PartnershipMilestone" (id, "partnershipId", key, label, week, "plannedAt", "dueAt", "completedAt")
     SELECT 'benchm' || i || '-' || w, 'benchp' || lpad(i::text, 6, '0'), 'week-' || w, 'System ' || (w / 4), w,
            ${start} + w * interval '7 days', ${start} + w * interval '7 days',
            CASE WHEN ${start} + w * interval '7 days' < timestamptz '2026-11-20 12:00:00+00' AND i % 3 <> 0
                 THEN ${start} + w * interval '7 days' END
     FROM generate_series(1, ${PARTNERSHIPS}) AS i, unnest(ARRAY[4, 8, 12]) AS w`,
  )
  await sql.query(
    `INSERT INTO "Payment" (id, "partnershipId", type, amount, "dueDate", "paidDate", status, "createdAt", "updatedAt")
     SELECT 'benchpay' || i || '-' || n, 'benchp' || lpad(i::text, 6, '0'),
            CASE WHEN n = 0 THEN 'SETUP'::"PaymentType" ELSE 'MONTHLY'::"PaymentType" END,
            CASE WHEN n = 0 THEN 9500 ELSE 3500 END, ${start} + n * interval '30 days',
            CASE WHEN ${start} + n * interval '30 days' < timestamptz '2026-11-20 12:00:00+00' AND i % 5 <> 0
                 THEN ${start} + n * interval '30 days' END,
            CASE WHEN ${start} + n * interval '30 days' < timestamptz '2026-11-20 12:00:00+00' AND i % 5 <> 0
                 THEN 'PAID'::"PaymentStatus" ELSE 'PENDING'::"PaymentStatus" END, now(), now()
     FROM generate_series(1, ${PARTNERSHIPS}) AS i, generate_series(0, 3) AS n`,
  )
  for (const table of ['User', 'Company', 'Opportunity', 'Partnership', 'PartnershipMilestone', 'Payment']) {
    await sql.query(`ANALYZE "${table}"`)
  }
}

function report(measured: Measured[], facts: { seedSeconds: number; serverVersion: string; wallSeconds: number }) {
  const lines = [
    `# Partnerships list at ${PARTNERSHIPS.toLocaleString('en-US')} partnerships`,
    '',
    `Written by \`npx tsx bench/partnerships-list.bench.ts\` on ${new Date().toISOString()}. Goal: under 100 ms.`,
    '',
    ...machineSection(
      facts.serverVersion,
      `${PARTNERSHIPS} Foundation partnerships (3 milestones and 4 payments each), ${MANAGERS} CS managers; seeded in ${facts.seedSeconds.toFixed(1)} s; ${WARMUP} warm-up and ${RUNS} timed runs per case; whole run ${facts.wallSeconds.toFixed(0)} s`,
    ),
    'Each time is one call of `listPartnerships` as the page makes it (one SQL statement, at most 500 rows). The',
    'machine was shared with other jobs, so absolute times are inflated; the plans show what the query does.',
    '',
    '## Timings',
    '',
    '| Case | Rows | Queries | p50 ms | p95 ms |',
    '|---|---:|---:|---:|---:|',
    ...measured.map(
      (entry) =>
        `| ${entry.name} | ${entry.rows} | ${entry.queries} | ${entry.p50.toFixed(1)} | ${entry.p95.toFixed(1)} |`,
    ),
    '',
    ...plansSection(measured.map((entry) => ({ name: entry.name, plans: entry.plans }))),
  ]
  return `${lines.join('\n')}\n`
}

await main()
