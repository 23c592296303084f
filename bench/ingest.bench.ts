// Ingest: POST /api/leads side by side with the raw work it must do (one insert and one workflow start), at 1, 8
// and 32 requests in flight, with no worker polling (so both arms measure the request path only); then p99 latency
// at a steady 100 requests/s with an idle worker running. Writes bench/results/ingest.md.
// Run with `npm run bench:ingest` (BENCH_REQUESTS=N per arm and concurrency, default 300).
import { randomUUID } from 'node:crypto'
import { writeFile } from 'node:fs/promises'
import type { AddressInfo } from 'node:net'
import os from 'node:os'
import { performance } from 'node:perf_hooks'
import { fileURLToPath } from 'node:url'
import { createApp } from '../api/app'
import { loadConfig } from '../lib/config'
import { createSmtpMailDriver } from '../lib/mail-driver'
import { issueApiKey } from '../services/auth/api-keys'
import { leadWorkflowId } from '../workflows/lead-messages'
import { createCrmWorker } from '../workers/create-worker'
import { benchActivityDependencies, inParallel, machineFacts, startBenchStack } from './support/bench-stack'

const REQUESTS = Number(process.env.BENCH_REQUESTS ?? 300)
const resultsFile = fileURLToPath(new URL('./results/ingest.md', import.meta.url))

async function main() {
  const began = performance.now()
  const stack = await startBenchStack()
  const taskQueue = `bench-ingest-${randomUUID()}`
  const config = loadConfig({
    NODE_ENV: 'test',
    DATABASE_URL: stack.databaseUrl,
    SMTP_URL: stack.smtp.url,
    TEMPORAL_TASK_QUEUE: taskQueue,
  })
  const mail = createSmtpMailDriver(stack.smtp.url)
  const server = createApp({ config, db: stack.db, temporal: stack.client, mail }).listen(0, '127.0.0.1')
  await new Promise<void>((resolve) => server.once('listening', resolve))
  const baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  const { key } = await issueApiKey(stack.db, { name: 'Bench landing page', scopes: ['leads:create'] })
  const post = async (label: string) => {
    const response = await fetch(`${baseUrl}/api/leads`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` },
      body: JSON.stringify({ email: `${label}-${randomUUID()}@bench.example`, source: 'website', firstName: 'Bench' }),
    })
    await response.arrayBuffer()
    if (response.status >= 300) throw new Error(`POST /api/leads answered ${response.status}`)
  }
  const raw = async (label: string) => {
    const lead = await stack.db.lead.create({
      data: { email: `${label}-${randomUUID()}@bench.example`, firstName: 'Bench', source: 'WEBSITE' },
      select: { id: true },
    })
    await stack.client.workflow.start('leadWorkflow', {
      taskQueue,
      workflowId: leadWorkflowId(lead.id),
      args: [{ leadId: lead.id }],
    })
  }
  const rate = async (concurrency: number, work: (label: string) => Promise<void>, label: string) => {
    const startedAt = performance.now()
    await inParallel(
      Array.from({ length: REQUESTS }, (_, index) => index),
      concurrency,
      (index) => work(`${label}-${concurrency}-${index}`),
    )
    return REQUESTS / ((performance.now() - startedAt) / 1000)
  }

  // Warm-up of both paths (JIT, connection pools).
  await rate(4, post, 'warm-api')
  await rate(4, raw, 'warm-raw')
  const rows: string[] = []
  for (const concurrency of [1, 8, 32]) {
    // Alternating arms, raw first then API, so slow drift in the machine's load hits both.
    const rawRate = await rate(concurrency, raw, 'raw')
    const apiRate = await rate(concurrency, post, 'api')
    rows.push(
      `| ${concurrency} | ${apiRate.toFixed(1)} | ${rawRate.toFixed(1)} | **${(apiRate / rawRate).toFixed(2)}×** | ${os
        .loadavg()[0]!
        .toFixed(1)} |`,
    )
    console.log(rows.at(-1))
  }

  // Ingest while a worker drains a backlog: every lead started above (warm-up and both arms, ~8 × REQUESTS) waits on
  // the paused task queue. Idle rate first, then the same load with a worker draining that backlog.
  const backlog = REQUESTS * 8
  const idleRate = await rate(8, post, 'idle')
  const idleLoad = os.loadavg()[0]!
  const drainWorker = await createCrmWorker({
    connection: stack.workerConnection,
    namespace: stack.namespace,
    taskQueue,
    dependencies: benchActivityDependencies(stack.db, mail),
  })
  let drainRate = 0
  let drainedDuring = 0
  let drainLoad = 0
  await drainWorker.runUntil(async () => {
    // Let the worker reach full speed on the backlog before measuring.
    await stack.smtp.waitFor(stack.smtp.accepted + 50, 10 * 60_000)
    const acceptedBefore = stack.smtp.accepted
    drainRate = await rate(8, post, 'drain')
    drainedDuring = stack.smtp.accepted - acceptedBefore
    drainLoad = os.loadavg()[0]!
  })
  const drainRow = `| ${idleRate.toFixed(1)} | ${drainRate.toFixed(1)} | **${(drainRate / idleRate).toFixed(2)}×** | ${drainedDuring} | ${idleLoad.toFixed(1)} / ${drainLoad.toFixed(1)} |`
  console.log(drainRow)

  // p99 at a steady 100 requests/s with the worker running (idle at first; it starts the captured leads' runs).
  const worker = await createCrmWorker({
    connection: stack.workerConnection,
    namespace: stack.namespace,
    taskQueue: `${taskQueue}-idle`,
    dependencies: benchActivityDependencies(stack.db, mail),
  })
  const latencies: number[] = []
  await worker.runUntil(async () => {
    const inFlight: Promise<void>[] = []
    const startedAt = performance.now()
    for (let index = 0; index < REQUESTS; index += 1) {
      const due = startedAt + index * 10
      const wait = due - performance.now()
      if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait))
      const sent = performance.now()
      inFlight.push(post(`steady-${index}`).then(() => void latencies.push(performance.now() - sent)))
    }
    await Promise.all(inFlight)
  })
  latencies.sort((a, b) => a - b)
  const percentile = (p: number) => latencies[Math.min(latencies.length - 1, Math.floor((p / 100) * latencies.length))]!

  server.closeAllConnections()
  server.close()
  mail.close()
  await stack.close()

  const lines = [
    '# Ingest: POST /api/leads vs the raw work it must do',
    '',
    `Written by \`npm run bench:ingest\` (bench/ingest.bench.ts) on ${new Date().toISOString()}.`,
    '',
    '## Machine',
    '',
    ...machineFacts().map((fact) => `- ${fact}`),
    `- ${REQUESTS} requests per arm and concurrency, in one process (web app, client, Prisma); Temporal dev server`,
    '  and embedded PostgreSQL on the same 2 cores (see the load average column for what else ran).',
    `- Whole run ${((performance.now() - began) / 1000).toFixed(0)} s.`,
    '',
    '## Rate, no worker polling (requests per second, one run, arms alternated)',
    '',
    '| in flight | POST /api/leads | raw insert + start | API / raw | load |',
    '|---:|---:|---:|---:|---:|',
    ...rows,
    '',
    'Goal: API / raw ≥ 0.8× at every concurrency.',
    '',
    `## Ingest while the worker drains a backlog (8 in flight, ${REQUESTS} requests each)`,
    '',
    `Backlog: the ~${backlog.toLocaleString('en-US')} lead workflows started above on the paused queue, then a worker started on it.`,
    '',
    '| idle rate | rate while draining | draining / idle | acknowledgements sent meanwhile | load idle / draining |',
    '|---:|---:|---:|---:|---:|',
    drainRow,
    '',
    'Goal: draining / idle ≥ 0.8×.',
    '',
    `## Latency at 100 requests/s with a worker running (${REQUESTS} requests)`,
    '',
    `p50 ${percentile(50).toFixed(1)} ms, p95 ${percentile(95).toFixed(1)} ms, p99 ${percentile(99).toFixed(1)} ms, max ${latencies
      .at(-1)!
      .toFixed(1)} ms (goal: p99 under 50 ms).`,
    '',
  ]
  await writeFile(resultsFile, lines.join('\n'))
  console.log(lines.join('\n'))
}

await main()
