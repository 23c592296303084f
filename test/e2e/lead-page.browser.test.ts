import { randomUUID } from 'node:crypto'
import type { TestWorkflowEnvironment } from '@temporalio/testing'
import type { Browser } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { loadConfig } from '../../lib/config'
import { createSmtpMailDriver } from '../../lib/mail-driver'
import { launchBrowser, saveScreenshot } from '../support/browser'
import { createTestDatabase, type TestDatabase } from '../support/database'
import { startSmtpInbox, type SmtpInbox } from '../support/smtp-inbox'
import { createTimeSkippingEnvironment, startWorker, uniqueTaskQueue } from '../support/temporal'
import { issueApiKey } from '../../api/auth/api-keys'
import { sessionCookieName, startSession } from '../../api/auth/sessions'
import { bearer, loadRemixBuild, postJson, startWeb } from '../support/web'

let env: TestWorkflowEnvironment
let inbox: SmtpInbox
let database: TestDatabase
let worker: Awaited<ReturnType<typeof startWorker>>
let web: Awaited<ReturnType<typeof startWeb>>
let browser: Browser

beforeAll(async () => {
  ;[env, inbox, database, browser] = await Promise.all([
    createTimeSkippingEnvironment(),
    startSmtpInbox(),
    createTestDatabase(),
    launchBrowser(),
  ])
  const taskQueue = uniqueTaskQueue('lead-page-browser')
  const config = loadConfig({
    NODE_ENV: 'test',
    DATABASE_URL: database.url,
    SMTP_URL: inbox.url,
    TEMPORAL_TASK_QUEUE: taskQueue,
    TEMPORAL_UI_URL: 'http://127.0.0.1:8233',
  })
  const mail = createSmtpMailDriver(inbox.url)
  worker = await startWorker(env, { taskQueue, dependencies: { db: database.db, mail, mailFrom: config.MAIL_FROM } })
  web = await startWeb({ config, db: database.db, temporal: env.client, mail }, await loadRemixBuild())
})

afterAll(async () => {
  await browser?.close()
  await web?.close()
  await worker?.stop()
  await env?.teardown()
  await inbox?.stop()
  await database?.drop()
})

describe('lead page in a real browser', () => {
  it('takes a rep from the leads list to a new lead with its acknowledgement email and its Temporal run', async () => {
    const email = `rosa-${randomUUID()}@northwind-plumbing.example`
    const { key } = await issueApiKey(database.db, { name: 'Landing page', scopes: ['leads:create'] })
    const created = await (
      await postJson(`${web.baseUrl}/api/leads`, {
        email,
        source: 'voice_agent',
        firstName: 'Rosa',
        lastName: 'Delgado',
        companyName: 'Northwind Plumbing',
        industry: 'plumbing',
        preferredLanguage: 'es',
      }, bearer(key))
    ).json()
    await env.client.workflow.getHandle(created.workflow.id).result()

    const manager = await database.db.user.create({
      data: { email: `manager-${randomUUID()}@durable-crm.test`, name: 'Morgan Lee', role: 'SALES_MANAGER' },
      select: { id: true },
    })
    const session = await startSession(database.db, manager.id, {}, {
      SESSION_IDLE_TIMEOUT_MINUTES: 60,
      SESSION_ABSOLUTE_TIMEOUT_HOURS: 1,
    })
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } })
    await context.addCookies([{ name: sessionCookieName, value: session.token, url: web.baseUrl }])
    const page = await context.newPage()
    await page.goto(`${web.baseUrl}/leads`)
    await page.getByRole('link', { name: 'Rosa Delgado' }).click()
    await page.waitForURL(`**/leads/${created.id}`)

    // Client-side navigation changes the URL before the new page has rendered.
    await page.getByRole('heading', { level: 1, name: 'Rosa Delgado' }).waitFor()
    const profile = page.getByRole('region', { name: 'Profile' })
    expect(await profile.textContent()).toContain('Northwind Plumbing')
    expect(await profile.textContent()).toContain('Spanish')
    const workflow = page.getByRole('region', { name: 'Workflow' })
    expect(await workflow.getByText('completed').isVisible()).toBe(true)
    expect(await page.getByRole('link', { name: 'Open this run in the Temporal Web UI' }).getAttribute('href')).toBe(
      `http://127.0.0.1:8233/namespaces/default/workflows/lead-${created.id}`,
    )
    const emails = page.getByRole('region', { name: 'Emails' })
    expect(await emails.getByText('Gracias por contactar a AI KRE8TION Partners').isVisible()).toBe(true)
    expect(await emails.textContent()).toContain('Hola Rosa:')

    await saveScreenshot(page, 'lead-page')
    await context.close()
  })
})
