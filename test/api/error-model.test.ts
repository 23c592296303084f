import { randomUUID } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { z } from 'zod'
import { openApiDocument } from '../../api/openapi'
import { loadConfig } from '../../lib/config'
import { createDatabase } from '../../lib/db'
import { createSmtpMailDriver } from '../../lib/mail-driver'
import { sessionCookieName } from '../../services/auth/sessions'
import { apiKeyWith, signedInUser } from '../support/actors'
import { createTestDatabase, type TestDatabase } from '../support/database'
import { loadRemixBuild, startWeb, unreachableTemporal } from '../support/web'

// The one error model seen from outside (docs/decisions/0014-one-error-model.md): a dependency that is down answers
// 503 with Retry-After (never 500), and a body the API cannot read answers 4xx naming what it cannot read.

const closedPort = '127.0.0.1:9'
const unreachableMail = `smtp://${closedPort}`
const calcomSecret = 'calcom-error-model-secret'

let database: TestDatabase

beforeAll(async () => {
  database = await createTestDatabase()
})

afterAll(async () => {
  await database?.drop()
})

async function expectProblem(response: Response, status: number, code: string) {
  const body = await response.json()
  expect({ status: response.status, code: body.code }).toEqual({ status, code })
  expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/)
  expect(body).toMatchObject({ status, title: expect.any(String), detail: expect.any(String), error: body.detail })
  return body
}

describe('a dependency that is down answers 503 with Retry-After', () => {
  it('PostgreSQL unreachable: an API request with a key or a session answers 503, naming only the database', async () => {
    const databaseUrl = `postgresql://crm:crm@${closedPort}/nowhere`
    const db = createDatabase(databaseUrl)
    const temporal = unreachableTemporal()
    const config = loadConfig({ NODE_ENV: 'test', DATABASE_URL: databaseUrl, SMTP_URL: unreachableMail })
    const web = await startWeb({ config, db, temporal, mail: createSmtpMailDriver(unreachableMail) })
    try {
      const withKey = await fetch(`${web.baseUrl}/api/leads/some-lead`, {
        headers: { authorization: 'Bearer crm_0123456789abcdef' },
      })
      expect(withKey.headers.get('retry-after')).toBe('5')
      const body = await expectProblem(withKey, 503, 'database-unavailable')
      // Which dependency, not the driver's text: no host, port or SQL.
      expect(JSON.stringify(body)).not.toContain(closedPort)
      expect(JSON.stringify(body)).not.toMatch(/prisma|invocation|findFirst/i)

      const withSession = await fetch(`${web.baseUrl}/api/leads/some-lead`, {
        headers: { cookie: `${sessionCookieName}=not-checked-because-the-database-is-down` },
      })
      expect(withSession.headers.get('retry-after')).toBe('5')
      await expectProblem(withSession, 503, 'database-unavailable')
    } finally {
      await web.close()
      await db.$disconnect()
      await temporal.connection.close().catch(() => undefined)
    }
  })

  it('Temporal unreachable: a lead action answers 503 with Retry-After and the lead is unchanged', async () => {
    const temporal = unreachableTemporal()
    const config = loadConfig({ NODE_ENV: 'test', DATABASE_URL: database.url, SMTP_URL: unreachableMail })
    const web = await startWeb({ config, db: database.db, temporal, mail: createSmtpMailDriver(unreachableMail) })
    const lead = await database.db.lead.create({
      data: { email: `temporal-down-${randomUUID()}@example.com`, source: 'WEBSITE' },
      select: { id: true, status: true },
    })
    const key = await apiKeyWith(database.db, ['leads:read', 'leads:update'])
    try {
      const response = await fetch(`${web.baseUrl}/api/leads/${lead.id}/qualify`, {
        method: 'POST',
        headers: { ...key.headers, 'content-type': 'application/json' },
        body: '{}',
      })
      expect(response.headers.get('retry-after')).toBe('5')
      const body = await expectProblem(response, 503, 'workflow-engine-unavailable')
      expect(JSON.stringify(body)).not.toMatch(/DEADLINE_EXCEEDED|127\.0\.0\.1/)
      const after = await database.db.lead.findUniqueOrThrow({ where: { id: lead.id }, select: { status: true } })
      expect(after.status).toBe(lead.status)
    } finally {
      await web.close()
      await temporal.connection.close().catch(() => undefined)
    }
  })
})

describe('a body the API cannot read answers 4xx naming what, never 500', () => {
  let web: Awaited<ReturnType<typeof startWeb>>
  let temporal: ReturnType<typeof unreachableTemporal>

  beforeAll(async () => {
    temporal = unreachableTemporal()
    const config = loadConfig({
      NODE_ENV: 'test',
      DATABASE_URL: database.url,
      SMTP_URL: unreachableMail,
      WEBHOOK_PROVIDERS: 'calcom',
      CALCOM_WEBHOOK_SECRET: calcomSecret,
    })
    web = await startWeb({ config, db: database.db, temporal, mail: createSmtpMailDriver(unreachableMail) })
  })

  afterAll(async () => {
    await web?.close()
    await temporal?.connection.close().catch(() => undefined)
  })

  const post = (path: string, headers: Record<string, string>, body = '{"email":"a@example.com"}') =>
    fetch(`${web.baseUrl}${path}`, { method: 'POST', headers, body })

  it('an unsupported charset on a JSON endpoint: 415 naming the charset', async () => {
    const response = await post('/api/leads', { 'content-type': 'application/json; charset=latin-9' })
    const body = await expectProblem(response, 415, 'unsupported-media-type')
    expect(body.errors).toEqual([{ field: 'Content-Type', message: 'charset "latin-9" is not supported; send UTF-8' }])
  })

  it('an unsupported content encoding on a JSON endpoint: 415 naming the encoding', async () => {
    const response = await post('/api/crm/leads', { 'content-type': 'application/json', 'content-encoding': 'br' })
    const body = await expectProblem(response, 415, 'unsupported-media-type')
    expect(body.errors).toEqual([
      { field: 'Content-Encoding', message: '"br" is not supported; send identity, gzip or deflate' },
    ])
  })

  it('an unsupported content encoding on a signed webhook: 415 naming the encoding', async () => {
    const response = await post('/api/webhooks/calendar', {
      'content-type': 'application/json',
      'content-encoding': 'x-compress',
      'x-cal-signature-256': 'not-checked-before-the-body-is-read',
    })
    const body = await expectProblem(response, 415, 'unsupported-media-type')
    expect(body.errors[0]).toMatchObject({ field: 'Content-Encoding', message: expect.stringContaining('x-compress') })
  })

  it('keeps 400 for JSON that does not parse and 413 for a body over 100 kB', async () => {
    const malformed = await post('/api/leads', { 'content-type': 'application/json' }, '{"email": ')
    expect((await expectProblem(malformed, 400, 'malformed-body')).errors[0].field).toBe('(body)')
    const large = await post(
      '/api/leads',
      { 'content-type': 'application/json' },
      JSON.stringify({ email: 'a@example.com', notes: 'x'.repeat(101 * 1024) }),
    )
    expect((await expectProblem(large, 413, 'payload-too-large')).errors).toEqual([
      { field: '(body)', message: 'exceeds 100 kB' },
    ])
  })
})

describe('refusals before a route runs are problems, as the OpenAPI document describes them', () => {
  let web: Awaited<ReturnType<typeof startWeb>>
  let temporal: ReturnType<typeof unreachableTemporal>
  const document = openApiDocument({ APP_BASE_URL: 'http://crm.test' })
  const errorSchema = z.fromJSONSchema(JSON.parse(JSON.stringify(document.components.schemas.Error)))

  beforeAll(async () => {
    temporal = unreachableTemporal()
    const config = loadConfig({ NODE_ENV: 'test', DATABASE_URL: database.url, SMTP_URL: unreachableMail })
    web = await startWeb({ config, db: database.db, temporal, mail: createSmtpMailDriver(unreachableMail) })
  })

  afterAll(async () => {
    await web?.close()
    await temporal?.connection.close().catch(() => undefined)
  })

  /** The answer is the problem body, fits the document's Error schema, and the operation documents its status. */
  async function expectDocumentedProblem(
    response: Response,
    operation: { method: 'get' | 'post'; path: string },
    status: number,
    code: string,
  ) {
    const body = await expectProblem(response, status, code)
    expect(body.type).toBe(`tag:durable-crm,2026:problem:${code}`)
    expect(errorSchema.safeParse(body).error?.issues ?? []).toEqual([])
    const paths = document.paths as Record<string, Record<string, { responses: Record<string, unknown> }>>
    expect(paths[operation.path]?.[operation.method]?.responses[status]).toMatchObject({
      content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Error' } } },
    })
    return body
  }

  it('an API key that is not valid: 401 naming the Authorization header', async () => {
    const response = await fetch(`${web.baseUrl}/api/leads/some-lead`, {
      headers: { authorization: 'Bearer crm_not-a-key-we-issued' },
    })
    const body = await expectDocumentedProblem(
      response,
      { method: 'get', path: '/api/leads/{id}' },
      401,
      'unauthenticated',
    )
    expect(body.errors).toEqual([{ field: 'Authorization', message: 'must be Bearer <a valid API key>' }])
  })

  it('no session and no key: 401', async () => {
    const response = await fetch(`${web.baseUrl}/api/companies`)
    const body = await expectDocumentedProblem(
      response,
      { method: 'get', path: '/api/companies' },
      401,
      'unauthenticated',
    )
    expect(body.detail).toBe('Sign in or present an API key')
  })

  it('a key without the scope: 403 naming what it may not do', async () => {
    const key = await apiKeyWith(database.db, ['leads:read'])
    const response = await fetch(`${web.baseUrl}/api/companies`, { headers: key.headers })
    const body = await expectDocumentedProblem(response, { method: 'get', path: '/api/companies' }, 403, 'forbidden')
    expect(body.detail).toBe('Not allowed to read companies')
  })

  it('a body over 1 MB: 413 before anything reads it', async () => {
    const key = await apiKeyWith(database.db, ['leads:create'])
    const response = await fetch(`${web.baseUrl}/api/leads`, {
      method: 'POST',
      headers: { ...key.headers, 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'large@example.com', notes: 'x'.repeat(1_100_000) }),
    })
    const body = await expectDocumentedProblem(
      response,
      { method: 'post', path: '/api/leads' },
      413,
      'payload-too-large',
    )
    // 1 MB = 1,024 kB.
    expect(body.errors).toEqual([{ field: '(body)', message: 'exceeds 1024 kB' }])
  })

  it('a cookie request from another site: 403 naming the Origin', async () => {
    const response = await fetch(`${web.baseUrl}/api/leads`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: 'https://evil.example', cookie: `${sessionCookieName}=x` },
      body: '{"email":"a@example.com"}',
    })
    const body = await expectDocumentedProblem(response, { method: 'post', path: '/api/leads' }, 403, 'forbidden')
    expect(body.errors).toEqual([{ field: 'Origin', message: 'must be this application' }])
  })

  it('a lead that is not valid, and one that does not exist: 400 and 404', async () => {
    const key = await apiKeyWith(database.db, ['leads:create', 'leads:read'])
    const invalid = await fetch(`${web.baseUrl}/api/leads`, {
      method: 'POST',
      headers: { ...key.headers, 'content-type': 'application/json' },
      body: '{"email":"not an address"}',
    })
    const body = await expectDocumentedProblem(invalid, { method: 'post', path: '/api/leads' }, 400, 'invalid-input')
    expect(body.errors.map((error: { field: string }) => error.field)).toContain('email')
    const missing = await fetch(`${web.baseUrl}/api/leads/no-such-lead`, { headers: key.headers })
    await expectDocumentedProblem(missing, { method: 'get', path: '/api/leads/{id}' }, 404, 'not-found')
  })
})

describe('the pages answer through the same model', () => {
  it('PostgreSQL unreachable: a page for a signed-in person answers 503 with Retry-After', async () => {
    const databaseUrl = `postgresql://crm:crm@${closedPort}/nowhere`
    const db = createDatabase(databaseUrl)
    const temporal = unreachableTemporal()
    const config = loadConfig({ NODE_ENV: 'test', DATABASE_URL: databaseUrl, SMTP_URL: unreachableMail })
    const web = await startWeb(
      { config, db, temporal, mail: createSmtpMailDriver(unreachableMail) },
      await loadRemixBuild(),
    )
    try {
      const page = await fetch(`${web.baseUrl}/leads`, {
        headers: { cookie: `${sessionCookieName}=not-checked-because-the-database-is-down` },
        redirect: 'manual',
      })
      expect(page.status).toBe(503)
      expect(page.headers.get('retry-after')).toBe('5')
      const text = await page.text()
      expect(text).toMatch(/database/i)
      expect(text).not.toContain(closedPort)
    } finally {
      await web.close()
      await db.$disconnect()
      await temporal.connection.close().catch(() => undefined)
    }
  })

  it("Temporal unreachable: a lead action on the lead's page answers 503 with Retry-After, the form kept", async () => {
    const temporal = unreachableTemporal()
    const config = loadConfig({ NODE_ENV: 'test', DATABASE_URL: database.url, SMTP_URL: unreachableMail })
    const web = await startWeb(
      { config, db: database.db, temporal, mail: createSmtpMailDriver(unreachableMail) },
      await loadRemixBuild(),
    )
    const rep = await signedInUser(database.db, 'SALES_REP')
    const lead = await database.db.lead.create({
      data: { email: `page-temporal-down-${randomUUID()}@example.com`, source: 'WEBSITE', assignedToId: rep.id },
      select: { id: true },
    })
    try {
      const refused = await fetch(`${web.baseUrl}/leads/${lead.id}`, {
        method: 'POST',
        redirect: 'manual',
        headers: { 'content-type': 'application/x-www-form-urlencoded', origin: web.baseUrl, cookie: rep.cookie },
        body: new URLSearchParams({ intent: 'disqualify', reason: 'Budget went elsewhere' }).toString(),
      })
      expect(refused.status).toBe(503)
      expect(refused.headers.get('retry-after')).toBe('5')
      const html = await refused.text()
      expect(html).toContain('could not be reached')
      expect(html).toContain('Budget went elsewhere')
    } finally {
      await web.close()
      await temporal.connection.close().catch(() => undefined)
    }
  })
})
