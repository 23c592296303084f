import { Client } from '@temporalio/client'
import type { TestWorkflowEnvironment } from '@temporalio/testing'
import { loadConfig, type AppConfig } from '../../lib/config'
import { createSmtpMailDriver, type MailDriver } from '../../lib/mail-driver'
import { createTestDatabase, type TestDatabase } from './database'
import { startSmtpInbox, type SmtpInbox } from './smtp-inbox'
import {
  createDevServerEnvironment,
  createTimeSkippingEnvironment,
  startWorker,
  testActivityDependencies,
  uniqueTaskQueue,
} from './temporal'
import { loadRemixBuild, startWeb } from './web'

export interface CrmStack {
  env: TestWorkflowEnvironment
  /**
   * A client as production has one: on the time-skipping server, awaiting a result through it does not unlock time
   * skipping (`env.client` does, and every timer of every workflow in the file's server would then jump ahead —
   * months, for a partnership — under the tests that come after).
   */
  temporal: Client
  inbox: SmtpInbox
  database: TestDatabase
  config: AppConfig
  mail: MailDriver
  web: Awaited<ReturnType<typeof startWeb>>
  taskQueue: string
  close(): Promise<void>
}

/**
 * Which Temporal server a file runs on. `dev` (the default) is the real server on the real clock. `time-skipping` is
 * for files that skip days with `env.sleep`: the test server refuses a workflow task that cancels a timer which fired
 * during that task, and the run then never gets another task (sdk-java #2606, #3088; decision 0071). A lead's nurture
 * timer due at once, cancelled by the signal of a booking that arrives at the same moment, lost the booking that way.
 */
export type TemporalServerKind = 'dev' | 'time-skipping'

/**
 * The whole system for one test file: a fresh database, a real SMTP inbox, a Temporal server, a worker of the real
 * workflows and activities, and the web process (with the Remix build when `remix` is set).
 */
export async function startCrmStack(
  name: string,
  {
    remix = false,
    settings = {},
    temporalServer = 'dev',
  }: { remix?: boolean; settings?: Record<string, string>; temporalServer?: TemporalServerKind } = {},
): Promise<CrmStack> {
  const taskQueue = uniqueTaskQueue(name)
  const [env, inbox, database] = await Promise.all([
    temporalServer === 'dev' ? createDevServerEnvironment() : createTimeSkippingEnvironment(),
    startSmtpInbox(),
    createTestDatabase(),
  ])
  const config = loadConfig({
    NODE_ENV: 'test',
    DATABASE_URL: database.url,
    SMTP_URL: inbox.url,
    TEMPORAL_TASK_QUEUE: taskQueue,
    TEMPORAL_UI_URL: 'http://127.0.0.1:8233',
    ...settings,
  })
  const mail = createSmtpMailDriver(inbox.url)
  const temporal = new Client({ connection: env.connection, namespace: env.namespace })
  const worker = await startWorker(env, {
    taskQueue,
    dependencies: testActivityDependencies({ db: database.db, mail, mailFrom: config.MAIL_FROM }),
  })
  const web = await startWeb({ config, db: database.db, temporal, mail }, remix ? await loadRemixBuild() : undefined)
  return {
    env,
    temporal,
    inbox,
    database,
    config,
    mail,
    web,
    taskQueue,
    async close() {
      await web.close()
      await worker.stop()
      mail.close()
      await env.teardown()
      await inbox.stop()
      await database.drop()
    },
  }
}
