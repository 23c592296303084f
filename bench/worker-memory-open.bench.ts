// Worker memory with more open lead workflows than its cache holds, for the worker as `npm start` runs it: a process of
// its own (workers/main.ts) with the heap limit of decision 0059, on workflows bundled ahead, configured by
// environment. This process creates the leads and starts their workflows as a capture does, N in all, each left
// waiting on its 24-hour timer, and after each tenth reads the worker's resident set as the operating system sees
// it (VmRSS, and its peak VmHWM, from /proc; no forced collection). Writes bench/results/worker-memory-open.md.
// Run with `npm run bench:worker-memory-open` (BENCH_OPEN_WORKFLOWS=N, default 100,000; WORKER_* settings pass
// through to the worker, e.g. WORKER_MAX_CACHED_WORKFLOWS).
import { randomUUID } from 'node:crypto'
import { readFile, writeFile } from 'node:fs/promises'
import { performance } from 'node:perf_hooks'
import { fileURLToPath } from 'node:url'
import { defaultWorkerMaxCachedWorkflows } from '../lib/config'
import { workerNodeFlags } from '../workers/worker-heap'
import { freePort } from '../dev/free-port'
import { machineFacts, startBenchStack } from './support/bench-stack'
import { crmProcessEnv, startWorkerProcess } from './support/crm-processes'
import { writeAndStartLeads } from './support/lead-starts'

const OPEN_WORKFLOWS = Number(process.env.BENCH_OPEN_WORKFLOWS ?? 100_000)
const cacheSize = process.env.WORKER_MAX_CACHED_WORKFLOWS ?? String(defaultWorkerMaxCachedWorkflows)
const resultsFile = fileURLToPath(new URL('./results/worker-memory-open.md', import.meta.url))
const mib = (kib: number) => kib / 1024
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

/** VmRSS and VmHWM of a process, in KiB. */
async function residentSet(pid: number) {
  const status = await readFile(`/proc/${pid}/status`, 'utf8')
  const kib = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN)
  return { rss: kib('VmRSS'), peak: kib('VmHWM') }
}

async function main() {
  const began = performance.now()
  const stack = await startBenchStack()
  const taskQueue = `bench-memory-open-${randomUUID()}`
  const worker = await startWorkerProcess(crmProcessEnv(stack, { taskQueue, port: await freePort() }))
  if (!worker.pid) throw new Error('the worker process has no pid')
  const pid = worker.pid

  const startLeads = async (count: number, label: string) => {
    const before = stack.smtp.accepted
    await writeAndStartLeads(stack, taskQueue, count, label)
    await stack.smtp.waitFor(before + count, 60 * 60_000)
    // The acknowledgement is the first step; owner assignment and scoring follow within moments.
    await sleep(5_000)
  }

  const startedAt = performance.now()
  const rows: string[] = []
  const row = async (open: number) => {
    const { rss, peak } = await residentSet(pid)
    rows.push(
      `| ${open.toLocaleString('en-US')} | ${mib(rss).toFixed(1)} MiB | ${mib(peak).toFixed(1)} MiB | ${((performance.now() - startedAt) / 1000).toFixed(0)} |`,
    )
    console.log(rows.at(-1))
  }
  // Written after every step, so a run stopped early keeps what it measured.
  const report = () =>
    writeFile(
      resultsFile,
      [
        '# Worker memory with more open lead workflows than its cache holds',
        '',
        `Written by \`BENCH_OPEN_WORKFLOWS=${OPEN_WORKFLOWS} npm run bench:worker-memory-open\` (bench/worker-memory-open.bench.ts) on ${new Date().toISOString()}.`,
        '',
        '## Machine',
        '',
        ...machineFacts().map((fact) => `- ${fact}`),
        `- Up to ${OPEN_WORKFLOWS.toLocaleString('en-US')} lead workflows (source WEBSITE: acknowledgement email, owner assignment,`,
        `  scoring), each left waiting on its 24-hour timer, on one worker process as \`npm start\` runs it: Node flags`,
        `  \`${workerNodeFlags.join(' ')}\`, workflows bundled ahead, \`WORKER_MAX_CACHED_WORKFLOWS=${cacheSize}\`, MALLOC_ARENA_MAX`,
        `  ${process.env.MALLOC_ARENA_MAX ?? 'unset'}. The leads are written and started by the bench process, 1,000 at a time;`,
        `  the worker's memory is read from /proc (no forced collection) once each tenth is acknowledged and 5 s`,
        `  have passed. Run so far ${((performance.now() - began) / 1000).toFixed(0)} s.`,
        '',
        '## Result',
        '',
        '| open lead workflows | worker resident set (VmRSS) | its peak so far (VmHWM) | seconds since the first start |',
        '|---:|---:|---:|---:|',
        ...rows,
        '',
      ].join('\n'),
    )

  // Warm up: the first workflows load the bundle into the workflow isolate, a fixed cost.
  await startLeads(20, 'warmup')
  await row(0)
  const step = Math.ceil(OPEN_WORKFLOWS / 10)
  for (let open = 0; open < OPEN_WORKFLOWS; open += step) {
    const count = Math.min(step, OPEN_WORKFLOWS - open)
    await startLeads(count, `open-${open}`)
    await row(open + count)
    await report()
  }
  await worker.stop()
  await stack.close()
}

await main()
