import { randomUUID } from 'node:crypto'
import type { TestWorkflowEnvironment } from '@temporalio/testing'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { CrmEntityType, CrmLeadSource, CrmStage } from '../../workflows/search-attributes'
import { loadConfig } from '../../lib/config'
import { createSmtpMailDriver } from '../../lib/mail-driver'
import { Client, Connection } from '@temporalio/client'
import { createTestDatabase, statementCountingDatabase, type TestDatabase } from '../support/database'
import type { SmtpInbox } from '../support/smtp-inbox'
import { issueApiKey } from '../../services/auth/api-keys'
import { signedInUser } from '../support/actors'
import { bearer, postJson, startWeb } from '../support/web'
import { leadEventsOf } from './ingestion-helpers'
import { startCrmStack, type CrmStack } from '../support/stack'
import { startWorkflowReconciler } from '../../services/workflows/workflow-reconciler'

let env: TestWorkflowEnvironment
let inbox: SmtpInbox
let database: TestDatabase
let web: Awaited<ReturnType<typeof startWeb>>
/** The landing page's key: it may create and read leads, nothing else. */
let landingPage: Record<string, string>
let stack: CrmStack

beforeAll(async () => {
  stack = await startCrmStack('leads-api')
  ;({ env, inbox, database, web } = stack)
  const { key } = await issueApiKey(database.db, { name: 'Landing page', scopes: ['leads:create', 'leads:read'] })
  landingPage = bearer(key)
})

afterAll(async () => {
  await stack?.close()
})

const uniqueEmail = () => `owner-${randomUUID()}@example.com`
/** The lead workflow runs for the lead's life: wait for what it does, not for it to end. */
const eventually = { timeout: 20_000, interval: 250 }
const receivedBy = (email: string) => inbox.received.filter((message) => message.envelopeTo.includes(email))

describe('POST /api/leads', () => {
  it('answers 401 without credentials and 403 for a key without leads:create, writing nothing', async () => {
    const email = uniqueEmail()
    const anonymous = await postJson(`${web.baseUrl}/api/leads`, { email, source: 'website' })
    expect(anonymous.status).toBe(401)
    const { key } = await issueApiKey(database.db, { name: 'Read-only script', scopes: ['leads:read'] })
    const readOnly = await postJson(`${web.baseUrl}/api/leads`, { email, source: 'website' }, bearer(key))
    expect(readOnly.status).toBe(403)
    const forged = await postJson(
      `${web.baseUrl}/api/leads`,
      { email, source: 'website' },
      bearer('crm_not-a-real-key-at-all'),
    )
    expect(forged.status).toBe(401)
    expect(await database.db.lead.count({ where: { email } })).toBe(0)
    expect(
      await database.db.auditLog.count({ where: { action: 'leads.create', outcome: 'DENIED', actorType: 'API_KEY' } }),
    ).toBe(1)
  })

  it('creates the lead, starts lead-<id>, and the acknowledgement reaches the inbox', async () => {
    const email = uniqueEmail()
    const response = await postJson(
      `${web.baseUrl}/api/leads`,
      {
        email: `  ${email.toUpperCase()} `,
        // A form lead: the integrations' own sources get their first email from nurture instead.
        source: 'organic_search',
        firstName: 'Sam',
        lastName: 'Ortiz',
        companyName: 'Ortiz Property Group',
        industry: 'property_management',
        employeeCount: '10-25',
        utmSource: 'google',
        utmMedium: 'cpc',
        utmCampaign: 'pm-roi-2026',
        landingPage: 'https://example.com/roi',
      },
      landingPage,
    )

    expect(response.status).toBe(201)
    const lead = await response.json()
    expect(lead).toMatchObject({
      email,
      source: 'organic_search',
      industry: 'property_management',
      employeeCount: '10-25',
      utmCampaign: 'pm-roi-2026',
      status: 'new',
      workflow: { id: `lead-${lead.id}` },
    })
    expect(lead.workflow.status).toBe('running')
    expect(lead.workflow.temporalUiUrl).toBe(`http://127.0.0.1:8233/namespaces/default/workflows/lead-${lead.id}`)

    const run = env.client.workflow.getHandle(`lead-${lead.id}`)
    const description = await run.describe()
    expect(description.typedSearchAttributes.get(CrmEntityType)).toBe('lead')
    expect(description.typedSearchAttributes.get(CrmLeadSource)).toBe('ORGANIC_SEARCH')
    expect(description.typedSearchAttributes.get(CrmStage)).toBe('NEW')
    await expect.poll(() => receivedBy(email).length, eventually).toBe(1)
    const received = receivedBy(email)
    expect(received[0]?.subject).toBe('Thanks for reaching out to AI KRE8TION Partners')
    expect(received[0]?.text).toContain('Hi Sam,')
    expect(received[0]?.text).toContain('Thank you for getting in touch.')
    expect(received[0]?.text).toContain('property managers like you')

    const fetched = await fetch(`${web.baseUrl}/api/leads/${lead.id}`, { headers: landingPage })
    expect(fetched.status).toBe(200)
    expect(await fetched.json()).toMatchObject({
      id: lead.id,
      workflow: { status: 'running' },
      messages: [{ template: 'lead-acknowledgement', to: email, status: 'sent' }],
    })
  })

  it('returns the existing lead with 200 for a second post of the same address: no copy, no second email, its workflow told', async () => {
    const email = uniqueEmail()
    const first = await postJson(
      `${web.baseUrl}/api/crm/leads`,
      { email, source: 'website', firstName: 'Ana', utmSource: 'google' },
      landingPage,
    )
    expect(first.status).toBe(201)
    const created = await first.json()
    await expect.poll(() => receivedBy(email).length, eventually).toBe(1)

    const second = await postJson(
      `${web.baseUrl}/api/leads`,
      {
        email: email.toUpperCase(),
        source: 'referral',
        firstName: 'Anabel',
        companyName: 'Ana Realty',
        utmSource: 'newsletter',
      },
      landingPage,
    )

    expect(second.status).toBe(200)
    // First touch kept; what was not known yet is added.
    expect(await second.json()).toMatchObject({
      id: created.id,
      source: 'website',
      firstName: 'Ana',
      companyName: 'Ana Realty',
      utmSource: 'google',
    })
    expect(await database.db.lead.count({ where: { email } })).toBe(1)
    await expect
      .poll(async () => (await leadEventsOf(env, created.id)).map((event) => event.kind), eventually)
      .toEqual(['lead.captured'])
    expect(receivedBy(email)).toHaveLength(1)
  })

  it('makes one lead of five copies of a new address posted at once: one 201, four 200, one workflow, one email', async () => {
    const email = uniqueEmail()
    const responses = await Promise.all(
      Array.from({ length: 5 }, (_, copy) =>
        postJson(
          `${web.baseUrl}/api/leads`,
          { email, source: 'website', firstName: 'Ana', marketingConsent: true, gclid: `copy-${copy}` },
          landingPage,
        ),
      ),
    )
    expect(responses.map((response) => response.status).sort()).toEqual([200, 200, 200, 200, 201])
    const ids = new Set(await Promise.all(responses.map(async (response) => (await response.json()).id)))
    expect(ids.size).toBe(1)
    const [leadId] = [...ids]
    expect(await database.db.lead.count({ where: { email } })).toBe(1)
    expect(await database.db.communicationPreference.count({ where: { leadId } })).toBe(1)
    // Each copy's unknown field is kept: the first with its lead, the four others by the known-person path.
    expect(
      await database.db.activity.count({
        where: { leadId, type: 'SYSTEM_EVENT', subject: { startsWith: 'Kept from' } },
      }),
    ).toBe(5)
    await expect
      .poll(async () => (await leadEventsOf(env, leadId!)).map((event) => event.kind), eventually)
      .toEqual(['lead.captured', 'lead.captured', 'lead.captured', 'lead.captured'])
    await expect.poll(() => receivedBy(email).length, eventually).toBe(1)
  })

  it('records marketing consent given on the form once, and never withdraws it by omission', async () => {
    const email = uniqueEmail()
    const preference = () =>
      database.db.communicationPreference.findFirst({
        where: { lead: { email } },
        select: { marketingConsent: true, marketingConsentAt: true, marketingConsentSource: true, timezone: true },
      })
    const withoutConsent = await postJson(`${web.baseUrl}/api/leads`, { email, source: 'website' }, landingPage)
    expect(withoutConsent.status).toBe(201)
    expect(await preference()).toBeNull()

    const consenting = await postJson(
      `${web.baseUrl}/api/leads`,
      { email, source: 'website', marketingConsent: true, timezone: 'America/Phoenix' },
      landingPage,
    )
    expect(consenting.status).toBe(200)
    const given = await preference()
    expect(given).toEqual({
      marketingConsent: true,
      marketingConsentAt: expect.any(Date),
      marketingConsentSource: 'website form',
      timezone: 'America/Phoenix',
    })

    for (const body of [
      { email, source: 'website' },
      { email, source: 'website', marketingConsent: false },
    ]) {
      expect((await postJson(`${web.baseUrl}/api/leads`, body, landingPage)).status).toBe(200)
    }
    expect(await preference()).toEqual(given)

    const wrong = await postJson(
      `${web.baseUrl}/api/leads`,
      { email, source: 'website', marketingConsent: 'yes' },
      landingPage,
    )
    // A consent that is not a boolean states nothing: the lead is kept, the consent stays as it was.
    expect(wrong.status).toBe(200)
    expect(await preference()).toEqual(given)
  })

  it('answers 400 naming the email (and a missing source) when they are at fault, and writes nothing', async () => {
    const before = await database.db.lead.count()

    const response = await postJson(
      `${web.baseUrl}/api/leads`,
      {
        email: 'not-an-address',
        industry: 'farming',
        employeeCount: 12,
        landingPage: 'nowhere',
        favouriteColour: 'blue',
      },
      landingPage,
    )

    expect(response.status).toBe(400)
    const body = await response.json()
    expect(body.errors).toEqual([
      { field: 'email', message: 'must be a valid email address' },
      { field: 'source', message: 'is required' },
    ])
    expect(await database.db.lead.count()).toBe(before)
  })

  it('answers 400 naming the email when SMTP could never deliver to it (RFC 5321 lengths), and writes nothing', async () => {
    const before = await database.db.lead.count()
    // 323 characters, as in the field report; its local part alone is 300 (the limit is 64).
    const email = `${'x'.repeat(300)}@example-plumbing.com`.padEnd(323, 'm')

    const response = await postJson(`${web.baseUrl}/api/leads`, { source: 'website', email }, landingPage)

    expect(response.status).toBe(400)
    expect((await response.json()).errors).toEqual([
      { field: 'email', message: 'must have at most 64 characters before the @ (RFC 5321)' },
    ])
    expect(await database.db.lead.count()).toBe(before)
  })

  it('captures a form lead with fields it has no column for, and keeps them on its timeline', async () => {
    const email = uniqueEmail()
    // As seed 002 §11.3 prints it: `source: 'website', email, ...leadData`, here with what ad platforms add.
    const response = await postJson(
      `${web.baseUrl}/api/crm/leads`,
      {
        source: 'website',
        email,
        firstName: 'Ana',
        landingPage: '/hvac',
        industry: 'landscaping',
        gclid: 'Cj0KCQiA-example',
        fbclid: 'IwAR-example',
      },
      landingPage,
    )
    expect(response.status).toBe(201)
    const lead = await response.json()
    expect(lead).toMatchObject({ email, source: 'website', firstName: 'Ana', landingPage: '/hvac', industry: null })

    const timeline = await fetch(`${web.baseUrl}/api/leads/${lead.id}/timeline`, { headers: landingPage })
    const kept = (await timeline.json()).entries.filter((entry: { title: string }) =>
      entry.title.startsWith('Kept from'),
    )
    expect(kept).toHaveLength(1)
    expect(kept[0].title).toBe('Kept from the website form: industry, gclid, fbclid')
    expect(kept[0].detail.split('\n')).toEqual([
      expect.stringMatching(/^industry: "landscaping" \(.+\)$/),
      'gclid: "Cj0KCQiA-example" (is not a lead field)',
      'fbclid: "IwAR-example" (is not a lead field)',
    ])
  })

  it('takes the landing page form without a source as a website lead', async () => {
    const email = uniqueEmail()
    const response = await postJson(`${web.baseUrl}/api/crm/leads`, { email }, landingPage)
    expect(response.status).toBe(201)
    expect(await response.json()).toMatchObject({ email, source: 'website' })
  })

  it('answers 415 naming application/json for JSON sent as another type, and writes nothing', async () => {
    const email = uniqueEmail()
    for (const path of ['/api/leads', '/api/crm/leads', '/api/crm/roi-calculations', '/api/crm/voice-sessions']) {
      const response = await fetch(`${web.baseUrl}${path}`, {
        method: 'POST',
        headers: { ...landingPage, 'content-type': 'text/plain;charset=UTF-8' },
        body: JSON.stringify({ source: 'website', email }),
      })
      expect(response.status, path).toBe(415)
      expect(await response.json()).toMatchObject({
        error: 'The body must be JSON',
        errors: [{ field: '(body)', message: 'Content-Type must be application/json, not text/plain;charset=UTF-8' }],
      })
    }
    expect(await database.db.lead.count({ where: { email } })).toBe(0)
  })

  it('answers 400 for a body that is not JSON, and 404 for an unknown lead', async () => {
    const malformed = await postJson(`${web.baseUrl}/api/leads`, '{"email": ', landingPage)
    expect(malformed.status).toBe(400)
    expect((await malformed.json()).errors[0].field).toBe('(body)')

    const missing = await fetch(`${web.baseUrl}/api/leads/does-not-exist`, { headers: landingPage })
    expect(missing.status).toBe(404)
  })

  it('answers 202 and keeps the lead (and its consent) when Temporal cannot be reached; the reconciler starts exactly one workflow per lead once it answers', async () => {
    // Without the SDK's retry interceptor: its retry timers would outlive the connection closed below.
    const unreachableTemporal = new Client({
      connection: Connection.lazy({ address: '127.0.0.1:1', connectTimeout: '5 seconds', interceptors: [] }),
      namespace: 'default',
    })
    const config = loadConfig({ NODE_ENV: 'test', DATABASE_URL: database.url, SMTP_URL: inbox.url })
    const offline = await startWeb({
      config,
      db: database.db,
      temporal: unreachableTemporal,
      mail: createSmtpMailDriver(inbox.url),
    })
    const emails = [uniqueEmail(), uniqueEmail(), uniqueEmail()]
    const leadIds: string[] = []
    try {
      for (const [index, email] of emails.entries()) {
        const response = await postJson(
          `${offline.baseUrl}/api/leads`,
          { email, source: 'paid_ads', firstName: 'Kim', marketingConsent: index === 0 },
          landingPage,
        )
        // Accepted: the lead is recorded, its workflow is pending.
        expect(response.status).toBe(202)
        const body = await response.json()
        expect(body).toMatchObject({ email, source: 'paid_ads', status: 'new', workflow: null })
        leadIds.push(body.id)
      }
    } finally {
      await offline.close()
      await unreachableTemporal.connection.close()
    }
    const rows = await database.db.lead.findMany({
      where: { id: { in: leadIds } },
      select: { workflowId: true, workflowStatus: true },
    })
    expect(rows).toEqual(leadIds.map(() => ({ workflowId: null, workflowStatus: 'NOT_STARTED' })))
    expect(await database.db.communicationPreference.count({ where: { lead: { email: emails[0] } } })).toBe(1)

    // Temporal answers again: a pass starts each pending lead's workflow; a second pass (or a second web process)
    // starts nothing more.
    const reconciler = startWorkflowReconciler(
      { db: database.db, temporal: env.client, taskQueue: stack.taskQueue },
      { intervalMs: null },
    )
    try {
      // A minute on: the leads are past the age at which their own request could still be starting them.
      const later = new Date(Date.now() + 60_000)
      const first = await reconciler.reconcileOnce(later)
      expect(first.temporalAnswered).toBe(true)
      const runIds = await Promise.all(
        leadIds.map(async (id) => (await env.client.workflow.getHandle(`lead-${id}`).describe()).runId),
      )
      await reconciler.reconcileOnce(later)
      await reconciler.reconcileOnce(new Date(later.getTime() + 10 * 60_000))
      for (const [index, id] of leadIds.entries()) {
        const description = await env.client.workflow.getHandle(`lead-${id}`).describe()
        expect(description.runId).toBe(runIds[index])
        expect(description.typedSearchAttributes.get(CrmLeadSource)).toBe('PAID_ADS')
      }
      // Started within the late-start grace, each lead is acknowledged as if its request had started it: once.
      for (const email of emails) await expect.poll(() => receivedBy(email).length, eventually).toBe(1)
      // The projection is the workflow's own writing.
      await expect
        .poll(
          () =>
            database.db.lead.findMany({
              where: { id: { in: leadIds } },
              select: { id: true, workflowId: true, workflowStatus: true },
              orderBy: { id: 'asc' },
            }),
          eventually,
        )
        .toEqual([...leadIds].sort().map((id) => ({ id, workflowId: `lead-${id}`, workflowStatus: 'RUNNING' })))
      expect(await reconciler.reconcileOnce(new Date(later.getTime() + 20 * 60_000))).toEqual({
        started: 0,
        temporalAnswered: true,
      })
      for (const email of emails) expect(receivedBy(email)).toHaveLength(1)
    } finally {
      await reconciler.stop()
    }
  })

  it('does not start again a workflow its request started while the worker is behind', async () => {
    // A database of its own, so the pass has no other record to start, and a queue no worker polls: the workflow
    // runs (its start answered) but has not written its projection yet.
    const own = await createTestDatabase()
    const behind = { ...stack.config, DATABASE_URL: own.url, TEMPORAL_TASK_QUEUE: `behind-${randomUUID()}` }
    const web = await startWeb({ config: behind, db: own.db, temporal: env.client, mail: stack.mail })
    const reconciler = startWorkflowReconciler(
      { db: own.db, temporal: env.client, taskQueue: behind.TEMPORAL_TASK_QUEUE },
      { intervalMs: null },
    )
    try {
      const { key } = await issueApiKey(own.db, { name: 'Landing page', scopes: ['leads:create'] })
      const response = await postJson(
        `${web.baseUrl}/api/leads`,
        { email: uniqueEmail(), source: 'website' },
        bearer(key),
      )
      expect(response.status).toBe(201)
      const { id } = await response.json()
      const row = await own.db.lead.findUniqueOrThrow({ where: { id }, select: { workflowStatus: true } })
      expect(row.workflowStatus).toBe('NOT_STARTED')
      expect(await reconciler.reconcileOnce(new Date(Date.now() + 60_000))).toEqual({
        started: 0,
        temporalAnswered: true,
      })
      // Past the restart interval it is started again, in case its run was ended from outside.
      expect(await reconciler.reconcileOnce(new Date(Date.now() + 6 * 60_000))).toEqual({
        started: 1,
        temporalAnswered: true,
      })
      await env.client.workflow.getHandle(`lead-${id}`).terminate('test over')
    } finally {
      await reconciler.stop()
      await web.close()
      await own.drop()
    }
  })

  it('reads, after a whole pass, only the rows written since; every five minutes it reads them all again', async () => {
    const own = await createTestDatabase()
    const counted = statementCountingDatabase(own.url)
    const taskQueue = `behind-${randomUUID()}`
    const reconciler = startWorkflowReconciler(
      { db: counted.db, temporal: env.client, taskQueue },
      { intervalMs: null },
    )
    const now = Date.now()
    const leadReads = () => counted.statements.filter((sql) => /FROM "public"."Lead"/.test(sql)).length
    const waiting = (count: number, createdAt: Date) =>
      own.db.lead.createManyAndReturn({
        data: Array.from({ length: count }, () => ({ email: uniqueEmail(), source: 'WEBSITE' as const, createdAt })),
        select: { id: true },
      })
    try {
      // 150 leads waiting a minute: a page of 100 and one of 50.
      const backlog = await waiting(150, new Date(now - 60_000))
      expect(await reconciler.reconcileOnce(new Date(now))).toEqual({ started: 150, temporalAnswered: true })
      expect(leadReads()).toBe(2)

      // Still NOT_STARTED (no worker), but this pass starts from where the last one stopped: one read, and nothing
      // started, even for a lead whose row says it waits.
      const readsBefore = leadReads()
      expect(await reconciler.reconcileOnce(new Date(now + 5_000))).toEqual({ started: 0, temporalAnswered: true })
      expect(leadReads() - readsBefore).toBe(1)

      // A lead written since is started by the next pass.
      const [recent] = await waiting(1, new Date(now + 1_000))
      expect(await reconciler.reconcileOnce(new Date(now + 10_000))).toEqual({ started: 1, temporalAnswered: true })

      // A row committed late (written with a time the passes have gone beyond) is found by the next whole pass.
      const [late] = await waiting(1, new Date(now - 30_000))
      expect(await reconciler.reconcileOnce(new Date(now + 15_000))).toEqual({ started: 0, temporalAnswered: true })
      // Their workflows have written their projections meanwhile, so the whole pass finds only the late row.
      await own.db.lead.updateMany({
        where: { id: { in: [...backlog, recent!].map((lead) => lead.id) } },
        data: { workflowStatus: 'RUNNING' },
      })
      expect(await reconciler.reconcileOnce(new Date(now + 5 * 60_000))).toEqual({ started: 1, temporalAnswered: true })
      await env.client.workflow.getHandle(`lead-${late!.id}`).describe()
      for (const { id } of [...backlog, recent!, late!]) {
        await env.client.workflow.getHandle(`lead-${id}`).terminate('test over')
      }
    } finally {
      await reconciler.stop()
      await counted.close()
      await own.drop()
    }
  })

  it('writes a new lead in one statement, with no transaction or lock, and never writes its workflow columns', async () => {
    const { db: countedDb, statements, close } = statementCountingDatabase(database.url)
    const counted = await startWeb({
      config: stack.config,
      db: countedDb,
      temporal: env.client,
      mail: stack.mail,
    })
    try {
      const email = uniqueEmail()
      statements.length = 0
      const response = await postJson(`${counted.baseUrl}/api/leads`, { email, source: 'website' }, landingPage)
      expect(response.status).toBe(201)
      const lead = await response.json()
      // Reported, not read back: the id is lead-<id> by construction.
      expect(lead.workflow).toMatchObject({ id: `lead-${lead.id}`, status: 'running' })
      // Besides the API key's statements (busy notifications have a connection of their own, decision 0070).
      const ofTheLead = statements.filter((sql) => !sql.includes('"public"."ApiKey"'))
      expect(ofTheLead.map((sql) => sql.split(/\s+/).slice(0, 3).join(' '))).toEqual(['INSERT INTO "public"."Lead"'])
      expect(statements.filter((sql) => /^UPDATE "public"\."Lead"/.test(sql))).toEqual([])
      // The worker writes the projection; the web process leaves it as the worker wrote it.
      await expect
        .poll(
          () =>
            database.db.lead.findUnique({ where: { id: lead.id }, select: { workflowId: true, workflowStatus: true } }),
          eventually,
        )
        .toEqual({ workflowId: `lead-${lead.id}`, workflowStatus: 'RUNNING' })
    } finally {
      await counted.close()
      await close()
    }
  })
})

describe('POST /api/leads/:id/replies', () => {
  async function newLead(assignedToId: string | null = null) {
    const email = uniqueEmail()
    const response = await postJson(`${web.baseUrl}/api/leads`, { email, source: 'website' }, landingPage)
    const lead = await response.json()
    if (assignedToId)
      await database.db.lead.update({ where: { id: lead.id }, data: { assignedToId }, select: { id: true } })
    return lead as { id: string; email: string }
  }
  const reply = (messageId: string) => ({
    messageId,
    receivedAt: '2026-11-23T14:05:00Z',
    subject: 'Re: Your ROI report',
    body: 'Thanks, can we talk on Thursday?',
  })
  const inboundEmails = (leadId: string) =>
    database.db.activity.findMany({
      where: { leadId, type: 'EMAIL', direction: 'INBOUND' },
      select: {
        id: true,
        subject: true,
        description: true,
        externalId: true,
        completedAt: true,
        channel: true,
        userId: true,
      },
    })

  it('records a reply once by its Message-ID and tells the lead workflow, which stops nurture', async () => {
    const { key } = await issueApiKey(database.db, { name: 'Mail integration', scopes: ['leads:update'] })
    const lead = await newLead()
    const messageId = `<${randomUUID()}@mail.example>`

    const first = await postJson(`${web.baseUrl}/api/leads/${lead.id}/replies`, reply(messageId), bearer(key))
    expect(first.status).toBe(201)
    const recorded = await first.json()
    expect(recorded).toMatchObject({ leadId: lead.id, messageId, duplicate: false })
    const again = await postJson(`${web.baseUrl}/api/leads/${lead.id}/replies`, reply(messageId), bearer(key))
    expect(again.status).toBe(200)
    expect(await again.json()).toMatchObject({ id: recorded.id, duplicate: true })

    expect(await inboundEmails(lead.id)).toEqual([
      {
        id: recorded.id,
        subject: 'Re: Your ROI report',
        description: 'Thanks, can we talk on Thursday?',
        externalId: messageId,
        completedAt: new Date('2026-11-23T14:05:00Z'),
        channel: 'EMAIL',
        userId: null,
      },
    ])
    // Both records told the workflow (a retry after a failed signal must finish the job), under the reply's one id:
    // the workflow acts on it once.
    await expect
      .poll(
        async () =>
          new Set(
            (await leadEventsOf(env, lead.id))
              .filter((event) => event.kind === 'email.replied')
              .map((event) => JSON.stringify(event)),
          ),
        eventually,
      )
      .toEqual(
        new Set([
          JSON.stringify({
            eventId: `email-reply:${messageId}`,
            kind: 'email.replied',
            occurredAt: '2026-11-23T14:05:00Z',
            refId: recorded.id,
          }),
        ]),
      )
  })

  it('answers 400 naming the fields, and writes nothing', async () => {
    const { key } = await issueApiKey(database.db, { name: 'Mail integration', scopes: ['leads:update'] })
    const lead = await newLead()
    const response = await postJson(
      `${web.baseUrl}/api/leads/${lead.id}/replies`,
      { receivedAt: 'Thursday', subject: '', spam: true },
      bearer(key),
    )
    expect(response.status).toBe(400)
    const body = await response.json()
    expect(body.error).toBe('The email reply is not valid')
    expect(body.errors.map((error: { field: string }) => error.field).sort()).toEqual([
      'messageId',
      'receivedAt',
      'spam',
      'subject',
    ])
    expect(await inboundEmails(lead.id)).toEqual([])
  })

  it('lets a Sales Rep record a reply on their own lead only; needs leads:update for keys; 404 for an unknown lead', async () => {
    // People post from the app's own pages: the same-origin check of cookie requests wants to see it.
    const fromApp = (user: { headers: Record<string, string> }) => ({ ...user.headers, origin: web.baseUrl })
    const rep = await signedInUser(database.db, 'SALES_REP')
    const own = await newLead(rep.id)
    // Another rep's lead: an unowned one may be given to this rep by the round robin while the test runs.
    const other = await newLead((await signedInUser(database.db, 'SALES_REP')).id)
    const byRep = await postJson(
      `${web.baseUrl}/api/leads/${own.id}/replies`,
      reply(`<${randomUUID()}@mail.example>`),
      fromApp(rep),
    )
    expect(byRep.status).toBe(201)
    expect((await inboundEmails(own.id))[0]?.userId).toBe(rep.id)
    expect(
      (
        await postJson(
          `${web.baseUrl}/api/leads/${other.id}/replies`,
          reply(`<${randomUUID()}@mail.example>`),
          fromApp(rep),
        )
      ).status,
    ).toBe(404)

    const viewer = await signedInUser(database.db, 'VIEWER')
    expect(
      (
        await postJson(
          `${web.baseUrl}/api/leads/${own.id}/replies`,
          reply(`<${randomUUID()}@mail.example>`),
          fromApp(viewer),
        )
      ).status,
    ).toBe(403)
    expect(
      (
        await postJson(
          `${web.baseUrl}/api/leads/${own.id}/replies`,
          reply(`<${randomUUID()}@mail.example>`),
          landingPage,
        )
      ).status,
    ).toBe(403)
    expect(
      (await postJson(`${web.baseUrl}/api/leads/${own.id}/replies`, reply(`<${randomUUID()}@mail.example>`))).status,
    ).toBe(401)
    expect(await inboundEmails(other.id)).toEqual([])

    const manager = await signedInUser(database.db, 'SALES_MANAGER')
    expect(
      (
        await postJson(
          `${web.baseUrl}/api/leads/does-not-exist/replies`,
          reply(`<${randomUUID()}@mail.example>`),
          fromApp(manager),
        )
      ).status,
    ).toBe(404)
    expect(
      (
        await postJson(
          `${web.baseUrl}/api/leads/${other.id}/replies`,
          reply(`<${randomUUID()}@mail.example>`),
          fromApp(manager),
        )
      ).status,
    ).toBe(201)
  })
})
