import type { Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import express from 'express'
import Stripe from 'stripe'
import twilio from 'twilio'
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest'
import { webhookRoutes } from '../../api/routes/webhooks'
import { ConfigError, loadConfig, webhookSecretVariables, type AppConfig } from '../../lib/config'
import { hmacSha256Hex } from '../../lib/webhooks/hmac'
import { signCrmWebhook } from '../../lib/webhooks/crm-signature'
import type { WebhookProvider } from '../../prisma/generated/enums'
import { createTemporalClient } from '../../lib/temporal'
import { createTestDatabase, type TestDatabase } from '../support/database'
import { createTimeSkippingEnvironment, uniqueTaskQueue } from '../support/temporal'
import type { TestWorkflowEnvironment } from '@temporalio/testing'
import type { Client } from '@temporalio/client'

const secrets = {
  STRIPE_WEBHOOK_SECRET: 'whsec_http_test_secret',
  CALCOM_WEBHOOK_SECRET: 'calcom-http-test-secret',
  TWILIO_AUTH_TOKEN: 'twilio-http-test-token',
  VOICE_AGENT_WEBHOOK_SECRET: 'voice-agent-http-test-secret',
  ROI_CALCULATOR_WEBHOOK_SECRET: 'roi-calculator-http-test-secret',
}
const wrongSecret = 'someone-elses-secret-0123456789'
// The public address behind a proxy: Twilio signs this URL, not the loopback one the test server listens on.
const appBaseUrl = 'https://crm.example.com'

let database: TestDatabase
let env: TestWorkflowEnvironment
let everyProvider: { baseUrl: string; close(): Promise<void> }
let stripeOnly: { baseUrl: string; close(): Promise<void> }

/**
 * The webhook router alone, mounted at /api in a bare Express app as the lead's app mounts it. Events the CRM acts on
 * are processed against Temporal's test server (no worker: the workflows' histories are not what this file checks).
 */
async function startRouter(config: AppConfig, temporal: Client = env.client) {
  const app = express()
  app.use('/api', webhookRoutes({ db: database.db, config, temporal }))
  const server: Server = app.listen(0, '127.0.0.1')
  await new Promise<void>((resolve, reject) => {
    server.once('listening', resolve)
    server.once('error', reject)
  })
  const { port } = server.address() as AddressInfo
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  }
}

function configWith(variables: Record<string, string>) {
  return loadConfig({
    NODE_ENV: 'test',
    DATABASE_URL: database.url,
    APP_BASE_URL: appBaseUrl,
    TEMPORAL_TASK_QUEUE: uniqueTaskQueue('webhooks'),
    ...secrets,
    ...variables,
  })
}

beforeAll(async () => {
  ;[database, env] = await Promise.all([createTestDatabase(), createTimeSkippingEnvironment()])
  everyProvider = await startRouter(
    configWith({ WEBHOOK_PROVIDERS: 'stripe,calcom,twilio,voice-agent,roi-calculator' }),
  )
  stripeOnly = await startRouter(configWith({ WEBHOOK_PROVIDERS: 'stripe' }))
})

afterAll(async () => {
  await everyProvider?.close()
  await stripeOnly?.close()
  await env?.teardown()
  await database?.drop()
})

afterEach(() => {
  vi.restoreAllMocks()
})

interface Delivery {
  body: string
  headers: Record<string, string>
}

interface SignOptions {
  secret?: string
  ageSeconds?: number
}

interface Scheme {
  name: string
  path: string
  provider: WebhookProvider
  signatureHeader: string
  /** The header a stale delivery is refused by; undefined where the scheme carries no time. */
  staleHeader?: string
  contentType: string
  eventType: string
  /** A delivery of event `id`, signed as the sender signs it `ageSeconds` ago. */
  deliver(id: string, options?: SignOptions): Delivery
  eventId(id: string): string
  /** A correctly signed body the endpoint cannot read as an event. */
  deliverMalformed(): Delivery
  successBody: unknown
  /** The CRM acts on the event before answering (it is PROCESSED); others are only recorded (RECEIVED). */
  processed: boolean
}

const nowSeconds = () => Math.floor(Date.now() / 1000)
const json = { received: true, duplicate: false }

function stripeDelivery(
  body: string,
  { secret = secrets.STRIPE_WEBHOOK_SECRET, ageSeconds = 0 }: SignOptions = {},
): Delivery {
  const header = Stripe.webhooks.generateTestHeaderString({
    payload: body,
    secret,
    timestamp: nowSeconds() - ageSeconds,
  })
  return { body, headers: { 'content-type': 'application/json; charset=utf-8', 'stripe-signature': header } }
}

function calcomDelivery(body: string, { secret = secrets.CALCOM_WEBHOOK_SECRET }: SignOptions = {}): Delivery {
  return { body, headers: { 'content-type': 'application/json', 'x-cal-signature-256': hmacSha256Hex(secret, body) } }
}

function calcomBooking(triggerEvent: string, uid: string, ageSeconds = 0) {
  return JSON.stringify({
    triggerEvent,
    createdAt: new Date(Date.now() - ageSeconds * 1000).toISOString(),
    payload: {
      type: 'discovery-call',
      title: 'Discovery call between Alex and Rosa',
      startTime: '2026-12-01T15:00:00Z',
      endTime: '2026-12-01T15:30:00Z',
      attendees: [{ name: 'Rosa', email: 'rosa@northwind-plumbing.example', timeZone: 'America/Chicago' }],
      uid,
    },
  })
}

function twilioDelivery(
  params: Record<string, string>,
  { secret = secrets.TWILIO_AUTH_TOKEN }: SignOptions = {},
  url = `${appBaseUrl}/api/webhooks/twilio`,
): Delivery {
  return {
    body: new URLSearchParams(params).toString(),
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      'x-twilio-signature': twilio.getExpectedTwilioSignature(secret, url, params),
    },
  }
}

function crmDelivery(
  body: string,
  defaultSecret: string,
  { secret = defaultSecret, ageSeconds = 0 }: SignOptions = {},
): Delivery {
  return {
    body,
    headers: { 'content-type': 'application/json', ...signCrmWebhook(secret, body, nowSeconds() - ageSeconds) },
  }
}

const messageCallback = (sid: string) => ({
  AccountSid: 'AC0001',
  MessageSid: sid,
  MessageStatus: 'delivered',
  SmsStatus: 'delivered',
  To: '+15555550100',
})

const schemes: Scheme[] = [
  {
    name: 'Stripe',
    path: '/api/webhooks/stripe',
    provider: 'STRIPE',
    signatureHeader: 'Stripe-Signature',
    staleHeader: 'Stripe-Signature',
    contentType: 'application/json',
    eventType: 'payment_intent.succeeded',
    deliver: (id, options) =>
      stripeDelivery(
        JSON.stringify({
          id,
          object: 'event',
          type: 'payment_intent.succeeded',
          created: nowSeconds(),
          data: { object: { id: `pi_${id}`, amount: 450000 } },
        }),
        options,
      ),
    eventId: (id) => id,
    deliverMalformed: () => stripeDelivery('{"id":'),
    successBody: json,
    // A PaymentIntent the CRM did not create changes no payment: processed at once (decision 0029).
    processed: true,
  },
  {
    name: 'Cal.com',
    path: '/api/webhooks/calendar',
    provider: 'CALCOM',
    signatureHeader: 'X-Cal-Signature-256',
    staleHeader: 'X-Cal-Signature-256',
    contentType: 'application/json',
    eventType: 'BOOKING_CREATED',
    deliver: (id, options) => calcomDelivery(calcomBooking('BOOKING_CREATED', id, options?.ageSeconds), options),
    eventId: (id) => `BOOKING_CREATED:${id}`,
    deliverMalformed: () =>
      calcomDelivery(
        JSON.stringify({ triggerEvent: 'BOOKING_CREATED', createdAt: new Date().toISOString(), payload: {} }),
      ),
    successBody: json,
    // Recorded and signalled: the lead's workflow applies it (no worker runs here).
    processed: false,
  },
  {
    name: 'Cal.com through the landing page path of §11.3',
    path: '/api/crm/webhooks/calendar',
    provider: 'CALCOM',
    signatureHeader: 'X-Cal-Signature-256',
    staleHeader: 'X-Cal-Signature-256',
    contentType: 'application/json',
    eventType: 'BOOKING_CANCELLED',
    deliver: (id, options) => calcomDelivery(calcomBooking('BOOKING_CANCELLED', id, options?.ageSeconds), options),
    eventId: (id) => `BOOKING_CANCELLED:${id}`,
    deliverMalformed: () => calcomDelivery('triggerEvent=BOOKING_CANCELLED'),
    successBody: json,
    processed: false,
  },
  {
    name: 'Twilio',
    path: '/api/webhooks/twilio',
    provider: 'TWILIO',
    signatureHeader: 'X-Twilio-Signature',
    contentType: 'text/xml',
    eventType: 'message.delivered',
    deliver: (id, options) => twilioDelivery(messageCallback(id), options),
    eventId: (id) => `${id}:delivered`,
    deliverMalformed: () => twilioDelivery({ AccountSid: 'AC0001' }),
    successBody: '<Response/>',
    // Applied in the request (decision 0033): a status for an SMS the CRM did not send changes nothing.
    processed: true,
  },
  {
    name: 'the voice agent',
    path: '/api/webhooks/voice-agent',
    provider: 'VOICE_AGENT',
    signatureHeader: 'X-Crm-Signature',
    staleHeader: 'X-Crm-Timestamp',
    contentType: 'application/json',
    eventType: 'session.ended',
    deliver: (id, options) =>
      crmDelivery(
        JSON.stringify({ id, type: 'session.ended', sessionId: `vs-${id}`, duration: 312 }),
        secrets.VOICE_AGENT_WEBHOOK_SECRET,
        options,
      ),
    eventId: (id) => id,
    deliverMalformed: () => crmDelivery(JSON.stringify({ type: 'session.ended' }), secrets.VOICE_AGENT_WEBHOOK_SECRET),
    successBody: json,
    // An anonymous session: no lead's workflow owns it, so it is applied in the request (decision 0016).
    processed: true,
  },
  {
    name: 'the ROI calculator',
    path: '/api/webhooks/roi-calculator',
    provider: 'ROI_CALCULATOR',
    signatureHeader: 'X-Crm-Signature',
    staleHeader: 'X-Crm-Timestamp',
    contentType: 'application/json',
    eventType: 'calculation.completed',
    deliver: (id, options) =>
      crmDelivery(
        JSON.stringify({
          id,
          type: 'calculation.completed',
          calculationId: `calc-${id}`,
          email: 'sam@ortiz-pm.example',
          industry: 'property_management',
          employeeCount: '10-25',
          hourlyRate: 40,
          weeklyAdminHours: 20,
        }),
        secrets.ROI_CALCULATOR_WEBHOOK_SECRET,
        options,
      ),
    eventId: (id) => id,
    deliverMalformed: () => crmDelivery('[]', secrets.ROI_CALCULATOR_WEBHOOK_SECRET),
    successBody: json,
    // A calculation with an address is recorded and signalled: the lead's workflow applies it (no worker runs here).
    processed: false,
  },
]

let sequence = 0
const uniqueId = (prefix: string) => `${prefix}_${Date.now().toString(36)}_${++sequence}`

function post(baseUrl: string, path: string, delivery: Delivery) {
  return fetch(`${baseUrl}${path}`, { method: 'POST', headers: delivery.headers, body: delivery.body })
}

async function responseBody(response: Response) {
  return response.headers.get('content-type')?.includes('json') ? response.json() : response.text()
}

const countEvents = () => database.db.webhookEvent.count()

function storedEvent(provider: WebhookProvider, eventId: string) {
  return database.db.webhookEvent.findUnique({
    where: { provider_eventId: { provider, eventId } },
    select: { eventType: true, status: true, payload: true, receivedAt: true },
  })
}

function withoutHeader(delivery: Delivery, header: string): Delivery {
  return {
    ...delivery,
    headers: Object.fromEntries(
      Object.entries(delivery.headers).filter(([name]) => name.toLowerCase() !== header.toLowerCase()),
    ),
  }
}

describe.each(schemes)('POST $path ($name)', (scheme) => {
  it('records a correctly signed event once and acknowledges it', async () => {
    const id = uniqueId('ok')
    const delivery = scheme.deliver(id)
    const response = await post(everyProvider.baseUrl, scheme.path, delivery)

    expect(response.status).toBe(200)
    expect(response.headers.get('content-type')).toContain(scheme.contentType)
    expect(await responseBody(response)).toEqual(scheme.successBody)
    const stored = await storedEvent(scheme.provider, scheme.eventId(id))
    expect(stored).toMatchObject({ eventType: scheme.eventType, status: scheme.processed ? 'PROCESSED' : 'RECEIVED' })
    const expectedPayload =
      scheme.provider === 'TWILIO' ? Object.fromEntries(new URLSearchParams(delivery.body)) : JSON.parse(delivery.body)
    expect(stored?.payload).toEqual(expectedPayload)
  })

  it('acknowledges a redelivery as a duplicate and changes nothing', async () => {
    const id = uniqueId('again')
    const first = await post(everyProvider.baseUrl, scheme.path, scheme.deliver(id, { ageSeconds: 5 }))
    expect(first.status).toBe(200)
    const before = await storedEvent(scheme.provider, scheme.eventId(id))
    const totalBefore = await countEvents()

    // Senders re-sign a redelivery (a new timestamp where the scheme has one); it is still the same event.
    const again = await post(everyProvider.baseUrl, scheme.path, scheme.deliver(id))

    expect(again.status).toBe(200)
    expect(await responseBody(again)).toEqual(
      scheme.provider === 'TWILIO' ? '<Response/>' : { received: true, duplicate: true },
    )
    expect(await countEvents()).toBe(totalBefore)
    expect(
      await database.db.webhookEvent.count({ where: { provider: scheme.provider, eventId: scheme.eventId(id) } }),
    ).toBe(1)
    expect(await storedEvent(scheme.provider, scheme.eventId(id))).toEqual(before)
  })

  const refusals: [string, (id: string) => Delivery, string, string][] = [
    [
      'a tampered body',
      (id) => {
        const delivery = scheme.deliver(id)
        return { ...delivery, body: delivery.body.replace(id, `${id}x`) }
      },
      scheme.signatureHeader,
      'does not match',
    ],
    [
      'a missing signature header',
      (id) => withoutHeader(scheme.deliver(id), scheme.signatureHeader),
      scheme.signatureHeader,
      'is missing',
    ],
    [
      'a signature made with the wrong secret',
      (id) => scheme.deliver(id, { secret: wrongSecret }),
      scheme.signatureHeader,
      'does not match',
    ],
  ]
  if (scheme.staleHeader) {
    refusals.push([
      'a signature older than the 300 s window',
      (id) => scheme.deliver(id, { ageSeconds: 301 }),
      scheme.staleHeader,
      'older than the 300 s',
    ])
  }

  it.each(refusals)(
    'refuses %s with 401 naming the header, and writes nothing',
    async (_case, deliver, header, reason) => {
      const totalBefore = await countEvents()
      const response = await post(everyProvider.baseUrl, scheme.path, deliver(uniqueId('refused')))

      expect(response.status).toBe(401)
      const body = await response.json()
      expect(body.error).toBe('The webhook signature is not valid')
      expect(body.errors).toEqual([{ field: header, message: expect.stringContaining(reason) }])
      expect(await countEvents()).toBe(totalBefore)
    },
  )

  it('acknowledges a correctly signed body that is no event and records it FAILED, once (decision 0015)', async () => {
    const failed = () => database.db.webhookEvent.count({ where: { provider: scheme.provider, status: 'FAILED' } })
    const totalBefore = await countEvents()
    const failedBefore = await failed()
    const delivery = scheme.deliverMalformed()
    const response = await post(everyProvider.baseUrl, scheme.path, delivery)

    expect(response.status).toBe(200)
    if (scheme.provider !== 'TWILIO') {
      expect(await response.json()).toMatchObject({ received: true, processed: false, errors: [{ field: '(body)' }] })
    }
    expect(await countEvents()).toBe(totalBefore + 1)
    expect(await failed()).toBe(failedBefore + 1)
    // The same bytes again: recognised, nothing more recorded.
    expect((await post(everyProvider.baseUrl, scheme.path, delivery)).status).toBe(200)
    expect(await countEvents()).toBe(totalBefore + 1)
  })
})

describe('every webhook endpoint', () => {
  it.each(schemes.filter((scheme) => scheme.provider !== 'STRIPE'))(
    'answers 404 on $path when $name is not in WEBHOOK_PROVIDERS, and writes nothing',
    async (scheme) => {
      const totalBefore = await countEvents()
      const response = await post(stripeOnly.baseUrl, scheme.path, scheme.deliver(uniqueId('disabled')))

      expect(response.status).toBe(404)
      expect(await response.json()).toMatchObject({ error: `No API route POST ${scheme.path}`, errors: [] })
      expect(await countEvents()).toBe(totalBefore)
    },
  )

  it('serves an enabled provider next to disabled ones', async () => {
    const id = uniqueId('evt_only')
    const response = await post(stripeOnly.baseUrl, '/api/webhooks/stripe', schemes[0]!.deliver(id))
    expect(response.status).toBe(200)
    expect(await storedEvent('STRIPE', id)).not.toBeNull()
  })

  it('answers a body over 1 MB with 413 before reading it as an event', async () => {
    const totalBefore = await countEvents()
    const huge = JSON.stringify({ id: uniqueId('huge'), type: 'session.message', text: 'x'.repeat(1024 * 1024) })
    const response = await post(
      everyProvider.baseUrl,
      '/api/webhooks/voice-agent',
      crmDelivery(huge, secrets.VOICE_AGENT_WEBHOOK_SECRET),
    )

    expect(response.status).toBe(413)
    expect(await response.json()).toMatchObject({
      error: 'The body is too large',
      errors: [{ field: '(body)', message: 'exceeds 1mb' }],
    })
    expect(await countEvents()).toBe(totalBefore)
  })

  it('acknowledges a vendor event type the CRM does not subscribe to without recording it', async () => {
    const totalBefore = await countEvents()
    const refund = JSON.stringify({ id: uniqueId('evt_refund'), object: 'event', type: 'charge.refunded' })
    const response = await post(everyProvider.baseUrl, '/api/webhooks/stripe', stripeDelivery(refund))

    expect(response.status).toBe(200)
    expect(await response.json()).toEqual({ received: true, duplicate: false, ignored: true })
    expect(await countEvents()).toBe(totalBefore)
  })

  it('counts a Cal.com booking posted to both calendar paths as one event', async () => {
    const uid = uniqueId('bk_both')
    const delivery = calcomDelivery(calcomBooking('BOOKING_CREATED', uid))
    expect(await (await post(everyProvider.baseUrl, '/api/webhooks/calendar', delivery)).json()).toEqual(json)
    expect(await (await post(everyProvider.baseUrl, '/api/crm/webhooks/calendar', delivery)).json()).toEqual({
      received: true,
      duplicate: true,
    })
    expect(
      await database.db.webhookEvent.count({ where: { provider: 'CALCOM', eventId: `BOOKING_CREATED:${uid}` } }),
    ).toBe(1)
  })

  it("checks Twilio's signature against APP_BASE_URL, not the host the request reached (proxies rewrite it)", async () => {
    const sid = uniqueId('SM_local')
    const signedForLoopback = twilioDelivery(messageCallback(sid), {}, `${everyProvider.baseUrl}/api/webhooks/twilio`)
    const response = await post(everyProvider.baseUrl, '/api/webhooks/twilio', signedForLoopback)

    expect(response.status).toBe(401)
    expect(await storedEvent('TWILIO', `${sid}:delivered`)).toBeNull()
  })

  it('signs the query string Twilio posted to as part of the URL', async () => {
    const sid = uniqueId('SM_query')
    const path = '/api/webhooks/twilio?campaign=reminders'
    const delivery = twilioDelivery(messageCallback(sid), {}, `${appBaseUrl}${path}`)
    expect((await post(everyProvider.baseUrl, path, delivery)).status).toBe(200)
    expect(await storedEvent('TWILIO', `${sid}:delivered`)).not.toBeNull()
  })

  it('logs neither bodies, signatures nor secrets', async () => {
    const lines: string[] = []
    for (const method of ['log', 'info', 'warn', 'error', 'debug'] as const) {
      vi.spyOn(console, method).mockImplementation((...args: unknown[]) => {
        lines.push(args.map(String).join(' '))
      })
    }
    const planted = 'planted-transcript-text-5551234'
    const body = JSON.stringify({
      id: uniqueId('log'),
      type: 'session.message',
      sessionId: uniqueId('vs-log'),
      message: { role: 'user', content: planted, timestamp: new Date().toISOString() },
    })
    const refused = crmDelivery(body, secrets.VOICE_AGENT_WEBHOOK_SECRET, { secret: wrongSecret })
    const accepted = crmDelivery(body, secrets.VOICE_AGENT_WEBHOOK_SECRET)
    expect((await post(everyProvider.baseUrl, '/api/webhooks/voice-agent', refused)).status).toBe(401)
    expect((await post(everyProvider.baseUrl, '/api/webhooks/voice-agent', accepted)).status).toBe(200)

    const logged = lines.join('\n')
    expect(logged).toContain('Refused a voice-agent webhook')
    for (const secretValue of [
      planted,
      secrets.VOICE_AGENT_WEBHOOK_SECRET,
      wrongSecret,
      refused.headers['X-Crm-Signature']!,
      accepted.headers['X-Crm-Signature']!,
    ]) {
      expect(logged).not.toContain(secretValue)
    }
  })
})

describe('processing a recorded event', () => {
  it('keeps an event whose processing failed as FAILED with the reason, answers 503, and finishes it on redelivery', async () => {
    const unreachable = createTemporalClient({
      TEMPORAL_ADDRESS: '127.0.0.1:1',
      TEMPORAL_NAMESPACE: 'default',
      TEMPORAL_API_KEY: undefined,
      TEMPORAL_TLS: false,
    })
    const offline = await startRouter(configWith({ WEBHOOK_PROVIDERS: 'calcom' }), unreachable)
    const uid = uniqueId('bk_offline')
    try {
      const failed = await post(
        offline.baseUrl,
        '/api/webhooks/calendar',
        calcomDelivery(calcomBooking('BOOKING_CREATED', uid, 2)),
      )
      expect(failed.status).toBe(503)
      expect((await failed.json()).error).toMatch(/workflow could not be reached/)
    } finally {
      await offline.close()
      await unreachable.connection.close()
    }
    expect(await storedEvent('CALCOM', `BOOKING_CREATED:${uid}`)).toMatchObject({ status: 'FAILED' })
    const failedRow = await database.db.webhookEvent.findUniqueOrThrow({
      where: { provider_eventId: { provider: 'CALCOM', eventId: `BOOKING_CREATED:${uid}` } },
      select: { error: true, processedAt: true },
    })
    expect(failedRow).toEqual({ error: expect.stringMatching(/workflow could not be reached/), processedAt: null })
    // Nothing of the booking is written in the request: the lead's workflow writes it once it is told.
    expect(await database.db.calendarBooking.count({ where: { externalUid: uid } })).toBe(0)

    // Cal.com retries the delivery (re-signed, a little later): now it is processed to the end.
    const retried = await post(
      everyProvider.baseUrl,
      '/api/webhooks/calendar',
      calcomDelivery(calcomBooking('BOOKING_CREATED', uid)),
    )
    expect(retried.status).toBe(200)
    expect(await retried.json()).toEqual({ received: true, duplicate: true })
    // Claimed again and handed to the lead's workflow (which marks it PROCESSED when it applies it).
    const retriedRow = await database.db.webhookEvent.findUniqueOrThrow({
      where: { provider_eventId: { provider: 'CALCOM', eventId: `BOOKING_CREATED:${uid}` } },
      select: { id: true, status: true, error: true, processedAt: true },
    })
    expect(retriedRow).toEqual({ id: expect.any(String), status: 'RECEIVED', error: null, processedAt: null })
    const lead = await database.db.lead.findUniqueOrThrow({
      where: { email: 'rosa@northwind-plumbing.example' },
      select: { id: true },
    })
    const history = await env.client.workflow.getHandle(`lead-${lead.id}`).fetchHistory()
    const signals = (history.events ?? []).filter(
      (event) => event.workflowExecutionSignaledEventAttributes?.signalName === 'leadEvent',
    )
    expect(
      signals.map((event) =>
        JSON.parse(
          Buffer.from(event.workflowExecutionSignaledEventAttributes!.input!.payloads![0]!.data!).toString('utf8'),
        ),
      ),
    ).toContainEqual(
      expect.objectContaining({ eventId: `calcom:BOOKING_CREATED:${uid}`, webhookEventId: retriedRow.id }),
    )
  })
})

describe('WEBHOOK_PROVIDERS at start-up', () => {
  it.each(Object.entries(webhookSecretVariables))(
    'refuses to start with %s enabled but %s unset',
    (provider, variable) => {
      const env = { DATABASE_URL: 'postgresql://crm@localhost:5432/crm', ...secrets, WEBHOOK_PROVIDERS: provider }
      delete (env as Record<string, string | undefined>)[variable]
      try {
        loadConfig(env)
        expect.unreachable()
      } catch (error) {
        expect(error).toBeInstanceOf(ConfigError)
        expect((error as ConfigError).issues).toEqual([
          { variable, message: `is required because WEBHOOK_PROVIDERS enables ${provider}` },
        ])
      }
    },
  )
})
