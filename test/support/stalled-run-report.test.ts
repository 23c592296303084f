import type { TestWorkflowEnvironment } from '@temporalio/testing'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { reportingStall } from './stalled-run-report'
import { createTimeSkippingEnvironment } from './temporal'

let env: TestWorkflowEnvironment

beforeAll(async () => {
  env = await createTimeSkippingEnvironment()
})

afterAll(async () => {
  await env?.teardown()
})

it('fails a wait that stalls with where the run stood, its open workflow task first', async () => {
  const handle = await env.client.workflow.start('anyWorkflow', { workflowId: 'stalls', taskQueue: 'nobody-polls' })
  const never = new Promise<never>(() => {})

  const failure = await reportingStall(handle, never, 200).catch((error: unknown) => error)

  expect(failure).toBeInstanceOf(Error)
  const [first, ...rest] = (failure as Error).message.split('\n')
  expect(first).toBe(
    'Stalled for 0.2 s. Run stalls is RUNNING, workflow task scheduled, 0 activities pending; its last 2 events:',
  )
  expect(rest.map((line) => line.trim().split(' ').slice(0, 2).join(' '))).toEqual([
    '1 EVENT_TYPE_WORKFLOW_EXECUTION_STARTED',
    '2 EVENT_TYPE_WORKFLOW_TASK_SCHEDULED',
  ])
})

it('answers what the work answers when it settles in time', async () => {
  const handle = env.client.workflow.getHandle('unused')
  expect(await reportingStall(handle, Promise.resolve('done'), 60_000)).toBe('done')
})
