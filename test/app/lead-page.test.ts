import type { TestWorkflowEnvironment } from '@temporalio/testing'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startSession } from '../../api/auth/sessions'
import { loadConfig } from '../../lib/config'
import { createSmtpMailDriver } from '../../lib/mail-driver'
import { createTestDatabase, type TestDatabase } from '../support/database'
import { createTimeSkippingEnvironment } from '../support/temporal'
import { loadRemixBuild, startWeb } from '../support/web'

let env: TestWorkflowEnvironment
let database: TestDatabase
let web: Awaited<ReturnType<typeof startWeb>>
/** The pages need a signed-in user: a Viewer may read every lead. */
let signedIn: { cookie: string }

beforeAll(async () => {
  ;[env, database] = await Promise.all([createTimeSkippingEnvironment(), createTestDatabase()])
  const config = loadConfig({
    NODE_ENV: 'test',
    DATABASE_URL: database.url,
    TEMPORAL_UI_URL: 'http://127.0.0.1:8233',
    MAIL_INBOX_URL: 'http://127.0.0.1:1080',
  })
  web = await startWeb(
    { config, db: database.db, temporal: env.client, mail: createSmtpMailDriver('smtp://127.0.0.1:9') },
    await loadRemixBuild(),
  )
  const viewer = await database.db.user.create({
    data: { email: 'viewer@durable-crm.test', name: 'Vera Viewer', role: 'VIEWER' },
    select: { id: true },
  })
  const { token } = await startSession(database.db, viewer.id, {}, config)
  signedIn = { cookie: `crm_session=${token}` }
})

afterAll(async () => {
  await web?.close()
  await env?.teardown()
  await database?.drop()
})

describe('lead page', () => {
  it('shows the lead, its status, the email sent and a link to its run in the Temporal Web UI', async () => {
    const lead = await database.db.lead.create({
      data: {
        email: 'jordan@bayside-hvac.example',
        firstName: 'Jordan',
        lastName: 'Reyes',
        companyName: 'Bayside HVAC',
        source: 'CALENDAR_BOOKING',
        industry: 'HVAC',
        employeeCount: 'RANGE_10_25',
        utmCampaign: 'spring-tuneup',
        workflowId: 'lead-page-test',
        workflowStatus: 'COMPLETED',
        outboxMessages: {
          create: {
            idempotencyKey: 'lead-page-test/acknowledgement',
            channel: 'EMAIL',
            status: 'SENT',
            toAddress: 'jordan@bayside-hvac.example',
            fromAddress: 'crm@durable-crm.test',
            subject: 'Thanks for reaching out to AI KRE8TION Partners',
            bodyText: 'Hi Jordan,\n\nThank you for booking time with us.',
            template: 'lead-acknowledgement',
            messageId: '<lead-page-test@durable-crm.test>',
            sentAt: new Date('2026-11-20T15:04:00Z'),
            attempts: 1,
          },
        },
      },
      select: { id: true },
    })

    const response = await fetch(`${web.baseUrl}/leads/${lead.id}`, { headers: signedIn })

    expect(response.status).toBe(200)
    expect(response.headers.get('content-type')).toMatch(/text\/html/)
    const html = await response.text()
    expect(html).toContain('<title>Jordan Reyes · Durable CRM</title>')
    expect(html).toContain('jordan@bayside-hvac.example')
    expect(html).toContain('Bayside HVAC')
    expect(html).toContain('Calendar Booking (Direct)')
    expect(html).toContain('10-25')
    expect(html).toContain('spring-tuneup')
    expect(html).toMatch(/Status <span class="badge">new<\/span>/)
    expect(html).toMatch(/<span class="badge completed">completed<\/span>/)
    expect(html).toContain('Thanks for reaching out to AI KRE8TION Partners')
    expect(html).toContain('Nov 20, 2026, 3:04 PM UTC')
    expect(html).toContain('href="http://127.0.0.1:8233/namespaces/default/workflows/lead-page-test"')
    expect(html).toContain('href="http://127.0.0.1:1080"')
  })

  it('answers 404 with a readable page for an unknown lead', async () => {
    const response = await fetch(`${web.baseUrl}/leads/no-such-lead`, { headers: signedIn })
    expect(response.status).toBe(404)
    expect(await response.text()).toContain('Lead not found')
  })

  it('lists the lead on the leads page', async () => {
    const html = await (await fetch(`${web.baseUrl}/leads`, { headers: signedIn })).text()
    expect(html).toContain('Jordan Reyes')
  })
})
