import { describe, expect, it } from 'vitest'
import { loadConfig } from '../../lib/config'
import { createDatabase } from '../../lib/db'
import { createSmtpMailDriver } from '../../lib/mail-driver'
import { createTemporalClient } from '../../lib/temporal'
import { captureOutput } from '../support/captured-output'
import { startWeb } from '../support/web'
import { useTestServices } from '../support/test-services'

const services = useTestServices()

// Addresses no server listens on (port 9, discard). Each carries words a driver would quote back in its error
// text, so the answer can be searched for them.
const unreachableDatabase = 'postgresql://healthuser:health-password@127.0.0.1:9/health_db_nowhere'
const unreachableSmtp = 'smtp://127.0.0.1:9'
const unreachableTemporal = '127.0.0.1:9'

async function health(overrides: { databaseUrl?: string; smtpUrl?: string; temporalAddress?: string } = {}) {
  const config = loadConfig({ NODE_ENV: 'test', DATABASE_URL: services.database.url, SMTP_URL: services.inbox.url })
  const db = overrides.databaseUrl ? createDatabase(overrides.databaseUrl) : services.database.db
  const temporal = overrides.temporalAddress
    ? createTemporalClient({ ...config, TEMPORAL_ADDRESS: overrides.temporalAddress })
    : services.env.client
  const web = await startWeb({
    config,
    db,
    temporal,
    mail: createSmtpMailDriver(overrides.smtpUrl ?? services.inbox.url),
  })
  try {
    let text = ''
    let status = 0
    const log = await captureOutput(async () => {
      const response = await fetch(`${web.baseUrl}/api/health`)
      text = await response.text()
      status = response.status
    })
    return { status, text, body: JSON.parse(text) as unknown, log }
  } finally {
    await web.close()
    if (overrides.databaseUrl) await db.$disconnect()
  }
}

/** The whole answer, key for key: nothing but the status and each dependency's state. */
function answer(database: string, temporal: string, smtp: string) {
  const healthy = [database, temporal, smtp].every((state) => state === 'up')
  return { status: healthy ? 'ok' : 'degraded', dependencies: { database, temporal, smtp } }
}

describe('GET /api/health', () => {
  it('answers 200 when PostgreSQL, Temporal and SMTP all answer', async () => {
    const { status, body } = await health()
    expect(status).toBe(200)
    expect(body).toEqual(answer('up', 'up', 'up'))
  })

  it('answers 503 naming SMTP when the mail server is down, and logs why', async () => {
    const { status, body, text, log } = await health({ smtpUrl: unreachableSmtp })
    expect(status).toBe(503)
    expect(body).toEqual(answer('up', 'up', 'down'))
    expect(text).not.toMatch(/ECONNREFUSED|127\.0\.0\.1|:9\b/)
    expect(log).toMatch(/"dependency":"smtp"/)
    expect(log).toMatch(/ECONNREFUSED/)
  })

  it('answers 503 naming the database when PostgreSQL is unreachable, with no driver text', async () => {
    const { status, body, text, log } = await health({ databaseUrl: unreachableDatabase })
    expect(status).toBe(503)
    expect(body).toEqual(answer('down', 'up', 'up'))
    // What pg and Prisma put in their errors: the code, the host and port, the user, the database, a stack.
    expect(text).not.toMatch(/ECONNREFUSED|127\.0\.0\.1|healthuser|health_db_nowhere|health-password|Error|at /i)
    // The operator still learns why, from the server's log (with the password masked).
    expect(log).toMatch(/"dependency":"database"/)
    expect(log).toMatch(/reach database server|ECONNREFUSED/i)
    expect(log).not.toContain('health-password')
  })

  it('answers 503 naming Temporal when its frontend is unreachable, with no address in the answer', async () => {
    const { status, body, text, log } = await health({ temporalAddress: unreachableTemporal })
    expect(status).toBe(503)
    expect(body).toEqual(answer('up', 'down', 'up'))
    expect(text).not.toMatch(/127\.0\.0\.1|UNAVAILABLE|connect/i)
    expect(log).toMatch(/"dependency":"temporal"/)
  })
})
