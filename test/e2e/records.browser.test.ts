import type { Browser } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { signedInUser } from '../support/actors'
import { saveScreenshot, signedInPage } from '../support/browser'
import { startBrowserWeb, type BrowserWeb } from '../support/browser-web'

let stack: BrowserWeb
let database: BrowserWeb['database']
let web: BrowserWeb['web']
let browser: Browser

beforeAll(async () => {
  stack = await startBrowserWeb()
  ;({ database, web, browser } = stack)
  const company = await database.db.company.create({
    data: {
      name: 'Bayside HVAC',
      industry: 'HVAC',
      employeeCount: 'RANGE_10_25',
      businessModel: 'SERVICE',
      source: 'REFERRAL',
      city: 'Tampa',
    },
    select: { id: true },
  })
  const contact = await database.db.contact.create({
    data: { companyId: company.id, firstName: 'Jordan', lastName: 'Reyes', email: 'jordan@bayside-hvac.example' },
    select: { id: true },
  })
  await database.db.opportunity.create({
    data: {
      name: 'Bayside dispatch automation',
      companyId: company.id,
      primaryContactId: contact.id,
      tier: 'FOUNDATION',
      stage: 'PROPOSAL_SENT',
      setupFee: 7500,
      monthlyFee: 2500,
      estimatedMonths: 6,
      totalContractValue: 22500,
    },
    select: { id: true },
  })
})

afterAll(async () => {
  await stack?.close()
})

describe('record pages in a real browser', () => {
  it('lets a Sales Manager create a company, correct a mistake next to its field, edit it, delete it, and open the opportunities', async () => {
    const manager = await signedInUser(database.db, 'SALES_MANAGER', { name: 'Morgan Lee' })
    const { context, page } = await signedInPage(browser, web.baseUrl, manager)

    await page.goto(`${web.baseUrl}/companies`)
    await page.getByRole('heading', { level: 1, name: 'Companies' }).waitFor()
    expect(await page.getByRole('link', { name: 'Bayside HVAC' }).isVisible()).toBe(true)
    await saveScreenshot(page, 'companies-list')

    await page.getByRole('link', { name: 'New company' }).click()
    await page.getByRole('heading', { level: 1, name: 'New company' }).waitFor()
    await page.getByLabel('Name').fill('Northwind Plumbing')
    await page.getByLabel('Website').fill('not a url')
    await page.getByLabel('Industry').selectOption('plumbing')
    await page.getByLabel('Employees').selectOption('5-10')
    await page.getByLabel('Business model').selectOption('service')
    await page.getByLabel('Source').selectOption('voice_agent')
    await page.getByRole('button', { name: 'Create company' }).click()

    // Refused next to the field, with what was typed still in the form.
    await page.getByText('must be a URL').waitFor()
    expect(await page.getByLabel('Name').inputValue()).toBe('Northwind Plumbing')
    expect(await page.getByLabel('Industry').inputValue()).toBe('plumbing')
    await saveScreenshot(page, 'company-new-error')

    await page.getByLabel('Website').fill('https://northwind-plumbing.example')
    await page.getByRole('button', { name: 'Create company' }).click()
    await page.getByRole('heading', { level: 1, name: 'Northwind Plumbing' }).waitFor()
    expect(await page.getByRole('status').textContent()).toContain('The company was created.')

    await page.getByLabel('City').fill('Austin')
    await page.getByLabel('Employees').selectOption('10-25')
    await page.getByRole('button', { name: 'Save changes' }).click()
    await page.getByText('Your changes were saved.').waitFor()
    const saved = await database.db.company.findFirstOrThrow({
      where: { name: 'Northwind Plumbing' },
      select: { city: true, employeeCount: true, website: true },
    })
    expect(saved).toEqual({
      city: 'Austin',
      employeeCount: 'RANGE_10_25',
      website: 'https://northwind-plumbing.example',
    })
    expect(await page.getByLabel('City').inputValue()).toBe('Austin')
    await saveScreenshot(page, 'company-edit')

    // Deleting asks first.
    await page.getByRole('link', { name: 'Delete…' }).click()
    await page.getByRole('heading', { name: 'Delete this company?' }).waitFor()
    await saveScreenshot(page, 'company-delete-confirm')
    await page.getByRole('button', { name: 'Delete company' }).click()
    await page.getByText('The company was deleted.').waitFor()
    expect(await database.db.company.count({ where: { name: 'Northwind Plumbing' } })).toBe(0)

    await page.getByRole('link', { name: 'Opportunities' }).click()
    await page.getByRole('heading', { level: 1, name: 'Opportunities' }).waitFor()
    const row = page.getByRole('row', { name: /Bayside dispatch automation/ })
    expect(await row.textContent()).toContain('Bayside HVAC')
    expect(await row.textContent()).toContain('Proposal sent')
    expect(await row.textContent()).toContain('$22,500')
    await saveScreenshot(page, 'opportunities-list')
    await context.close()
  })
})
