import { fileURLToPath } from 'node:url'
import type { TestWorkflowEnvironment } from '@temporalio/testing'
import { Worker } from '@temporalio/worker'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { crmWorkerOptions, type WorkerSizing } from '../../workers/create-worker'
import { createDevServerEnvironment, uniqueTaskQueue } from '../support/temporal'
import type { ParallelWorkActivities } from './fixtures/parallel-work-workflow'

// WORKER_TARGET_CPU (decision 0058): above the target share of the machine's CPU the worker takes no task beyond its
// minimum, so a backlog drains in what the web process leaves; without it, up to the maximum at once.

let env: TestWorkflowEnvironment

beforeAll(async () => {
  env = await createDevServerEnvironment()
}, 120_000)

afterAll(async () => {
  await env?.teardown()
})

async function mostActivitiesAtOnce(sizing: Partial<WorkerSizing>): Promise<number> {
  const taskQueue = uniqueTaskQueue('worker-target-cpu')
  let running = 0
  let most = 0
  const activities: ParallelWorkActivities = {
    async work() {
      running += 1
      most = Math.max(most, running)
      await new Promise((resolve) => setTimeout(resolve, 300))
      running -= 1
    },
  }
  const worker = await Worker.create({
    ...crmWorkerOptions(sizing),
    connection: env.nativeConnection,
    namespace: env.namespace ?? 'default',
    taskQueue,
    workflowsPath: fileURLToPath(new URL('./fixtures/parallel-work-workflow.ts', import.meta.url)),
    activities,
  })
  await worker.runUntil(
    env.client.workflow.execute('parallelWorkWorkflow', { taskQueue, workflowId: taskQueue, args: [12] }),
  )
  return most
}

it('runs up to its maximum of activities at once without a CPU target', async () => {
  expect(await mostActivitiesAtOnce({ WORKER_MAX_CONCURRENT_ACTIVITIES: 8 })).toBeGreaterThanOrEqual(6)
}, 120_000)

it('runs next to nothing at once while the machine is above its CPU target', async () => {
  // A target no running machine is under: beyond its minimum (one activity; the SDK's first CPU sample may let one
  // more through) the worker waits for CPU that never frees up.
  expect(
    await mostActivitiesAtOnce({ WORKER_MAX_CONCURRENT_ACTIVITIES: 8, WORKER_TARGET_CPU: 0.001 }),
  ).toBeLessThanOrEqual(2)
}, 120_000)
