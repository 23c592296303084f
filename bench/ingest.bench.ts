// Ingest: POST /api/leads side by side with the raw work it must do (one insert and one workflow start), at 1, 8
// and 32 requests in flight, with no worker polling (so both arms measure the request path only), and with its floor
// beside them: the same capture behind Node's bare HTTP server (decision 0084); then the same load while a worker
// drains a backlog (as deployed, yielding to the web process; not yielding; yielding above a CPU target instead), and
// p99 latency at a steady 100 requests/s with an idle worker running, the raw work's beside it. The web process and
// the workers run as `npm start` runs them, each a process of its own. Writes bench/results/ingest.md. Run with
// `npm run bench:ingest` (BENCH_REQUESTS=N per arm and concurrency and round, default 300; BENCH_ROUNDS=N rounds of
// the arms per concurrency, default 3).
import { randomUUID } from 'node:crypto'
import { writeFile } from 'node:fs/promises'
import os from 'node:os'
import { performance } from 'node:perf_hooks'
import { setTimeout as sleep } from 'node:timers/promises'
import { fileURLToPath } from 'node:url'
import { issueApiKey } from '../services/auth/api-keys'
import { leadWorkflowOf, leadWorkflowTargetSelect } from '../services/leads/lead-workflow'
import { entityWorkflowStartOptions } from '../services/workflows/entity-workflow-client'
import { leadWorkflowId } from '../workflows/lead-messages'
import { freePort } from '../dev/free-port'
import { inParallel, machineFacts, startBenchStack } from './support/bench-stack'
import { crmProcessEnv, startBareHttpLeadServer, startWebProcess, startWorkerProcess } from './support/crm-processes'
import { keepAliveClient } from '../dev/keep-alive-http-client'

const REQUESTS = Number(process.env.BENCH_REQUESTS ?? 300)
// One block of 300 requests per arm moved the ratio at 1 in flight between 0.58× and 0.87× with no change of code
// (decision 0064): the arms alternate over rounds and the ratio is of the rounds pooled, each round's beside it.
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3)
const drainTargetCpu = 0.7
// Seconds rather than a moment of drain per arm: the tasks a worker holds when requests begin finish first (decision
// 0062), and a window of ~1 s measured mostly that.
const drainRequests = REQUESTS * 5
// The worker says it polls before its start-up has ended: its first queries (Prisma's query compiler), the report
// schedules and a first collection take most of a core for half a second after that line on this machine.
const workerStartUpMs = 3000
const resultsFile = fileURLToPath(new URL('./results/ingest.md', import.meta.url))

async function main() {
  const began = performance.now()
  const stack = await startBenchStack()
  const taskQueue = `bench-ingest-${randomUUID()}`
  const env = crmProcessEnv(stack, { taskQueue, port: await freePort() })
  const web = await startWebProcess(env)
  const baseUrl = env.APP_BASE_URL!
  const floorPort = await freePort()
  const floorServer = await startBareHttpLeadServer({
    ...env,
    // A database and a task queue of its own on the same PostgreSQL and Temporal: in the web process's database its
    // leads (NOT_STARTED while no worker runs, and not started by that process) would be started again by the web
    // process's reconciler, and on its queue the draining workers below would run workflows whose rows they cannot
    // read, loads on the arms measured after them.
    DATABASE_URL: await stack.addDatabase('bench_floor'),
    TEMPORAL_TASK_QUEUE: `${taskQueue}-floor`,
    PORT: String(floorPort),
    APP_BASE_URL: `http://127.0.0.1:${floorPort}`,
  })
  const floorHttp = keepAliveClient(`http://127.0.0.1:${floorPort}`)
  const { key } = await issueApiKey(stack.db, { name: 'Bench landing page', scopes: ['leads:create'] })
  const http = keepAliveClient(baseUrl)
  const post = async (label: string) => {
    const status = await http.postJson(
      '/api/leads',
      { email: `${label}-${randomUUID()}@bench.example`, source: 'website', firstName: 'Bench' },
      { authorization: `Bearer ${key}` },
    )
    if (status >= 300) throw new Error(`POST /api/leads answered ${status}`)
  }
  const floor = async (label: string) => {
    const status = await floorHttp.postJson('/', {
      email: `${label}-${randomUUID()}@bench.example`,
      source: 'website',
      firstName: 'Bench',
    })
    if (status >= 300) throw new Error(`The bare HTTP server answered ${status}`)
  }
  // The raw work: the same insert, then either the start request the API sends (with the search attributes and
  // summary an operator filters and reads in the Temporal UI: what a lead's start must carry, decision 0061) or a
  // bare start (type, id, arguments), as the issue first measured.
  const rawArm = (start: 'as-the-api-sends-it' | 'bare') => async (label: string) => {
    // Written as started, so the web process's reconciler leaves these rows alone.
    const lead = await stack.db.lead.create({
      data: {
        email: `${label}-${randomUUID()}@bench.example`,
        firstName: 'Bench',
        source: 'WEBSITE',
        workflowStatus: 'RUNNING',
      },
      select: leadWorkflowTargetSelect,
    })
    await stack.client.workflow.start(
      'leadWorkflow',
      start === 'bare'
        ? { taskQueue, workflowId: leadWorkflowId(lead.id), args: [{ leadId: lead.id }] }
        : entityWorkflowStartOptions(leadWorkflowOf(lead), taskQueue),
    )
  }
  const raw = rawArm('as-the-api-sends-it')
  const bare = rawArm('bare')
  const timed = async (
    concurrency: number,
    work: (label: string) => Promise<void>,
    label: string,
    requests: number = REQUESTS,
  ) => {
    const startedAt = performance.now()
    await inParallel(
      Array.from({ length: requests }, (_, index) => index),
      concurrency,
      (index) => work(`${label}-${concurrency}-${index}`),
    )
    return (performance.now() - startedAt) / 1000
  }
  const rate = async (
    concurrency: number,
    work: (label: string) => Promise<void>,
    label: string,
    requests: number = REQUESTS,
  ) => requests / (await timed(concurrency, work, label, requests))

  // Warm-up of both paths (JIT, connection pools).
  await rate(4, post, 'warm-api')
  await rate(4, raw, 'warm-raw')
  await rate(4, floor, 'warm-floor')
  const arms = { raw, bare, floor, api: post }
  type Arm = keyof typeof arms
  const rows: string[] = []
  for (const concurrency of [1, 8, 32]) {
    const seconds: Record<Arm, number> = { raw: 0, bare: 0, floor: 0, api: 0 }
    const roundRatios: number[] = []
    for (let round = 1; round <= ROUNDS; round += 1) {
      const inRound: Record<Arm, number> = { raw: 0, bare: 0, floor: 0, api: 0 }
      if (concurrency === 1) {
        // One request of each arm in turn: the machine's speed drifts within seconds here (a block of 300 requests
        // per arm read 0.62–0.84× round to round), and a request's neighbours share its moment.
        for (let index = 0; index < REQUESTS; index += 1) {
          for (const arm of Object.keys(arms) as Arm[]) {
            const sentAt = performance.now()
            await arms[arm](`${arm}-${round}-1-${index}`)
            inRound[arm] += (performance.now() - sentAt) / 1000
          }
        }
      } else {
        // Arms in turn, a block each, round after round, so slow drift in the machine's load hits all of them.
        for (const arm of Object.keys(arms) as Arm[])
          inRound[arm] = await timed(concurrency, arms[arm], `${arm}-${round}`)
      }
      for (const arm of Object.keys(arms) as Arm[]) seconds[arm] += inRound[arm]
      roundRatios.push(inRound.raw / inRound.api)
    }
    const pooled = (arm: Arm) => (ROUNDS * REQUESTS) / seconds[arm]
    const [apiRate, rawRate, bareRate, floorRate] = [pooled('api'), pooled('raw'), pooled('bare'), pooled('floor')]
    const eachRound = roundRatios.map((ratio) => `${ratio.toFixed(2)}×`).join(', ')
    rows.push(
      `| ${concurrency} | ${apiRate.toFixed(1)} | ${rawRate.toFixed(1)} | **${(apiRate / rawRate).toFixed(2)}×** | ${eachRound} | ` +
        `${floorRate.toFixed(1)} | ${(floorRate / rawRate).toFixed(2)}× | ${bareRate.toFixed(1)} | ${(apiRate / bareRate).toFixed(2)}× | ` +
        `${os.loadavg()[0]!.toFixed(1)} |`,
    )
    console.log(rows.at(-1))
  }
  floorHttp.close()
  await floorServer.stop()

  // p99 at a steady 100 requests/s with an idle worker running (its own queue: nothing to do), before any drain, so
  // that no drain's aftermath (tasks of a stopped worker timing out) is measured with it. The raw work at the same
  // pace follows, so a stall of the stack itself (Temporal, PostgreSQL, the VM) shows in both rows, not only the API's.
  const idleWorker = await startWorkerProcess({ ...env, TEMPORAL_TASK_QUEUE: `${taskQueue}-idle` })
  await sleep(workerStartUpMs)
  const steadyLatencies = async (work: (label: string) => Promise<void>, label: string) => {
    const latencies: number[] = []
    const inFlight: Promise<void>[] = []
    const startedAt = performance.now()
    for (let index = 0; index < REQUESTS; index += 1) {
      const due = startedAt + index * 10
      const wait = due - performance.now()
      if (wait > 0) await sleep(wait)
      const sent = performance.now()
      inFlight.push(work(`${label}-${index}`).then(() => void latencies.push(performance.now() - sent)))
    }
    await Promise.all(inFlight)
    return latencies.sort((a, b) => a - b)
  }
  const steadyRows = [
    latencyRow('POST /api/leads', await steadyLatencies(post, 'steady')),
    latencyRow('raw: insert + the start the API sends', await steadyLatencies(raw, 'steady-raw')),
  ]
  await idleWorker.stop()

  // Ingest while a worker drains a backlog: every lead started above (warm-up, the three arms of each round on this
  // queue, both arms at the steady pace) and by each idle block waits on the paused task queue. Each round is a pair:
  // the load with no worker (idle), then the same load with a worker draining that backlog, so the two halves of a
  // ratio share their minute. One idle reading taken before all drains (runs 26–33) stood for the machine's pace at
  // that moment: run 33's was the fastest of any run, and draining / idle read 0.69× (decision 0085).
  // The worker as deployed by default (yielding to the web process, decision 0060), one that does not yield, and one
  // that yields above a CPU target instead (WORKER_TARGET_CPU, decision 0058).
  const drainRows: string[] = []
  for (const [worker, workerEnv] of [
    ['default (yields to the web process)', env],
    ['WORKER_YIELD_TO_WEB=false', { ...env, WORKER_YIELD_TO_WEB: 'false' }],
    [`WORKER_TARGET_CPU=${drainTargetCpu}`, { ...env, WORKER_TARGET_CPU: String(drainTargetCpu) }],
  ] as const) {
    let [idleSeconds, drainSeconds, drainedDuring] = [0, 0, 0]
    const pairRatios: number[] = []
    const loads: string[] = []
    for (let round = 1; round <= ROUNDS; round += 1) {
      const idle = await timed(8, post, `idle-${round}`, drainRequests)
      const idleLoad = os.loadavg()[0]!
      const drainWorker = await startWorkerProcess(workerEnv)
      // Let the worker reach full speed on the backlog before measuring.
      await stack.smtp.waitFor(stack.smtp.accepted + 50, 10 * 60_000)
      const acceptedBefore = stack.smtp.accepted
      const draining = await timed(8, post, `drain-${round}`, drainRequests)
      drainedDuring += stack.smtp.accepted - acceptedBefore
      loads.push(`${idleLoad.toFixed(1)} / ${os.loadavg()[0]!.toFixed(1)}`)
      await drainWorker.stop()
      idleSeconds += idle
      drainSeconds += draining
      pairRatios.push(idle / draining)
    }
    const [idleRate, drainRate] = [(ROUNDS * drainRequests) / idleSeconds, (ROUNDS * drainRequests) / drainSeconds]
    drainRows.push(
      `| ${worker} | ${idleRate.toFixed(1)} | ${drainRate.toFixed(1)} | **${(drainRate / idleRate).toFixed(2)}×** | ` +
        `${pairRatios.map((ratio) => `${ratio.toFixed(2)}×`).join(', ')} | ${drainedDuring} | ${loads.join(', ')} |`,
    )
    console.log(drainRows.at(-1))
  }
  const backlog = REQUESTS * (4 + 9 * ROUNDS)

  http.close()
  await web.stop()
  await stack.close()

  const lines = [
    '# Ingest: POST /api/leads vs the raw work it must do',
    '',
    `Written by \`npm run bench:ingest\` (bench/ingest.bench.ts) on ${new Date().toISOString()}.`,
    '',
    '## Machine',
    '',
    ...machineFacts().map((fact) => `- ${fact}`),
    `- ${REQUESTS} requests per arm, concurrency and round; ${ROUNDS} rounds. The web process (\`api/server.ts\`) and each worker`,
    '  (`workers/main.ts`) run as `npm start` runs them, and the bare HTTP server beside them (on a database and a task',
    '  queue of its own), each a process of its own; the client and the raw arm run',
    '  in the bench process; Temporal dev server and embedded PostgreSQL on the same cores (see the load average',
    '  column for what else ran).',
    `- Whole run ${((performance.now() - began) / 1000).toFixed(0)} s.`,
    '',
    `## Rate, no worker polling (requests per second over ${ROUNDS} rounds pooled; at 1 in flight the arms take turns request by request, above it a block each)`,
    '',
    '| in flight | POST /api/leads | raw: insert + the start the API sends | API / raw | API / raw, each round | same capture, bare HTTP server | bare HTTP / raw | raw: insert + bare start | API / bare start | load |',
    '|---:|---:|---:|---:|---|---:|---:|---:|---:|---:|',
    ...rows,
    '',
    'Goal: API / raw ≥ 0.8× at every concurrency. The raw start carries what the API’s does (search attributes and',
    'summary, for the Temporal UI); a bare start (type, id, arguments) is shown beside it. The bare HTTP server runs the',
    'same capture as the API (parse, insert, start, the same answer) in a process of its own with no framework,',
    'middleware or API key: the most any server of ours could reach over HTTP on this machine (decision 0084).',
    '',
    `## Ingest while the worker drains a backlog (8 in flight, ${drainRequests} requests a block; ${ROUNDS} pairs of blocks per worker, pooled)`,
    '',
    `Backlog: the ~${backlog.toLocaleString('en-US')} lead workflows started above on the paused queue, and each idle`,
    '  block’s leads. A pair is a block with no worker (idle), then a worker started on the',
    '  backlog, 50 acknowledgements sent, and a block while it drains; each worker and pair on what the ones before',
    '  left (decision 0085).',
    '',
    '| draining worker | idle rate | rate while draining | draining / idle | each pair | acknowledgements sent meanwhile | load idle / draining, each pair |',
    '|---|---:|---:|---:|---|---:|---|',
    ...drainRows,
    '',
    'Goal: draining / idle ≥ 0.8×.',
    '',
    `## Latency at 100 requests/s with an idle worker running (${REQUESTS} requests each, the API first; the worker started ${workerStartUpMs / 1000} s before)`,
    '',
    '| arm | p50 | p95 | p99 | max |',
    '|---|---:|---:|---:|---:|',
    ...steadyRows,
    '',
    'Goal: p99 of `POST /api/leads` under 50 ms. The raw row is the same work without the web process, for comparison.',
    '',
  ]
  await writeFile(resultsFile, lines.join('\n'))
  console.log(lines.join('\n'))
}

/** One arm's latencies, sorted, as a row of the latency table (milliseconds). */
function latencyRow(arm: string, sorted: number[]) {
  const percentile = (p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!
  const ms = (value: number) => `${value.toFixed(1)} ms`
  return `| ${arm} | ${ms(percentile(50))} | ${ms(percentile(95))} | **${ms(percentile(99))}** | ${ms(sorted.at(-1)!)} |`
}

await main()
