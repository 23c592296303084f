import { Client } from '@temporalio/client'
import type { TestWorkflowEnvironment } from '@temporalio/testing'
import { loadConfig, type AppConfig } from '../../lib/config'
import { createSmtpMailDriver, type MailDriver } from '../../lib/mail-driver'
import { createTestDatabase, type TestDatabase } from './database'
import { startSmtpInbox, type SmtpInbox } from './smtp-inbox'
import { createTimeSkippingEnvironment, startWorker, testActivityDependencies, uniqueTaskQueue } from './temporal'
import { loadRemixBuild, startWeb } from './web'

export interface CrmStack {
  env: TestWorkflowEnvironment
  /**
   * A client as production has one: awaiting a result through it does not unlock the test server's time skipping
   * (`env.client` does, and every timer of every workflow in the file's server would then jump ahead — months, for a
   * partnership — under the tests that come after).
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
 * The whole system for one test file: a fresh database, a real SMTP inbox, Temporal's time-skipping server, a
 * worker of the real workflows and activities, and the web process (with the Remix build when `remix` is set).
 */
export async function startCrmStack(
  name: string,
  { remix = false, settings = {} }: { remix?: boolean; settings?: Record<string, string> } = {},
): Promise<CrmStack> {
  const taskQueue = uniqueTaskQueue(name)
  const [env, inbox, database] = await Promise.all([
    createTimeSkippingEnvironment(),
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
      await env.teardown()
      await inbox.stop()
      await database.drop()
    },
  }
}
