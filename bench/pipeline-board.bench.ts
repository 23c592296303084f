// The pipeline board at 10,000 open deals: seeds an embedded PostgreSQL, times the board as a manager sees it
// (with and without each filter) and as a Sales Rep sees it, through the page's own service
// (services/deals/pipeline-board.ts), and records p50/p95 and the EXPLAIN ANALYZE plan of each query in
// bench/results/pipeline-board.md. Run with `npm run bench:pipeline` (see bench/README.md). Goal: under 150 ms.
import { writeFile } from 'node:fs/promises'
import path from 'node:path'
import { performance } from 'node:perf_hooks'
import { fileURLToPath } from 'node:url'
import type pg from 'pg'
import type { Actor } from '../services/auth/actor'
import { pipelineBoard, type PipelineBoardFilters } from '../services/deals/pipeline-board'
import {
  explainPlans,
  machineSection,
  percentile,
  plansSection,
  uniqueReads,
  withQueryBenchDatabase,
  type QueryPlan,
} from './support/query-bench'

const DEALS = Number(process.env.BENCH_DEALS ?? 10_000)
const RUNS = Number(process.env.BENCH_RUNS ?? 15)
const WARMUP = 3
const REPS = 10
const COMPANIES = Math.max(1, Math.floor(DEALS / 2))
const resultsFile = fileURLToPath(new URL('./results/pipeline-board.md', import.meta.url))
// The board's "this month" and "time in stage" are measured against this instant, inside the seeded data's span.
const now = new Date('2026-11-20T12:00:00Z')

interface Case {
  name: string
  filters: PipelineBoardFilters
  viewer: 'manager' | 'rep'
}

const cases: Case[] = [
  { name: 'manager: everything', filters: {}, viewer: 'manager' },
  { name: 'manager: industry=HVAC', filters: { industry: 'HVAC' }, viewer: 'manager' },
  { name: 'manager: tier=FOUNDATION', filters: { tier: 'FOUNDATION' }, viewer: 'manager' },
  { name: 'manager: owner=<rep>', filters: { ownerId: 'benchrep0000' }, viewer: 'manager' },
  { name: 'manager: owner=unassigned', filters: { ownerId: 'unassigned' }, viewer: 'manager' },
  {
    name: 'manager: industry+tier+owner',
    filters: { industry: 'PLUMBING', tier: 'ARCHITECT', ownerId: 'benchrep0003' },
    viewer: 'manager',
  },
  { name: 'rep: own deals', filters: {}, viewer: 'rep' },
  { name: 'rep: own, tier=DISCOVERY', filters: { tier: 'DISCOVERY' }, viewer: 'rep' },
]

const manager: Actor = {
  kind: 'user',
  userId: 'benchmanager',
  email: 'manager@bench.example',
  name: 'Manager',
  role: 'SALES_MANAGER',
  sessionId: 'bench',
}
const rep: Actor = {
  kind: 'user',
  userId: 'benchrep0001',
  email: 'rep1@bench.example',
  name: 'Rep 1',
  role: 'SALES_REP',
  sessionId: 'bench',
}

interface Measured {
  case: Case
  deals: number
  cards: number
  p50: number
  p95: number
  queries: number
  plans: QueryPlan[]
}

async function main() {
  const started = performance.now()
  await withQueryBenchDatabase(async ({ sql, db, captured, serverVersion }) => {
    const seedStarted = performance.now()
    const rows = await seed(sql)
    const seedSeconds = (performance.now() - seedStarted) / 1000
    console.log(
      `Seeded ${DEALS.toLocaleString('en-US')} open deals (${rows} rows in all) in ${seedSeconds.toFixed(1)} s`,
    )
    const measured: Measured[] = []
    for (const entry of cases) {
      const actor = entry.viewer === 'rep' ? rep : manager
      for (let i = 0; i < WARMUP; i++) await pipelineBoard(db, actor, entry.filters, 'UTC', now)
      const times: number[] = []
      let last = { deals: 0, cards: 0 }
      let queries = 0
      for (let i = 0; i < RUNS; i++) {
        captured.length = 0
        const t0 = performance.now()
        const board = await pipelineBoard(db, actor, entry.filters, 'UTC', now)
        times.push(performance.now() - t0)
        queries = captured.length
        last = {
          deals: board.columns.reduce((sum, column) => sum + column.count, 0),
          cards: board.columns.reduce((sum, column) => sum + column.cards.length, 0),
        }
      }
      const result: Measured = {
        case: entry,
        ...last,
        p50: percentile(times, 50),
        p95: percentile(times, 95),
        queries,
        plans: await explainPlans(sql, uniqueReads(captured)),
      }
      measured.push(result)
      console.log(
        `${entry.name.padEnd(36)} p50 ${result.p50.toFixed(1).padStart(6)} ms  p95 ${result.p95.toFixed(1).padStart(6)} ms  ${last.deals} deals, ${last.cards} cards, ${queries} queries`,
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
 * 10,000 open deals spread over the five open stages, plus 10 % as many won (half of them this month) and lost,
 * over 5,000 companies in every industry, 90 % owned by ten reps; each deal's source lead with voice sessions and
 * ROI calculations for some, outbox messages and meetings for some. Deterministic (no random()).
 */
async function seed(sql: pg.Client): Promise<number> {
  const all = Math.floor(DEALS * 1.1)
  await sql.query(
    `INSERT INTO "User" (id, email, name, role, active, "createdAt", "updatedAt")
     SELECT 'benchrep' || lpad(i::text, 4, '0'), 'rep' || i || '@bench.example', 'Rep ' || i, 'SALES_REP'::"UserRole", true, now(), now()
     FROM generate_series(0, ${REPS - 1}) AS i
     UNION ALL SELECT 'benchmanager', 'manager@bench.example', 'Manager', 'SALES_MANAGER'::"UserRole", true, now(), now()`,
  )
  await sql.query(
    `INSERT INTO "Company" (id, name, industry, "employeeCount", "businessModel", source, "createdAt", "updatedAt")
     SELECT 'benchco' || lpad(i::text, 6, '0'), 'Company ' || i,
            (enum_range(NULL::"Industry"))[1 + (i * 5) % 9], 'RANGE_10_25', 'SERVICE', 'REFERRAL', now(), now()
     FROM generate_series(1, ${COMPANIES}) AS i`,
  )
  await sql.query(
    `INSERT INTO "Contact" (id, "companyId", "firstName", "lastName", email, "createdAt", "updatedAt")
     SELECT 'benchct' || lpad(i::text, 6, '0'), 'benchco' || lpad(i::text, 6, '0'), 'Ana', 'Reyes' || i,
            'contact' || i || '@bench.example', now(), now()
     FROM generate_series(1, ${COMPANIES}) AS i`,
  )
  // Deal i: stage by i (open for i <= DEALS, then won and lost), in its stage between 0 and 20 days.
  await sql.query(
    `INSERT INTO "Opportunity" (id, "companyId", "primaryContactId", name, tier, stage, "stageEnteredAt", "setupFee",
       "monthlyFee", "estimatedMonths", "totalContractValue", probability, "ownerId", "lastActivityAt", "nextStep",
       "nextStepAt", "createdAt", "updatedAt")
     SELECT 'benchdeal' || lpad(i::text, 6, '0'),
            'benchco' || lpad((1 + i % ${COMPANIES})::text, 6, '0'),
            'benchct' || lpad((1 + i % ${COMPANIES})::text, 6, '0'),
            'Deal ' || i,
            (ARRAY['DISCOVERY','FOUNDATION','ARCHITECT']::"Tier"[])[1 + i % 3],
            CASE WHEN i <= ${DEALS} THEN (ARRAY['NEW_LEAD','CONTACTED','DISCOVERY_CALL','PROPOSAL_SENT','NEGOTIATION']::"PipelineStage"[])[1 + (i * 7) % 5]
                 WHEN i % 2 = 0 THEN 'CLOSED_WON'::"PipelineStage" ELSE 'CLOSED_LOST'::"PipelineStage" END,
            timestamptz '2026-11-20 12:00:00+00' - ((i * 7919) % (20 * 24 * 60)) * interval '1 minute',
            (ARRAY[4000, 9500, 30000])[1 + i % 3], (ARRAY[0, 3500, 7500])[1 + i % 3], 12,
            (ARRAY[4000, 51500, 120000])[1 + i % 3], 5,
            CASE WHEN i % 10 = 0 THEN NULL ELSE 'benchrep' || lpad(((i / 10) % ${REPS})::text, 4, '0') END,
            timestamptz '2026-11-20 12:00:00+00' - ((i * 104729) % (30 * 24)) * interval '1 hour',
            'Follow up', timestamptz '2026-11-20 12:00:00+00' + (i % 72) * interval '1 hour',
            timestamptz '2026-10-01 00:00:00+00', now()
     FROM generate_series(1, ${all}) AS i`,
  )
  // Every other deal came from a lead; a third of those had a voice session, a quarter an ROI calculation.
  await sql.query(
    `INSERT INTO "Lead" (id, email, source, "convertedToOpportunityId", "createdAt", "updatedAt")
     SELECT 'benchlead' || lpad(i::text, 6, '0'), 'lead' || i || '@bench.example', 'VOICE_AGENT',
            'benchdeal' || lpad(i::text, 6, '0'), now(), now()
     FROM generate_series(2, ${all}, 2) AS i`,
  )
  await sql.query(
    `INSERT INTO "VoiceSession" (id, "externalSessionId", "startTime", "leadId", "createdAt", "updatedAt")
     SELECT 'benchvs' || lpad(i::text, 6, '0'), 'ext' || i, now(), 'benchlead' || lpad(i::text, 6, '0'), now(), now()
     FROM generate_series(6, ${all}, 6) AS i`,
  )
  await sql.query(
    `INSERT INTO "ROICalculation" (id, industry, "employeeCount", "hourlyRate", "weeklyAdminHours", calculations, "leadId")
     SELECT 'benchroi' || lpad(i::text, 6, '0'), 'HVAC', 'RANGE_10_25', 45, 20, '{}'::jsonb,
            'benchlead' || lpad(i::text, 6, '0')
     FROM generate_series(4, ${all}, 8) AS i`,
  )
  // Three emails for a third of the deals; a meeting ahead for a fifth.
  await sql.query(
    `INSERT INTO "OutboxMessage" (id, "idempotencyKey", channel, status, "opportunityId", "toAddress", "fromAddress",
       "bodyText", template, "messageId", "createdAt", "updatedAt")
     SELECT 'benchmail' || i || '-' || n, 'bench-' || i || '-' || n, 'EMAIL', 'SENT', 'benchdeal' || lpad(i::text, 6, '0'),
            'to@bench.example', 'from@bench.example', 'Hello', 'deal-email', '<' || i || '-' || n || '@bench>', now(), now()
     FROM generate_series(3, ${all}, 3) AS i, generate_series(1, 3) AS n`,
  )
  await sql.query(
    `INSERT INTO "Activity" (id, "opportunityId", type, subject, "scheduledAt", "createdAt")
     SELECT 'benchact' || lpad(i::text, 6, '0'), 'benchdeal' || lpad(i::text, 6, '0'), 'MEETING', 'Discovery call',
            timestamptz '2026-11-20 12:00:00+00' + (i % 10) * interval '1 day', now()
     FROM generate_series(5, ${all}, 5) AS i`,
  )
  for (const table of [
    'User',
    'Company',
    'Contact',
    'Opportunity',
    'Lead',
    'VoiceSession',
    'ROICalculation',
    'OutboxMessage',
    'Activity',
  ]) {
    await sql.query(`ANALYZE "${table}"`)
  }
  const counted = await sql.query(
    `SELECT (SELECT count(*) FROM "Opportunity") + (SELECT count(*) FROM "Lead") + (SELECT count(*) FROM "OutboxMessage")
            + (SELECT count(*) FROM "Activity") AS n`,
  )
  return Number(counted.rows[0]?.n ?? 0)
}

function report(
  measured: Measured[],
  facts: { seedSeconds: number; serverVersion: string; wallSeconds: number },
): string {
  const lines = [
    `# Pipeline board at ${DEALS.toLocaleString('en-US')} open deals`,
    '',
    `Written by \`npm run bench:pipeline\` (bench/pipeline-board.bench.ts) on ${new Date().toISOString()}. Goal: under 150 ms.`,
    '',
    ...machineSection(
      facts.serverVersion,
      `${DEALS.toLocaleString('en-US')} open deals (+${Math.floor(DEALS * 0.1).toLocaleString('en-US')} won or lost), ${COMPANIES.toLocaleString('en-US')} companies, ${REPS} reps; seeded in ${facts.seedSeconds.toFixed(1)} s; ${WARMUP} warm-up and ${RUNS} timed runs per case; whole run ${facts.wallSeconds.toFixed(0)} s`,
    ),
    'Each time is one call of `pipelineBoard` (services/deals/pipeline-board.ts) as the page makes it: one SQL',
    'statement ranks every matching deal within its stage (window count and sum are the column figures), keeps the',
    'first 50 of each stage and joins what their icons need, through Prisma with its pg adapter. "Queries" is how',
    'many SQL statements were sent for one board. The machine',
    'was shared with other jobs (see the load average), so absolute times are inflated; the plans show what each',
    'query does.',
    '',
    '## Timings',
    '',
    '| Case | Deals on the board | Cards shown | Queries | p50 ms | p95 ms |',
    '|---|---:|---:|---:|---:|---:|',
    ...measured.map(
      (entry) =>
        `| ${entry.case.name} | ${entry.deals.toLocaleString('en-US')} | ${entry.cards} | ${entry.queries} | ${entry.p50.toFixed(1)} | ${entry.p95.toFixed(1)} |`,
    ),
    '',
    ...plansSection(measured.map((entry) => ({ name: entry.case.name, plans: entry.plans }))),
  ]
  return `${lines.join('\n')}\n`
}

await main()
