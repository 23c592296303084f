import { fileURLToPath } from 'node:url'
import { Context } from '@temporalio/activity'
import { defaultPayloadConverter } from '@temporalio/common'
import type { TestWorkflowEnvironment } from '@temporalio/testing'
import { Worker } from '@temporalio/worker'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { crmWorkerOptions, slotsWhileWebBusy, type WorkerSizing } from '../../workers/create-worker'
import { createDevServerEnvironment, uniqueTaskQueue } from '../support/temporal'
import type { HeartbeatActivities } from './fixtures/heartbeat-workflow'
import type { ParallelWorkActivities } from './fixtures/parallel-work-workflow'

// The CRM worker's own options (workers/create-worker.ts), on a real server.

let env: TestWorkflowEnvironment

beforeAll(async () => {
  env = await createDevServerEnvironment()
}, 120_000)

afterAll(async () => {
  await env?.teardown()
})

/** A worker with the CRM's options (and `sizing`) running one fixture's workflows and the given activities. */
function crmWorkerOn(
  taskQueue: string,
  fixture: string,
  activities: object,
  sizing: Partial<WorkerSizing> = {},
  web?: Parameters<typeof crmWorkerOptions>[1],
) {
  return Worker.create({
    ...crmWorkerOptions(sizing, web),
    connection: env.nativeConnection,
    namespace: env.namespace ?? 'default',
    taskQueue,
    workflowsPath: fileURLToPath(new URL(`./fixtures/${fixture}.ts`, import.meta.url)),
    activities,
  })
}

// An email's acceptance is heartbeated so that a retry never sends it again (decision 0001). After a slow send's
// progress heartbeat, the SDK's default throttle (0.8 × the 30 s heartbeat timeout) held the acceptance for up to
// 24 s; the CRM's worker options cap it, so Temporal has the acceptance within a second, on a real server.

it('delivers a heartbeat that follows another one at once, not up to 24 s later', async () => {
  const taskQueue = uniqueTaskQueue('heartbeat-throttle')
  const acceptedAt: number[] = []
  const activities: HeartbeatActivities = {
    async heartbeatProgressThenAcceptance() {
      const context = Context.current()
      context.heartbeat('progress')
      await context.sleep(1_000)
      acceptedAt.push(Date.now())
      context.heartbeat('accepted')
      await context.sleep(15_000)
    },
  }
  const worker = await crmWorkerOn(taskQueue, 'heartbeat-workflow', activities)
  await worker.runUntil(async () => {
    const handle = await env.client.workflow.start('heartbeatWorkflow', { taskQueue, workflowId: taskQueue })
    const recorded = async () => {
      const { raw } = await handle.describe()
      const payload = raw.pendingActivities?.[0]?.heartbeatDetails?.payloads?.[0]
      return payload ? defaultPayloadConverter.fromPayload<string>(payload) : null
    }
    await expect.poll(recorded, { timeout: 10_000, interval: 100 }).toBe('progress')
    await expect.poll(recorded, { timeout: 10_000, interval: 100 }).toBe('accepted')
    // From the heartbeat call to the poll seeing it in Temporal: the throttle's 500 ms, a local gRPC call and the
    // poll's own calls; the SDK's default would have held it 23 s longer (bounded loosely for a loaded machine).
    expect(Date.now() - acceptedAt[0]!).toBeLessThan(8_000)
    await handle.terminate('measured')
  })
}, 120_000)

// WORKER_TARGET_CPU (decision 0058): above the target share of the machine's CPU the worker takes no task beyond its
// minimum, so a backlog drains in what the web process leaves; without it, up to the maximum at once.

interface ActivitiesAtOnce {
  /** The most activities that ran at one moment. */
  most: number
  /** Activity time over the time from the first start to the last end: how many ran together on average. */
  average: number
}

async function activitiesAtOnce(
  sizing: Partial<WorkerSizing>,
  web?: Parameters<typeof crmWorkerOptions>[1],
): Promise<ActivitiesAtOnce> {
  const taskQueue = uniqueTaskQueue('worker-target-cpu')
  let running = 0
  let most = 0
  const ran: { startedAt: number; endedAt: number }[] = []
  const activities: ParallelWorkActivities = {
    async work() {
      const startedAt = performance.now()
      running += 1
      most = Math.max(most, running)
      await new Promise((resolve) => setTimeout(resolve, 1_000))
      running -= 1
      ran.push({ startedAt, endedAt: performance.now() })
    },
  }
  const worker = await crmWorkerOn(taskQueue, 'parallel-work-workflow', activities, sizing, web)
  await worker.runUntil(async () => {
    // The tuner's CPU sampler needs a moment of readings; before its first one it may hand out a slot or two.
    await new Promise((resolve) => setTimeout(resolve, 1_000))
    await env.client.workflow.execute('parallelWorkWorkflow', { taskQueue, workflowId: taskQueue, args: [12] })
  })
  const busy = ran.reduce((total, { startedAt, endedAt }) => total + (endedAt - startedAt), 0)
  const span = Math.max(...ran.map(({ endedAt }) => endedAt)) - Math.min(...ran.map(({ startedAt }) => startedAt))
  return { most, average: busy / span }
}

it('runs up to its maximum of activities at once without a CPU target', async () => {
  const { most, average } = await activitiesAtOnce({ WORKER_MAX_CONCURRENT_ACTIVITIES: 8 })
  expect(most).toBeGreaterThanOrEqual(6)
  // 12 one-second activities, 8 then 4: 12 s of work in about 2 s (measured 5.9 on average), well above the bound
  // the CPU target is held to below.
  expect(average).toBeGreaterThan(2)
}, 120_000)

it('runs next to nothing at once while the machine is above its CPU target', async () => {
  // A target no running machine is under: beyond its minimum (one activity) the worker waits for CPU that never
  // frees up. The SDK's controller reacts to how fast the machine's CPU use changes as well as to its level, so on
  // a machine whose load swings (other test files starting and ending) it lets one through now and then: seen up to
  // 4 at one moment. What the target promises is the time spent near its minimum, so that is what is measured: one
  // at a time is 1.0 (measured 1.1); without the target (the test above) 5.9.
  const { average } = await activitiesAtOnce({ WORKER_MAX_CONCURRENT_ACTIVITIES: 8, WORKER_TARGET_CPU: 0.001 })
  expect(average).toBeLessThanOrEqual(2)
}, 120_000)

// Yielding to the web process (decision 0060): while it says it is busy the worker takes one activity at a time
// (slotsWhileWebBusy), and up to its maximum while it is idle.

function webThatIs(busy: boolean) {
  return { isBusy: () => busy, onIdle: () => undefined }
}

it('runs one activity at a time while the web process is busy, and up to its maximum while it is idle', async () => {
  const sizing = { WORKER_MAX_CONCURRENT_ACTIVITIES: 8 }
  expect(slotsWhileWebBusy.activities).toBe(1)
  expect((await activitiesAtOnce(sizing, webThatIs(true))).most).toBe(1)
  expect((await activitiesAtOnce(sizing, webThatIs(false))).most).toBeGreaterThanOrEqual(6)
}, 120_000)
