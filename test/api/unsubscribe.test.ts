import { randomUUID } from 'node:crypto'
import type { AppLoadContext } from '@remix-run/node'
import { defaultPayloadConverter } from '@temporalio/common'
import type { TestWorkflowEnvironment } from '@temporalio/testing'
import { createElement } from 'react'
import { renderToStaticMarkup } from 'react-dom/server'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { WebDependencies } from '../../services/dependencies'
import { unsubscribeLead } from '../../services/leads/unsubscribe-lead'
import { action, loader, UnsubscribeView } from '../../app/routes/unsubscribe.$token'
import { loadConfig, type AppConfig } from '../../lib/config'
import { createSmtpMailDriver } from '../../lib/mail-driver'
import { createTemporalClient } from '../../lib/temporal'
import { unsubscribeToken, unsubscribeUrl } from '../../lib/unsubscribe'
import type { Language } from '../../prisma/generated/enums'
import { leadWorkflowId, type LeadEvent } from '../../workflows/lead-messages'
import { createTestDatabase, type TestDatabase } from '../support/database'
import { createTimeSkippingEnvironment, uniqueTaskQueue } from '../support/temporal'
import { loadRemixBuild, startWeb } from '../support/web'

// No worker runs: what is proven is that the unsubscribe reaches the lead's workflow as a signal (read back
// from its history), not what the workflow then does with it.

let env: TestWorkflowEnvironment
let database: TestDatabase
let web: Awaited<ReturnType<typeof startWeb>>
let config: AppConfig
let dependencies: WebDependencies
const taskQueue = uniqueTaskQueue('unsubscribe')
const secret = 'unsubscribe-api-test-secret-0123456789abcdef'

beforeAll(async () => {
  ;[env, database] = await Promise.all([createTimeSkippingEnvironment(), createTestDatabase()])
  config = loadConfig({
    NODE_ENV: 'test',
    DATABASE_URL: database.url,
    TEMPORAL_TASK_QUEUE: taskQueue,
    UNSUBSCRIBE_SECRET: secret,
    APP_BASE_URL: 'http://crm.test',
  })
  dependencies = { config, db: database.db, temporal: env.client, mail: createSmtpMailDriver('smtp://127.0.0.1:9') }
  web = await startWeb(dependencies)
})

afterAll(async () => {
  await web?.close()
  await env?.teardown()
  await database?.drop()
})

async function createLead(options: { language?: Language; marketingConsent?: boolean } = {}) {
  const lead = await database.db.lead.create({
    data: {
      email: `person-${randomUUID()}@example.com`,
      firstName: 'Rosa',
      source: 'ROI_CALCULATOR',
      preferredLanguage: options.language ?? 'EN',
      ...(options.marketingConsent === undefined
        ? {}
        : {
            communicationPreference: {
              create: { marketingConsent: options.marketingConsent, timezone: 'Europe/Madrid' },
            },
          }),
    },
    select: { id: true },
  })
  return { ...lead, token: unsubscribeToken(lead.id, secret) }
}

function oneClick(
  token: string,
  body: BodyInit | null = 'List-Unsubscribe=One-Click',
  headers: Record<string, string> = {},
) {
  return fetch(`${web.baseUrl}/api/unsubscribe/${token}`, {
    method: 'POST',
    headers: typeof body === 'string' ? { 'content-type': 'application/x-www-form-urlencoded', ...headers } : headers,
    body,
  })
}

async function unsubscribeState(leadId: string) {
  const [preference, activities] = await Promise.all([
    database.db.communicationPreference.findUnique({
      where: { leadId },
      select: { unsubscribedAt: true, unsubscribeReason: true, marketingConsent: true, timezone: true },
    }),
    database.db.activity.findMany({ where: { leadId }, select: { type: true, subject: true, description: true } }),
  ])
  return { preference, activities }
}

/** The lead events signalled to the lead's workflow, read from its history. */
async function signalledEvents(leadId: string): Promise<LeadEvent[]> {
  const history = await env.client.workflow.getHandle(leadWorkflowId(leadId)).fetchHistory()
  return (history.events ?? [])
    .map((event) => event.workflowExecutionSignaledEventAttributes)
    .filter((signal) => signal?.signalName === 'leadEvent')
    .map((signal) => defaultPayloadConverter.fromPayload<LeadEvent>(signal!.input!.payloads![0]!))
}

describe('POST /api/unsubscribe/:token (RFC 8058 one-click)', () => {
  it('unsubscribes without a session or Origin, writes the timeline, and signals the lead workflow', async () => {
    const lead = await createLead({ marketingConsent: true })
    const response = await oneClick(lead.token)
    expect(response.status).toBe(200)
    const body = (await response.json()) as { unsubscribed: boolean; unsubscribedAt: string }
    expect(body.unsubscribed).toBe(true)

    const { preference, activities } = await unsubscribeState(lead.id)
    expect(preference?.unsubscribedAt?.toISOString()).toBe(body.unsubscribedAt)
    expect(preference).toMatchObject({
      unsubscribeReason: 'one-click',
      marketingConsent: true,
      timezone: 'Europe/Madrid',
    })
    expect(activities).toEqual([
      {
        type: 'SYSTEM_EVENT',
        subject: 'Unsubscribed',
        description:
          'The person unsubscribed from all emails through one-click unsubscribe from their mail app (List-Unsubscribe).',
      },
    ])
    expect(await signalledEvents(lead.id)).toEqual([
      { eventId: `unsubscribe:${lead.id}`, kind: 'unsubscribed', occurredAt: body.unsubscribedAt },
    ])
  })

  it('accepts the multipart body RFC 8058 prefers, and an empty body', async () => {
    const multipartLead = await createLead()
    const form = new FormData()
    form.set('List-Unsubscribe', 'One-Click')
    expect((await oneClick(multipartLead.token, form)).status).toBe(200)
    expect((await unsubscribeState(multipartLead.id)).preference?.unsubscribedAt).toBeInstanceOf(Date)

    const emptyLead = await createLead()
    expect((await oneClick(emptyLead.token, null)).status).toBe(200)
    expect((await unsubscribeState(emptyLead.id)).preference?.unsubscribedAt).toBeInstanceOf(Date)
  })

  it('creates the preference row for a lead that had none (no consent recorded)', async () => {
    const lead = await createLead()
    expect((await unsubscribeState(lead.id)).preference).toBeNull()
    expect((await oneClick(lead.token)).status).toBe(200)
    expect((await unsubscribeState(lead.id)).preference).toMatchObject({
      marketingConsent: false,
      unsubscribeReason: 'one-click',
    })
  })

  it('changes nothing on a second click: the first time stays, one timeline entry', async () => {
    const lead = await createLead({ marketingConsent: true })
    const first = (await (await oneClick(lead.token)).json()) as { unsubscribedAt: string }
    await new Promise((resolve) => setTimeout(resolve, 20))
    const second = await oneClick(lead.token)
    expect(second.status).toBe(200)
    expect(((await second.json()) as { unsubscribedAt: string }).unsubscribedAt).toBe(first.unsubscribedAt)
    const { preference, activities } = await unsubscribeState(lead.id)
    expect(preference?.unsubscribedAt?.toISOString()).toBe(first.unsubscribedAt)
    expect(activities).toHaveLength(1)
  })

  it('records simultaneous clicks once', async () => {
    const withRow = await createLead({ marketingConsent: true })
    const withoutRow = await createLead()
    const responses = await Promise.all(
      [withRow, withoutRow].flatMap((lead) => Array.from({ length: 5 }, () => oneClick(lead.token))),
    )
    expect(responses.map((response) => response.status)).toEqual(Array(10).fill(200))
    const times = await Promise.all(
      responses.map(async (response) => ((await response.json()) as { unsubscribedAt: string }).unsubscribedAt),
    )
    for (const [index, lead] of [withRow, withoutRow].entries()) {
      const { preference, activities } = await unsubscribeState(lead.id)
      expect(activities).toHaveLength(1)
      expect(new Set(times.slice(index * 5, index * 5 + 5))).toEqual(
        new Set([preference?.unsubscribedAt?.toISOString()]),
      )
    }
  })

  it('answers 404 for a token that is not ours, and writes nothing', async () => {
    const lead = await createLead({ marketingConsent: true })
    const forged = unsubscribeToken(lead.id, 'someone-elses-secret-0123456789abcdefgh')
    const [encodedLead] = lead.token.split('.')
    const unknownLead = unsubscribeToken('no-such-lead', secret)
    for (const token of [forged, `${encodedLead}.AAAA`, 'not-a-token', unknownLead]) {
      const response = await oneClick(token)
      expect(response.status, token).toBe(404)
      expect(await response.json()).toMatchObject({ errors: [{ field: 'token' }] })
    }
    expect(await unsubscribeState(lead.id)).toMatchObject({ preference: { unsubscribedAt: null }, activities: [] })
  })

  it('answers 400 naming List-Unsubscribe for another body, and writes nothing', async () => {
    const lead = await createLead({ marketingConsent: true })
    for (const body of ['List-Unsubscribe=Yes', 'foo=bar', 'List-Unsubscribe=One-Click&extra=1']) {
      const response = await oneClick(lead.token, body)
      expect(response.status, body).toBe(400)
      expect(await response.json()).toMatchObject({
        error: 'Not a one-click unsubscribe request',
        errors: [{ field: 'List-Unsubscribe', message: 'must be One-Click' }],
      })
    }
    expect(await unsubscribeState(lead.id)).toMatchObject({ preference: { unsubscribedAt: null }, activities: [] })
  })

  it('is not behind API authentication: a stray session cookie or API key header does not matter', async () => {
    const lead = await createLead()
    const response = await oneClick(lead.token, 'List-Unsubscribe=One-Click', { cookie: 'crm_session=stale' })
    expect(response.status).toBe(200)
    const other = await createLead()
    expect(
      (await oneClick(other.token, 'List-Unsubscribe=One-Click', { authorization: 'Bearer crm_not-a-real-key' }))
        .status,
    ).toBe(200)
  })
})

describe('the unsubscribe page (GET and POST /unsubscribe/:token)', () => {
  const pageArgs = (token: string, method = 'GET') => {
    const context: AppLoadContext = { ...dependencies }
    return { request: new Request(`http://crm.test/unsubscribe/${token}`, { method }), params: { token }, context }
  }

  it('asks first, in the lead language; the confirm button unsubscribes; afterwards it says so', async () => {
    const lead = await createLead({ language: 'ES', marketingConsent: true })
    expect(unsubscribeUrl(config.APP_BASE_URL, lead.id, secret)).toBe(`http://crm.test/unsubscribe/${lead.token}`)

    const before = await loader(pageArgs(lead.token))
    expect(before).toEqual({ language: 'ES', unsubscribed: false })
    const asking = renderToStaticMarkup(createElement(UnsubscribeView, before))
    expect(asking).toContain('<h1>Darse de baja</h1>')
    expect(asking).toContain('<form method="post"')
    expect(asking).toContain('Darme de baja</button>')

    const after = await action(pageArgs(lead.token, 'POST'))
    expect(after).toEqual({ language: 'ES', unsubscribed: true })
    const done = renderToStaticMarkup(createElement(UnsubscribeView, after))
    expect(done).toContain('<h1>Se ha dado de baja</h1>')
    expect(done).not.toContain('<form')

    const { preference, activities } = await unsubscribeState(lead.id)
    expect(preference).toMatchObject({ unsubscribeReason: 'unsubscribe-page' })
    expect(activities).toEqual([
      expect.objectContaining({
        subject: 'Unsubscribed',
        description: expect.stringContaining('the unsubscribe link in an email'),
      }),
    ])
    expect(await signalledEvents(lead.id)).toEqual([
      {
        eventId: `unsubscribe:${lead.id}`,
        kind: 'unsubscribed',
        occurredAt: preference!.unsubscribedAt!.toISOString(),
      },
    ])
    // Opening the link again shows the result; posting again changes nothing.
    expect(await loader(pageArgs(lead.token))).toEqual({ language: 'ES', unsubscribed: true })
    await action(pageArgs(lead.token, 'POST'))
    expect((await unsubscribeState(lead.id)).activities).toHaveLength(1)
  })

  it('speaks English to an English lead', async () => {
    const lead = await createLead({ language: 'EN' })
    const state = await loader(pageArgs(lead.token))
    expect(renderToStaticMarkup(createElement(UnsubscribeView, state))).toContain('<h1>Unsubscribe</h1>')
    const done = await action(pageArgs(lead.token, 'POST'))
    expect(renderToStaticMarkup(createElement(UnsubscribeView, done))).toContain('<h1>You are unsubscribed</h1>')
  })

  it('answers 404 for a bad token, on GET and POST', async () => {
    for (const run of [() => loader(pageArgs('bad.token')), () => action(pageArgs('bad.token', 'POST'))]) {
      const thrown = await run().then(
        () => null,
        (error: unknown) => error,
      )
      expect(thrown).toBeInstanceOf(Response)
      expect((thrown as Response).status).toBe(404)
    }
  })

  it('keeps the unsubscribe when Temporal is unreachable; the next click delivers the signal', async () => {
    const lead = await createLead({ marketingConsent: true })
    const unreachable = createTemporalClient({ ...config, TEMPORAL_ADDRESS: '127.0.0.1:1' })
    try {
      const first = await unsubscribeLead(
        { db: database.db, temporal: unreachable, taskQueue, unsubscribeSecret: secret },
        lead.token,
        'unsubscribe-page',
      )
      expect(first).toMatchObject({ leadId: lead.id, alreadyUnsubscribed: false })
    } finally {
      await unreachable.connection.close().catch(() => undefined)
    }
    expect((await unsubscribeState(lead.id)).preference?.unsubscribedAt).toBeInstanceOf(Date)

    const second = await unsubscribeLead(
      { db: database.db, temporal: env.client, taskQueue, unsubscribeSecret: secret },
      lead.token,
      'unsubscribe-page',
    )
    expect(second).toMatchObject({ alreadyUnsubscribed: true })
    expect(await signalledEvents(lead.id)).toEqual([
      { eventId: `unsubscribe:${lead.id}`, kind: 'unsubscribed', occurredAt: second!.unsubscribedAt.toISOString() },
    ])
  })
})

describe('the unsubscribe page through the web app (Remix build)', () => {
  let app: Awaited<ReturnType<typeof startWeb>>

  beforeAll(async () => {
    app = await startWeb(dependencies, await loadRemixBuild())
  })

  afterAll(async () => {
    await app?.close()
  })

  const mainOf = async (response: Response) => /<main>([\s\S]*)<\/main>/.exec(await response.text())?.[1] ?? ''

  it('is public: the link from the email asks, the button unsubscribes, a bad token is 404', async () => {
    const lead = await createLead({ language: 'ES', marketingConsent: true })
    const link = `${app.baseUrl}/unsubscribe/${lead.token}`
    const page = await fetch(link)
    expect(page.status).toBe(200)
    expect(await mainOf(page)).toContain('<h1>Darse de baja</h1>')

    const confirmed = await fetch(link, {
      method: 'POST',
      headers: { origin: app.baseUrl, 'content-type': 'application/x-www-form-urlencoded' },
      body: '',
    })
    expect(confirmed.status).toBe(200)
    expect(await mainOf(confirmed)).toContain('<h1>Se ha dado de baja</h1>')
    expect((await unsubscribeState(lead.id)).preference).toMatchObject({ unsubscribeReason: 'unsubscribe-page' })

    expect((await fetch(`${app.baseUrl}/unsubscribe/not.valid`)).status).toBe(404)
  })

  it('refuses a server-side POST to the page (no Origin), which is why List-Unsubscribe names /api/unsubscribe', async () => {
    const lead = await createLead()
    const pagePost = await fetch(`${app.baseUrl}/unsubscribe/${lead.token}`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'List-Unsubscribe=One-Click',
    })
    expect(pagePost.status).toBe(403)
    const apiPost = await fetch(`${app.baseUrl}/api/unsubscribe/${lead.token}`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'List-Unsubscribe=One-Click',
    })
    expect(apiPost.status).toBe(200)
  })
})
