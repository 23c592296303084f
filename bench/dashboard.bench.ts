// The home dashboard and the Reports page at 100,000 leads, 10,000 deals and 1,000 partnerships (issue 12: the
// dashboard under 300 ms on the server): seeds an embedded PostgreSQL with the recorded history the figures are
// computed from, times the very functions the loaders call (services/analytics), and records p50/p95 and the
// EXPLAIN ANALYZE plan of each query in bench/results/dashboard.md. Run with `npx tsx bench/dashboard.bench.ts`.
import { writeFile } from 'node:fs/promises'
import path from 'node:path'
import { performance } from 'node:perf_hooks'
import { fileURLToPath } from 'node:url'
import type pg from 'pg'
import { reportPeriod } from '../domain/analytics/report-period'
import { everything, type AnalyticsScope } from '../services/analytics/analytics-scope'
import { executiveReport } from '../services/analytics/executive-report'
import { homeDashboard } from '../services/analytics/home-dashboard'
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
const RUNS = Number(process.env.BENCH_RUNS ?? 15)
const WARMUP = 3
const REPS = 10
const NOW = Date.parse('2026-11-22T12:00:00Z')
/** The reader's zone: a US agency's, with a change of clocks inside the twelve months. */
const zone = process.env.BENCH_ZONE ?? 'America/Chicago'
const resultsFile = fileURLToPath(new URL('./results/dashboard.md', import.meta.url))

interface Case {
  name: string
  run: (db: Parameters<typeof homeDashboard>[0]) => Promise<unknown>
}

interface Measured {
  name: string
  p50: number
  p95: number
  plans: QueryPlan[]
}

async function main() {
  const started = performance.now()
  await withQueryBenchDatabase(async ({ sql, db, captured, serverVersion }) => {
    const seedStarted = performance.now()
    const counts = await seed(sql)
    const seedSeconds = (performance.now() - seedStarted) / 1000
    console.log(`Seeded ${JSON.stringify(counts)} in ${seedSeconds.toFixed(1)} s`)
    const rep: AnalyticsScope = { ownerId: 'benchrep0001', full: false }
    const cases: Case[] = [
      {
        name: 'home dashboard, Sales Manager (all records)',
        run: (d) => homeDashboard(d, { userId: 'benchrep0000' }, everything, NOW, zone),
      },
      {
        name: 'home dashboard, Sales Rep (own records)',
        run: (d) => homeDashboard(d, { userId: 'benchrep0001' }, rep, NOW, zone),
      },
      {
        name: 'Reports, one month (all records)',
        run: (d) => executiveReport(d, everything, reportPeriod('2026-11', 1, zone), NOW),
      },
      {
        name: 'Reports, twelve months (all records)',
        run: (d) => executiveReport(d, everything, reportPeriod('2025-12', 12, zone), NOW),
      },
      {
        name: 'Reports, one month, Sales Rep',
        run: (d) => executiveReport(d, rep, reportPeriod('2026-11', 1, zone), NOW),
      },
    ]
    const measured: Measured[] = []
    for (const entry of cases) {
      for (let i = 0; i < WARMUP; i++) await entry.run(db)
      captured.length = 0
      const times: number[] = []
      for (let i = 0; i < RUNS; i++) {
        const t0 = performance.now()
        await entry.run(db)
        times.push(performance.now() - t0)
      }
      const result = {
        name: entry.name,
        p50: percentile(times, 50),
        p95: percentile(times, 95),
        plans: await explainPlans(sql, uniqueReads(captured)),
      }
      measured.push(result)
      console.log(
        `${entry.name.padEnd(48)} p50 ${result.p50.toFixed(1).padStart(7)} ms  p95 ${result.p95.toFixed(1).padStart(7)} ms`,
      )
    }
    await writeFile(
      resultsFile,
      report(measured, counts, { seedSeconds, serverVersion, wallSeconds: (performance.now() - started) / 1000 }),
    )
    console.log(`Wrote ${path.relative(process.cwd(), resultsFile)}`)
  })
}

/** Deterministic (no random()): leads over a year, deals with their stage history, partnerships with statuses and payments. */
async function seed(sql: pg.Client): Promise<Record<string, number>> {
  for (let i = 0; i < REPS; i++) {
    await sql.query(
      `INSERT INTO "User" (id, email, name, role, active, "createdAt", "updatedAt") VALUES ($1, $2, $3, 'SALES_REP', true, now(), now())`,
      [`benchrep${String(i).padStart(4, '0')}`, `rep${i}@bench.example`, `Rep ${i}`],
    )
  }
  const now = `timestamp '2026-11-22 12:00:00'`
  await sql.query(`
    INSERT INTO "Company" (id, name, industry, "employeeCount", "businessModel", source, "updatedAt")
    SELECT 'benchco' || i, 'Company ' || i, (enum_range(NULL::"Industry"))[1 + i % 9], 'RANGE_10_25', 'SERVICE', 'REFERRAL', ${now}
    FROM generate_series(1, 1000) AS i`)
  await sql.query(`
    INSERT INTO "Contact" (id, "companyId", "firstName", "lastName", email, "updatedAt")
    SELECT 'benchct' || i, 'benchco' || i, 'Ana', 'Ruiz' || i, 'contact' || i || '@bench.example', ${now}
    FROM generate_series(1, 1000) AS i`)
  // Deals: every 4th won, every 10th (+1) lost, the rest open across the five open stages; created over a year.
  await sql.query(`
    INSERT INTO "Opportunity" (id, "companyId", "primaryContactId", name, tier, stage, "stageEnteredAt", "setupFee",
      "totalContractValue", probability, "expectedCloseDate", "lostReason", "ownerId", "createdAt", "updatedAt")
    SELECT 'benchdeal' || i, 'benchco' || (1 + i % 1000), 'benchct' || (1 + i % 1000), 'Deal ' || i,
           (enum_range(NULL::"Tier"))[1 + i % 3], s.stage, c.created + interval '20 days', 5000 + (i % 7) * 5000,
           5000 + (i % 7) * 5000, 30, ${now} + ((i % 150) * interval '1 day'),
           CASE WHEN s.stage = 'CLOSED_LOST' THEN (ARRAY['Budget','Timing','Competitor'])[1 + i % 3] END,
           'benchrep' || lpad((i % ${REPS})::text, 4, '0'), c.created, ${now}
    FROM generate_series(1, ${DEALS}) AS i,
         LATERAL (SELECT ${now} - ((i * 3157)::bigint % 31536000) * interval '1 second' AS created) c,
         LATERAL (SELECT CASE WHEN i % 4 = 0 THEN 'CLOSED_WON' WHEN i % 10 = 1 THEN 'CLOSED_LOST'
                              ELSE (ARRAY['NEW_LEAD','CONTACTED','DISCOVERY_CALL','PROPOSAL_SENT','NEGOTIATION'])[1 + i % 5] END::"PipelineStage" AS stage) s`)
  await sql.query(`
    INSERT INTO "DealStageTransition" (id, "opportunityId", "fromStage", "toStage", "enteredAt", "exitedAt", "idempotencyKey")
    SELECT o.id || '/0', o.id, NULL, 'NEW_LEAD', o."createdAt", CASE WHEN o.stage <> 'NEW_LEAD' THEN o."stageEnteredAt" END, o.id || '/0'
    FROM "Opportunity" o`)
  await sql.query(`
    INSERT INTO "DealStageTransition" (id, "opportunityId", "fromStage", "toStage", "enteredAt", "idempotencyKey")
    SELECT o.id || '/1', o.id, 'NEW_LEAD', o.stage, o."stageEnteredAt", o.id || '/1'
    FROM "Opportunity" o WHERE o.stage <> 'NEW_LEAD'`)
  await sql.query(`
    INSERT INTO "Lead" (id, email, "companyName", source, industry, status, "qualificationStage", "marketingQualifiedAt",
      "salesQualifiedAt", "convertedToOpportunityId", "assignedToId", "createdAt", "updatedAt")
    SELECT 'benchlead' || i, 'lead' || i || '@bench.example', 'Company ' || (i % 9000),
           (enum_range(NULL::"LeadSource"))[1 + (i * 7) % 9], (enum_range(NULL::"Industry"))[1 + (i * 5) % 9],
           CASE WHEN i <= ${DEALS} AND i % 3 = 0 THEN 'CONVERTED' ELSE 'NEW' END::"LeadStatus",
           CASE WHEN i % 10 < 2 THEN 'SQL' WHEN i % 10 < 5 THEN 'MQL' ELSE 'NONE' END::"QualificationStage",
           CASE WHEN i % 10 < 5 THEN c.created + interval '1 day' END,
           CASE WHEN i % 10 < 2 THEN c.created + interval '3 days' END,
           CASE WHEN i <= ${DEALS} AND i % 3 = 0 THEN 'benchdeal' || i END,
           CASE WHEN i % 5 = 0 THEN NULL ELSE 'benchrep' || lpad(((i / 7) % ${REPS})::text, 4, '0') END,
           c.created, ${now}
    FROM generate_series(1, ${LEADS}) AS i,
         LATERAL (SELECT ${now} - ((i * 315)::bigint * interval '1 second') AS created) c`)
  // 1,000 partnerships from the first won deals; statuses as recorded; twelve monthly payments each.
  await sql.query(`
    INSERT INTO "Partnership" (id, "opportunityId", "companyId", tier, "startDate", "targetEndDate", status, "monthlyFee",
      "healthScore", "referralsMade", "testimonialProvided", "createdAt", "updatedAt")
    SELECT 'benchpart' || o.n, o.id, o."companyId", o.tier, o."stageEnteredAt", o."stageEnteredAt" + interval '1 year',
           (ARRAY['ACTIVE','ACTIVE','ACTIVE','ONBOARDING','COMPLETING','PAUSED','GRADUATED','CHURNED'])[1 + o.n % 8]::"PartnershipStatus",
           1000 + (o.n % 5) * 1000, 30 + (o.n * 7) % 70, o.n % 3, o.n % 4 = 0, o."stageEnteredAt", ${now}
    FROM (SELECT id, "companyId", tier, "stageEnteredAt", row_number() OVER (ORDER BY id) AS n
          FROM "Opportunity" WHERE stage = 'CLOSED_WON' ORDER BY id LIMIT 1000) o`)
  await sql.query(`
    INSERT INTO "PartnershipStatusChange" (id, "partnershipId", "fromStatus", "toStatus", at, "idempotencyKey")
    SELECT p.id || '/0', p.id, NULL, 'ACTIVE', p."startDate", p.id || '/0' FROM "Partnership" p`)
  await sql.query(`
    INSERT INTO "PartnershipStatusChange" (id, "partnershipId", "fromStatus", "toStatus", at, "idempotencyKey")
    SELECT p.id || '/1', p.id, 'ACTIVE', p.status, LEAST(p."startDate" + interval '60 days', ${now}), p.id || '/1'
    FROM "Partnership" p WHERE p.status <> 'ACTIVE'`)
  await sql.query(`
    INSERT INTO "Payment" (id, "partnershipId", type, amount, "dueDate", "paidDate", status, "idempotencyKey", "updatedAt")
    SELECT p.id || '/m' || m, p.id, 'MONTHLY', p."monthlyFee", p."startDate" + m * interval '1 month',
           CASE WHEN p."startDate" + m * interval '1 month' < ${now} THEN p."startDate" + m * interval '1 month' END,
           CASE WHEN p."startDate" + m * interval '1 month' < ${now} THEN 'PAID' ELSE 'PENDING' END::"PaymentStatus",
           p.id || '/m' || m, ${now}
    FROM "Partnership" p, generate_series(0, 11) AS m`)
  await sql.query(`
    INSERT INTO "VoiceSession" (id, "externalSessionId", "leadId", "startTime", "endedAt", duration, language,
      "totalQuestions", topics, outcome, "updatedAt")
    SELECT 'benchvs' || i, 'vs-' || i, CASE WHEN i % 3 = 0 THEN 'benchlead' || (i * 13 % ${LEADS} + 1) END,
           ${now} - (i * 2113)::bigint * interval '1 second', ${now} - (i * 2113)::bigint * interval '1 second' + interval '3 minutes',
           60 + i % 240, CASE WHEN i % 4 = 0 THEN 'ES' ELSE 'EN' END::"Language", i % 6,
           ARRAY[(ARRAY['pricing','roi','timeline','integrations'])[1 + i % 4]],
           (enum_range(NULL::"VoiceOutcome"))[1 + i % 4], ${now}
    FROM generate_series(1, 15000) AS i`)
  await sql.query(`
    INSERT INTO "Activity" (id, type, subject, "leadId", "opportunityId", "userId", "scheduledAt", "completedAt", "createdAt")
    SELECT 'benchact' || i, (ARRAY['CALL','EMAIL','NOTE','TASK'])[1 + i % 4]::"ActivityType", 'Activity ' || i,
           'benchlead' || (1 + i % ${LEADS}), 'benchdeal' || (1 + i % ${DEALS}), 'benchrep' || lpad((i % ${REPS})::text, 4, '0'),
           CASE WHEN i % 4 = 3 THEN ${now} + (i % 72 - 36) * interval '1 hour' END,
           CASE WHEN i % 4 <> 3 OR i % 8 = 7 THEN ${now} - i * interval '1 minute' END,
           ${now} - i * interval '1 minute'
    FROM generate_series(1, 50000) AS i`)
  await sql.query('ANALYZE')
  const count = async (table: string) =>
    Number((await sql.query(`SELECT count(*) AS n FROM "${table}"`)).rows[0]?.n as string)
  const tables = [
    'Lead',
    'Opportunity',
    'DealStageTransition',
    'Partnership',
    'PartnershipStatusChange',
    'Payment',
    'VoiceSession',
    'Activity',
  ]
  const counts: Record<string, number> = {}
  for (const table of tables) counts[table] = await count(table)
  return counts
}

function report(
  measured: Measured[],
  counts: Record<string, number>,
  facts: { seedSeconds: number; serverVersion: string; wallSeconds: number },
): string {
  const lines = [
    '# Dashboard and Reports at 100,000 leads, 10,000 deals, 1,000 partnerships',
    '',
    `Written by \`npx tsx bench/dashboard.bench.ts\` on ${new Date().toISOString()}.`,
    '',
    ...machineSection(
      facts.serverVersion,
      `${Object.entries(counts)
        .map(([table, n]) => `${n.toLocaleString('en-US')} ${table}`)
        .join(
          ', ',
        )}; seeded in ${facts.seedSeconds.toFixed(1)} s; ${WARMUP} warm-up and ${RUNS} timed runs per case; whole run ${facts.wallSeconds.toFixed(0)} s`,
    ),
    'Each time is one call of the function the page loader calls (`homeDashboard` for `/`, `executiveReport` for',
    '`/reports`), through Prisma with its pg adapter, its queries running concurrently as the loader runs them, read',
    `in ${zone} (the reader's zone: decision 0057). The goal (issue 12) is the dashboard under 300 ms on the server.`,
    'The machine may be shared with other jobs (see the load average); the plans show what each query does.',
    '',
    '## Timings',
    '',
    '| Case | p50 ms | p95 ms |',
    '|---|---:|---:|',
    ...measured.map((entry) => `| ${entry.name} | ${entry.p50.toFixed(1)} | ${entry.p95.toFixed(1)} |`),
    '',
    ...plansSection(measured.map((entry) => ({ name: entry.name, plans: entry.plans }))),
  ]
  return `${lines.join('\n')}\n`
}

await main()
