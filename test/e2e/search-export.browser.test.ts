import { readFile } from 'node:fs/promises'
import ExcelJS from 'exceljs'
import type { Browser, BrowserContext } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { signedInUser, type SignedInUser } from '../support/actors'
import { delayPageScripts, saveScreenshot } from '../support/browser'
import { startBrowserWeb, type BrowserWeb } from '../support/browser-web'

let stack: BrowserWeb
let browser: Browser
let rep: SignedInUser
let otherRep: SignedInUser
let manager: SignedInUser
const bulkLeads = 20_000

beforeAll(async () => {
  stack = await startBrowserWeb()
  browser = stack.browser
  const { db } = stack.database
  rep = await signedInUser(db, 'SALES_REP', { name: 'Riley Rep' })
  otherRep = await signedInUser(db, 'SALES_REP', { name: 'Oscar Otherrep' })
  manager = await signedInUser(db, 'SALES_MANAGER', { name: 'Morgan Manager' })
  const lead = (email: string, firstName: string, lastName: string, companyName: string, assignedToId: string) =>
    db.lead.create({ data: { email, firstName, lastName, companyName, source: 'REFERRAL', assignedToId } })
  await lead('ana.reyes@bayside.example', 'Ana', 'Reyes', 'Bayside HVAC', rep.id)
  await lead('anabel.cruz@northwind.example', 'Anabel', 'Cruz', 'Northwind Plumbing', rep.id)
  await lead('ana.other@elsewhere.example', 'Ana', 'Otherson', 'Elsewhere Roofing', otherRep.id)
  await db.company.create({
    data: {
      name: 'Banana Logistics',
      industry: 'OTHER',
      employeeCount: 'RANGE_1_5',
      businessModel: 'SERVICE',
      source: 'REFERRAL',
    },
  })
  // Enough rows that an export takes longer than a moment and its progress bar shows.
  await db.$executeRawUnsafe(
    `INSERT INTO "Lead" (id, email, "firstName", "lastName", "companyName", source, status, "createdAt", "updatedAt")
     SELECT 'bulk' || i, 'bulk' || i || '@bulk.example', 'Bulk', 'Lead ' || i, 'Bulk Co ' || (i % 100),
            'WEBSITE', 'CONTACTED', timestamptz '2026-01-01' + i * interval '1 minute', now()
     FROM generate_series(1, ${bulkLeads}) AS i`,
  )
})

afterAll(async () => {
  await stack?.close()
})

async function contextFor(user: SignedInUser): Promise<BrowserContext> {
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, acceptDownloads: true })
  await context.addCookies([{ name: 'crm_session', value: user.cookie.split('=')[1] ?? '', url: stack.web.baseUrl }])
  return context
}

describe('the header search box', () => {
  it('shows a Sales Rep their own matches as they type, moves with the arrow keys and opens one with Enter', async () => {
    const context = await contextFor(rep)
    const page = await context.newPage()
    await page.goto(`${stack.web.baseUrl}/my-work`)
    // Typed once the page is interactive, as a person would.
    await page.waitForLoadState('networkidle')
    const box = page.getByRole('combobox', { name: 'Search' })
    await box.pressSequentially('ana', { delay: 50 })
    const listbox = page.getByRole('listbox', { name: 'Search results' })
    await listbox.getByRole('option', { name: /Ana Reyes/ }).waitFor()
    const options = await listbox.getByRole('option').allTextContents()
    // Their two leads and the company whose name holds "ana"; the other rep's Ana Otherson is not theirs.
    expect(options.some((text) => text.includes('Ana Reyes'))).toBe(true)
    expect(options.some((text) => text.includes('Anabel Cruz'))).toBe(true)
    expect(options.some((text) => text.includes('Banana Logistics'))).toBe(true)
    expect(options.some((text) => text.includes('Otherson'))).toBe(false)
    await box.press('ArrowDown')
    const first = listbox.getByRole('option').first()
    expect(await first.getAttribute('aria-selected')).toBe('true')
    await box.press('ArrowDown')
    expect(await listbox.getByRole('option').nth(1).getAttribute('aria-selected')).toBe('true')
    await box.press('ArrowUp')
    expect(await first.getAttribute('aria-selected')).toBe('true')
    // The suggestions open inside the window, however narrow the box beside the navigation is.
    const suggestions = await listbox.boundingBox()
    expect(suggestions!.x + suggestions!.width).toBeLessThanOrEqual(1440)
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(1440)
    await saveScreenshot(page, 'global-search-suggestions')
    const firstTitle = (await first.locator('.search-title').textContent()) ?? ''
    await box.press('Enter')
    await page.waitForURL(/\/(leads|companies)\/[^/]+$/)
    // The URL changes before the record's page has rendered (client-side navigation): wait for its heading.
    const firstWord = firstTitle.split(' ')[0] ?? ''
    await page.getByRole('heading', { level: 1, name: firstWord }).waitFor()
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toContain(firstWord)

    await box.fill('ana reyes')
    await box.press('Enter')
    await page.waitForURL(/\/search\?q=ana(\+|%20)reyes/)
    await page.getByRole('heading', { level: 2, name: /Leads/ }).waitFor()
    expect(await page.getByRole('link', { name: 'Ana Reyes' }).isVisible()).toBe(true)
    await saveScreenshot(page, 'global-search-page')
    await context.close()
  })
})

describe('exporting a list', () => {
  it('downloads the filtered leads as Excel with a progress bar while it runs', async () => {
    const context = await contextFor(manager)
    const page = await context.newPage()
    // The page's scripts arrive 2 s after its HTML, so the click below comes before React runs, as it did on a loaded
    // CI machine: the button is shown disabled until it can work, and the click waits for it instead of being lost.
    await delayPageScripts(page, 2_000)
    // The page's first question about the export's progress is answered 1.5 s late: this machine can write the 20,000
    // rows in well under a second, and the bar, shown from 0.4 s on until an answer says the export is done, would be
    // up too briefly to see. (The download itself cannot be held: Chromium does not route an anchor's download.)
    let progressAnswersHeld = 0
    await page.route(/\/exports\/progress\?/, async (route) => {
      if (progressAnswersHeld++ === 0) await new Promise((resolve) => setTimeout(resolve, 1_500))
      await route.continue()
    })
    // Not waiting for the load event, which would wait for the scripts too.
    await page.goto(`${stack.web.baseUrl}/leads?status=contacted`, { waitUntil: 'commit' })
    await page.getByRole('heading', { level: 1, name: 'Leads' }).waitFor()
    const exportExcel = page.getByRole('button', { name: 'Export Excel' })
    expect(await exportExcel.isDisabled()).toBe(true)
    await saveScreenshot(page, 'export-before-scripts')
    const downloading = page.waitForEvent('download', { timeout: 120_000 })
    await exportExcel.click()
    const bar = page.getByRole('progressbar', { name: 'Export progress' })
    await bar.waitFor({ timeout: 30_000 })
    await saveScreenshot(page, 'export-progress')
    const download = await downloading
    expect(download.suggestedFilename()).toMatch(/^leads-\d{4}-\d{2}-\d{2}\.xlsx$/)
    await page.getByText(`Exported ${bulkLeads.toLocaleString('en-US')} rows.`).waitFor({ timeout: 120_000 })
    await saveScreenshot(page, 'export-done')
    const workbook = new ExcelJS.Workbook()
    await workbook.xlsx.load((await readFile((await download.path())!)).buffer as ArrayBuffer)
    const sheet = workbook.getWorksheet('leads')!
    // A header row and every contacted lead (all the bulk ones, none of the three New leads).
    expect(sheet.rowCount).toBe(bulkLeads + 1)
    expect(sheet.getRow(2).getCell(2).value).toBe(`bulk${bulkLeads}@bulk.example`)
    await context.close()
  }, 180_000)
})
