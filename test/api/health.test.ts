import type { TestWorkflowEnvironment } from '@temporalio/testing'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { loadConfig } from '../../lib/config'
import { createDatabase } from '../../lib/db'
import { createSmtpMailDriver } from '../../lib/mail-driver'
import { createTemporalClient } from '../../lib/temporal'
import { createTestDatabase, type TestDatabase } from '../support/database'
import { startSmtpInbox, type SmtpInbox } from '../support/smtp-inbox'
import { createTimeSkippingEnvironment } from '../support/temporal'
import { startWeb } from '../support/web'

let env: TestWorkflowEnvironment
let inbox: SmtpInbox
let database: TestDatabase

beforeAll(async () => {
  ;[env, inbox, database] = await Promise.all([createTimeSkippingEnvironment(), startSmtpInbox(), createTestDatabase()])
})

afterAll(async () => {
  await env?.teardown()
  await inbox?.stop()
  await database?.drop()
})

async function health(overrides: { databaseUrl?: string; smtpUrl?: string; temporalAddress?: string } = {}) {
  const config = loadConfig({ NODE_ENV: 'test', DATABASE_URL: database.url, SMTP_URL: inbox.url })
  const db = overrides.databaseUrl ? createDatabase(overrides.databaseUrl) : database.db
  const temporal = overrides.temporalAddress
    ? createTemporalClient({ ...config, TEMPORAL_ADDRESS: overrides.temporalAddress })
    : env.client
  const web = await startWeb({ config, db, temporal, mail: createSmtpMailDriver(overrides.smtpUrl ?? inbox.url) })
  try {
    const response = await fetch(`${web.baseUrl}/api/health`)
    return { status: response.status, body: await response.json() }
  } finally {
    await web.close()
    if (overrides.databaseUrl) await db.$disconnect()
  }
}

describe('GET /api/health', () => {
  it('answers 200 when PostgreSQL, Temporal and SMTP all answer', async () => {
    const { status, body } = await health()
    expect(status).toBe(200)
    expect(body).toMatchObject({
      status: 'ok',
      checks: { database: { ok: true }, temporal: { ok: true }, smtp: { ok: true } },
    })
  })

  it('answers 503 naming SMTP when the mail server is down', async () => {
    const { status, body } = await health({ smtpUrl: 'smtp://127.0.0.1:9' })
    expect(status).toBe(503)
    expect(body.status).toBe('degraded')
    expect(body.checks.smtp).toMatchObject({ ok: false, error: expect.stringMatching(/ECONNREFUSED/) })
    expect(body.checks.database.ok).toBe(true)
    expect(body.checks.temporal.ok).toBe(true)
  })

  it('answers 503 naming the database when PostgreSQL is unreachable', async () => {
    const { status, body } = await health({ databaseUrl: 'postgresql://crm:crm@127.0.0.1:9/nowhere' })
    expect(status).toBe(503)
    expect(body.checks.database.ok).toBe(false)
    expect(body.checks.smtp.ok).toBe(true)
  })

  it('answers 503 naming Temporal when its frontend is unreachable', async () => {
    const { status, body } = await health({ temporalAddress: '127.0.0.1:9' })
    expect(status).toBe(503)
    expect(body.checks.temporal.ok).toBe(false)
    expect(body.checks.database.ok).toBe(true)
  })
})
