import express, { Router, type Express } from 'express'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createApp } from '../../api/app'
import type { WebDependencies } from '../../api/dependencies'
import { openApiDocument } from '../../api/openapi'
import { loadConfig } from '../../lib/config'
import { createDatabase } from '../../lib/db'
import { createSmtpMailDriver } from '../../lib/mail-driver'
import { createTemporalClient } from '../../lib/temporal'
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
    expect(headers.sort()).toEqual(['Stripe-Signature', 'X-Cal-Signature-256', 'X-Crm-Signature', 'X-Twilio-Signature'])

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
    expect(securityOf('/api/webhooks/roi-calculator', 'post')).toEqual([{ crmSignature: [] }])
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
