// A burst of N leads acknowledged end to end, side by side with the minimal durable pipeline (one workflow per lead
// whose one activity sends the email) and with raw pooled nodemailer alone, all to the same SMTP sink in one run.
// The engine runs twice: started directly from this process (insert + start, worker in this process), and as
// deployed (each lead POSTed to the web process, its workflow run by a worker process).
// Writes bench/results/burst.md. Run with `npm run bench:burst` (BENCH_LEADS=N, default 1,000; the goal is 10,000;
// BENCH_ARMS=raw,minimal,engine,api picks arms, all by default).
import { randomUUID } from 'node:crypto'
import { writeFile } from 'node:fs/promises'
import os from 'node:os'
import { performance } from 'node:perf_hooks'
import { fileURLToPath } from 'node:url'
import { Worker } from '@temporalio/worker'
import { PrismaPg } from '@prisma/adapter-pg'
import { PrismaClient } from '../prisma/generated/client'
import { createSmtpMailDriver, type MailDriver } from '../lib/mail-driver'
import { issueApiKey } from '../services/auth/api-keys'
import { leadWorkflowOf, leadWorkflowTargetSelect } from '../services/leads/lead-workflow'
import { entityWorkflowStartOptions } from '../services/workflows/entity-workflow-client'
import { leadWorkflowId } from '../workflows/lead-messages'
import { createCrmWorker, workerSizingOptions } from '../workers/create-worker'
import { createMinimalActivities } from './minimal-pipeline/activities'
import { freePort } from '../dev/free-port'
import { benchActivityDependencies, inParallel, machineFacts, startBenchStack } from './support/bench-stack'
import { crmProcessEnv, startWebProcess, startWorkerProcess } from './support/crm-processes'
import { keepAliveClient } from '../dev/keep-alive-http-client'

const LEADS = Number(process.env.BENCH_LEADS ?? 1_000)
const CLIENT_CONCURRENCY = 16
type Arm = 'raw' | 'minimal' | 'engine' | 'api'
const armNames: Record<Arm, string> = {
  raw: 'raw pooled nodemailer',
  minimal: 'minimal durable pipeline',
  engine: 'lead engine (insert + lead workflow)',
  api: 'lead engine through the API (web + worker processes)',
}
// In this order; an arm may come twice. The minimal pipeline runs first and last by default, so the machine's drift
// over the run hits the baseline as it hits the engine (decision 0063).
const ARMS = (process.env.BENCH_ARMS ?? 'raw,minimal,engine,api,minimal')
  .split(',')
  .map((arm) => arm.trim())
  .filter((arm): arm is Arm => {
    if (arm in armNames) return true
    throw new Error(`BENCH_ARMS: unknown arm ${arm} (raw, minimal, engine, api)`)
  })
// `per-arm` (default): each arm on a Temporal server, PostgreSQL and SMTP sink of its own, so no arm runs on the
// histories and timers another left. `shared`: one stack for all, as before decision 0063.
const STACK_PER_ARM = (process.env.BENCH_STACK ?? 'per-arm') === 'per-arm'
const resultsFile = fileURLToPath(new URL(`./results/${process.env.BENCH_RESULTS_FILE ?? 'burst.md'}`, import.meta.url))
const timeoutMs = 60 * 60_000
// Tuning knobs for the engine arm only (unset: the shipped defaults of lib/config.ts and a 10-connection pg pool).
const ENGINE_ACTIVITIES = process.env.BENCH_ENGINE_ACTIVITIES ? Number(process.env.BENCH_ENGINE_ACTIVITIES) : undefined
const ENGINE_WORKFLOW_TASKS = process.env.BENCH_ENGINE_WORKFLOW_TASKS
  ? Number(process.env.BENCH_ENGINE_WORKFLOW_TASKS)
  : undefined
const ENGINE_TARGET_CPU = process.env.WORKER_TARGET_CPU ? Number(process.env.WORKER_TARGET_CPU) : undefined
const ENGINE_DB_POOL = process.env.BENCH_ENGINE_DB_POOL ? Number(process.env.BENCH_ENGINE_DB_POOL) : undefined
const engineSizingInput = {
  ...(ENGINE_ACTIVITIES ? { WORKER_MAX_CONCURRENT_ACTIVITIES: ENGINE_ACTIVITIES } : {}),
  ...(ENGINE_WORKFLOW_TASKS ? { WORKER_MAX_CONCURRENT_WORKFLOW_TASKS: ENGINE_WORKFLOW_TASKS } : {}),
  ...(ENGINE_TARGET_CPU ? { WORKER_TARGET_CPU: ENGINE_TARGET_CPU } : {}),
}
const engineSizing = workerSizingOptions(engineSizingInput)

type Stack = Awaited<ReturnType<typeof startBenchStack>>
interface ArmRun {
  arm: Arm
  seconds: number
  load: number
  /** When the last start or request was answered, and how many emails had been accepted by then. */
  answeredSeconds: number
  sentWhenAnswered: number
}
const indices = Array.from({ length: LEADS }, (_, index) => index)
const engineFacts = { sqlPerLead: 0, historyPerLead: 0 }

/**
 * Times an arm: `sendAll` hands every lead's email to the arm (starts, requests or sends), and the arm is done when
 * the SMTP sink has accepted them all.
 */
type Timed = (sendAll: () => Promise<void>) => Promise<void>
const arms: Record<Arm, (stack: Stack, mail: MailDriver, timed: Timed) => Promise<void>> = {
  // Raw pooled nodemailer alone.
  async raw(stack, mail, timed) {
    await timed(async () => {
      await inParallel(indices, CLIENT_CONCURRENCY, (index) =>
        mail.send({
          from: 'Bench <bench@crm.test>',
          to: `raw-${index}@bench.example`,
          subject: 'Thanks for reaching out',
          text: 'We received your request and will be in touch.',
          messageId: `<raw-${index}-${randomUUID()}@bench>`,
        }),
      )
    })
  },

  // The minimal durable pipeline: one trivial workflow per lead, its one activity sends the email.
  async minimal(stack, mail, timed) {
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
      timed(async () => {
        await inParallel(indices, CLIENT_CONCURRENCY, (index) =>
          stack.client.workflow.start('minimalEmailWorkflow', {
            taskQueue: minimalQueue,
            workflowId: `minimal-${index}-${randomUUID()}`,
            args: [`minimal-${index}@bench.example`],
          }),
        )
      }),
    )
  },

  // The engine: each lead inserted and its lead workflow started (what capturing a lead does), acknowledged by the
  // lead workflow's acknowledgement email.
  async engine(stack, mail, timed) {
    const engineDb = ENGINE_DB_POOL
      ? new PrismaClient({ adapter: new PrismaPg({ connectionString: stack.databaseUrl, max: ENGINE_DB_POOL }) })
      : stack.db
    const engineQueue = `bench-engine-${randomUUID()}`
    const engineWorker = await createCrmWorker({
      connection: stack.workerConnection,
      namespace: stack.namespace,
      taskQueue: engineQueue,
      dependencies: benchActivityDependencies(engineDb, mail),
      sizing: engineSizingInput,
    })
    await engineWorker.runUntil(async () => {
      const statementsBefore = await statementCount(stack)
      const leadsBefore = await stack.db.lead.count()
      await timed(async () => {
        await inParallel(indices, CLIENT_CONCURRENCY, async (index) => {
          const lead = await stack.db.lead.create({
            data: { email: `lead-${index}-${randomUUID()}@bench.example`, firstName: 'Bench', source: 'WEBSITE' },
            select: leadWorkflowTargetSelect,
          })
          // Started as capturing a lead starts it: from the row as read, with its search attributes.
          const workflow = leadWorkflowOf(lead)
          await stack.client.workflow.start(workflow.workflowType, entityWorkflowStartOptions(workflow, engineQueue))
        })
      })
      // Let the start-ups finish (assignment, scoring) before counting what a lead costs.
      await new Promise((resolve) => setTimeout(resolve, 5_000))
      engineFacts.sqlPerLead = ((await statementCount(stack)) - statementsBefore) / LEADS
      const sample = await stack.db.lead.findMany({
        select: { id: true },
        orderBy: { createdAt: 'asc' },
        skip: leadsBefore,
        take: 10,
      })
      let events = 0
      for (const lead of sample) {
        events += (await stack.client.workflow.getHandle(leadWorkflowId(lead.id)).fetchHistory()).events?.length ?? 0
      }
      engineFacts.historyPerLead = events / sample.length
    })
    if (engineDb !== stack.db) await engineDb.$disconnect()
  },

  // The engine as deployed: each lead POSTed to the web process (`api/server.ts`), its workflow run by a worker
  // process (`workers/main.ts`, with its defaults: it yields to the web process while requests come, decision 0060).
  async api(stack, _mail, timed) {
    const env = crmProcessEnv(stack, { taskQueue: `bench-api-${randomUUID()}`, port: await freePort() })
    const web = await startWebProcess(env)
    const worker = await startWorkerProcess(env)
    const { key } = await issueApiKey(stack.db, { name: 'Bench burst', scopes: ['leads:create'] })
    const http = keepAliveClient(env.APP_BASE_URL!)
    await timed(async () => {
      await inParallel(indices, CLIENT_CONCURRENCY, async (index) => {
        const status = await http.postJson(
          '/api/leads',
          { email: `api-${index}-${randomUUID()}@bench.example`, source: 'website', firstName: 'Bench' },
          { authorization: `Bearer ${key}` },
        )
        if (status >= 300) throw new Error(`POST /api/leads answered ${status}`)
      })
    })
    http.close()
    await worker.stop()
    await web.stop()
  },
}

async function main() {
  const began = performance.now()
  const runs: ArmRun[] = []
  let shared: Stack | undefined
  for (const arm of ARMS) {
    const stack = STACK_PER_ARM ? await startBenchStack() : (shared ??= await startBenchStack())
    const mail = createSmtpMailDriver(stack.smtp.url)
    await arms[arm](stack, mail, async (sendAll) => {
      const load = os.loadavg()[0]!
      const sentBefore = stack.smtp.accepted
      const startedAt = performance.now()
      await sendAll()
      const answeredSeconds = (performance.now() - startedAt) / 1000
      const sentWhenAnswered = stack.smtp.accepted - sentBefore
      await stack.smtp.waitFor(sentBefore + LEADS, timeoutMs)
      runs.push({ arm, seconds: (performance.now() - startedAt) / 1000, load, answeredSeconds, sentWhenAnswered })
      console.log(`${armNames[arm]}: ${runs.at(-1)!.seconds.toFixed(1)} s (load ${load.toFixed(1)} at start)`)
    })
    mail.close()
    if (STACK_PER_ARM) await stack.close()
  }
  await shared?.close()

  const mean = (arm: Arm) => {
    const of = runs.filter((run) => run.arm === arm)
    return of.length > 0 ? of.reduce((sum, run) => sum + run.seconds, 0) / of.length : undefined
  }
  const minimal = mean('minimal')
  const raw = mean('raw')
  const timesMinimal = (arm: Arm) => {
    const seconds = mean(arm)
    return seconds !== undefined && minimal ? `**${(seconds / minimal).toFixed(2)}×**` : 'not run'
  }
  const minimalRuns = runs.filter((run) => run.arm === 'minimal')
  const lines = [
    '# Burst of leads acknowledged end to end',
    '',
    `Written by \`npm run bench:burst\` (bench/burst.bench.ts) on ${new Date().toISOString()}.`,
    '',
    '## Machine',
    '',
    ...machineFacts().map((fact) => `- ${fact}`),
    `- ${LEADS.toLocaleString('en-US')} leads per arm (the goal is 10,000${LEADS < 10_000 ? '; this run was scaled down for time' : ''}; see the load`,
    '  average for what else the machine was doing). The bench process runs the client, Prisma and the workers of',
    '  the minimal and direct engine arms; the API arm runs the web process and a worker as `npm start` runs them,',
    '  each a process of its own. The Temporal dev server (SQLite, WAL) and embedded PostgreSQL on the same 2 cores.',
    STACK_PER_ARM
      ? '- Each arm on a fresh stack of its own (Temporal dev server, PostgreSQL, SMTP sink): none runs on what another left.'
      : '- One stack (Temporal dev server, PostgreSQL, SMTP sink) for all arms, each running on what the ones before left.',
    `- Whole run ${((performance.now() - began) / 1000).toFixed(0)} s; ${CLIENT_CONCURRENCY} starts or requests in flight; arms in the order ${ARMS.join(', ')}.`,
    `- Engine worker: ${
      engineSizing.tuner
        ? `up to ${engineSizing.tuner.activityTaskSlotOptions?.maximumSlots} concurrent activities and ${engineSizing.tuner.workflowTaskSlotOptions?.maximumSlots} workflow tasks while the machine's CPU is under ${(engineSizing.tuner.tunerOptions?.targetCpuUsage ?? 0) * 100} %`
        : `${engineSizing.maxConcurrentActivityTaskExecutions} concurrent activities, ${engineSizing.maxConcurrentWorkflowTaskExecutions} concurrent workflow tasks`
    }, cache ${engineSizing.maxCachedWorkflows}; activities' pg pool ${ENGINE_DB_POOL ?? 10} connections.`,
    '',
    '## Result (one run, side by side, in the order run)',
    '',
    '| Arm | seconds | per second | × minimal pipeline (mean of its runs) | all starts / requests answered at | emails sent by then | load at start |',
    '|---|---:|---:|---:|---:|---:|---:|',
    ...runs.map(
      (run) =>
        `| ${armNames[run.arm]} | ${run.seconds.toFixed(1)} | ${(LEADS / run.seconds).toFixed(1)} | ${minimal ? (run.seconds / minimal).toFixed(2) : '—'} | ${run.answeredSeconds.toFixed(1)} s | ${run.sentWhenAnswered} | ${run.load.toFixed(1)} |`,
    ),
    '',
    ...(minimalRuns.length > 1
      ? [
          `- Minimal pipeline: ${minimalRuns.map((run) => `${run.seconds.toFixed(1)} s`).join(' and ')}, mean ${minimal!.toFixed(1)} s: the baseline below.`,
        ]
      : []),
    `- Engine started directly / minimal pipeline: ${timesMinimal('engine')} (goal ≤ 1.5×).`,
    `- Engine through the API / minimal pipeline: ${timesMinimal('api')} (goal ≤ 1.5×).`,
    ...(minimal && raw
      ? [`- Minimal pipeline / raw nodemailer: ${(minimal / raw).toFixed(1)}× (what durability itself costs).`]
      : []),
    ...(ARMS.includes('engine')
      ? [
          `- Per lead in the direct engine arm: ${engineFacts.sqlPerLead.toFixed(1)} PostgreSQL transactions (pg_stat_database xact_commit +`,
          `  xact_rollback delta; each Prisma statement outside a transaction is one), ${engineFacts.historyPerLead.toFixed(0)} history`,
          '  events (10 leads sampled).',
        ]
      : []),
    '',
  ]
  await writeFile(resultsFile, lines.join('\n'))
  console.log(lines.join('\n'))
}

/** Transactions PostgreSQL has committed or rolled back in the bench database so far. */
async function statementCount(stack: Stack): Promise<number> {
  const rows = await stack.db.$queryRaw<{ count: bigint }[]>`
    SELECT (xact_commit + xact_rollback)::bigint AS count FROM pg_stat_database WHERE datname = current_database()`
  return Number(rows[0]?.count ?? 0)
}

await main()
