import type { TestWorkflowEnvironment } from '@temporalio/testing'
import { afterAll, beforeAll } from 'vitest'
import { createTestDatabase, type TestDatabase } from './database'
import { startSmtpInbox, type SmtpInbox } from './smtp-inbox'
import { createTimeSkippingEnvironment } from './temporal'

export interface TestServices {
  env: TestWorkflowEnvironment
  inbox: SmtpInbox
  database: TestDatabase
}

/**
 * The real parts one test file runs against: a time-skipping Temporal server, an SMTP inbox and a database of its
 * own, started before its tests and stopped after them. Read them once the tests run (`services.database.db`).
 */
export function useTestServices(): TestServices {
  const services = {} as TestServices
  beforeAll(async () => {
    ;[services.env, services.inbox, services.database] = await Promise.all([
      createTimeSkippingEnvironment(),
      startSmtpInbox(),
      createTestDatabase(),
    ])
  })
  afterAll(async () => {
    await services.env?.teardown()
    await services.inbox?.stop()
    await services.database?.drop()
  })
  return services
}
