// The time-skipping environment's client keeps to the test server's keepalive policy (decision 0069): the server cuts
// a connection that pings too often, calls in flight and all.
import { Connection } from '@temporalio/client'
import type { TestWorkflowEnvironment } from '@temporalio/testing'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { outstandingWork } from '../support/run-history'
import { createTimeSkippingEnvironment } from '../support/temporal'

let env: TestWorkflowEnvironment

beforeAll(async () => {
  env = await createTimeSkippingEnvironment()
})

afterAll(async () => {
  await env?.teardown()
})

it('the test server cuts a client that pings more often than every 5 minutes, with its call in flight', async () => {
  const eager = await Connection.connect({
    address: env.address,
    // No retry interceptor: the cut call fails instead of being sent again.
    interceptors: [],
    channelArgs: { 'grpc.keepalive_time_ms': 1_000, 'grpc.keepalive_permit_without_calls': 1 },
  })
  try {
    const startedAt = Date.now()
    // A long poll of an empty queue: it would wait about a minute for a task.
    const poll = eager.workflowService.pollActivityTaskQueue({
      namespace: env.namespace ?? 'default',
      taskQueue: { name: `nothing-here-${startedAt}` },
      identity: 'keepalive-test',
    })
    await expect(poll).rejects.toThrow()
    expect(Date.now() - startedAt).toBeLessThan(30_000)
  } finally {
    await eager.close()
  }
})

it("the environment's client pings only during calls, and no more often than the server permits", () => {
  const channelArgs = env.connection.options.channelArgs
  expect(channelArgs['grpc.keepalive_time_ms']).toBeGreaterThanOrEqual(5 * 60_000)
  expect(channelArgs['grpc.keepalive_permit_without_calls']).toBe(0)
})

/** How long a sleep of test-server time takes on the wall clock: at once while the server skips, else as long. */
async function realMsToSleep(on: TestWorkflowEnvironment, ms: number): Promise<number> {
  const startedAt = Date.now()
  await on.sleep(ms)
  return Date.now() - startedAt
}

// Why tests that stop their worker wait for `untilIdle` (test/support/run-history.ts, decision 0077).
it('the test server names no waiting workflow task, and one no worker takes stops its clock, run ended or not', async () => {
  const own = await createTimeSkippingEnvironment()
  try {
    expect(await realMsToSleep(own, 60 * 60_000)).toBeLessThan(60_000)
    const handle = await own.client.workflow.start('anyWorkflow', { workflowId: 'nobody-polls', taskQueue: 'nobody' })
    expect((await handle.describe()).raw.pendingWorkflowTask).toBeFalsy()
    expect(outstandingWork((await handle.fetchHistory()).events ?? []).workflowTask).toBe('scheduled')

    expect(await realMsToSleep(own, 4_000)).toBeGreaterThanOrEqual(3_500)
    await handle.terminate('Test over')
    expect(await realMsToSleep(own, 4_000)).toBeGreaterThanOrEqual(3_500)
  } finally {
    await own.teardown()
  }
})
