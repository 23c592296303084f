import { fileURLToPath } from 'node:url'
import { Context } from '@temporalio/activity'
import { defaultPayloadConverter } from '@temporalio/common'
import type { TestWorkflowEnvironment } from '@temporalio/testing'
import { Worker } from '@temporalio/worker'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { crmWorkerOptions } from '../../workers/create-worker'
import { createDevServerEnvironment, uniqueTaskQueue } from '../support/temporal'
import type { HeartbeatActivities } from './fixtures/heartbeat-workflow'

// An email's acceptance is heartbeated so that a retry never sends it again (decision 0001). After a slow send's
// progress heartbeat, the SDK's default throttle (0.8 × the 30 s heartbeat timeout) held the acceptance for up to
// 24 s; the CRM's worker options cap it, so Temporal has the acceptance within a second, on a real server.

let env: TestWorkflowEnvironment

beforeAll(async () => {
  env = await createDevServerEnvironment()
}, 120_000)

afterAll(async () => {
  await env?.teardown()
})

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
  const worker = await Worker.create({
    ...crmWorkerOptions(),
    connection: env.nativeConnection,
    namespace: env.namespace ?? 'default',
    taskQueue,
    workflowsPath: fileURLToPath(new URL('./fixtures/heartbeat-workflow.ts', import.meta.url)),
    activities,
  })
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
