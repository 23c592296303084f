import { randomUUID } from 'node:crypto'
import type { TestWorkflowEnvironment } from '@temporalio/testing'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { CrmEntityType, CrmLeadSource, CrmStage } from '../../workflows/search-attributes'
import { loadConfig } from '../../lib/config'
import { createSmtpMailDriver } from '../../lib/mail-driver'
import { createTemporalClient } from '../../lib/temporal'
import { createTestDatabase, type TestDatabase } from '../support/database'
import { startSmtpInbox, type SmtpInbox } from '../support/smtp-inbox'
import { createTimeSkippingEnvironment, startWorker, uniqueTaskQueue } from '../support/temporal'
import { issueApiKey } from '../../api/auth/api-keys'
import { bearer, postJson, startWeb } from '../support/web'

let env: TestWorkflowEnvironment
let inbox: SmtpInbox
let database: TestDatabase
let worker: Awaited<ReturnType<typeof startWorker>>
let web: Awaited<ReturnType<typeof startWeb>>
/** The landing page's key: it may create and read leads, nothing else. */
let landingPage: Record<string, string>
const taskQueue = uniqueTaskQueue('leads-api')

beforeAll(async () => {
  ;[env, inbox, database] = await Promise.all([createTimeSkippingEnvironment(), startSmtpInbox(), createTestDatabase()])
  const config = loadConfig({
    NODE_ENV: 'test',
    DATABASE_URL: database.url,
    SMTP_URL: inbox.url,
    TEMPORAL_TASK_QUEUE: taskQueue,
    TEMPORAL_UI_URL: 'http://127.0.0.1:8233',
  })
  const mail = createSmtpMailDriver(inbox.url)
  worker = await startWorker(env, { taskQueue, dependencies: { db: database.db, mail, mailFrom: config.MAIL_FROM } })
  web = await startWeb({ config, db: database.db, temporal: env.client, mail })
  const { key } = await issueApiKey(database.db, { name: 'Landing page', scopes: ['leads:create', 'leads:read'] })
  landingPage = bearer(key)
})

afterAll(async () => {
  await web?.close()
  await worker?.stop()
  await env?.teardown()
  await inbox?.stop()
  await database?.drop()
})

const uniqueEmail = () => `owner-${randomUUID()}@example.com`

describe('POST /api/leads', () => {
  it('answers 401 without credentials and 403 for a key without leads:create, writing nothing', async () => {
    const email = uniqueEmail()
    const anonymous = await postJson(`${web.baseUrl}/api/leads`, { email, source: 'website' })
    expect(anonymous.status).toBe(401)
    const { key } = await issueApiKey(database.db, { name: 'Read-only script', scopes: ['leads:read'] })
    const readOnly = await postJson(`${web.baseUrl}/api/leads`, { email, source: 'website' }, bearer(key))
    expect(readOnly.status).toBe(403)
    const forged = await postJson(`${web.baseUrl}/api/leads`, { email, source: 'website' }, bearer('crm_not-a-real-key-at-all'))
    expect(forged.status).toBe(401)
    expect(await database.db.lead.count({ where: { email } })).toBe(0)
    expect(
      await database.db.auditLog.count({ where: { action: 'leads.create', outcome: 'DENIED', actorType: 'API_KEY' } }),
    ).toBe(1)
  })

  it('creates the lead, starts lead-<id>, and the acknowledgement reaches the inbox', async () => {
    const email = uniqueEmail()
    const response = await postJson(`${web.baseUrl}/api/leads`, {
      email: `  ${email.toUpperCase()} `,
      source: 'roi_calculator',
      firstName: 'Sam',
      lastName: 'Ortiz',
      companyName: 'Ortiz Property Group',
      industry: 'property_management',
      employeeCount: '10-25',
      utmSource: 'google',
      utmMedium: 'cpc',
      utmCampaign: 'pm-roi-2026',
      landingPage: 'https://example.com/roi',
    }, landingPage)

    expect(response.status).toBe(201)
    const lead = await response.json()
    expect(lead).toMatchObject({
      email,
      source: 'roi_calculator',
      industry: 'property_management',
      employeeCount: '10-25',
      utmCampaign: 'pm-roi-2026',
      status: 'new',
      workflow: { id: `lead-${lead.id}` },
    })
    expect(['running', 'completed']).toContain(lead.workflow.status)
    expect(lead.workflow.temporalUiUrl).toBe(`http://127.0.0.1:8233/namespaces/default/workflows/lead-${lead.id}`)

    const run = env.client.workflow.getHandle(`lead-${lead.id}`)
    await run.result()
    const description = await run.describe()
    expect(description.typedSearchAttributes.get(CrmEntityType)).toBe('lead')
    expect(description.typedSearchAttributes.get(CrmLeadSource)).toBe('ROI_CALCULATOR')
    expect(description.typedSearchAttributes.get(CrmStage)).toBe('NEW')
    const received = inbox.received.filter((message) => message.envelopeTo.includes(email))
    expect(received).toHaveLength(1)
    expect(received[0]?.subject).toBe('Thanks for reaching out to AI KRE8TION Partners')
    expect(received[0]?.text).toContain('Hi Sam,')
    expect(received[0]?.text).toContain('ROI calculator')
    expect(received[0]?.text).toContain('property managers like you')

    const fetched = await fetch(`${web.baseUrl}/api/leads/${lead.id}`, { headers: landingPage })
    expect(fetched.status).toBe(200)
    expect(await fetched.json()).toMatchObject({
      id: lead.id,
      workflow: { status: 'completed', nextStep: null },
      messages: [{ template: 'lead-acknowledgement', to: email, status: 'sent' }],
    })
  })

  it('returns the existing lead with 200 for a second post of the same address, without a copy or a second email', async () => {
    const email = uniqueEmail()
    const first = await postJson(`${web.baseUrl}/api/crm/leads`, { email, source: 'website' }, landingPage)
    expect(first.status).toBe(201)
    const created = await first.json()
    await env.client.workflow.getHandle(`lead-${created.id}`).result()

    const second = await postJson(`${web.baseUrl}/api/leads`, { email: email.toUpperCase(), source: 'referral' }, landingPage)

    expect(second.status).toBe(200)
    expect(await second.json()).toMatchObject({ id: created.id, source: 'website' })
    expect(await database.db.lead.count({ where: { email } })).toBe(1)
    expect(inbox.received.filter((message) => message.envelopeTo.includes(email))).toHaveLength(1)
  })

  it('answers 400 naming every field at fault and writes nothing', async () => {
    const before = await database.db.lead.count()

    const response = await postJson(`${web.baseUrl}/api/leads`, {
      email: 'not-an-address',
      industry: 'farming',
      employeeCount: 12,
      landingPage: 'nowhere',
      favouriteColour: 'blue',
    }, landingPage)

    expect(response.status).toBe(400)
    const body = await response.json()
    const fields = body.errors.map((error: { field: string }) => error.field).sort()
    expect(fields).toEqual(['email', 'employeeCount', 'favouriteColour', 'industry', 'landingPage', 'source'])
    expect(body.errors.find((error: { field: string }) => error.field === 'source').message).toBe('is required')
    expect(await database.db.lead.count()).toBe(before)
  })

  it('answers 400 for a body that is not JSON, and 404 for an unknown lead', async () => {
    const malformed = await postJson(`${web.baseUrl}/api/leads`, '{"email": ', landingPage)
    expect(malformed.status).toBe(400)
    expect((await malformed.json()).errors[0].field).toBe('(body)')

    const missing = await fetch(`${web.baseUrl}/api/leads/does-not-exist`, { headers: landingPage })
    expect(missing.status).toBe(404)
  })

  it('answers 503 and keeps no lead when Temporal cannot be reached', async () => {
    const unreachableTemporal = createTemporalClient({
      TEMPORAL_ADDRESS: '127.0.0.1:1',
      TEMPORAL_NAMESPACE: 'default',
      TEMPORAL_API_KEY: undefined,
      TEMPORAL_TLS: false,
    })
    const config = loadConfig({ NODE_ENV: 'test', DATABASE_URL: database.url, SMTP_URL: inbox.url })
    const offline = await startWeb({
      config,
      db: database.db,
      temporal: unreachableTemporal,
      mail: createSmtpMailDriver(inbox.url),
    })
    const email = uniqueEmail()
    try {
      const response = await postJson(`${offline.baseUrl}/api/leads`, { email, source: 'paid_ads' }, landingPage)
      expect(response.status).toBe(503)
      expect((await response.json()).error).toMatch(/workflow could not be started/)
      expect(await database.db.lead.count({ where: { email } })).toBe(0)
    } finally {
      await offline.close()
      await unreachableTemporal.connection.close()
    }
  })
})
