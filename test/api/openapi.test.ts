import { activityInputSchemas } from '../../domain/activities/activity-input'
import { createHmac } from 'node:crypto'
import express, { Router, type Express } from 'express'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { z } from 'zod'
import { createApp } from '../../api/app'
import type { WebDependencies } from '../../services/dependencies'
import { webhookEventProcessors } from '../../services/ingestion/webhook-processing'
import { openApiDocument } from '../../api/openapi'
import { dealActionInput, dealAssignInput, dealEmailInput, dealMoveInput } from '../../domain/deals/deal-input'
import { milestoneCompletionInput, partnershipChangeInputs } from '../../domain/partnerships/partnership-input'
import {
  partnershipWorkInputs,
  satisfactionInput,
  systemUsageInput,
  usageTokenInput,
} from '../../domain/partnerships/partnership-work-input'
import { paymentReceivedInput } from '../../domain/partnerships/payment-input'
import { resourceDefinitions } from '../../services/records'
import { stripeEventEnvelopeSchema, twilioStatusCallbackSchema } from '../../api/webhook-openapi'
import { calcomBookingEventSchema } from '../../domain/integrations/calcom-booking'
import { emailReplySchema } from '../../domain/integrations/email-reply'
import { roiCalculationPostSchema, roiCalculatorEventSchema } from '../../domain/integrations/roi-calculator'
import { voiceAgentEventSchema, voiceSessionPostSchema } from '../../domain/integrations/voice-agent'
import { leadActionInputSchemas } from '../../domain/leads/lead-actions'
import { leadSubmissionSchema } from '../../domain/leads/lead-input'
import { webhookProviders } from '../../lib/webhooks/providers'
import type { WebhookDelivery } from '../../lib/webhooks/delivery'
import { loadConfig } from '../../lib/config'
import { createDatabase } from '../../lib/db'
import { createSmtpMailDriver } from '../../lib/mail-driver'
import { createTemporalClient } from '../../lib/temporal'
import { recipientInput } from '../../services/reports/report-admin'
import { startWeb } from '../support/web'

// Listing routes needs no live services: the clients below connect lazily and are never used.
const config = loadConfig({ NODE_ENV: 'test', DATABASE_URL: 'postgresql://127.0.0.1:1/unused' })
const temporal = createTemporalClient({ ...config, TEMPORAL_ADDRESS: '127.0.0.1:1' })
const dependencies: WebDependencies = {
  config,
  db: createDatabase(config.DATABASE_URL),
  temporal,
  mail: createSmtpMailDriver('smtp://127.0.0.1:1'),
}
const document = openApiDocument(config)
const methods = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'] as const

interface Layer {
  route?: { path: string | string[]; methods: Record<string, boolean> }
  handle?: { stack?: Layer[] }
  regexp: RegExp & { fast_slash?: boolean }
}

/** Where a router is mounted, read back from the pattern Express 4 compiled for it ("/api" → ^\/api\/?(?=\/|$)). */
function mountPath(layer: Layer): string {
  if (layer.regexp.fast_slash) return ''
  const path = layer.regexp.source.replace(/^\^/, '').replace('\\/?(?=\\/|$)', '').replaceAll('\\/', '/')
  if (/[\\()[\]*+?]/.test(path)) throw new Error(`Cannot read the mount path of /${layer.regexp.source}/`)
  return path
}

/** Every (METHOD, path) the app serves, walking nested routers; `:id` written as OpenAPI's `{id}`. */
function servedRoutes(app: Express): string[] {
  const routes: string[] = []
  const walk = (stack: Layer[], prefix: string) => {
    for (const layer of stack) {
      if (layer.route) {
        const paths = Array.isArray(layer.route.path) ? layer.route.path : [layer.route.path]
        for (const path of paths) {
          for (const method of Object.keys(layer.route.methods)) {
            const name = method === '_all' ? 'ALL' : method.toUpperCase()
            routes.push(`${name} ${(prefix + path).replace(/:(\w+)/g, '{$1}')}`)
          }
        }
      } else if (layer.handle?.stack) {
        walk(layer.handle.stack, prefix + mountPath(layer))
      }
    }
  }
  walk((app as unknown as { _router: { stack: Layer[] } })._router.stack, '')
  return [...new Set(routes)]
}

/** Served /api routes the document does not describe. */
function undocumented(app: Express): string[] {
  return servedRoutes(app)
    .filter((route) => route.split(' ')[1]?.startsWith('/api/'))
    .filter((route) => {
      const [method = '', path = ''] = route.split(' ')
      const item = (document.paths as Record<string, Record<string, unknown> | undefined>)[path]
      return method === 'ALL' || !item?.[method.toLowerCase()]
    })
}

afterAll(async () => {
  await temporal.connection.close()
  await dependencies.db.$disconnect()
})

describe('the OpenAPI description', () => {
  it('lists every route the API serves', () => {
    const served = servedRoutes(createApp(dependencies)).filter((route) => route.includes(' /api/'))
    expect(served).toContain('POST /api/leads')
    expect(served).toContain('POST /api/webhooks/stripe')
    expect(undocumented(createApp(dependencies))).toEqual([])
  })

  it('reports a route someone adds without describing it, however deeply it is mounted', () => {
    const app = createApp(dependencies)
    app.get('/api/undocumented-report', (_request, response) => {
      response.json({})
    })
    const nested = Router()
    nested.patch('/widgets/:widgetId', (_request, response) => {
      response.json({})
    })
    const outer = Router()
    outer.use('/deep', nested)
    app.use('/api/extra', outer)
    app.use(
      '/elsewhere',
      express.Router().get('/x', (_request, response) => response.end()),
    )

    expect(undocumented(app)).toEqual(['GET /api/undocumented-report', 'PATCH /api/extra/deep/widgets/{widgetId}'])
  })

  it('gives every operation its auth scheme, and declares each scheme it names', () => {
    const schemes = Object.keys(document.components.securitySchemes)
    expect(schemes).toEqual(
      expect.arrayContaining([
        'sessionCookie',
        'apiKey',
        'stripeSignature',
        'calSignature',
        'twilioSignature',
        'crmSignature',
      ]),
    )
    expect(document.components.securitySchemes.sessionCookie).toMatchObject({
      type: 'apiKey',
      in: 'cookie',
      name: 'crm_session',
    })
    expect(document.components.securitySchemes.apiKey).toMatchObject({ type: 'http', scheme: 'bearer' })
    const headers = Object.values(document.components.securitySchemes)
      .filter((scheme) => 'in' in scheme && scheme.in === 'header')
      .map((scheme) => ('name' in scheme ? scheme.name : ''))
    expect(headers.sort()).toEqual([
      'Stripe-Signature',
      'X-Cal-Signature-256',
      'X-Crm-Signature',
      'X-Crm-Timestamp',
      'X-Twilio-Signature',
    ])

    const operations = Object.entries(
      document.paths as Record<string, Record<string, { security?: Record<string, string[]>[] }>>,
    ).flatMap(([path, item]) =>
      methods.filter((method) => item[method]).map((method) => ({ path, method, operation: item[method]! })),
    )
    expect(operations.length).toBeGreaterThan(30)
    for (const { path, method, operation } of operations) {
      expect(operation.security, `${method.toUpperCase()} ${path}`).toBeInstanceOf(Array)
      for (const requirement of operation.security ?? []) {
        for (const scheme of Object.keys(requirement)) expect(schemes, `${method} ${path}`).toContain(scheme)
      }
    }
    const securityOf = (path: string, method: string) =>
      (document.paths as Record<string, Record<string, { security: unknown }>>)[path]?.[method]?.security
    expect(securityOf('/api/health', 'get')).toEqual([])
    expect(securityOf('/api/openapi.json', 'get')).toEqual([])
    expect(securityOf('/api/companies', 'get')).toEqual([{ sessionCookie: [] }, { apiKey: ['companies:read'] }])
    expect(securityOf('/api/webhooks/stripe', 'post')).toEqual([{ stripeSignature: [] }])
    expect(securityOf('/api/crm/webhooks/calendar', 'post')).toEqual([{ calSignature: [] }])
    expect(securityOf('/api/webhooks/roi-calculator', 'post')).toEqual([{ crmSignature: [], crmTimestamp: [] }])
    expect(securityOf('/api/webhooks/voice-agent', 'post')).toEqual([{ crmSignature: [], crmTimestamp: [] }])
    expect(securityOf('/api/webhooks/twilio', 'post')).toEqual([{ twilioSignature: [] }])
  })

  it('describes every error answer as the one problem body, application/problem+json', () => {
    type Responses = Record<string, { content?: Record<string, unknown>; headers?: Record<string, unknown> }>
    const errorAnswers = Object.entries(
      document.paths as Record<string, Record<string, { responses: Responses }>>,
    ).flatMap(([path, item]) =>
      Object.entries(item).flatMap(([method, operation]) =>
        Object.entries(operation.responses)
          .filter(([status]) => Number(status) >= 400)
          // The health check answers load balancers with its own body (which dependency is down), not a problem.
          .filter(() => path !== '/api/health')
          .map(([status, response]) => ({ at: `${method.toUpperCase()} ${path} ${status}`, status, response })),
      ),
    )
    expect(errorAnswers.length).toBeGreaterThan(100)
    for (const { at, status, response } of errorAnswers) {
      expect(response.content, at).toEqual({
        'application/problem+json': { schema: { $ref: '#/components/schemas/Error' } },
      })
      if (status === '503') expect(Object.keys(response.headers ?? {}), at).toEqual(['Retry-After'])
    }
    // RFC 9457's members, the code, the fields at fault, and the older body's `error` that clients still read.
    const error = document.components.schemas.Error
    expect(error.required).toEqual(['type', 'title', 'status', 'detail', 'code', 'error', 'errors'])
    expect(Object.keys(error.properties).sort()).toEqual(
      ['code', 'detail', 'error', 'errors', 'retryAfterSeconds', 'status', 'title', 'type'].sort(),
    )
    expect(error.properties.code.enum).toEqual(
      expect.arrayContaining(['invalid-input', 'unauthenticated', 'forbidden', 'payload-too-large']),
    )
    expect(error.properties.code.enum).toEqual(
      expect.arrayContaining(['database-unavailable', 'workflow-engine-unavailable', 'internal']),
    )
    expect(error.properties.errors.items.required).toEqual(['field', 'message'])
  })

  it('lists what refuses any operation before its route runs: 401, 403 and 503 when guarded, 413 and 415 for JSON', () => {
    const responsesOf = (path: string, method: string) =>
      Object.keys(
        (document.paths as Record<string, Record<string, { responses: Record<string, unknown> }>>)[path]![method]!
          .responses,
      )
    expect(responsesOf('/api/companies', 'get')).toEqual(expect.arrayContaining(['401', '403', '503']))
    expect(responsesOf('/api/companies', 'post')).toEqual(expect.arrayContaining(['401', '403', '413', '415', '503']))
    expect(responsesOf('/api/leads/{id}/disqualify', 'post')).toEqual(
      expect.arrayContaining(['401', '403', '413', '415', '503']),
    )
    expect(responsesOf('/api/crm/roi-calculations', 'post')).toEqual(
      expect.arrayContaining(['401', '403', '413', '415', '503']),
    )
    expect(responsesOf('/api/webhooks/calendar', 'post')).toEqual(expect.arrayContaining(['401', '413', '415', '503']))
    expect(responsesOf('/api/webhooks/calendar', 'post')).not.toContain('403')
  })

  it('describes request bodies from the same schemas the API validates with', () => {
    const paths = document.paths as Record<
      string,
      Record<string, { requestBody?: { content: Record<string, { schema: Record<string, unknown> }> } }>
    >
    const body = (path: string, method: string) =>
      paths[path]?.[method]?.requestBody?.content['application/json']?.schema
    expect(body('/api/opportunities', 'post')).toMatchObject({
      type: 'object',
      additionalProperties: false,
      required: expect.arrayContaining(['companyId', 'primaryContactId', 'name', 'tier', 'setupFee']),
      properties: { tier: { enum: ['discovery', 'foundation', 'architect'] } },
    })
    expect(body('/api/users', 'post')).toMatchObject({
      required: expect.arrayContaining(['email', 'name', 'role', 'password']),
    })
    expect(body('/api/leads', 'post')).toMatchObject({ required: ['email', 'source'] })
  })
})

type JsonSchema = {
  type?: string
  properties?: Record<string, JsonSchema>
  required?: string[]
  additionalProperties?: unknown
  oneOf?: JsonSchema[]
  anyOf?: JsonSchema[]
  const?: unknown
}
type Operation = {
  security?: Record<string, string[]>[]
  parameters?: { name: string; in: string; required?: boolean; schema?: { pattern?: string } }[]
  requestBody?: { required?: boolean; content: Record<string, { schema: JsonSchema }> }
}
const operation = (method: string, path: string) =>
  (document.paths as Record<string, Record<string, Operation> | undefined>)[path]?.[method.toLowerCase()]

/** What the document should say a zod schema accepts: its JSON Schema (2020-12) for input, as OpenAPI 3.1 takes it. */
function expectedJsonSchema(schema: z.ZodType) {
  const { $schema: _dialect, ...rest } = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' })
  if (!keepsUnknownFields.has(schema)) return rest
  return JSON.parse(
    JSON.stringify(rest, (key, value: unknown) =>
      key === 'additionalProperties' && value === false ? undefined : value,
    ),
  ) as Record<string, unknown>
}

// Capture sources keep a field they do not know on the person's timeline instead of refusing the lead
// (decision 0007): their documents must not promise a 400 for it.
const keepsUnknownFields = new Set<z.ZodType>([
  leadSubmissionSchema,
  voiceSessionPostSchema,
  roiCalculationPostSchema,
  voiceAgentEventSchema,
  roiCalculatorEventSchema,
])

// Each request body, with the schema its route parses it with, imported from where the route imports it.
const parsedWith: [string, string, z.ZodType][] = [
  ['POST /api/leads', 'application/json', leadSubmissionSchema],
  ['POST /api/crm/leads', 'application/json', leadSubmissionSchema],
  ['POST /api/crm/voice-sessions', 'application/json', voiceSessionPostSchema],
  ['POST /api/crm/roi-calculations', 'application/json', roiCalculationPostSchema],
  ['POST /api/leads/{id}/replies', 'application/json', emailReplySchema],
  ['POST /api/leads/{id}/disqualify', 'application/json', leadActionInputSchemas.disqualify],
  ['POST /api/leads/{id}/convert', 'application/json', leadActionInputSchemas.convert],
  ['POST /api/activities', 'application/json', activityInputSchemas.log],
  ['PATCH /api/activities/{id}', 'application/json', activityInputSchemas.changeTask],
  ['POST /api/opportunities/{id}/move', 'application/json', dealMoveInput],
  ['POST /api/opportunities/{id}/checklist', 'application/json', dealActionInput],
  ['POST /api/opportunities/{id}/assign', 'application/json', dealAssignInput],
  ['POST /api/opportunities/{id}/email', 'application/json', dealEmailInput],
  ['POST /api/partnerships/{id}/pause', 'application/json', partnershipChangeInputs.pause],
  ['POST /api/partnerships/{id}/resume', 'application/json', partnershipChangeInputs.resume],
  ['POST /api/partnerships/{id}/extend', 'application/json', partnershipChangeInputs.extend],
  ['POST /api/partnerships/{id}/churn', 'application/json', partnershipChangeInputs.churn],
  ['POST /api/partnerships/{id}/graduate', 'application/json', partnershipChangeInputs.graduate],
  ['POST /api/partnerships/{id}/milestones/{key}/complete', 'application/json', milestoneCompletionInput],
  ['POST /api/partnerships/{id}/meetings/{key}/held', 'application/json', partnershipWorkInputs['meeting-held']],
  ['POST /api/partnerships/{id}/meetings/{key}/missed', 'application/json', partnershipWorkInputs['meeting-missed']],
  ['POST /api/partnerships/{id}/systems', 'application/json', partnershipWorkInputs['add-system']],
  ['POST /api/partnerships/{id}/systems/{systemId}/status', 'application/json', partnershipWorkInputs['system-status']],
  ['POST /api/partnerships/{id}/knowledge-transfer', 'application/json', partnershipWorkInputs['knowledge-transfer']],
  ['POST /api/partnerships/{id}/testimonial', 'application/json', partnershipWorkInputs.testimonial],
  ['POST /api/partnerships/{id}/satisfaction', 'application/json', satisfactionInput],
  ['POST /api/systems/{id}/usage-token', 'application/json', usageTokenInput],
  ['POST /api/systems/{id}/usage', 'application/json', systemUsageInput],
  ['POST /api/partnerships/{id}/payments/{paymentId}/received', 'application/json', paymentReceivedInput],
  ['POST /api/scheduled-reports/{report}/recipients', 'application/json', recipientInput],
  ['POST /api/webhooks/voice-agent', 'application/json', voiceAgentEventSchema],
  ['POST /api/webhooks/roi-calculator', 'application/json', roiCalculatorEventSchema],
  ['POST /api/webhooks/calendar', 'application/json', calcomBookingEventSchema],
  ['POST /api/crm/webhooks/calendar', 'application/json', calcomBookingEventSchema],
  ['POST /api/webhooks/stripe', 'application/json', stripeEventEnvelopeSchema],
  ['POST /api/webhooks/twilio', 'application/x-www-form-urlencoded', twilioStatusCallbackSchema],
  ...resourceDefinitions.flatMap((definition): [string, string, z.ZodType][] => [
    ...(definition.createSchema
      ? [[`POST /api/${definition.path}`, 'application/json', definition.createSchema] as [string, string, z.ZodType]]
      : []),
    [`PATCH /api/${definition.path}/{id}`, 'application/json', definition.updateSchema],
  ]),
]
// Not a zod-parsed body: RFC 8058's fixed one-click form, checked byte for byte by its route.
const fixedBodies = ['POST /api/unsubscribe/{token}']

describe('request bodies in the document', () => {
  it.each(parsedWith)('%s is the JSON Schema of the schema its route parses with', (route, contentType, schema) => {
    const [method = '', path = ''] = route.split(' ')
    const body = operation(method, path)?.requestBody
    expect(body?.required, route).toBe(true)
    expect(Object.keys(body?.content ?? {}), route).toEqual([contentType])
    expect(body?.content[contentType]?.schema).toEqual(expectedJsonSchema(schema))
  })

  it('come only from schemas a route parses with: no operation has a body the table above does not name', () => {
    const withBody = Object.entries(document.paths as Record<string, Record<string, Operation>>).flatMap(
      ([path, item]) =>
        methods.filter((method) => item[method]?.requestBody).map((method) => `${method.toUpperCase()} ${path}`),
    )
    expect(withBody.sort()).toEqual([...parsedWith.map(([route]) => route), ...fixedBodies].sort())
  })
})

/** A hand-made example of each JSON webhook body its sender would send, as seed 002 §6.1/§7.1 and Cal.com describe it. */
const webhookExamples: Record<string, { provider: 'VOICE_AGENT' | 'ROI_CALCULATOR' | 'CALCOM'; body: object }[]> = {
  '/api/webhooks/voice-agent': [
    {
      provider: 'VOICE_AGENT',
      body: {
        id: 'evt_v1',
        type: 'session.started',
        sessionId: 'vs_1',
        startTime: '2026-11-23T09:29:00Z',
        metadata: { device: 'mobile', language: 'en' },
      },
    },
    {
      // session.message needs `message` or `messages` (said in the operation's description): this one sends both.
      provider: 'VOICE_AGENT',
      body: {
        id: 'evt_v2',
        type: 'session.message',
        sessionId: 'vs_1',
        email: 'rosa@northwind.example',
        message: { role: 'user', content: 'We run 12 HVAC vans', timestamp: '2026-11-23T09:30:00Z' },
        messages: [{ role: 'assistant', content: 'How many dispatchers?', timestamp: '2026-11-23T09:30:05Z' }],
      },
    },
  ],
  '/api/webhooks/roi-calculator': [
    {
      provider: 'ROI_CALCULATOR',
      body: {
        id: 'evt_r1',
        type: 'calculation.completed',
        calculationId: 'calc_1',
        email: 'rosa@northwind.example',
        industry: 'hvac',
        employeeCount: '10-25',
        hourlyRate: 45,
        weeklyAdminHours: 20,
        selectedTier: 'foundation',
      },
    },
    {
      provider: 'ROI_CALCULATOR',
      body: { id: 'evt_r2', type: 'report.requested', calculationId: 'calc_1', email: 'rosa@northwind.example' },
    },
  ],
  '/api/webhooks/calendar': [
    {
      provider: 'CALCOM',
      body: {
        triggerEvent: 'BOOKING_CREATED',
        createdAt: '2026-11-22T09:58:00.000Z',
        payload: {
          uid: 'bk_1',
          title: 'Discovery call',
          startTime: '2026-11-30T15:00:00Z',
          endTime: '2026-11-30T15:30:00Z',
          attendees: [{ email: 'rosa@northwind.example', name: 'Rosa Diaz', timeZone: 'America/Chicago' }],
          cancellationReason: null,
        },
      },
    },
  ],
}

/** The object schema of a body (for a oneOf, the branch whose `type` constant is the example's). */
function branchFor(schema: JsonSchema, example: Record<string, unknown>): JsonSchema {
  const branches = schema.oneOf ?? schema.anyOf
  if (!branches) return schema
  const branch = branches.find((candidate) => candidate.properties?.type?.const === example.type)
  if (!branch) throw new Error(`No branch for type ${String(example.type)}`)
  return branch
}

/**
 * Walks an example against the documented schema: leaving out a field the document requires must be refused by the
 * route's parse, leaving out one it does not require must still pass, an unknown field is refused exactly when the
 * document forbids unknown fields; nested objects alike.
 */
function disagreements(
  parse: (body: Record<string, unknown>) => { ok: boolean },
  schema: JsonSchema,
  whole: Record<string, unknown>,
  at: string[] = [],
): string[] {
  const get = (body: Record<string, unknown>) =>
    at.reduce<Record<string, unknown>>((value, key) => value[key] as Record<string, unknown>, body)
  const variant = (change: (object: Record<string, unknown>) => void) => {
    const copy = structuredClone(whole)
    change(get(copy))
    return parse(copy).ok
  }
  const here = get(whole)
  const object = branchFor(schema, here)
  const found: string[] = []
  const name = (key: string) => [...at, key].join('.')
  for (const key of Object.keys(here)) {
    const required = object.required?.includes(key) ?? false
    const accepted = variant((copy) => delete copy[key])
    if (required === accepted) found.push(`${name(key)}: documented ${required ? '' : 'not '}required`)
    const nested = object.properties?.[key]
    const value = here[key]
    if (nested?.type === 'object' && value && typeof value === 'object' && !Array.isArray(value)) {
      found.push(...disagreements(parse, nested, whole, [...at, key]))
    }
  }
  const closed = object.additionalProperties === false
  if (variant((copy) => (copy.undocumentedField = 'x')) === closed) {
    found.push(`${name('undocumentedField')}: documented ${closed ? 'refused' : 'accepted'}`)
  }
  return found
}

describe('webhook bodies in the document', () => {
  it.each(Object.entries(webhookExamples))('%s: the route parses exactly what is documented', (path, examples) => {
    const schema = operation('post', path)!.requestBody!.content['application/json']!.schema
    for (const { provider, body } of examples) {
      const parse = (payload: Record<string, unknown>) => webhookEventProcessors[provider]!.parse(payload)
      expect(parse(body as Record<string, unknown>), 'the example is valid').toMatchObject({ ok: true })
      expect(disagreements(parse, schema, body as Record<string, unknown>)).toEqual([])
    }
  })

  it('finds a field the document requires but the route does not (and the reverse)', () => {
    const example = webhookExamples['/api/webhooks/voice-agent']![1]!.body as Record<string, unknown>
    const parse = (payload: Record<string, unknown>) => webhookEventProcessors.VOICE_AGENT!.parse(payload)
    const documented = operation('post', '/api/webhooks/voice-agent')!.requestBody!.content['application/json']!.schema
    const drifted = { ...documented, required: [...(documented.required ?? []), 'email'] }
    expect(disagreements(parse, drifted, example)).toContain('email: documented required')
  })

  it('has a body schema and a documented signature for every webhook path', () => {
    const schemes = document.components.securitySchemes as Record<
      string,
      { type: string; in?: string; name?: string; description?: string }
    >
    const paths = webhookProviders.flatMap((provider) => provider.paths.map((path) => `/api${path}`))
    expect(paths.sort()).toEqual([
      '/api/crm/webhooks/calendar',
      '/api/webhooks/calendar',
      '/api/webhooks/roi-calculator',
      '/api/webhooks/stripe',
      '/api/webhooks/twilio',
      '/api/webhooks/voice-agent',
    ])
    for (const path of paths) {
      const post = operation('post', path)!
      const [body] = Object.values(post.requestBody!.content)
      const fields =
        Object.keys(body!.schema.properties ?? {}).length + (body!.schema.oneOf ?? body!.schema.anyOf ?? []).length
      expect(fields, `${path} has a body schema`).toBeGreaterThan(0)
      const [requirement, ...others] = post.security ?? []
      expect(others, path).toEqual([])
      const headers = Object.keys(requirement ?? {}).map((name) => {
        const scheme = schemes[name]
        expect(scheme, `${path}: ${name} is declared`).toMatchObject({ type: 'apiKey', in: 'header' })
        return scheme!.name
      })
      const said = Object.keys(requirement ?? {})
        .map((name) => schemes[name]!.description)
        .join(' ')
      expect(said, `${path} says what is signed`).toMatch(/HMAC-SHA(1|256)/)
      expect(said, `${path} says over what`).toMatch(/raw body|POST parameter/)
      expect(headers.length, path).toBeGreaterThan(0)
      const documentedHeaders = (post.parameters ?? []).filter((parameter) => parameter.in === 'header')
      expect(documentedHeaders.map((parameter) => parameter.name)).toEqual(headers)
      for (const parameter of documentedHeaders) expect(parameter.required, parameter.name).toBe(true)
    }
    const description = (name: string) => schemes[name]?.description ?? ''
    expect(description('crmSignature')).toContain('`X-Crm-Signature: v1=<hex HMAC-SHA256>`')
    expect(description('crmSignature')).toContain('`<X-Crm-Timestamp>.<raw body>`')
    expect(description('crmTimestamp')).toContain('within 300 s')
    expect(description('stripeSignature')).toContain('within 300 s')
    expect(description('calSignature')).toContain('within 300 s')
    expect(description('twilioSignature')).toContain('no timestamp')
  })
})

describe('the documented signature schemes', () => {
  const secret = 'documented-scheme-secret-0123456789'
  const now = new Date('2026-11-22T10:00:00.000Z')
  const seconds = Math.floor(now.getTime() / 1000)
  const verifierOf = (name: string) => webhookProviders.find((provider) => provider.name === name)!.verify
  const delivery = (rawBody: string, headers: Record<string, string>, url = 'https://crm.example/api/webhooks/x') => {
    const lower = Object.fromEntries(Object.entries(headers).map(([key, value]) => [key.toLowerCase(), value]))
    const result: WebhookDelivery = {
      rawBody: Buffer.from(rawBody),
      header: (name) => lower[name.toLowerCase()],
      url,
      now,
    }
    return result
  }
  const hmac = (algorithm: string, content: string) => createHmac(algorithm, secret).update(content)
  const pattern = (path: string, header: string) =>
    new RegExp(operation('post', path)!.parameters!.find((parameter) => parameter.name === header)!.schema!.pattern!)

  it('verify what a sender computes by reading the document: our integrations', () => {
    const body = JSON.stringify({ id: 'evt_doc_1', type: 'session.started', sessionId: 'vs_doc' })
    // X-Crm-Signature: v1=<hex HMAC-SHA256 over `<X-Crm-Timestamp>.<raw body>`>
    const headers = {
      'X-Crm-Timestamp': String(seconds - 299),
      'X-Crm-Signature': `v1=${hmac('sha256', `${seconds - 299}.${body}`).digest('hex')}`,
    }
    expect(headers['X-Crm-Signature']).toMatch(pattern('/api/webhooks/voice-agent', 'X-Crm-Signature'))
    expect(headers['X-Crm-Timestamp']).toMatch(pattern('/api/webhooks/voice-agent', 'X-Crm-Timestamp'))
    expect(verifierOf('voice-agent')(delivery(body, headers), secret)).toMatchObject({ outcome: 'event' })
    const stale = { ...headers, 'X-Crm-Timestamp': String(seconds - 301) }
    stale['X-Crm-Signature'] = `v1=${hmac('sha256', `${seconds - 301}.${body}`).digest('hex')}`
    expect(verifierOf('voice-agent')(delivery(body, stale), secret)).toMatchObject({ outcome: 'unauthenticated' })
  })

  it('verify what a sender computes by reading the document: Cal.com', () => {
    const body = JSON.stringify(webhookExamples['/api/webhooks/calendar']![0]!.body)
    const signature = hmac('sha256', body).digest('hex')
    expect(signature).toMatch(pattern('/api/webhooks/calendar', 'X-Cal-Signature-256'))
    expect(verifierOf('calcom')(delivery(body, { 'X-Cal-Signature-256': signature }), secret)).toMatchObject({
      outcome: 'event',
    })
  })

  it('verify what a sender computes by reading the document: Stripe', () => {
    const body = JSON.stringify({ id: 'evt_doc_2', type: 'invoice.paid', data: { object: { id: 'in_1' } } })
    const header = `t=${seconds},v1=${hmac('sha256', `${seconds}.${body}`).digest('hex')}`
    expect(header).toMatch(pattern('/api/webhooks/stripe', 'Stripe-Signature'))
    expect(verifierOf('stripe')(delivery(body, { 'Stripe-Signature': header }), secret)).toMatchObject({
      outcome: 'event',
      event: { eventId: 'evt_doc_2' },
    })
  })

  it('verify what a sender computes by reading the document: Twilio', () => {
    const url = 'https://crm.example/api/webhooks/twilio'
    const params = { MessageStatus: 'delivered', MessageSid: 'SM1', AccountSid: 'AC1' }
    const signed =
      url +
      Object.keys(params)
        .sort()
        .map((key) => key + params[key as keyof typeof params])
        .join('')
    const signature = hmac('sha1', signed).digest('base64')
    expect(signature).toMatch(pattern('/api/webhooks/twilio', 'X-Twilio-Signature'))
    const body = new URLSearchParams(params).toString()
    expect(verifierOf('twilio')(delivery(body, { 'X-Twilio-Signature': signature }, url), secret)).toMatchObject({
      outcome: 'event',
      event: { eventId: 'SM1:delivered' },
    })
  })
})

describe('the Stripe and Twilio fields the document says the CRM reads', () => {
  const secret = 'vendor-secret-0123456789'
  const now = new Date('2026-11-22T10:00:00.000Z')
  const seconds = Math.floor(now.getTime() / 1000)
  const verify = (name: string, rawBody: string, header: Record<string, string>, url = 'https://crm.example/t') =>
    webhookProviders
      .find((provider) => provider.name === name)!
      .verify({ rawBody: Buffer.from(rawBody), header: (key) => header[key.toLowerCase()], url, now }, secret)

  const stripe = (event: Record<string, unknown>) => {
    const body = JSON.stringify(event)
    const signature = createHmac('sha256', secret).update(`${seconds}.${body}`).digest('hex')
    return verify('stripe', body, { 'stripe-signature': `t=${seconds},v1=${signature}` }).outcome
  }
  const twilio = (params: Record<string, string>) => {
    const url = 'https://crm.example/api/webhooks/twilio'
    const signed =
      url +
      Object.keys(params)
        .sort()
        .map((key) => key + params[key])
        .join('')
    const signature = createHmac('sha1', secret).update(signed).digest('base64')
    return verify('twilio', new URLSearchParams(params).toString(), { 'x-twilio-signature': signature }, url).outcome
  }

  it.each([
    [{ id: 'evt_1', type: 'invoice.paid', data: { object: {} } }, true, 'event'],
    [{ id: 'evt_2', type: 'invoice.paid' }, true, 'event'],
    [{ type: 'invoice.paid', data: { object: {} } }, false, 'malformed'],
    [{ id: 'evt_3', data: { object: {} } }, false, 'malformed'],
  ])('Stripe %j: documented valid %s, and the route answers %s', (event, valid, outcome) => {
    expect(stripeEventEnvelopeSchema.safeParse(event).success).toBe(valid)
    expect(stripe(event)).toBe(outcome)
  })

  it.each([
    [{ MessageSid: 'SM1', MessageStatus: 'sent', To: '+15550100' }, true, 'event'],
    [{ MessageSid: 'SM1', SmsStatus: 'sent' }, true, 'event'],
    [{ CallSid: 'CA1', CallStatus: 'completed' }, true, 'event'],
    [{ MessageSid: 'SM1' }, false, 'malformed'],
    [{ MessageStatus: 'sent' }, false, 'malformed'],
    [{ CallSid: 'CA1' }, false, 'malformed'],
  ])('Twilio %j: documented valid %s, and the route answers %s', (params, valid, outcome) => {
    expect(twilioStatusCallbackSchema.safeParse(params).success).toBe(valid)
    expect(twilio(params as Record<string, string>)).toBe(outcome)
  })
})

describe('GET /api/openapi.json', () => {
  let web: Awaited<ReturnType<typeof startWeb>>
  beforeAll(async () => {
    web = await startWeb(dependencies)
  })
  afterAll(async () => {
    await web?.close()
  })

  it('serves the document without a session', async () => {
    const response = await fetch(`${web.baseUrl}/api/openapi.json`)
    expect(response.status).toBe(200)
    expect(await response.json()).toEqual(JSON.parse(JSON.stringify(document)))
  })
})
