import type { ConnectionPlugin } from '@temporalio/client'
import { TestWorkflowEnvironment } from '@temporalio/testing'
import type { WorkflowBundleWithSourceMap } from '@temporalio/worker'
import { resolveTemporalCli, resolveTemporalTestServer } from '../../dev/temporal-binaries'
import { registerSearchAttributes } from '../../dev/temporal-dev-server'
import { encodeSearchAttributeIndexedValueType } from '@temporalio/common/lib/search-attributes'
import { crmSearchAttributes } from '../../workflows/search-attributes'
import type { ActivityDependencies } from '../../activities'
import type { Database } from '../../lib/db'
import { createAttachmentRenderers } from '../../lib/email-attachments'
import type { MailDriver } from '../../lib/mail-driver'
import { bundleCrmWorkflows, createCrmWorker } from '../../workers/create-worker'
import { installRedactingRuntimeLogger } from '../../workers/runtime-logging'

// Tests provoke activity failures on purpose; only errors are worth printing, through the same redacting
// logger production workers use.
installRedactingRuntimeLogger('ERROR')

/**
 * The test server (grpc-java's defaults) permits a client one ping per 5 minutes and none between calls, and after the
 * third early ping closes the connection with its calls in flight. The SDK's client pings every 30 s, calls or not:
 * a time-skipping sleep cut that way is retried, and it stalled a test past its timeout (decision 0069).
 */
const pingsAsTheTestServerPermits: ConnectionPlugin = {
  name: 'pings-as-the-test-server-permits',
  configureConnection: (options) => ({
    ...options,
    channelArgs: {
      ...options.channelArgs,
      'grpc.keepalive_time_ms': 6 * 60_000,
      'grpc.keepalive_permit_without_calls': 0,
    },
  }),
}

/** Temporal's time-skipping test server: timers and retry back-offs pass in an instant. */
export async function createTimeSkippingEnvironment(): Promise<TestWorkflowEnvironment> {
  const executable = await resolveTemporalTestServer()
  const env = await TestWorkflowEnvironment.createTimeSkipping({
    server: { executable },
    plugins: [pingsAsTheTestServerPermits],
  })
  try {
    // The test server cannot list search attributes, so the dev server's registration does not apply here;
    // on a fresh test server adding them all at once is always right.
    await env.connection.operatorService.addSearchAttributes({
      namespace: env.namespace ?? 'default',
      searchAttributes: Object.fromEntries(
        crmSearchAttributes.map((key) => [key.name, encodeSearchAttributeIndexedValueType(key.type) ?? 0]),
      ),
    })
  } catch (error) {
    await env.teardown()
    throw error
  }
  return env
}

/**
 * Temporal's dev server (the CLI's `server start-dev`, in memory): the real server on the real clock, with the CRM's
 * search attributes, as `npm start` has it. What whole-system tests run on (decision 0071), and what has Schedules,
 * which the time-skipping test server does not.
 */
export async function createDevServerEnvironment(): Promise<TestWorkflowEnvironment> {
  const executable = await resolveTemporalCli()
  const env = await TestWorkflowEnvironment.createLocal({ server: { executable, ui: false } })
  try {
    await registerSearchAttributes(env.connection, env.namespace ?? 'default')
  } catch (error) {
    await env.teardown()
    throw error
  }
  return env
}

/** The sender, links and secrets test workers use; tests name only what they need to differ. */
export const testMailFrom = 'Durable CRM <crm@durable-crm.test>'
export const testAppBaseUrl = 'http://crm.test'
export const testUnsubscribeSecret = 'test-unsubscribe-secret-0123456789abcdef'
export const testBookingUrl = 'https://cal.example/durable-crm/discovery'
export const testRoiCalculatorUrl = 'https://www.example/roi-calculator'

/** Every activity dependency, with fixed test values for all but the database and the mail driver. */
export function testActivityDependencies({
  db,
  mail,
  ...overrides
}: { db: Database; mail: MailDriver } & Partial<Omit<ActivityDependencies, 'db' | 'mail'>>): ActivityDependencies {
  return {
    db,
    mail,
    mailFrom: testMailFrom,
    appBaseUrl: testAppBaseUrl,
    unsubscribeSecret: testUnsubscribeSecret,
    bookingUrl: testBookingUrl,
    roiCalculatorUrl: testRoiCalculatorUrl,
    attachmentRenderers: createAttachmentRenderers({ db, bookingUrl: overrides.bookingUrl ?? testBookingUrl }),
    ...overrides,
  }
}

let workflowBundle: Promise<WorkflowBundleWithSourceMap> | undefined

/** The workflows bundled once per test file (bundling takes seconds; workers are created per test). */
export function bundledWorkflows(): Promise<WorkflowBundleWithSourceMap> {
  workflowBundle ??= bundleCrmWorkflows()
  return workflowBundle
}

let taskQueueCounter = 0
/** A task queue of its own per test, so workers of different tests never pick up each other's tasks. */
export function uniqueTaskQueue(prefix: string): string {
  taskQueueCounter += 1
  return `${prefix}-${process.pid}-${taskQueueCounter}-${Date.now()}`
}

/** A worker of the real workflows and activities, polling in the background until `stop()`. */
export async function startWorker(
  env: TestWorkflowEnvironment,
  { taskQueue, dependencies }: { taskQueue: string; dependencies: ActivityDependencies },
) {
  const worker = await createCrmWorker({
    connection: env.nativeConnection,
    namespace: env.namespace ?? 'default',
    taskQueue,
    dependencies,
    workflowBundle: await bundledWorkflows(),
  })
  const running = worker.run()
  return {
    async stop() {
      worker.shutdown()
      await running
    },
  }
}
