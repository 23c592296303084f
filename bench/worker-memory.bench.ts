// Worker memory per cached lead workflow: starts N real lead workflows on a worker whose cache holds them all,
// and reads the worker process's resident set and V8 heap before and after (after a full GC each time).
// Writes bench/results/worker-memory.md. Run with `npm run bench:worker-memory` (BENCH_WORKFLOWS=N). Open workflows
// that outnumber the cache: bench/worker-memory-open.bench.ts.
import { writeFile } from 'node:fs/promises'
import { fileURLToPath } from 'node:url'
import { performance } from 'node:perf_hooks'
import { randomUUID } from 'node:crypto'
import { defaultWorkerMaxCachedWorkflows } from '../lib/config'
import { createSmtpMailDriver } from '../lib/mail-driver'
import { leadWorkflowId } from '../workflows/lead-messages'
import { createCrmWorker } from '../workers/create-worker'
import { benchActivityDependencies, machineFacts, startBenchStack } from './support/bench-stack'
import { workflowBundleAhead } from './support/workflow-bundle'
import { writeAndStartLeads } from './support/lead-starts'

const WORKFLOWS = Number(process.env.BENCH_WORKFLOWS ?? 1_000)
const resultsFile = fileURLToPath(new URL('./results/worker-memory.md', import.meta.url))
// Bundled ahead in a process of its own, as `npm start` does, so webpack's memory is not the worker's; with
// BENCH_BUNDLE_IN_WORKER=1 the worker bundles as it starts (as it does when WORKFLOW_BUNDLE_PATH is unset).
const bundleInWorker = process.env.BENCH_BUNDLE_IN_WORKER === '1'
const bundleFact = bundleInWorker
  ? 'workflows bundled by the worker as it starts (`WORKFLOW_BUNDLE_PATH` unset)'
  : 'workflows bundled ahead by scripts/bundle-workflows.ts in a process of its own (`WORKFLOW_BUNDLE_PATH`, as `npm start` runs the worker)'

const mib = (bytes: number) => bytes / 2 ** 20
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

function measure() {
  const gc = (globalThis as { gc?: () => void }).gc
  if (!gc) throw new Error('run with node --expose-gc (npm run bench:worker-memory does)')
  gc()
  gc()
  const { rss, heapUsed, external, arrayBuffers } = process.memoryUsage()
  return { rss, heapUsed, external, arrayBuffers }
}

async function main() {
  const began = performance.now()
  const stack = await startBenchStack()
  const taskQueue = `bench-memory-${randomUUID()}`
  const mail = createSmtpMailDriver(stack.smtp.url)
  const worker = await createCrmWorker({
    connection: stack.workerConnection,
    namespace: stack.namespace,
    taskQueue,
    sizing: { WORKER_MAX_CACHED_WORKFLOWS: WORKFLOWS + 100 },
    dependencies: benchActivityDependencies(stack.db, mail),
    ...(bundleInWorker ? {} : { workflowBundle: { codePath: workflowBundleAhead() } }),
  })
  const running = worker.run()
  const settled = async () => {
    // Quiet: nothing in flight for two seconds in a row.
    for (let quiet = 0; quiet < 4;) {
      const status = worker.getStatus()
      quiet = status.numInFlightActivities === 0 && status.numInFlightWorkflowActivations === 0 ? quiet + 1 : 0
      await sleep(500)
    }
  }
  const startLeads = async (count: number, label: string) => {
    const before = stack.smtp.accepted
    await writeAndStartLeads(stack, taskQueue, count, label)
    await stack.smtp.waitFor(before + count, 30 * 60_000)
    await settled()
  }

  // Warm up: the first workflows load the bundle into the isolate; that is fixed cost, not per workflow.
  await startLeads(20, 'warmup')
  const baseline = measure()
  const baselineCached = worker.getStatus().numCachedWorkflows
  const startedAt = performance.now()
  await startLeads(WORKFLOWS, 'lead')
  const seconds = (performance.now() - startedAt) / 1000
  const after = measure()
  const cached = worker.getStatus().numCachedWorkflows - baselineCached
  const historyLengths: number[] = []
  for (const lead of await stack.db.lead.findMany({
    select: { id: true },
    take: 20,
    where: { email: { startsWith: 'lead-' } },
  })) {
    historyLengths.push(
      (await stack.client.workflow.getHandle(leadWorkflowId(lead.id)).fetchHistory()).events?.length ?? 0,
    )
  }

  worker.shutdown()
  await running
  mail.close()
  await stack.close()

  const perWorkflow = {
    rss: mib(after.rss - baseline.rss) / cached,
    heap: mib(after.heapUsed - baseline.heapUsed) / cached,
    external: mib(after.external - baseline.external) / cached,
  }
  const budget = 1024
  const fixed = mib(baseline.rss)
  const fits = Math.floor((budget * 0.85 - fixed) / perWorkflow.rss)
  const projected = fixed + defaultWorkerMaxCachedWorkflows * perWorkflow.rss
  const lines = [
    '# Worker memory per cached lead workflow',
    '',
    `Written by \`npm run bench:worker-memory\` (bench/worker-memory.bench.ts) on ${new Date().toISOString()}.`,
    '',
    '## Machine',
    '',
    ...machineFacts().map((fact) => `- ${fact}`),
    `- ${WORKFLOWS} lead workflows (source WEBSITE: acknowledgement email, owner assignment, scoring), each left`,
    '  waiting on its 24-hour timer; worker, Temporal client and Prisma in one process;',
    `  whole run ${((performance.now() - began) / 1000).toFixed(0)} s, the ${WORKFLOWS} starts took ${seconds.toFixed(1)} s.`,
    `- ${bundleFact}; Node flags: \`${process.execArgv.join(' ')}\`.`,
    '- The load average above says what else ran on the same 2 cores.',
    '',
    '## Result',
    '',
    '| | before | after | per cached workflow |',
    '|---|---:|---:|---:|',
    `| resident set (RSS) | ${mib(baseline.rss).toFixed(1)} MiB | ${mib(after.rss).toFixed(1)} MiB | ${perWorkflow.rss.toFixed(3)} MiB |`,
    `| V8 heap used | ${mib(baseline.heapUsed).toFixed(1)} MiB | ${mib(after.heapUsed).toFixed(1)} MiB | ${perWorkflow.heap.toFixed(3)} MiB |`,
    `| external | ${mib(baseline.external).toFixed(1)} MiB | ${mib(after.external).toFixed(1)} MiB | ${perWorkflow.external.toFixed(3)} MiB |`,
    `| cached workflows | ${baselineCached} | ${baselineCached + cached} | |`,
    '',
    `History length of a lead waiting on its timer: ${historyLengths.join(', ')} events (${historyLengths.length} sampled).`,
    '',
    '## What it decided',
    '',
    `At ${perWorkflow.rss.toFixed(3)} MiB per cached workflow over ${fixed.toFixed(0)} MiB for an idle worker, a 1 GiB`,
    `budget with 15 % headroom holds about ${fits.toLocaleString('en-US')} cached workflows. The worker's default is`,
    `\`WORKER_MAX_CACHED_WORKFLOWS=${defaultWorkerMaxCachedWorkflows}\` (lib/config.ts): ${fixed.toFixed(0)} + ${defaultWorkerMaxCachedWorkflows.toLocaleString('en-US')} × ${perWorkflow.rss.toFixed(3)} = ${projected.toFixed(0)} MiB,`,
    projected <= budget * 0.85
      ? 'within the budget with any number of open workflows (100,000 included): the cache bounds memory, and a'
      : '**over the budget with its headroom: lower the default.** The cache bounds memory whatever the number of open workflows, and a',
    'workflow that is not cached replays its history when it next has work (a timer, a signal, an update). The lead',
    'page no longer queries workflows, so a page refresh never causes such a replay.',
    '',
  ]
  await writeFile(resultsFile, lines.join('\n'))
  console.log(lines.join('\n'))
}

await main()
