// A burst of N leads acknowledged end to end, side by side with the minimal durable pipeline (one workflow per lead
// whose one activity sends the email) and with raw pooled nodemailer alone, all to the same SMTP sink in one run.
// Writes bench/results/burst.md. Run with `npm run bench:burst` (BENCH_LEADS=N, default 1,000; the goal is 10,000).
import { randomUUID } from 'node:crypto'
import { writeFile } from 'node:fs/promises'
import os from 'node:os'
import { performance } from 'node:perf_hooks'
import { fileURLToPath } from 'node:url'
import { Worker } from '@temporalio/worker'
import { PrismaPg } from '@prisma/adapter-pg'
import { PrismaClient } from '../prisma/generated/client'
import { createSmtpMailDriver } from '../lib/mail-driver'
import { leadWorkflowOf, leadWorkflowTargetSelect } from '../services/leads/lead-workflow'
import { entityWorkflowStartOptions } from '../services/workflows/entity-workflow-client'
import { leadWorkflowId } from '../workflows/lead-messages'
import { createCrmWorker, workerSizingOptions } from '../workers/create-worker'
import { createMinimalActivities } from './minimal-pipeline/activities'
import { benchActivityDependencies, inParallel, machineFacts, startBenchStack } from './support/bench-stack'

const LEADS = Number(process.env.BENCH_LEADS ?? 1_000)
const CLIENT_CONCURRENCY = 16
const resultsFile = fileURLToPath(new URL(`./results/${process.env.BENCH_RESULTS_FILE ?? 'burst.md'}`, import.meta.url))
const timeoutMs = 60 * 60_000
// Tuning knobs for the engine arm only (unset: the shipped defaults of lib/config.ts and a 10-connection pg pool).
const ENGINE_ACTIVITIES = process.env.BENCH_ENGINE_ACTIVITIES ? Number(process.env.BENCH_ENGINE_ACTIVITIES) : undefined
const ENGINE_WORKFLOW_TASKS = process.env.BENCH_ENGINE_WORKFLOW_TASKS
  ? Number(process.env.BENCH_ENGINE_WORKFLOW_TASKS)
  : undefined
const ENGINE_TARGET_CPU = process.env.WORKER_TARGET_CPU ? Number(process.env.WORKER_TARGET_CPU) : undefined
const ENGINE_DB_POOL = process.env.BENCH_ENGINE_DB_POOL ? Number(process.env.BENCH_ENGINE_DB_POOL) : undefined

async function main() {
  const began = performance.now()
  const stack = await startBenchStack()
  const mail = createSmtpMailDriver(stack.smtp.url)
  const dependencies = benchActivityDependencies(stack.db, mail)
  const results: { arm: string; seconds: number; perSecond: number }[] = []
  const timed = async (arm: string, work: () => Promise<void>) => {
    const load = os.loadavg()[0]!
    const startedAt = performance.now()
    await work()
    const seconds = (performance.now() - startedAt) / 1000
    results.push({ arm, seconds, perSecond: LEADS / seconds })
    console.log(`${arm}: ${seconds.toFixed(1)} s (load ${load.toFixed(1)} at start)`)
  }

  // 1. Raw pooled nodemailer alone.
  await timed('raw pooled nodemailer', async () => {
    const before = stack.smtp.accepted
    await inParallel(
      Array.from({ length: LEADS }, (_, index) => index),
      CLIENT_CONCURRENCY,
      (index) =>
        mail.send({
          from: 'Bench <bench@crm.test>',
          to: `raw-${index}@bench.example`,
          subject: 'Thanks for reaching out',
          text: 'We received your request and will be in touch.',
          messageId: `<raw-${index}-${randomUUID()}@bench>`,
        }),
    )
    await stack.smtp.waitFor(before + LEADS, timeoutMs)
  })

  // 2. The minimal durable pipeline: one trivial workflow per lead, its one activity sends the email.
  const minimalQueue = `bench-minimal-${randomUUID()}`
  const minimalWorker = await Worker.create({
    connection: stack.workerConnection,
    namespace: stack.namespace,
    taskQueue: minimalQueue,
    workflowsPath: fileURLToPath(new URL('./minimal-pipeline/workflows.ts', import.meta.url)),
    activities: createMinimalActivities(mail),
    ...workerSizingOptions(),
  })
  await minimalWorker.runUntil(
    timed('minimal durable pipeline', async () => {
      const before = stack.smtp.accepted
      await inParallel(
        Array.from({ length: LEADS }, (_, index) => index),
        CLIENT_CONCURRENCY,
        (index) =>
          stack.client.workflow.start('minimalEmailWorkflow', {
            taskQueue: minimalQueue,
            workflowId: `minimal-${index}-${randomUUID()}`,
            args: [`minimal-${index}@bench.example`],
          }),
      )
      await stack.smtp.waitFor(before + LEADS, timeoutMs)
    }),
  )

  // 3. The engine: each lead inserted and its lead workflow started (what capturing a lead does), acknowledged by
  // the lead workflow's acknowledgement email.
  const engineQueue = `bench-engine-${randomUUID()}`
  const engineDb = ENGINE_DB_POOL
    ? new PrismaClient({ adapter: new PrismaPg({ connectionString: stack.databaseUrl, max: ENGINE_DB_POOL }) })
    : stack.db
  const engineSizingInput = {
    ...(ENGINE_ACTIVITIES ? { WORKER_MAX_CONCURRENT_ACTIVITIES: ENGINE_ACTIVITIES } : {}),
    ...(ENGINE_WORKFLOW_TASKS ? { WORKER_MAX_CONCURRENT_WORKFLOW_TASKS: ENGINE_WORKFLOW_TASKS } : {}),
    ...(ENGINE_TARGET_CPU ? { WORKER_TARGET_CPU: ENGINE_TARGET_CPU } : {}),
  }
  const engineWorker = await createCrmWorker({
    connection: stack.workerConnection,
    namespace: stack.namespace,
    taskQueue: engineQueue,
    dependencies: ENGINE_DB_POOL ? benchActivityDependencies(engineDb, mail) : dependencies,
    sizing: engineSizingInput,
  })
  const engineSizing = workerSizingOptions(engineSizingInput)
  let sqlPerLead = 0
  let historyPerLead = 0
  await engineWorker.runUntil(async () => {
    const statementsBefore = await statementCount(stack)
    await timed('lead engine (insert + lead workflow)', async () => {
      const before = stack.smtp.accepted
      await inParallel(
        Array.from({ length: LEADS }, (_, index) => index),
        CLIENT_CONCURRENCY,
        async (index) => {
          const lead = await stack.db.lead.create({
            data: { email: `lead-${index}-${randomUUID()}@bench.example`, firstName: 'Bench', source: 'WEBSITE' },
            select: leadWorkflowTargetSelect,
          })
          // Started as capturing a lead starts it: from the row as read, with its search attributes.
          const workflow = leadWorkflowOf(lead)
          await stack.client.workflow.start(workflow.workflowType, entityWorkflowStartOptions(workflow, engineQueue))
        },
      )
      await stack.smtp.waitFor(before + LEADS, timeoutMs)
    })
    // Let the start-ups finish (assignment, scoring) before counting what a lead costs.
    await new Promise((resolve) => setTimeout(resolve, 5_000))
    sqlPerLead = ((await statementCount(stack)) - statementsBefore) / LEADS
    const sample = await stack.db.lead.findMany({ select: { id: true }, take: 10 })
    let events = 0
    for (const lead of sample) {
      events += (await stack.client.workflow.getHandle(leadWorkflowId(lead.id)).fetchHistory()).events?.length ?? 0
    }
    historyPerLead = events / sample.length
  })

  mail.close()
  if (engineDb !== stack.db) await engineDb.$disconnect()
  await stack.close()

  const raw = results[0]!
  const minimal = results[1]!
  const engine = results[2]!
  const lines = [
    '# Burst of leads acknowledged end to end',
    '',
    `Written by \`npm run bench:burst\` (bench/burst.bench.ts) on ${new Date().toISOString()}.`,
    '',
    '## Machine',
    '',
    ...machineFacts().map((fact) => `- ${fact}`),
    `- ${LEADS.toLocaleString('en-US')} leads per arm (the goal is 10,000${LEADS < 10_000 ? '; this run was scaled down for time' : ''}; see the load`,
    '  average for what else the machine was doing). One process: worker, client, Prisma;',
    '  the Temporal dev server (SQLite, WAL) and embedded PostgreSQL on the same 2 cores; one SMTP sink for all arms.',
    `- Whole run ${((performance.now() - began) / 1000).toFixed(0)} s; ${CLIENT_CONCURRENCY} starts in flight.`,
    `- Engine worker: ${
      engineSizing.tuner
        ? `up to ${engineSizing.tuner.activityTaskSlotOptions?.maximumSlots} concurrent activities and ${engineSizing.tuner.workflowTaskSlotOptions?.maximumSlots} workflow tasks while the machine's CPU is under ${(engineSizing.tuner.tunerOptions?.targetCpuUsage ?? 0) * 100} %`
        : `${engineSizing.maxConcurrentActivityTaskExecutions} concurrent activities, ${engineSizing.maxConcurrentWorkflowTaskExecutions} concurrent workflow tasks`
    }, cache ${engineSizing.maxCachedWorkflows}; activities' pg pool ${ENGINE_DB_POOL ?? 10} connections.`,
    '',
    '## Result (one run, side by side)',
    '',
    '| Arm | seconds | per second | × minimal pipeline |',
    '|---|---:|---:|---:|',
    ...results.map(
      (result) =>
        `| ${result.arm} | ${result.seconds.toFixed(1)} | ${result.perSecond.toFixed(1)} | ${(result.seconds / minimal.seconds).toFixed(2)} |`,
    ),
    '',
    `- Engine / minimal pipeline: **${(engine.seconds / minimal.seconds).toFixed(2)}×** (goal ≤ 1.5×).`,
    `- Minimal pipeline / raw nodemailer: ${(minimal.seconds / raw.seconds).toFixed(1)}× (what durability itself costs).`,
    `- Per lead in the engine arm: ${sqlPerLead.toFixed(1)} PostgreSQL transactions (pg_stat_database xact_commit +`,
    `  xact_rollback delta; each Prisma statement outside a transaction is one), ${historyPerLead.toFixed(0)} history`,
    '  events (10 leads sampled).',
    '',
  ]
  await writeFile(resultsFile, lines.join('\n'))
  console.log(lines.join('\n'))
}

/** Transactions PostgreSQL has committed or rolled back in the bench database so far. */
async function statementCount(stack: Awaited<ReturnType<typeof startBenchStack>>): Promise<number> {
  const rows = await stack.db.$queryRaw<{ count: bigint }[]>`
    SELECT (xact_commit + xact_rollback)::bigint AS count FROM pg_stat_database WHERE datname = current_database()`
  return Number(rows[0]?.count ?? 0)
}

await main()
