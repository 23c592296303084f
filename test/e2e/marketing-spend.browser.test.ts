import { randomUUID } from 'node:crypto'
import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { signedInUser, type SignedInUser } from '../support/actors'
import { saveScreenshot } from '../support/browser'
import { startBrowserWeb, type BrowserWeb } from '../support/browser-web'

// The marketing spend form and the cost-per-lead panel in Chromium (decision 0040). Screenshots land in
// test/.artifacts/marketing-spend-*.png to be looked at.

let stack: BrowserWeb
let manager: SignedInUser

beforeAll(async () => {
  stack = await startBrowserWeb()
  manager = await signedInUser(stack.database.db, 'SALES_MANAGER', { name: 'Mara Manager' })
  // Four paid-ads leads in November 2026.
  for (const day of ['02', '09', '16', '23']) {
    await stack.database.db.lead.create({
      data: {
        email: `ads-${randomUUID()}@example.com`,
        source: 'PAID_ADS',
        createdAt: new Date(`2026-11-${day}T10:00:00Z`),
      },
      select: { id: true },
    })
  }
})

afterAll(async () => {
  await stack?.close()
})

async function pageFor(person: SignedInUser, width: number, height = 900): Promise<Page> {
  const context = await stack.browser.newContext({ viewport: { width, height } })
  const [name, value] = person.cookie.split('=') as [string, string]
  await context.addCookies([{ name, value, url: stack.web.baseUrl }])
  return context.newPage()
}

describe('entering the spend and reading the cost per lead', { shuffle: false }, () => {
  it('a bad amount is shown beside its field; a good one is saved', async () => {
    const page = await pageFor(manager, 1280)
    await page.goto(`${stack.web.baseUrl}/reports/spend?month=2026-11`)
    await page.getByLabel('Paid Ads').fill('-5')
    await page.getByRole('button', { name: 'Save 2026-11' }).click()
    await expect.poll(() => page.getByRole('alert').innerText()).toContain('amounts.PAID_ADS must not be negative')
    await page.getByLabel('Paid Ads').fill('3,000')
    await page.getByLabel('Referral').fill('0')
    await page.getByRole('button', { name: 'Save 2026-11' }).click()
    await expect.poll(() => page.getByRole('status').innerText()).toBe('Saved: Paid Ads, Referral.')
    // The field is remounted from the saved row once the page's data is reloaded, which may land after the status.
    await expect.poll(() => page.getByLabel('Paid Ads').inputValue()).toBe('3000.00')
    await saveScreenshot(page, 'marketing-spend-form')
    await page.context().close()
  })

  it('the Reports page shows $3,000 ÷ 4 leads = $750 for paid ads, with a link to enter the spend', async () => {
    const page = await pageFor(manager, 1440)
    await page.goto(`${stack.web.baseUrl}/reports?month=2026-11`)
    const panel = page.getByRole('region', { name: 'Cost per lead by source' })
    const row = panel.locator('table[data-table="cost-per-lead"] tbody tr').first()
    expect(await row.locator('td').allInnerTexts()).toEqual(['Paid ads', '4', '$3,000', '$750', '—', '—', ''])
    expect(await panel.getByRole('link', { name: 'Paid ads' }).getAttribute('href')).toBe(
      '/leads?source=paid_ads&createdFrom=2026-11-01&createdTo=2026-11-30',
    )
    expect(await panel.getByRole('link', { name: 'Enter or change the marketing spend' }).getAttribute('href')).toBe(
      '/reports/spend?month=2026-11',
    )
    await panel.scrollIntoViewIfNeeded()
    await expect.poll(() => panel.locator('svg').count()).toBeGreaterThan(0)
    await saveScreenshot(page, 'marketing-spend-reports')
    await page.context().close()
  })
})
