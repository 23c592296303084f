import fc from 'fast-check'
import Stripe from 'stripe'
import twilio from 'twilio'
import type { TestWorkflowEnvironment } from '@temporalio/testing'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openApiDocument } from '../../api/openapi'
import { webhookDocumentation, type WebhookSignatureScheme } from '../../api/webhook-openapi'
import { loadConfig, type AppConfig } from '../../lib/config'
import { createSmtpMailDriver } from '../../lib/mail-driver'
import { signCrmWebhook } from '../../lib/webhooks/crm-signature'
import { hmacSha256Hex } from '../../lib/webhooks/hmac'
import { webhookProviders } from '../../lib/webhooks/providers'
import { apiKeyScopes } from '../../services/auth/api-keys'
import { keepAliveClient } from '../../dev/keep-alive-http-client'
import { apiKeyWith } from '../support/actors'
import { createTestDatabase, type TestDatabase } from '../support/database'
import { createTimeSkippingEnvironment, uniqueTaskQueue } from '../support/temporal'
import { startWeb } from '../support/web'

// Poison input (issue 9): generated bodies, mutations of valid ones, sent to every JSON endpoint and every signed
// webhook the OpenAPI document lists. No answer may be a 5xx; a refusal of the body names the field; a refused body
// writes nothing; a signed delivery that can never be processed is acknowledged (2xx) and only recorded FAILED.
//
// Reproducible: `GENERATED_INPUT_SEED=<n> npx vitest run test/api/generated-input.test.ts` repeats a run.
// No worker runs: workflows are started on Temporal's test server but never executed, so every row written is
// written by a request, and row counts say exactly what the requests wrote.

const seed = Number(process.env.GENERATED_INPUT_SEED ?? 20261202)
const bodiesPerEndpoint = Number(process.env.GENERATED_INPUT_BODIES ?? 1000)
const concurrency = Number(process.env.GENERATED_INPUT_CONCURRENCY ?? 16)

/** Counted from the OpenAPI document of today; a new endpoint changes it, and is covered by the same loop. */
const expectedJsonEndpoints = 47
const expectedWebhookEndpoints = 6

const secrets = {
  STRIPE_WEBHOOK_SECRET: 'whsec_generated_input_secret',
  CALCOM_WEBHOOK_SECRET: 'calcom-generated-input-secret',
  TWILIO_AUTH_TOKEN: 'twilio-generated-input-token',
  VOICE_AGENT_WEBHOOK_SECRET: 'voice-agent-generated-input-secret',
  ROI_CALCULATOR_WEBHOOK_SECRET: 'roi-calculator-generated-input-secret',
}
const appBaseUrl = 'https://crm.example.com'

type Json = null | boolean | number | string | Json[] | { [key: string]: Json }

interface Endpoint {
  kind: 'json' | 'webhook'
  method: string
  /** The OpenAPI path, `{id}` filled in at send time. */
  path: string
  operationId: string
  schemes: readonly WebhookSignatureScheme[]
  form: boolean
}

/** One generated request, kept so it can be sent again. */
interface Generated {
  endpoint: Endpoint
  body: Json | string
  headers: Record<string, string>
  /** Put there by the generator: a body the CRM must refuse (or, signed, acknowledge and only record FAILED). */
  mustRefuse: boolean
  note: string
}

// ---------------------------------------------------------------------------------------------------------------
// The endpoints, from the OpenAPI document.

function enumerateEndpoints(): Endpoint[] {
  const document = openApiDocument({ APP_BASE_URL: appBaseUrl }) as {
    paths: Record<string, Record<string, { operationId: string; requestBody?: { content: Record<string, unknown> } }>>
  }
  const endpoints: Endpoint[] = []
  for (const [path, item] of Object.entries(document.paths)) {
    // People only (decision 0041): this run's API key is refused there with a 403 that is audited, so its refusals
    // write rows by design. test/api/scheduled-reports-api.test.ts sends them bad input as an Admin.
    if (path.startsWith('/api/scheduled-reports/')) continue
    for (const [method, operation] of Object.entries(item)) {
      if (!['post', 'put', 'patch'].includes(method)) continue
      const types = Object.keys(operation.requestBody?.content ?? {})
      const provider = webhookProviders.find((candidate) => candidate.paths.some((own) => `/api${own}` === path))
      if (provider) {
        const { schemes, contentType } = webhookDocumentation[provider.name]
        endpoints.push({
          kind: 'webhook',
          method,
          path,
          operationId: operation.operationId,
          schemes,
          form: contentType !== 'application/json',
        })
      } else if (types.length === 0 || types.includes('application/json')) {
        // An action without a documented body still reads one (an empty JSON object).
        endpoints.push({ kind: 'json', method, path, operationId: operation.operationId, schemes: [], form: false })
      }
    }
  }
  return endpoints
}

// ---------------------------------------------------------------------------------------------------------------
// Valid bodies: what each endpoint accepts, by hand from the seed's fields; ids are filled in from the fixtures.

interface Fixtures {
  leadId: string
  companyId: string
  contactId: string
  opportunityId: string
  partnershipId: string
  voiceSessionId: string
  userId: string
  activityId: string
}

const captured = { email: 'poison.form@generated.example', source: 'website', firstName: 'Rosa', lastName: 'Diaz' }
const leadPerson = {
  companyName: 'Northwind Plumbing',
  phone: '+1 555 010 1234',
  landingPage: '/hvac',
  referrer: 'https://www.google.com/',
  industry: 'hvac',
  timezone: 'America/Chicago',
  aiMaturityIndicators: ['uses a CRM'],
  marketingConsent: true,
}
const at = (hours: number) => new Date(Date.UTC(2026, 11, 1, 15) + hours * 3_600_000).toISOString()

/**
 * Creating a user hashes its password with scrypt (N=2^17: ~128 MiB and a quarter of a second of CPU per hash, on
 * purpose), so a body that gets that far costs more than a hundred others. Bodies that must be refused always carry
 * a password (the refusal comes before any hash); of the others one in ten does, the rest are refused for its absence.
 */
const passwordEvery = 10

/** Of the bodies refused in the second phase, the share sent again in the third. */
const resendEvery = 4

function validBody(operationId: string, fixtures: Fixtures, unique: string, withPassword = true): Json {
  const company = {
    name: `Generated Co ${unique}`,
    industry: 'hvac',
    employeeCount: '10-25',
    businessModel: 'service',
    source: 'referral',
    website: 'https://northwind.example',
    city: 'Austin',
    tags: ['generated'],
  }
  const bodies: Record<string, Json> = {
    'capture-lead': { ...captured, ...leadPerson },
    'capture-lead-landing-page': { ...captured, ...leadPerson },
    'capture-voice-session': {
      sessionId: 'vs-generated',
      email: 'poison.voice@generated.example',
      startTime: at(0),
      endTime: at(1),
      duration: 3600,
      messages: [{ role: 'user', content: 'We lose calls after hours', timestamp: at(0) }],
      metadata: { device: 'desktop', language: 'en' },
      topics: ['after-hours calls'],
      ...leadPerson,
    },
    'capture-roi-calculation': {
      calculationId: 'calc-generated',
      email: 'poison.roi@generated.example',
      industry: 'hvac',
      employeeCount: '10-25',
      hourlyRate: 45,
      weeklyAdminHours: 12,
      selectedTier: 'foundation',
      calculations: { annualSavings: 1000, notes: ['a', { b: 1 }] },
    },
    'record-email-reply': {
      messageId: '<reply-generated@mail.example>',
      receivedAt: at(2),
      subject: 'Re: your call',
      body: 'Thanks, Tuesday works.',
    },
    leadAction_disqualify: { reason: 'Not a fit for us' },
    leadAction_convert: { tier: 'foundation', companyId: fixtures.companyId, opportunityName: 'Generated deal' },
    'update-leads': { firstName: 'Rosa', companyName: 'Northwind', timezone: 'America/Chicago' },
    'create-companies': company,
    'update-companies': { city: 'Dallas', annualRevenue: 1_000_000, tags: ['b'] },
    'create-contacts': {
      companyId: fixtures.companyId,
      firstName: 'Sam',
      lastName: 'Ortiz',
      email: `sam.${unique}@generated.example`,
      title: 'Owner',
      decisionMaker: true,
      timezone: 'America/Chicago',
    },
    'update-contacts': { title: 'CEO', phone: '+1 555 010 9999' },
    'create-opportunities': {
      companyId: fixtures.companyId,
      primaryContactId: fixtures.contactId,
      name: `Generated deal ${unique}`,
      tier: 'foundation',
      setupFee: 5000,
      monthlyFee: 1500,
      expectedCloseDate: '2026-12-31',
    },
    'update-opportunities': { expectedCloseDate: at(24), competitorInfo: 'none' },
    // The fixture deal is won: its actions are read and checked, then answered from the record (no worker here).
    dealMove: { stage: 'contacted', reason: 'Generated' },
    dealCompleteAction: { action: 'review_lead_data' },
    dealAssign: { owner: fixtures.userId },
    logActivity: { type: 'note', subject: `Generated note ${unique}`, leadId: fixtures.leadId },
    changeTask: { outcome: 'Done by generated input' },
    'create-partnerships': {
      opportunityId: fixtures.opportunityId,
      companyId: fixtures.companyId,
      tier: 'foundation',
      startDate: '2027-01-04',
      targetEndDate: at(24 * 90),
      weeklyMeetingDay: 'tuesday',
      trainingCompleted: ['kickoff'],
    },
    'update-partnerships': { actualROI: 1.5, referralsMade: 1, caseStudyCreated: true },
    // The fixture partnership has churned: its changes are read and checked, then refused from the record.
    partnershipPause: { reason: 'Generated' },
    partnershipExtend: { weeks: 2, reason: 'Generated' },
    partnershipChurn: { reason: 'Generated' },
    'create-voice-sessions': {
      externalSessionId: `vs-${unique}`,
      startTime: at(0),
      endTime: at(1),
      messages: [{ role: 'assistant', content: 'Hello', timestamp: at(0) }],
      topics: ['pricing'],
    },
    'update-voice-sessions': { topics: ['pricing', 'timing'], duration: 120 },
    'create-users': {
      email: `user.${unique}@generated.example`,
      name: 'Generated User',
      role: 'sales_rep',
      ...(withPassword ? { password: 'correct horse battery' } : {}),
    },
    'update-users': { name: 'Renamed User' },
  }
  return bodies[operationId] ?? {}
}

/**
 * Cal.com signs no timestamp header: its body's `createdAt` is the clock of its 300 s replay window. Bodies are
 * generated before a run of minutes, so this stands for "now" and is replaced when the body is sent (a mutated
 * `createdAt` is sent as mutated).
 */
const sentAt = at(-1)

function validWebhookBody(endpoint: Endpoint, unique: string): Json {
  const provider = webhookProviders.find((candidate) => candidate.paths.some((own) => `/api${own}` === endpoint.path))!
  switch (provider.name) {
    case 'stripe':
      return {
        id: `evt_${unique}`,
        object: 'event',
        type: 'invoice.paid',
        created: Math.floor(Date.now() / 1000),
        data: { object: { id: `in_${unique}`, object: 'invoice', amount_paid: 150000, lines: { data: [] } } },
      }
    case 'calcom':
      return {
        triggerEvent: 'BOOKING_CREATED',
        createdAt: sentAt,
        payload: {
          uid: `bk-${unique}`,
          title: 'Discovery call',
          startTime: at(48),
          endTime: at(48.5),
          attendees: [{ name: 'Rosa Diaz', email: 'poison.calendar@generated.example', timeZone: 'America/Chicago' }],
          metadata: { videoCallUrl: 'https://meet.example/abc' },
          rescheduleStartTime: at(24),
        },
      }
    case 'twilio':
      return { MessageSid: `SM${unique}`, MessageStatus: 'delivered', To: '+15550101234', AccountSid: 'AC123' }
    case 'voice-agent':
      return {
        id: `evt-${unique}`,
        type: 'session.message',
        sessionId: 'vs-webhook-generated',
        occurredAt: new Date().toISOString(),
        message: { role: 'user', content: 'Do you work weekends?', timestamp: new Date().toISOString() },
        email: 'poison.voicehook@generated.example',
      }
    case 'roi-calculator':
      return {
        id: `evt-${unique}`,
        type: 'calculation.completed',
        calculationId: 'calc-webhook-generated',
        email: 'poison.roihook@generated.example',
        industry: 'hvac',
        hourlyRate: 40,
        weeklyAdminHours: 10,
      }
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Mutations.

const nulText = fc.string({ maxLength: 20 }).map((text) => `${text}\u0000${text}`)
const loneSurrogate = fc
  .tuple(fc.string({ maxLength: 10 }), fc.integer({ min: 0xd800, max: 0xdfff }), fc.string({ maxLength: 10 }))
  .map(([before, code, after]) => `${before}${String.fromCharCode(code)}${after}`)
const badDates = [
  '0000-01-01T00:00:00Z',
  '0000-01-01',
  '0000-12-31T23:59:59.999+00:00',
  '1899-12-31T23:59:59Z',
  '0001-01-01T00:00:00Z',
  '9999-12-31T23:00:00-05:00',
  '-000001-01-01T00:00:00Z',
  '+275760-09-13T00:00:00Z',
  '10000-01-01T00:00:00Z',
  '2026-02-30T00:00:00Z',
  '2026-13-01',
  '2026-00-10',
  'yesterday',
]
const hugeNumbers: Json[] = [1e308, -1e308, 2 ** 53 + 1, 2147483648, -2147483649, 9.99e20, 1e-320, -0, 0.1]

/** A value and whether it obliges the CRM to refuse the body whatever field it lands in. */
type Poison = { value: Json; mustRefuse: boolean; note: string }

const unsafeText: fc.Arbitrary<Poison> = fc.oneof(
  nulText.map((value) => ({ value, mustRefuse: true, note: 'NUL' })),
  loneSurrogate.map((value) => ({ value, mustRefuse: true, note: 'lone surrogate' })),
)

const otherValues: fc.Arbitrary<Poison> = fc.oneof(
  fc.constantFrom(...badDates).map((value) => ({ value, mustRefuse: false, note: `date ${value}` })),
  fc
    .integer({ min: 1000, max: 20_000 })
    .map((length) => ({ value: 'x'.repeat(length), mustRefuse: false, note: 'long' })),
  fc.constantFrom(...hugeNumbers).map((value) => ({ value, mustRefuse: false, note: `number ${value}` })),
  fc
    .constantFrom<Json>(true, false, null, 0, -1, '', ' ', [], {}, [1, 'a'], { nested: { a: 1 } }, 'null', '<script>')
    .map((value) => ({ value, mustRefuse: false, note: 'wrong type' })),
  fc.integer({ min: 1, max: 20 }).map((depth) => ({ value: nest(depth), mustRefuse: false, note: `nested ${depth}` })),
  fc.string({ maxLength: 30, unit: 'grapheme' }).map((value) => ({ value, mustRefuse: false, note: 'text' })),
)

// Far past the 32 levels any body may nest (decision 0015); 20 and fewer are fine anywhere.
const deepNesting: fc.Arbitrary<Poison> = fc
  .integer({ min: 40, max: 3000 })
  .map((depth) => ({ value: nest(depth), mustRefuse: true, note: `nested ${depth}` }))

function nest(depth: number): Json {
  let value: Json = 'leaf'
  for (let level = 0; level < depth; level += 1) value = level % 2 === 0 ? [value] : { a: value }
  return value
}

function pathsOf(value: Json, prefix: (string | number)[] = []): (string | number)[][] {
  // Mutations land within the first levels; what is nested deeper is a value as a whole.
  if (typeof value !== 'object' || value === null || prefix.length >= 6) return [prefix]
  const children = Array.isArray(value)
    ? value.flatMap((item, index) => pathsOf(item, [...prefix, index]))
    : Object.entries(value).flatMap(([key, item]) => pathsOf(item, [...prefix, key]))
  return prefix.length === 0 ? children : [prefix, ...children]
}

/** A copy of `body` with `value` at `path` (removed when undefined); only the containers on the path are copied. */
function setAt(body: Json, path: (string | number)[], value: Json | undefined): Json {
  if (path.length === 0) return value ?? null
  if (typeof body !== 'object' || body === null) return body
  const [key, ...rest] = path
  const copy = (Array.isArray(body) ? [...body] : { ...body }) as Record<string | number, Json>
  if (rest.length > 0) copy[key!] = setAt(copy[key!] ?? null, rest, value)
  else if (value !== undefined) copy[key!] = value
  else if (Array.isArray(copy)) copy.splice(Number(key), 1)
  else delete copy[key!]
  return copy as Json
}

type Operation =
  | { kind: 'set'; pathIndex: number; poison: Poison }
  | { kind: 'add'; pathIndex: number; key: string | Poison; poison: Poison }
  | { kind: 'delete'; pathIndex: number }

const operation = (refusing: boolean): fc.Arbitrary<Operation> => {
  const poison = refusing ? fc.oneof(unsafeText, unsafeText, deepNesting) : otherValues
  return fc.oneof(
    fc.record({ kind: fc.constant('set' as const), pathIndex: fc.nat(), poison }),
    fc.record({
      kind: fc.constant('add' as const),
      pathIndex: fc.nat(),
      key: refusing ? fc.oneof(fc.string({ maxLength: 12 }), unsafeText) : fc.string({ maxLength: 12 }),
      poison: refusing ? fc.oneof(poison, otherValues) : poison,
    }),
    ...(refusing ? [] : [fc.record({ kind: fc.constant('delete' as const), pathIndex: fc.nat() })]),
  )
}

const unreadableHeaders = fc.constantFrom<Record<string, string> & { note: string }>(
  { 'content-type': 'application/json; charset=utf-16', note: 'charset utf-16' },
  { 'content-type': 'application/json; charset=koi8-r', note: 'charset koi8-r' },
  { 'content-type': 'application/json; charset=x-unknown', note: 'charset unknown' },
  { 'content-encoding': 'compress', note: 'encoding compress' },
  { 'content-encoding': 'x-bogus', note: 'encoding unknown' },
  { 'content-encoding': 'gzip', note: 'encoding gzip, body not gzip' },
  { 'content-encoding': 'br', note: 'encoding br, body not br' },
)

/**
 * Generated requests for one endpoint: about a third must be refused (unsafe text anywhere, nesting past 32 levels,
 * a body that cannot be read), the rest are mutations a sender could make (wrong types, dates outside 1900–9999,
 * long text, deletions, unknown fields) whose answer may be anything but a 5xx.
 */
function generate(
  endpoint: Endpoint,
  base: (unique: string, refusing: boolean, index: number) => Json,
  runSeed: number,
  count: number,
): Generated[] {
  const arbitrary = fc.record({
    refusing: fc.integer({ min: 0, max: 2 }).map((n) => n === 0),
    unreadable: fc.integer({ min: 0, max: 9 }).map((n) => n === 0),
    headers: unreadableHeaders,
    refusingOps: fc.array(operation(true), { minLength: 1, maxLength: 2 }),
    otherOps: fc.array(operation(false), { minLength: 0, maxLength: 3 }),
  })
  return fc.sample(arbitrary, { seed: runSeed, numRuns: count }).map((drawn, index) => {
    const unique = `${endpoint.operationId}-${index}`
    let body = base(unique, drawn.refusing, index)
    const notes: string[] = []
    const ops = drawn.refusing ? [...drawn.otherOps, ...drawn.refusingOps] : drawn.otherOps
    for (const op of ops) {
      const paths = pathsOf(body)
      const path = paths.length > 0 ? paths[op.pathIndex % paths.length]! : []
      if (op.kind === 'delete') {
        if (path.length > 0) body = setAt(body, path, undefined)
        notes.push(`delete ${path.join('.')}`)
      } else if (op.kind === 'set') {
        // Unsafe text replaces a value; as a key of an object it would be an `add`.
        body = path.length > 0 ? setAt(body, path, op.poison.value) : body
        if (path.length === 0) body = setAt(body, ['generated'], op.poison.value)
        notes.push(`set ${path.join('.') || 'generated'} ${op.poison.note}`)
      } else {
        const containers = [[], ...paths.filter((candidate) => isContainer(valueAt(body, candidate)))]
        const where = containers[op.pathIndex % containers.length]!
        const container = valueAt(body, where)
        const key = typeof op.key === 'string' ? op.key || 'k' : String(op.key.value)
        const target = Array.isArray(container) ? [...where, container.length] : [...where, key]
        body = setAt(body, target, op.poison.value)
        notes.push(
          `add ${target.join('.')} ${typeof op.key === 'string' ? '' : op.key.note + ' key '}${op.poison.note}`,
        )
      }
    }
    const mustRefuseBody = mustBeRefused(endpoint.form ? [...new URLSearchParams(twilioForm(body))].flat() : body)
    let headers: Record<string, string> = {}
    let mustRefuse = mustRefuseBody
    if (drawn.unreadable) {
      const { note, ...unreadable } = drawn.headers
      // A webhook reads any charset as bytes; only an encoding it cannot undo is unreadable there.
      if (endpoint.kind === 'json' || 'content-encoding' in unreadable) {
        headers = unreadable
        mustRefuse = true
        notes.push(note)
      }
    }
    return { endpoint, body, headers, mustRefuse, note: notes.join('; ') }
  })
}

/**
 * The test's own reading of decision 0015: a body is refused when any text in it (a value or a key) holds NUL or a
 * lone surrogate, or when it nests 40 levels or more (the generator makes either at most 27 or at least 40, so the
 * limit of 32 is never in question here). A form body is text already: only NUL survives URL encoding.
 */
function mustBeRefused(body: Json | string): boolean {
  const loneSurrogate = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/
  const unsafe = (text: string) => text.includes('\u0000') || loneSurrogate.test(text)
  const pending: { value: Json | string; depth: number }[] = [{ value: body, depth: 0 }]
  while (pending.length > 0) {
    const { value, depth } = pending.pop()!
    if (typeof value === 'string') {
      if (unsafe(value)) return true
    } else if (typeof value === 'object' && value !== null) {
      if (depth >= 40) return true
      for (const [key, item] of Object.entries(value)) {
        if (unsafe(key)) return true
        pending.push({ value: item, depth: depth + 1 })
      }
    }
  }
  return false
}

const isContainer = (value: unknown) => typeof value === 'object' && value !== null
function valueAt(body: Json, path: (string | number)[]): Json | undefined {
  let value: Json | undefined = body
  for (const key of path) value = isContainer(value) ? (value as Record<string | number, Json>)[key] : undefined
  return value
}

// ---------------------------------------------------------------------------------------------------------------
// Sending.

let database: TestDatabase
let env: TestWorkflowEnvironment
let web: Awaited<ReturnType<typeof startWeb>>
let http: ReturnType<typeof keepAliveClient>
let config: AppConfig
let apiKey: Record<string, string>
let fixtures: Fixtures

function twilioForm(body: Json): string {
  const params = new URLSearchParams()
  if (isContainer(body) && !Array.isArray(body)) {
    for (const [key, value] of Object.entries(body as Record<string, Json>)) {
      params.append(key, typeof value === 'string' ? value : JSON.stringify(value))
    }
  }
  return params.toString()
}

function signed(endpoint: Endpoint, raw: string): Record<string, string> {
  const headers: Record<string, string> = {}
  for (const scheme of endpoint.schemes) {
    switch (scheme) {
      case 'stripeSignature':
        headers['stripe-signature'] = Stripe.webhooks.generateTestHeaderString({
          payload: raw,
          secret: secrets.STRIPE_WEBHOOK_SECRET,
        })
        break
      case 'calSignature':
        headers['x-cal-signature-256'] = hmacSha256Hex(secrets.CALCOM_WEBHOOK_SECRET, raw)
        break
      case 'twilioSignature':
        headers['x-twilio-signature'] = twilio.getExpectedTwilioSignature(
          secrets.TWILIO_AUTH_TOKEN,
          `${appBaseUrl}${endpoint.path}`,
          Object.fromEntries(new URLSearchParams(raw)),
        )
        break
      case 'crmSignature': {
        const secret = endpoint.path.endsWith('voice-agent')
          ? secrets.VOICE_AGENT_WEBHOOK_SECRET
          : secrets.ROI_CALCULATOR_WEBHOOK_SECRET
        Object.assign(headers, signCrmWebhook(secret, raw))
        break
      }
      case 'crmTimestamp':
        break
      default:
        throw new Error(`No signer for the webhook scheme ${scheme satisfies never}: add one to this test`)
    }
  }
  return headers
}

interface Answer {
  status: number
  body: { errors?: { field?: unknown }[]; processed?: boolean } | null
  retryAfter?: boolean
}

function withSendTime(body: Json | string): Json | string {
  return isContainer(body) && !Array.isArray(body) && (body as Record<string, Json>).createdAt === sentAt
    ? { ...(body as Record<string, Json>), createdAt: new Date().toISOString() }
    : body
}

/** 503s with Retry-After that were sent again, as a client and a webhook sender do (reported, not failures). */
let overloadRetries = 0
/** Requests sent again because their reused connection was reset before any answer (reported, not failures). */
let connectionRetries = 0

function resetBeforeAnswer(error: unknown): boolean {
  return (error as { code?: string } | undefined)?.code === 'ECONNRESET'
}

/**
 * A 503 with Retry-After says a dependency is briefly saturated (the database pool under this test's own load),
 * which is the contract of decision 0014, not a bug: the body is sent again, as any sender would, and only its final
 * answer is judged. A 503 without Retry-After, or a 503 five times running, is judged as it is.
 */
async function send(request: Generated): Promise<Answer> {
  for (let attempt = 1; ; attempt += 1) {
    const answer = await sendOnce(request).catch((error: unknown) => {
      // A kept-alive socket the server closed just as this request reused it: the request never reached the
      // application (no answer, nothing written), so it is sent again on a new connection, as a client would.
      if (attempt < 5 && resetBeforeAnswer(error)) return null
      throw error
    })
    if (answer === null) {
      connectionRetries += 1
      continue
    }
    if (answer.status !== 503 || !answer.retryAfter || attempt === 5) return answer
    overloadRetries += 1
    await new Promise((resolve) => setTimeout(resolve, 250 * attempt))
  }
}

async function sendOnce(request: Generated): Promise<Answer> {
  const { endpoint } = request
  const sent = withSendTime(request.body)
  const raw = endpoint.form ? twilioForm(sent as Json) : JSON.stringify(sent)
  const headers: Record<string, string> = {
    'content-type': endpoint.form ? 'application/x-www-form-urlencoded' : 'application/json',
    ...(endpoint.kind === 'json' ? apiKey : signed(endpoint, raw)),
    ...request.headers,
  }
  const ids: Record<string, string> = {
    '/api/leads/{id}': fixtures.leadId,
    '/api/companies/{id}': fixtures.companyId,
    '/api/contacts/{id}': fixtures.contactId,
    '/api/opportunities/{id}': fixtures.opportunityId,
    '/api/partnerships/{id}': fixtures.partnershipId,
    '/api/voice-sessions/{id}': fixtures.voiceSessionId,
    '/api/users/{id}': fixtures.userId,
    '/api/opportunities/{id}/move': fixtures.opportunityId,
    '/api/opportunities/{id}/checklist': fixtures.opportunityId,
    '/api/opportunities/{id}/assign': fixtures.opportunityId,
    '/api/activities/{id}': fixtures.activityId,
  }
  const partnershipAction = endpoint.path.startsWith('/api/partnerships/{id}/')
  const path = endpoint.path
    .replace('{id}', partnershipAction ? fixtures.partnershipId : (ids[endpoint.path] ?? fixtures.leadId))
    .replace('{key}', 'week-4')
    .replace('{paymentId}', 'no-such-payment')
  const response = await http.request(endpoint.method.toUpperCase(), path, { headers, body: raw })
  let body: Answer['body'] = null
  try {
    body = JSON.parse(response.text) as Answer['body']
  } catch {
    body = null
  }
  return { status: response.status, body, retryAfter: response.headers['retry-after'] !== undefined }
}

async function sendAll(requests: Generated[]): Promise<Answer[]> {
  const answers: Answer[] = new Array<Answer>(requests.length)
  let next = 0
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < requests.length) {
        const index = next++
        answers[index] = await send(requests[index]!)
      }
    }),
  )
  return answers
}

/** Rows of every table a request may write; WebhookEvent by status. */
async function rowCounts(): Promise<Record<string, number>> {
  const tables = [
    'Lead',
    'Contact',
    'Company',
    'Opportunity',
    'Partnership',
    'Activity',
    'CalendarBooking',
    'VoiceSession',
    'ROICalculation',
    'OutboxMessage',
    'CommunicationPreference',
    'Notification',
    'User',
    'AuditLog',
  ]
  const rows = await database.db.$queryRawUnsafe<Record<string, bigint>[]>(
    `SELECT ${tables.map((table) => `(SELECT count(*) FROM "${table}") AS "${table}"`).join(', ')},
       (SELECT count(*) FROM "WebhookEvent" WHERE status <> 'FAILED') AS "WebhookEvent not FAILED",
       (SELECT count(*) FROM "WebhookEvent" WHERE status = 'FAILED') AS "WebhookEvent FAILED"`,
  )
  return Object.fromEntries(Object.entries(rows[0]!).map(([name, count]) => [name, Number(count)]))
}

function describeFailure(request: Generated, answer: Answer): string {
  return `${request.endpoint.method.toUpperCase()} ${request.endpoint.path} [${request.note}] → ${answer.status} ${JSON.stringify(answer.body)?.slice(0, 300)}`
}

// ---------------------------------------------------------------------------------------------------------------

const endpoints = enumerateEndpoints()

beforeAll(async () => {
  ;[database, env] = await Promise.all([createTestDatabase(), createTimeSkippingEnvironment()])
  config = loadConfig({
    NODE_ENV: 'test',
    DATABASE_URL: database.url,
    APP_BASE_URL: appBaseUrl,
    TEMPORAL_TASK_QUEUE: uniqueTaskQueue('generated-input'),
    WEBHOOK_PROVIDERS: 'stripe,calcom,twilio,voice-agent,roi-calculator',
    ...secrets,
  })
  // Nothing here sends mail; the driver points nowhere.
  web = await startWeb({
    config,
    db: database.db,
    temporal: env.client,
    mail: createSmtpMailDriver('smtp://127.0.0.1:9'),
  })
  // Not fetch: ~76,000 requests are served by this process too, and fetch's own CPU slowed them (decision 0069).
  http = keepAliveClient(web.baseUrl, concurrency)
  apiKey = (await apiKeyWith(database.db, apiKeyScopes)).headers

  // The records the member endpoints change, created through the API with the valid bodies.
  const post = async (path: string, body: Json) => {
    const response = await http.request('POST', path, {
      headers: { 'content-type': 'application/json', ...apiKey },
      body: JSON.stringify(body),
    })
    expect(response.status, `${path}: ${response.text}`).toBe(201)
    return (JSON.parse(response.text) as { id: string }).id
  }
  const partial = {
    leadId: '',
    contactId: '',
    opportunityId: '',
    partnershipId: '',
    voiceSessionId: '',
    userId: '',
    activityId: '',
  }
  const companyId = await post(
    '/api/companies',
    validBody('create-companies', { ...partial, companyId: '' }, 'fixture'),
  )
  const soFar = { ...partial, companyId }
  const contactId = await post('/api/contacts', validBody('create-contacts', soFar, 'fixture'))
  const opportunityId = await post(
    '/api/opportunities',
    validBody('create-opportunities', { ...soFar, contactId }, 'fixture'),
  )
  const partnershipId = await post(
    '/api/partnerships',
    validBody('create-partnerships', { ...soFar, contactId, opportunityId }, 'fixture'),
  )
  const voiceSessionId = await post('/api/voice-sessions', validBody('create-voice-sessions', soFar, 'fixture'))
  const userId = await post('/api/users', validBody('create-users', soFar, 'fixture'))
  const leadId = await post('/api/leads', validBody('capture-lead', soFar, 'fixture'))
  // A disqualified lead: the actions read and check their body, then answer from the record (no worker runs here).
  await database.db.lead.update({ where: { id: leadId }, data: { status: 'UNQUALIFIED' } })
  // A won deal: its workflow has ended, so its actions are refused from the record without Temporal.
  await database.db.opportunity.update({ where: { id: opportunityId }, data: { stage: 'CLOSED_WON' } })
  // A churned partnership: likewise.
  await database.db.partnership.update({ where: { id: partnershipId }, data: { status: 'CHURNED' } })
  const { id: activityId } = await database.db.activity.create({
    data: { type: 'NOTE', subject: 'Generated fixture note', leadId },
    select: { id: true },
  })
  fixtures = { leadId, companyId, contactId, opportunityId, partnershipId, voiceSessionId, userId, activityId }
})

afterAll(async () => {
  http?.close()
  await web?.close()
  await env?.teardown()
  await database?.drop()
})

describe(`generated input (seed ${seed}, ${bodiesPerEndpoint} bodies per endpoint)`, () => {
  it('covers every JSON endpoint and every signed webhook of the OpenAPI document', () => {
    console.info(`generated-input seed: ${seed} (GENERATED_INPUT_SEED=${seed} repeats this run)`)
    expect(endpoints.filter((endpoint) => endpoint.kind === 'json')).toHaveLength(expectedJsonEndpoints)
    expect(endpoints.filter((endpoint) => endpoint.kind === 'webhook')).toHaveLength(expectedWebhookEndpoints)
  })

  it('answers every generated body without a 5xx, names the field of every refused body, and a refused body writes nothing', async () => {
    const started = Date.now()
    const requests = endpoints.flatMap((endpoint, index) => {
      const base = (unique: string, refusing: boolean, index: number) =>
        endpoint.kind === 'json'
          ? validBody(endpoint.operationId, fixtures, unique, refusing || index % passwordEvery === 0)
          : validWebhookBody(endpoint, unique)
      return generate(endpoint, base, seed + index, bodiesPerEndpoint)
    })
    // Interleaved across endpoints: bodies of one endpoint share a record (one voice session, one lead), and two
    // dozen of them at once wait on its row lock until the pool times out (503) — a load test, not this one.
    const byEndpoint = endpoints.map((endpoint) => requests.filter((request) => request.endpoint === endpoint))
    requests.splice(
      0,
      requests.length,
      ...Array.from({ length: bodiesPerEndpoint }, (_unused, index) =>
        byEndpoint.flatMap((own) => (own[index] ? [own[index]] : [])),
      ).flat(),
    )
    const refusing = requests.filter((request) => request.mustRefuse)
    const others = requests.filter((request) => !request.mustRefuse)

    // 1. The bodies that must be refused, alone: not one row may change, except FAILED records of signed deliveries.
    const beforeRefusing = await rowCounts()
    const refusedAnswers = await sendAll(refusing)
    const afterRefusing = await rowCounts()
    const failures: string[] = []
    refusing.forEach((request, index) => {
      const answer = refusedAnswers[index]!
      if (request.endpoint.kind === 'json') {
        if (answer.status < 400 || answer.status >= 500) failures.push(describeFailure(request, answer))
        else if (fieldProblem(answer) && !namesFields(answer))
          failures.push(`no field named: ${describeFailure(request, answer)}`)
      } else if (answer.status >= 500 || (answer.status < 400 && answer.status !== 200)) {
        failures.push(describeFailure(request, answer))
      } else if (
        answer.status === 200 &&
        !request.endpoint.form &&
        answer.body?.processed !== false &&
        !('ignored' in (answer.body ?? {}))
      ) {
        failures.push(`signed poison not acknowledged as unprocessed: ${describeFailure(request, answer)}`)
      }
    })
    expect(failures.slice(0, 20)).toEqual([])
    const { ['WebhookEvent FAILED']: failedAfter, ...restAfter } = afterRefusing
    const { ['WebhookEvent FAILED']: failedBefore, ...restBefore } = beforeRefusing
    expect(restAfter).toEqual(restBefore)
    expect(failedAfter).toBeGreaterThan(failedBefore!)

    // 2. Everything else: no 5xx, and a refused body names its fields.
    const otherAnswers = await sendAll(others)
    others.forEach((request, index) => {
      const answer = otherAnswers[index]!
      if (answer.status >= 500) failures.push(describeFailure(request, answer))
      else if (fieldProblem(answer) && !namesFields(answer))
        failures.push(`no field named: ${describeFailure(request, answer)}`)
    })
    expect(failures.slice(0, 20)).toEqual([])

    // 3. One in four of the refused ones of those (over a hundred per endpoint), sent again: refused again, and not
    // one row changes. All of them were a third of this test's ~76,000 requests and its longest phase.
    const refusedAgain = others.filter((_request, index) => {
      const { status } = otherAnswers[index]!
      return status >= 400 && status < 500 && index % resendEvery === 0
    })
    const beforeAgain = await rowCounts()
    const againAnswers = await sendAll(refusedAgain)
    refusedAgain.forEach((request, index) => {
      const answer = againAnswers[index]!
      if (answer.status < 400 || answer.status >= 500)
        failures.push(`not refused again: ${describeFailure(request, answer)}`)
    })
    expect(failures.slice(0, 20)).toEqual([])
    expect(await rowCounts()).toEqual(beforeAgain)

    // Nothing stored by a signed delivery holds text PostgreSQL refuses (it stored them, so read them back whole).
    const failed = await database.db.webhookEvent.findMany({ where: { status: 'FAILED' }, select: { error: true } })
    expect(failed.every((event) => typeof event.error === 'string' && event.error.length > 0)).toBe(true)

    const seconds = (Date.now() - started) / 1000
    console.info(
      `generated-input: ${requests.length} requests (${refusing.length} must be refused, ${refusedAgain.length} refused others sent again) to ${endpoints.length} endpoints in ${seconds.toFixed(1)} s; ${overloadRetries} sent again after a 503 with Retry-After, ${connectionRetries} after a connection reset`,
    )
  }, 1_800_000)
})

/** A 400/413/415/422 is about the body: it must say which field (or `(body)`). */
function fieldProblem(answer: Answer): boolean {
  return [400, 413, 415, 422].includes(answer.status)
}

function namesFields(answer: Answer): boolean {
  const errors = answer.body?.errors
  return (
    Array.isArray(errors) &&
    errors.length > 0 &&
    errors.every((error) => typeof error.field === 'string' && error.field !== '')
  )
}
