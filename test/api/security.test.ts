import type { TestWorkflowEnvironment } from '@temporalio/testing'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { issueApiKey } from '../../services/auth/api-keys'
import { loadConfig } from '../../lib/config'
import { createSmtpMailDriver } from '../../lib/mail-driver'
import { createTestDatabase, type TestDatabase } from '../support/database'
import { createTimeSkippingEnvironment } from '../support/temporal'
import { bearer, loadRemixBuild, postJson, startWeb } from '../support/web'

let env: TestWorkflowEnvironment
let database: TestDatabase
let web: Awaited<ReturnType<typeof startWeb>>
let apiKey: Record<string, string>

beforeAll(async () => {
  ;[env, database] = await Promise.all([createTimeSkippingEnvironment(), createTestDatabase()])
  const config = loadConfig({
    NODE_ENV: 'production',
    UNSUBSCRIBE_SECRET: 'unsubscribe-secret-for-tests-0123456789abcdef',
    DATABASE_URL: database.url,
    CORS_ORIGINS: 'https://www.aikre8tion.example, https://calculator.aikre8tion.example',
  })
  web = await startWeb(
    { config, db: database.db, temporal: env.client, mail: createSmtpMailDriver('smtp://127.0.0.1:9') },
    await loadRemixBuild(),
  )
  apiKey = bearer((await issueApiKey(database.db, { name: 'Landing page', scopes: ['leads:create'] })).key)
})

afterAll(async () => {
  await web?.close()
  await env?.teardown()
  await database?.drop()
})

describe('every response', () => {
  it.each(['/api/health', '/sign-in'])('of %s carries the security headers and no x-powered-by', async (path) => {
    const response = await fetch(`${web.baseUrl}${path}`)
    expect(response.headers.get('x-powered-by')).toBeNull()
    expect(response.headers.get('x-content-type-options')).toBe('nosniff')
    expect(response.headers.get('x-frame-options')).toBe('DENY')
    expect(response.headers.get('referrer-policy')).toBe('strict-origin-when-cross-origin')
    expect(response.headers.get('strict-transport-security')).toMatch(/max-age=\d+/)
    expect(response.headers.get('content-security-policy')).toMatch(/script-src 'self' 'nonce-[A-Za-z0-9_-]+'/)
  })

  it('renders the page scripts with the nonce of its own Content-Security-Policy', async () => {
    const response = await fetch(`${web.baseUrl}/sign-in`)
    const nonce = /'nonce-([^']+)'/.exec(response.headers.get('content-security-policy') ?? '')?.[1]
    const html = await response.text()
    const scripts = [...html.matchAll(/<script\b[^>]*>/g)].map((match) => match[0])
    expect(scripts.length).toBeGreaterThan(0)
    for (const script of scripts) expect(script).toContain(`nonce="${nonce}"`)
  })
})

describe('CORS', () => {
  it('admits a configured origin and nobody else', async () => {
    const allowed = await fetch(`${web.baseUrl}/api/health`, { headers: { origin: 'https://www.aikre8tion.example' } })
    expect(allowed.headers.get('access-control-allow-origin')).toBe('https://www.aikre8tion.example')
    const other = await fetch(`${web.baseUrl}/api/health`, { headers: { origin: 'https://evil.example' } })
    expect(other.headers.get('access-control-allow-origin')).toBeNull()
  })

  it('answers preflights: 204 for a configured origin, 403 for another', async () => {
    const preflight = (origin: string) =>
      fetch(`${web.baseUrl}/api/leads`, {
        method: 'OPTIONS',
        headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'authorization' },
      })
    const allowed = await preflight('https://calculator.aikre8tion.example')
    expect(allowed.status).toBe(204)
    expect(allowed.headers.get('access-control-allow-headers')).toContain('Authorization')
    expect((await preflight('https://evil.example')).status).toBe(403)
  })
})

describe('request bodies', () => {
  it('answers 413, not 500, for a JSON body over 100 kB and writes nothing', async () => {
    const response = await postJson(
      `${web.baseUrl}/api/leads`,
      { email: 'big@example.com', source: 'website', sourceDetail: 'x'.repeat(150_000) },
      apiKey,
    )
    expect(response.status).toBe(413)
    expect((await response.json()).errors[0].field).toBe('(body)')
    expect(await database.db.lead.count({ where: { email: 'big@example.com' } })).toBe(0)
  })

  it('answers 413 for any body over 1 MB, form posts to pages included', async () => {
    const response = await fetch(`${web.baseUrl}/sign-in`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', origin: web.baseUrl },
      body: `email=a%40b.co&password=${'x'.repeat(1_100_000)}`,
    })
    expect(response.status).toBe(413)
  })
})

describe('cross-site requests', () => {
  it('refuses a state-changing request that rides on a cookie from another site', async () => {
    const response = await fetch(`${web.baseUrl}/sign-in`, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        origin: 'https://evil.example',
        cookie: 'crm_session=stolen',
      },
      body: 'email=a%40b.co&password=whatever-password',
    })
    expect(response.status).toBe(403)
  })
})
