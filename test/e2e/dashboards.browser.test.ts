import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createUser, signedInUser, type SignedInUser } from '../support/actors'
import { novemberBusiness, voiceSession } from '../support/analytics-records'
import { delayPageScripts, saveScreenshot } from '../support/browser'
import { startBrowserWeb, type BrowserWeb } from '../support/browser-web'

// The home dashboard, the Reports page and the phone-sized layout in Chromium, on the November of
// test/support/analytics-records.ts. Screenshots land in test/.artifacts/dashboard-*.png to be looked at.

let stack: BrowserWeb
let manager: SignedInUser

beforeAll(async () => {
  stack = await startBrowserWeb()
  const db = stack.database.db
  manager = await signedInUser(db, 'SALES_MANAGER', { name: 'Mara Manager' })
  const rep = await createUser(db, { role: 'SALES_REP', name: 'Riley Rep' })
  const other = await createUser(db, { role: 'SALES_REP', name: 'Oscar Other' })
  const { dealB } = await novemberBusiness(db, { repId: rep.id, otherId: other.id })
  await db.activity.create({
    data: {
      type: 'TASK',
      subject: 'Send the discovery recap',
      opportunityId: dealB.id,
      userId: manager.id,
      scheduledAt: new Date(Date.now() + 60_000),
    },
    select: { id: true },
  })
  await db.activity.create({
    data: {
      type: 'CALL',
      subject: 'Discovery call logged',
      opportunityId: dealB.id,
      userId: other.id,
      completedAt: new Date(),
    },
    select: { id: true },
  })
  // Today's session, with the voice agent's tags as it sends them.
  await voiceSession(db, {
    startTime: new Date(Date.now() - 120_000),
    totalQuestions: 2,
    topics: ['real_estate', 'roi'],
    outcome: 'CONTINUED_BROWSING',
  })
})

afterAll(async () => {
  await stack?.close()
})

async function pageFor(person: SignedInUser, width: number, height = 900, timezoneId = 'UTC'): Promise<Page> {
  const context = await stack.browser.newContext({ viewport: { width, height }, timezoneId })
  const [name, value] = person.cookie.split('=') as [string, string]
  await context.addCookies([{ name, value, url: stack.web.baseUrl }])
  return context.newPage()
}

describe('the home dashboard', () => {
  it('shows the four tiles, recent activity, the tasks due today and the voice insights', async () => {
    const page = await pageFor(manager, 1440)
    await page.goto(`${stack.web.baseUrl}/`)
    expect(await page.locator('.metric-tile').allInnerTexts()).toHaveLength(4)
    expect(await page.locator('.metric-tile .metric-label').allInnerTexts()).toEqual([
      'New leads',
      'Pipeline value',
      'Active partners',
      'MRR',
    ])
    await expect
      .poll(() => page.locator('[data-section="recent-activity"]').innerText())
      .toContain('Discovery call logged')
    expect(await page.locator('[data-section="tasks-today"]').innerText()).toContain('Send the discovery recap')
    const voiceInsights = await page.locator('[data-section="voice-insights"]').innerText()
    expect(voiceInsights).toContain('Sessions today')
    // The tags read as words, as on the session's page (the seed's "Top topics: pricing, ROI").
    const topTopics = voiceInsights.match(/Top topics \(30 days\)\s+(.*)/)?.[1]?.split(', ')
    expect(topTopics).toEqual(expect.arrayContaining(['real estate', 'ROI']))
    expect(await page.locator('nav[aria-label="Main"] a').allInnerTexts()).toEqual([
      'Dashboard',
      'Leads',
      'Pipeline',
      'Partnerships',
      'Reports',
    ])
    await saveScreenshot(page, 'dashboard-home')
    await page.context().close()
  })
})

describe('the Reports page', () => {
  it('prints November’s figures, draws them, and a bar opens the records behind it', async () => {
    const page = await pageFor(manager, 1440)
    await page.goto(`${stack.web.baseUrl}/reports?month=2026-11`)
    const newLeads = page.locator('[data-tile="newLeads"] .metric-value')
    expect(await newLeads.innerText()).toBe('4')
    expect(await page.locator('[data-tile="newLeads"] .metric-change').innerText()).toBe('↑ +300% vs Oct 2026')
    const funnel = page.locator('table[data-table="funnel"] tbody tr')
    expect(await funnel.allInnerTexts()).toEqual([
      expect.stringMatching(/^Leads\s+4\s+—\s+1$/),
      expect.stringMatching(/^MQL\s+3\s+75%/),
      expect.stringMatching(/^SQL\s+2\s+67%/),
      expect.stringMatching(/^Opportunity\s+2\s+100%/),
      expect.stringMatching(/^Closed Won\s+1\s+50%/),
    ])
    // Every chart is drawn once the page runs in the browser.
    await page.locator('.recharts-surface').first().waitFor()
    expect(await page.locator('.chart').count()).toBeGreaterThanOrEqual(9)
    expect(await page.locator('a.csv-link').getAttribute('href')).toBe('/reports.csv?month=2026-11')
    await saveScreenshot(page, 'dashboard-reports')

    await page.locator('section[aria-label="Leads by source"] .recharts-bar-rectangle').first().click()
    await page.waitForURL(/\/leads\?/)
    expect(new URL(page.url()).search).toBe('?source=voice_agent&createdFrom=2026-11-01&createdTo=2026-11-30')
    await page.locator('table.lead-list').waitFor()
    expect(await page.locator('table.lead-list tbody tr').count()).toBe(2)
    await page.context().close()
  })

  it('counts the months of the browser’s time zone, and says which', async () => {
    const page = await pageFor(manager, 1440, 900, 'America/Chicago')
    await page.goto(`${stack.web.baseUrl}/reports?month=2026-11`)
    // The first answer counts in UTC (the server has not heard of the browser's zone); the page then tells it.
    await expect
      .poll(() => page.locator('.report-head .subtitle').innerText(), { timeout: 20_000, interval: 250 })
      .toContain('Nov 2026 against Oct 2026 · months and days of America/Chicago')
    expect(await page.locator('[data-tile="newLeads"] .metric-value').innerText()).toBe('4')
    await page.context().close()
  })

  it('the period picker moves to another period', async () => {
    const page = await pageFor(manager, 1440)
    await page.goto(`${stack.web.baseUrl}/reports?month=2026-11`)
    await page.locator('select[name="months"]').selectOption('3')
    await page.locator('input[name="month"]').fill('2026-09')
    await page.getByRole('button', { name: 'Show' }).click()
    await page.waitForURL(/months=3/)
    await expect
      .poll(() => page.locator('.report-head .subtitle').innerText())
      .toContain('Sep 2026 – Nov 2026 against Jun 2026 – Aug 2026')
    expect(await page.locator('[data-tile="newLeads"] .metric-value').innerText()).toBe('5')
    await page.context().close()
  })
})

describe('on a phone (390 px)', () => {
  it('shows Menu disabled until the scripts run, and a tap made before then opens it once they do', async () => {
    const page = await pageFor(manager, 390, 844)
    // The scripts arrive 2 s after the HTML, as on a slow phone connection (decision 0066).
    await delayPageScripts(page, 2_000)
    await page.goto(`${stack.web.baseUrl}/`, { waitUntil: 'commit' })
    const menu = page.getByRole('button', { name: 'Menu' })
    await menu.waitFor()
    expect(await menu.isDisabled()).toBe(true)
    await menu.click()
    expect(await page.locator('nav[aria-label="Main"]').isVisible()).toBe(true)
    await page.context().close()
  })

  for (const path of ['/', '/reports?month=2026-11']) {
    it(`${path}: the navigation folds under Menu and nothing is wider than the screen`, async () => {
      const page = await pageFor(manager, 390, 844)
      await page.goto(`${stack.web.baseUrl}${path}`)
      await page.locator('.metric-tile').first().waitFor()
      if (path !== '/') await page.locator('.recharts-surface').first().waitFor()
      expect(await page.locator('nav[aria-label="Main"]').isVisible()).toBe(false)
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390)
      const name = path === '/' ? 'home' : 'reports'
      await saveScreenshot(page, `dashboard-phone-${name}`)
      await page.getByRole('button', { name: 'Menu' }).click()
      expect(await page.locator('nav[aria-label="Main"]').isVisible()).toBe(true)
      expect(await page.locator('nav[aria-label="Main"] a').allInnerTexts()).toContain('Reports')
      await page.screenshot({ path: `test/.artifacts/dashboard-phone-${name}-menu.png` })
      await page.locator('nav[aria-label="Main"]').getByRole('link', { name: 'Reports' }).click()
      await page.waitForURL((url) => url.pathname === '/reports' && url.search === '')
      await expect.poll(() => page.locator('nav[aria-label="Main"]').isVisible()).toBe(false)
      await page.context().close()
    })
  }
})
