import type { Client } from '@temporalio/client'
import type { Browser, BrowserContext, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { loadConfig } from '../../lib/config'
import { createSmtpMailDriver } from '../../lib/mail-driver'
import { createTemporalClient } from '../../lib/temporal'
import type { Industry, LeadSource, LeadStatus, QualificationStage } from '../../prisma/generated/enums'
import { signedInUser, type SignedInUser } from '../support/actors'
import { launchBrowser, saveScreenshot, signedInPage } from '../support/browser'
import { createTestDatabase, type TestDatabase } from '../support/database'
import { loadRemixBuild, startWeb } from '../support/web'

let database: TestDatabase
let temporal: Client
let web: Awaited<ReturnType<typeof startWeb>>
let browser: Browser
let manager: SignedInUser
let rep: SignedInUser

const statuses: LeadStatus[] = ['NEW', 'NEW', 'CONTACTED', 'QUALIFIED', 'UNQUALIFIED', 'CONVERTED']
const stages: QualificationStage[] = ['NONE', 'NONE', 'MQL', 'SQL', 'NONE', 'SQL']
const sources: LeadSource[] = ['VOICE_AGENT', 'ROI_CALCULATOR', 'REFERRAL', 'WEBSITE', 'PAID_ADS']
const industries: (Industry | null)[] = [
  'HVAC',
  'PLUMBING',
  'PROPERTY_MANAGEMENT',
  'CONSTRUCTION',
  'REAL_ESTATE',
  null,
  'RETAIL',
]
const firstNames = ['Rosa', 'Jordan', 'Mia', 'Sam', 'Lee', 'Ana', 'Omar', 'Kai', 'Nora', 'Luis']
const lastNames = ['Diaz', 'Reyes', 'Chen', 'Abbott', 'Patel', 'Nguyen', 'Garcia', 'Kim', 'Lopez', 'Brown', 'Ortiz']

beforeAll(async () => {
  ;[database, browser] = await Promise.all([createTestDatabase(), launchBrowser()])
  const config = loadConfig({ NODE_ENV: 'test', DATABASE_URL: database.url })
  // These pages never reach Temporal; the client connects lazily, so none is started.
  temporal = createTemporalClient(config)
  web = await startWeb(
    { config, db: database.db, temporal, mail: createSmtpMailDriver('smtp://127.0.0.1:9') },
    await loadRemixBuild(),
  )
  manager = await signedInUser(database.db, 'SALES_MANAGER', { name: 'Morgan Lee' })
  rep = await signedInUser(database.db, 'SALES_REP', { name: 'Ana Rep' })
  await database.db.lead.createMany({
    data: Array.from({ length: 60 }, (_, i) => ({
      email: `lead${String(i).padStart(2, '0')}@browser.example`,
      firstName: firstNames[i % firstNames.length],
      lastName: lastNames[(i * 7) % lastNames.length],
      companyName:
        i % 4 === 0 ? null : `${lastNames[i % lastNames.length]} ${['Plumbing', 'HVAC', 'Realty', 'Builders'][i % 4]}`,
      status: statuses[i % statuses.length],
      qualificationStage: stages[i % stages.length],
      source: sources[i % sources.length] ?? 'WEBSITE',
      industry: industries[i % industries.length],
      leadScore: (i * 37) % 101,
      assignedToId: i % 3 === 0 ? rep.id : i % 3 === 1 ? manager.id : null,
      createdAt: new Date(Date.UTC(2026, 10, 22, 12) - i * 3_600_000 * 7),
    })),
  })
  const lead = await database.db.lead.findFirstOrThrow({
    where: { email: 'lead00@browser.example' },
    select: { id: true },
  })
  const notifications = [
    {
      kind: 'LEAD_ASSIGNED' as const,
      title: 'New lead assigned: Rosa Diaz',
      body: 'Rosa Diaz (Voice Agent, score 0) is yours.',
      at: '2026-11-22T08:00:00Z',
      read: true,
    },
    {
      kind: 'LEAD_HIGH_SCORE' as const,
      title: 'Hot lead: Rosa Diaz scored 82',
      body: 'Voice agent engagement and an ROI report pushed the score to 82.',
      at: '2026-11-22T09:30:00Z',
      read: false,
    },
    {
      kind: 'LEAD_QUALIFIED' as const,
      title: 'Rosa Diaz is sales-qualified',
      body: 'Calendar booking + lead score > 50 → SQL.',
      at: '2026-11-22T10:15:00Z',
      read: false,
    },
  ]
  for (const [index, notification] of notifications.entries()) {
    await database.db.notification.create({
      data: {
        idempotencyKey: `browser-${index}:${manager.id}`,
        userId: manager.id,
        leadId: lead.id,
        kind: notification.kind,
        title: notification.title,
        body: notification.body,
        createdAt: new Date(notification.at),
        readAt: notification.read ? new Date(notification.at) : null,
      },
    })
  }
})

afterAll(async () => {
  await browser?.close()
  await web?.close()
  await temporal?.connection.close()
  await database?.drop()
})

async function pageFor(user: SignedInUser): Promise<{ context: BrowserContext; page: Page }> {
  return signedInPage(browser, web.baseUrl, user, { width: 1360 })
}

const rowTexts = (page: Page, selector: string) => page.locator(`table.lead-list tbody tr ${selector}`).allInnerTexts()
const scores = async (page: Page) => (await rowTexts(page, '.score-value')).map(Number)

describe('leads list in a real browser', () => {
  it('filters, sorts and pages 60 leads for a Sales Manager, with shareable URLs', async () => {
    const { context, page } = await pageFor(manager)
    const errors: string[] = []
    page.on('pageerror', (error) => errors.push(error.message))
    page.on('console', (message) => {
      if (message.type() === 'error') errors.push(message.text())
    })

    await page.goto(`${web.baseUrl}/leads`)
    await page.getByRole('heading', { level: 1, name: 'Leads' }).waitFor()
    expect(await page.locator('.subtitle').innerText()).toBe('60 leads.')
    expect(await page.locator('.lead-pager .range').innerText()).toBe('1–25 of 60')
    expect(await page.locator('table.lead-list tbody tr').count()).toBe(25)
    await saveScreenshot(page, 'leads-list')

    // The GET form: status and a minimum score.
    await page.getByLabel('Status').selectOption('qualified')
    await page.getByLabel('Score from').fill('30')
    await page.getByRole('button', { name: 'Filter' }).click()
    await page.waitForURL(/status=qualified/)
    const expected = await database.db.lead.count({ where: { status: 'QUALIFIED', leadScore: { gte: 30 } } })
    expect(expected).toBeGreaterThan(0)
    await page.getByText(`${expected} leads match the filters.`).waitFor()
    expect(new Set(await rowTexts(page, '.chip[class*="status-"]'))).toEqual(new Set(['qualified']))
    expect((await scores(page)).every((score) => score >= 30)).toBe(true)
    await saveScreenshot(page, 'leads-list-filtered')

    // The same URL, opened fresh, shows the same list: the filters are in the link.
    const shared = page.url()
    const reopened = await context.newPage()
    await reopened.goto(shared)
    expect(await reopened.getByLabel('Status').inputValue()).toBe('qualified')
    expect(await reopened.locator('table.lead-list tbody tr').count()).toBe(expected)
    await reopened.close()

    // Column headings sort; a second click reverses.
    await page.getByRole('link', { name: 'Score' }).click()
    await page.waitForURL(/sort=leadScore/)
    // The URL changes before the new rows render: wait for the heading that says how the list is sorted.
    await page.getByRole('link', { name: 'Score ↓' }).waitFor()
    const descending = await scores(page)
    expect(descending).toEqual([...descending].sort((a, b) => b - a))
    await page.getByRole('link', { name: 'Score ↓' }).click()
    await page.waitForURL(/direction=asc/)
    await page.getByRole('link', { name: 'Score ↑' }).waitFor()
    const ascending = await scores(page)
    expect(ascending).toEqual([...descending].reverse())

    // Clear, then page through everything.
    await page.getByRole('link', { name: 'Clear' }).click()
    await page.waitForURL(`${web.baseUrl}/leads`)
    await page.getByText('60 leads.', { exact: true }).waitFor()
    expect(await page.getByLabel('Status').inputValue()).toBe('')
    await page.getByRole('link', { name: 'Next →' }).click()
    await page.waitForURL(/page=2/)
    await page.locator('.lead-pager .range', { hasText: '26–50 of 60' }).waitFor()
    const secondPage = await rowTexts(page, 'td:first-child a')
    await page.getByRole('link', { name: 'Next →' }).click()
    await page.waitForURL(/page=3/)
    await page.locator('.lead-pager .range', { hasText: '51–60 of 60' }).waitFor()
    expect(await page.getByRole('link', { name: 'Next →' }).count()).toBe(0)
    await page.getByRole('link', { name: '← Previous' }).click()
    await page.waitForURL(/page=2/)
    await page.locator('.lead-pager .range', { hasText: '26–50 of 60' }).waitFor()
    expect(await rowTexts(page, 'td:first-child a')).toEqual(secondPage)
    await saveScreenshot(page, 'leads-list-page-2')

    // Owner: unassigned leads only.
    await page.goto(`${web.baseUrl}/leads`)
    await page.getByLabel('Owner').selectOption('unassigned')
    await page.getByRole('button', { name: 'Filter' }).click()
    await page.waitForURL(/owner=unassigned/)
    await page.getByText('20 leads match the filters.').waitFor()
    expect(new Set(await rowTexts(page, 'td:nth-child(7)'))).toEqual(new Set(['Unassigned']))

    expect(errors).toEqual([])
    await context.close()
  })

  it('names a filter it cannot read next to its field', async () => {
    const { context, page } = await pageFor(manager)
    const response = await page.goto(`${web.baseUrl}/leads?scoreMin=150&createdFrom=2026-02-30`)
    expect(response?.status()).toBe(400)
    await page.getByText('Some filters could not be read: correct the marked fields.').waitFor()
    expect(await page.locator('#filter-scoreMin-error').innerText()).toBe('must be a whole number from 0 to 100')
    expect(await page.locator('#filter-createdFrom-error').innerText()).toBe(
      '“2026-02-30” must be a date as YYYY-MM-DD',
    )
    expect(await page.getByLabel('Score from').getAttribute('aria-invalid')).toBe('true')
    expect(await page.getByLabel('Created from').getAttribute('aria-invalid')).toBe('true')
    expect(await page.locator('table.lead-list').count()).toBe(0)
    await saveScreenshot(page, 'leads-list-bad-filter')
    await context.close()
  })

  it('shows a Sales Rep only their own leads, without an owner filter', async () => {
    const { context, page } = await pageFor(rep)
    await page.goto(`${web.baseUrl}/leads?sort=name`)
    await page.getByRole('heading', { level: 1, name: 'Leads' }).waitFor()
    expect(await page.locator('.subtitle').innerText()).toBe('20 leads.')
    expect(await page.getByLabel('Owner').count()).toBe(0)
    expect(new Set(await rowTexts(page, 'td:nth-child(7)'))).toEqual(new Set(['Ana Rep']))
    await saveScreenshot(page, 'leads-list-rep')
    await context.close()
  })

  it('shows notifications newest first, unread highlighted, and marks them read', async () => {
    const { context, page } = await pageFor(manager)
    await page.goto(`${web.baseUrl}/notifications`)
    await page.getByRole('heading', { level: 1, name: 'Notifications' }).waitFor()
    expect(await page.locator('.notification-title').allInnerTexts()).toEqual([
      'Rosa Diaz is sales-qualified',
      'Hot lead: Rosa Diaz scored 82',
      'New lead assigned: Rosa Diaz',
    ])
    expect(await page.locator('.notification.unread').count()).toBe(2)
    expect(await page.locator('.subtitle').innerText()).toBe('2 unread.')
    await saveScreenshot(page, 'notifications')

    await page.getByRole('button', { name: 'Mark “Hot lead: Rosa Diaz scored 82” read' }).click()
    await page.getByText('1 unread.').waitFor()
    expect(await page.locator('.notification.unread .notification-title').allInnerTexts()).toEqual([
      'Rosa Diaz is sales-qualified',
    ])

    await page.getByRole('button', { name: 'Mark all read' }).click()
    await page.getByText('Marked 1 notification read.').waitFor()
    expect(await page.locator('.notification.unread').count()).toBe(0)
    expect(await page.getByRole('button', { name: 'Mark all read' }).count()).toBe(0)
    await saveScreenshot(page, 'notifications-all-read')

    await page.getByRole('link', { name: 'Open Rosa Diaz' }).first().click()
    await page.waitForURL(/\/leads\/[a-z0-9]+$/)
    await context.close()
  })
})
