import { randomUUID } from 'node:crypto'
import type { Client } from '@temporalio/client'
import type { Browser } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { loadConfig } from '../../lib/config'
import { createSmtpMailDriver } from '../../lib/mail-driver'
import { hashPassword } from '../../lib/passwords'
import { createTemporalClient } from '../../lib/temporal'
import { launchBrowser, saveScreenshot } from '../support/browser'
import { createTestDatabase, type TestDatabase } from '../support/database'
import { loadRemixBuild, startWeb } from '../support/web'

let database: TestDatabase
let temporal: Client
let web: Awaited<ReturnType<typeof startWeb>>
let browser: Browser
const adminEmail = `ada-${randomUUID()}@durable-crm.test`
const adminPassword = 'a passphrase for the admin'

beforeAll(async () => {
  ;[database, browser] = await Promise.all([createTestDatabase(), launchBrowser()])
  const config = loadConfig({ NODE_ENV: 'test', DATABASE_URL: database.url })
  // These pages never reach Temporal; the client connects lazily, so none is started.
  temporal = createTemporalClient(config)
  web = await startWeb(
    { config, db: database.db, temporal, mail: createSmtpMailDriver('smtp://127.0.0.1:9') },
    await loadRemixBuild(),
  )
  await database.db.user.create({
    data: { email: adminEmail, name: 'Ada Admin', role: 'ADMIN', passwordHash: await hashPassword(adminPassword) },
    select: { id: true },
  })
  await database.db.lead.create({
    data: {
      email: 'jordan@bayside-hvac.example',
      firstName: 'Jordan',
      lastName: 'Reyes',
      companyName: 'Bayside HVAC',
      source: 'CALENDAR_BOOKING',
      industry: 'HVAC',
    },
    select: { id: true },
  })
})

afterAll(async () => {
  await browser?.close()
  await web?.close()
  await temporal?.connection.close()
  await database?.drop()
})

describe('sign-in and user administration in a real browser', () => {
  it('signs an Admin in through the form, then lets them add a Sales Rep who appears in the list', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } })
    const pageErrors: string[] = []
    page.on('pageerror', (error) => pageErrors.push(error.message))
    page.on('console', (message) => {
      // The wrong password's 401 is logged as a failed resource load; anything else (CSP, hydration) is not.
      if (message.type() === 'error' && !message.text().startsWith('Failed to load resource'))
        pageErrors.push(message.text())
    })

    await page.goto(`${web.baseUrl}/leads`)
    await page.waitForURL('**/sign-in?redirectTo=%2Fleads')
    await saveScreenshot(page, 'sign-in')

    await page.getByLabel('Email').fill(adminEmail)
    await page.getByLabel('Password').fill('not the passphrase')
    await page.getByRole('button', { name: 'Sign in' }).click()
    await expect.poll(() => page.getByRole('alert').textContent()).toBe('Email or password is incorrect.')
    await saveScreenshot(page, 'sign-in-failed')

    await page.getByLabel('Password').fill(adminPassword)
    await page.getByRole('button', { name: 'Sign in' }).click()
    await page.waitForURL('**/leads')
    // The URL changes before the client-side navigation has rendered the new page.
    await page.getByRole('heading', { level: 1, name: 'Leads' }).waitFor()
    expect(await page.getByRole('link', { name: 'Jordan Reyes' }).isVisible()).toBe(true)
    const topBar = page.getByRole('banner')
    expect(await topBar.textContent()).toContain('Ada Admin · Admin')
    await saveScreenshot(page, 'leads-signed-in')

    await topBar.getByRole('link', { name: 'Users' }).click()
    await page.waitForURL('**/admin/users')
    await page.getByRole('region', { name: 'Add a user' }).waitFor()
    await saveScreenshot(page, 'admin-users')

    const newRepEmail = `sam-${randomUUID()}@durable-crm.test`
    const form = page.getByRole('region', { name: 'Add a user' })
    await form.getByLabel('Name').fill('Sam Rivera')
    await form.getByLabel('Email').fill(newRepEmail)
    await form.getByLabel('Role').selectOption({ label: 'Sales Rep' })
    await form.getByLabel('Initial password').fill('a first password for sam')
    await form.getByRole('button', { name: 'Create user' }).click()
    await expect
      .poll(() => page.getByRole('status').textContent())
      .toBe(`Sam Rivera can now sign in as ${newRepEmail}.`)
    const row = page.getByRole('row', { name: /Sam Rivera/ })
    expect(await row.textContent()).toContain(newRepEmail)
    expect(await row.textContent()).toContain('Sales Rep')
    expect(await row.getByText('Active', { exact: true }).isVisible()).toBe(true)
    expect(await form.getByLabel('Email').inputValue()).toBe('')
    await saveScreenshot(page, 'admin-users-created')

    await topBar.getByRole('link', { name: 'API keys' }).click()
    await page.waitForURL('**/admin/api-keys')
    await page.getByLabel('Name (who or what uses it)').fill('Landing page')
    await page.getByLabel('leads:create').check()
    await page.getByRole('button', { name: 'Create key' }).click()
    const shownKey = await page.getByTestId('new-api-key').textContent()
    expect(shownKey).toMatch(/^crm_[A-Za-z0-9_-]{40,}$/)
    expect(await page.getByRole('row', { name: /Landing page/ }).textContent()).toContain('leads:create')
    await saveScreenshot(page, 'admin-api-keys')

    await topBar.getByRole('button', { name: 'Sign out' }).click()
    await page.waitForURL('**/sign-in')
    await page.goto(`${web.baseUrl}/admin/users`)
    await page.waitForURL('**/sign-in?redirectTo=%2Fadmin%2Fusers')

    expect(pageErrors).toEqual([])
    await page.close()
  })
})
