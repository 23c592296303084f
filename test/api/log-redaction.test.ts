import { randomUUID } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { issueApiKey } from '../../services/auth/api-keys'
import { loadConfig } from '../../lib/config'
import { createDatabase } from '../../lib/db'
import { logger } from '../../lib/logger'
import { createSmtpMailDriver } from '../../lib/mail-driver'
import { captureOutput } from '../support/captured-output'
import { forwardTemporalLog } from '../../workers/runtime-logging'
import { bearer, loadRemixBuild, postJson, startWeb } from '../support/web'
import { useTestServices } from '../support/test-services'

const services = useTestServices()

describe('logs', () => {
  it('never contain the password, key, session, phone number or email planted in failing flows', async () => {
    const planted = {
      email: `planted-${randomUUID().slice(0, 8)}@secret-client.example`,
      phone: '+1 555 867 5309',
      password: `Planted-Password-${randomUUID()}`,
      apiKey: (await issueApiKey(services.database.db, { name: 'Landing page', scopes: ['leads:create'] })).key,
      sessionToken: `planted-session-${randomUUID()}`,
    }
    // A web process whose database is down turns every request into a logged server error.
    const brokenDb = createDatabase('postgresql://crm:db-password-planted@127.0.0.1:9/crm')
    const config = loadConfig({
      NODE_ENV: 'production',
      UNSUBSCRIBE_SECRET: 'unsubscribe-secret-for-tests-0123456789abcdef',
      DATABASE_URL: 'postgresql://crm:db-password-planted@127.0.0.1:9/crm',
    })
    const mail = createSmtpMailDriver('smtp://127.0.0.1:9')
    const healthyWeb = await startWeb(
      { config, db: services.database.db, temporal: services.env.client, mail },
      await loadRemixBuild(),
    )
    const brokenWeb = await startWeb(
      { config, db: brokenDb, temporal: services.env.client, mail },
      await loadRemixBuild(),
    )

    const output = await captureOutput(async () => {
      for (const web of [healthyWeb, brokenWeb]) {
        await postJson(
          `${web.baseUrl}/api/leads`,
          { email: planted.email, phone: planted.phone, source: 'website' },
          bearer(planted.apiKey),
        )
        await fetch(`${web.baseUrl}/sign-in`, {
          method: 'POST',
          headers: {
            'content-type': 'application/x-www-form-urlencoded',
            origin: web.baseUrl,
            cookie: `crm_session=${planted.sessionToken}`,
          },
          body: new URLSearchParams({ email: planted.email, password: planted.password }).toString(),
        })
      }
    })

    await healthyWeb.close()
    await brokenWeb.close()
    await brokenDb.$disconnect()
    // An outage is logged as a warning (decision 0014); either way the failing flows were logged.
    expect(output, 'the failing flows were logged at all').toMatch(/"level":"(error|warn)"/)
    for (const [name, value] of Object.entries({ ...planted, dbPassword: 'db-password-planted' })) {
      expect(output.includes(value), `${name} appears in the logs`).toBe(false)
    }
    expect(output).not.toContain('555 867')
  })

  it('keep IP addresses, ports, ISO timestamps and run ids (to find a line in the Temporal UI), not personal fields', async () => {
    const handle = await services.env.client.workflow.start('leadWorkflow', {
      taskQueue: `no-worker-${randomUUID()}`,
      workflowId: `lead-log-${randomUUID()}`,
      args: [],
    })
    const runId = handle.firstExecutionRunId
    const startedAt = new Date('2026-12-01T23:22:14.123Z').toISOString()
    const output = await captureOutput(async () => {
      logger.info('Worker polling task queue', { taskQueue: 'crm', temporalAddress: '127.0.0.1:7233' })
      logger.info(`Worker polling task queue "crm" on 10.20.30.40:7233 since ${startedAt}`)
      forwardTemporalLog(
        {
          level: 'WARN',
          message: 'Activity failed',
          meta: {
            workflowId: handle.workflowId,
            runId,
            startedAt,
            email: 'planted@secret-client.example',
            lead: { firstName: 'Planted-First', phone: '+1 555 867 5309' },
            // What an SMTP server or Twilio answers: the driver's error quotes the address and the number.
            error: new Error("550 <planted@secret-client.example> rejected; 'To' +1 555 867 5309 is not valid"),
          },
        },
        logger,
      )
    })
    await handle.terminate()
    expect(output).toContain('"temporalAddress":"127.0.0.1:7233"')
    expect(output).toContain('on 10.20.30.40:7233 since 2026-12-01T23:22:14.123Z')
    expect(output).toContain(`"runId":"${runId}"`)
    expect(output).toContain(`"workflowId":"${handle.workflowId}"`)
    expect(output).toContain('"startedAt":"2026-12-01T23:22:14.123Z"')
    for (const planted of ['planted@secret-client.example', 'Planted-First', '555 867']) {
      expect(output, `${planted} appears in the logs`).not.toContain(planted)
    }
    expect(output, 'the error itself is still logged').toContain('rejected;')
  })
})
