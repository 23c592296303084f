import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createUser, signedInUser, type SignedInUser } from '../support/actors'
import { saveScreenshot, signedInPage } from '../support/browser'
import { startBrowserWeb, type BrowserWeb } from '../support/browser-web'

// Lists are where people spend their day: at every common desktop width the whole table — every column heading,
// every button in a row — lies inside its panel, and the panel inside the window.

let stack: BrowserWeb
let database: BrowserWeb['database']
let web: BrowserWeb['web']
let browser: Browser
let admin: SignedInUser

const widths = [1280, 1600, 1920]

beforeAll(async () => {
  stack = await startBrowserWeb()
  ;({ database, web, browser } = stack)
  admin = await signedInUser(database.db, 'ADMIN', { name: 'Alexandra Montgomery-Whitfield' })
  const owner = await createUser(database.db, {
    role: 'SALES_REP',
    name: 'Maximilian Oppenheimer-Castellanos',
    email: 'maximilian.oppenheimer-castellanos@durable-crm-agency.example',
  })
  for (const [index, role] of (['SALES_MANAGER', 'SALES_REP', 'CUSTOMER_SUCCESS', 'VIEWER'] as const).entries()) {
    await createUser(database.db, {
      role,
      name: `Bartholomew Featherstonehaugh ${index}`,
      email: `bartholomew.featherstonehaugh.${index}@durable-crm-agency.example`,
      active: index !== 3,
    })
  }
  // The longest values the vocabulary has: Property management, Voice agent, converted + SQL, a hot score.
  await database.db.lead.createMany({
    data: Array.from({ length: 12 }, (_, index) => ({
      email: `christopher.vandenberghe-${index}@property-management-solutions.example`,
      firstName: 'Christopher',
      lastName: `Vandenberghe-Montgomery ${index}`,
      companyName: `Vandenberghe Property Management & Maintenance Solutions ${index}`,
      status: 'CONVERTED' as const,
      qualificationStage: 'SQL' as const,
      source: index % 2 === 0 ? ('ROI_CALCULATOR' as const) : ('VOICE_AGENT' as const),
      industry: 'PROPERTY_MANAGEMENT' as const,
      leadScore: 88,
      assignedToId: owner.id,
    })),
  })
  const company = await database.db.company.create({
    data: {
      name: 'Vandenberghe Property Management & Maintenance Solutions',
      industry: 'PROPERTY_MANAGEMENT',
      employeeCount: 'RANGE_50_PLUS',
      businessModel: 'SERVICE',
      source: 'REFERRAL',
    },
    select: { id: true },
  })
  const contact = await database.db.contact.create({
    data: { companyId: company.id, firstName: 'Jordan', lastName: 'Reyes', email: 'jordan@vandenberghe.example' },
    select: { id: true },
  })
  const opportunities = await database.db.opportunity.createManyAndReturn({
    data: Array.from({ length: 5 }, (_, index) => ({
      name: `Tenant communication and maintenance dispatch automation ${index}`,
      companyId: company.id,
      primaryContactId: contact.id,
      tier: 'ARCHITECT' as const,
      stage: 'NEGOTIATION' as const,
      setupFee: 25000,
      monthlyFee: 8500,
      estimatedMonths: 12,
      totalContractValue: 127000,
      ownerId: owner.id,
    })),
    select: { id: true },
  })
  await database.db.partnership.create({
    data: {
      opportunityId: opportunities[0]!.id,
      companyId: company.id,
      tier: 'ARCHITECT',
      startDate: new Date('2026-11-02T15:00:00Z'),
      targetEndDate: new Date('2027-05-03T15:00:00Z'),
      ownerId: owner.id,
    },
  })
})

afterAll(async () => {
  await stack?.close()
})

interface Overflow {
  what: string
  right: number
  limit: number
}

/** Everything in the list's table that sticks out of its panel, or the panel out of the window. */
function overflowsOf(page: Page): Promise<Overflow[]> {
  return page.evaluate(() => {
    const found: Overflow[] = []
    const table = document.querySelector('main table')
    const panel = table?.closest('.panel')
    if (!table || !panel) return [{ what: 'no table in a panel', right: 0, limit: 0 }]
    const viewport = document.documentElement.clientWidth
    const panelRect = panel.getBoundingClientRect()
    const check = (what: string, element: Element, limit: number) => {
      const { right, width } = element.getBoundingClientRect()
      // Hidden (display: none) columns take no room and are not "cut off".
      if (width > 0 && right > limit + 0.5) found.push({ what, right, limit })
    }
    check('panel', panel, viewport)
    check('table', table, panelRect.right)
    for (const heading of table.querySelectorAll('thead th'))
      check(`th ${heading.textContent}`, heading, panelRect.right)
    for (const control of table.querySelectorAll('tbody button, tbody select, tbody input, tbody a')) {
      check(
        `${control.tagName.toLowerCase()} ${control.textContent || control.getAttribute('aria-label')}`,
        control,
        panelRect.right,
      )
    }
    if (panel.scrollWidth > panel.clientWidth + 1) {
      found.push({ what: 'panel scrolls sideways', right: panel.scrollWidth, limit: panel.clientWidth })
    }
    if (document.documentElement.scrollWidth > viewport + 1) {
      found.push({ what: 'page scrolls sideways', right: document.documentElement.scrollWidth, limit: viewport })
    }
    return found
  })
}

async function openAs(user: SignedInUser, path: string, width: number) {
  const { context, page } = await signedInPage(browser, web.baseUrl, user, { width })
  await page.goto(`${web.baseUrl}${path}`)
  await page.locator('main table tbody tr').first().waitFor()
  return { context, page }
}

describe('lists fit their panel at desktop widths', () => {
  for (const path of ['/leads', '/admin/users', '/opportunities']) {
    for (const width of widths) {
      it(`${path} at ${width}px`, async () => {
        const { context, page } = await openAs(admin, path, width)
        await saveScreenshot(page, `layout${path.replaceAll('/', '-')}-${width}`)
        expect(await overflowsOf(page)).toEqual([])
        // The list uses the width of the screen, not a narrow column in its middle.
        const panelWidth = await page
          .locator('main table')
          .first()
          .evaluate((table) => {
            const panel = table.closest('.panel')
            return panel ? panel.getBoundingClientRect().width : 0
          })
        expect(panelWidth).toBeGreaterThan(width - 100)
        await context.close()
      })
    }
  }

  it('shows every column of the leads list at 1600px and wider, with the owner and the creation date', async () => {
    const { context, page } = await openAs(admin, '/leads', 1600)
    const headings = await page.locator('table.lead-list thead th').allInnerTexts()
    expect(headings.map((heading) => heading.replace(/[↑↓]/g, '').trim())).toEqual([
      'Name',
      'Company',
      'Source',
      'Industry',
      'Status',
      'Score',
      'Owner',
      'Created',
    ])
    const firstRow = await page.locator('table.lead-list tbody tr').first().innerText()
    expect(firstRow).toContain('Maximilian Oppenheimer-Castellanos')
    expect(firstRow).toContain('Property Management')
    await context.close()
  })

  // A rep between visits opens these on a phone: a table too wide for it scrolls inside its panel, a form folds to
  // the screen's width, and the page itself never scrolls sideways.
  for (const path of ['/leads', '/opportunities', '/partnerships', '/my-work', '/admin/users', '/admin/api-keys']) {
    it(`${path} on a 390px phone does not scroll sideways`, async () => {
      const { context, page } = await signedInPage(browser, web.baseUrl, admin, { width: 390, height: 844 })
      await page.goto(`${web.baseUrl}${path}`)
      await page.locator('main h1').waitFor()
      if (path !== '/my-work') await page.locator('main table tbody tr').first().waitFor()
      await saveScreenshot(page, `layout${path.replaceAll('/', '-')}-390`)
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390)
      await context.close()
    })
  }

  it('shows the result table of the public ROI calculator inside its panel, signed out', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } })
    await page.goto(
      `${web.baseUrl}/roi-calculator?industry=property_management&employees=50%2B&hourlyRate=987.65&weeklyAdminHours=168`,
    )
    await page.locator('main table tbody tr').first().waitFor()
    await saveScreenshot(page, 'roi-calculator-1280')
    expect(await overflowsOf(page)).toEqual([])
    await page.close()
  })
})
