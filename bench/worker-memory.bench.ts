// Worker memory per cached lead workflow: starts N real lead workflows on a worker whose cache holds them all,
// and reads the worker process's resident set and V8 heap before and after (after a full GC each time).
// Writes bench/results/worker-memory.md. Run with `npm run bench:worker-memory` (BENCH_WORKFLOWS=N); see
// BENCH_OPEN_WORKFLOWS below for open workflows that outnumber the cache.
import { execFileSync } from 'node:child_process'
import { mkdtempSync } from 'node:fs'
import { writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { performance } from 'node:perf_hooks'
import { randomUUID } from 'node:crypto'
import { defaultWorkerMaxCachedWorkflows } from '../lib/config'
import { createSmtpMailDriver } from '../lib/mail-driver'
import { leadWorkflowOf, leadWorkflowTargetSelect } from '../services/leads/lead-workflow'
import { entityWorkflowStartOptions } from '../services/workflows/entity-workflow-client'
import { leadWorkflowId } from '../workflows/lead-messages'
import { createCrmWorker } from '../workers/create-worker'
import { benchActivityDependencies, inParallel, machineFacts, startBenchStack } from './support/bench-stack'

const WORKFLOWS = Number(process.env.BENCH_WORKFLOWS ?? 1_000)
// With BENCH_OPEN_WORKFLOWS=N the run instead keeps N lead workflows open on a worker with the default cache, and
// reads its memory after each tenth of them: what a worker holds when open workflows outnumber its cache.
// WORKER_MAX_CACHED_WORKFLOWS compares another cache size (its results file is named after it).
const OPEN_WORKFLOWS = process.env.BENCH_OPEN_WORKFLOWS ? Number(process.env.BENCH_OPEN_WORKFLOWS) : undefined
const OPEN_CACHE = process.env.WORKER_MAX_CACHED_WORKFLOWS ? Number(process.env.WORKER_MAX_CACHED_WORKFLOWS) : undefined
const resultsFile = fileURLToPath(
  new URL(
    `./results/${OPEN_WORKFLOWS ? `worker-memory-open${OPEN_CACHE ? `-cache-${OPEN_CACHE}` : ''}.md` : 'worker-memory.md'}`,
    import.meta.url,
  ),
)
// Bundled ahead in a process of its own, as `npm start` does, so webpack's memory is not the worker's; with
// BENCH_BUNDLE_IN_WORKER=1 the worker bundles as it starts (as it does when WORKFLOW_BUNDLE_PATH is unset).
const bundleInWorker = process.env.BENCH_BUNDLE_IN_WORKER === '1'
const bundleFact = bundleInWorker
  ? 'workflows bundled by the worker as it starts (`WORKFLOW_BUNDLE_PATH` unset)'
  : 'workflows bundled ahead by scripts/bundle-workflows.ts in a process of its own (`WORKFLOW_BUNDLE_PATH`, as `npm start` runs the worker)'

function bundleAhead() {
  const file = join(mkdtempSync(join(tmpdir(), 'crm-bench-bundle-')), 'workflow-bundle.js')
  execFileSync(
    process.execPath,
    ['--import', 'tsx', fileURLToPath(new URL('../scripts/bundle-workflows.ts', import.meta.url)), file],
    {
      stdio: 'ignore',
    },
  )
  return file
}
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
    sizing: OPEN_WORKFLOWS
      ? { WORKER_MAX_CACHED_WORKFLOWS: OPEN_CACHE ?? defaultWorkerMaxCachedWorkflows }
      : { WORKER_MAX_CACHED_WORKFLOWS: WORKFLOWS + 100 },
    dependencies: benchActivityDependencies(stack.db, mail),
    ...(bundleInWorker ? {} : { workflowBundle: { codePath: bundleAhead() } }),
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
    const leads = await stack.db.lead.createManyAndReturn({
      data: Array.from({ length: count }, (_, index) => ({
        email: `${label}-${index}-${randomUUID()}@bench.example`,
        firstName: 'Bench',
        source: 'WEBSITE' as const,
      })),
      select: leadWorkflowTargetSelect,
    })
    const before = stack.smtp.accepted
    // Started as capturing a lead starts it: from the row as read (v6), with its search attributes.
    await inParallel(leads, 16, (lead) => {
      const workflow = leadWorkflowOf(lead)
      return stack.client.workflow.start(workflow.workflowType, entityWorkflowStartOptions(workflow, taskQueue))
    })
    await stack.smtp.waitFor(before + count, 30 * 60_000)
    await settled()
  }

  const keepOpen = async (open: number) => {
    const step = Math.ceil(open / 10)
    const startedAt = performance.now()
    const row = (count: number) => {
      const { rss, heapUsed, external } = measure()
      const seconds = (performance.now() - startedAt) / 1000
      return `| ${count.toLocaleString('en-US')} | ${worker.getStatus().numCachedWorkflows} | ${mib(rss).toFixed(1)} MiB | ${mib(heapUsed).toFixed(1)} MiB | ${mib(external).toFixed(1)} MiB | ${seconds.toFixed(0)} |`
    }
    const rows = [row(0)]
    // Written after every step, so a run stopped early keeps what it measured.
    const report = () =>
      writeFile(
        resultsFile,
        [
          '# Worker memory with more open lead workflows than its cache holds',
          '',
          `Written by \`BENCH_OPEN_WORKFLOWS=${open} npm run bench:worker-memory\` (bench/worker-memory.bench.ts) on ${new Date().toISOString()}.`,
          '',
          '## Machine',
          '',
          ...machineFacts().map((fact) => `- ${fact}`),
          `- Up to ${open.toLocaleString('en-US')} lead workflows (source WEBSITE: acknowledgement email, owner assignment, scoring), each`,
          `  left waiting on its 24-hour timer, on one worker with \`WORKER_MAX_CACHED_WORKFLOWS=${OPEN_CACHE ?? defaultWorkerMaxCachedWorkflows}\`${OPEN_CACHE ? '' : ' (the default)'}`,
          `  and MALLOC_ARENA_MAX ${process.env.MALLOC_ARENA_MAX ?? 'unset'}; worker, Temporal client and Prisma in one process; run so far`,
          `  ${((performance.now() - began) / 1000).toFixed(0)} s. Memory read after a full GC once each tenth of the leads is acknowledged.`,
          `- ${bundleFact}; Node flags: \`${process.execArgv.join(' ')}\`.`,
          '',
          '## Result',
          '',
          '| open lead workflows | cached | resident set (RSS) | V8 heap used | external | seconds since the first start |',
          '|---:|---:|---:|---:|---:|---:|',
          ...rows,
          '',
        ].join('\n'),
      )
    for (let started = 0; started < open; started += step) {
      await startLeads(Math.min(step, open - started), `open-${started}`)
      rows.push(row(Math.min(started + step, open)))
      console.log(rows.at(-1))
      await report()
    }
    worker.shutdown()
    await running
    mail.close()
    await stack.close()
  }

  // Warm up: the first workflows load the bundle into the isolate; that is fixed cost, not per workflow.
  await startLeads(20, 'warmup')
  if (OPEN_WORKFLOWS) {
    await keepOpen(OPEN_WORKFLOWS)
    return
  }
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
