import { randomUUID } from 'node:crypto'
import path from 'node:path'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { signedInUser, type SignedInUser } from '../support/actors'
import { artifactsDir, launchBrowser, saveScreenshot, signedInPage } from '../support/browser'
import { startCrmStack, type CrmStack } from '../support/stack'

// The deal page in Chromium against the real stack (web, database, Temporal test server, a worker of the real deal
// workflow): a hand-built deal two stages in, opened by a Sales Manager, who reads the stage path, the checklist,
// the tiers' ROI side by side, reassigns the deal and is refused a move whose criteria are missing.

let stack: CrmStack
let browser: Browser
let manager: SignedInUser
let rep: SignedInUser
let otherRep: SignedInUser

const hour = 3_600_000

beforeAll(async () => {
  ;[stack, browser] = await Promise.all([startCrmStack('deal-page-browser', { remix: true }), launchBrowser()])
  manager = await signedInUser(stack.database.db, 'SALES_MANAGER', { name: 'Mara Manager' })
  rep = await signedInUser(stack.database.db, 'SALES_REP', { name: 'Riley Rep' })
  otherRep = await signedInUser(stack.database.db, 'SALES_REP', { name: 'Oscar Otherrep' })
})

afterAll(async () => {
  await browser?.close()
  await stack?.close()
})

// The prospect's calculator inputs, and what §7.1 makes of them, by hand. HVAC's automation factor is 1.1; each tier
// takes a share of the admin hours (25 %, 50 %, 80 %) kept within §7.1's "~5-8", "~12-18", "~20-30" hours.
const hourlyRate = 50
const weeklyAdminHours = 30
const tiers = {
  // 30 × 0.25 × 1.1 = 8.25 → 8 (the top of 5-8). Setup 4,000 + 1,500 a month × 2 months (8 weeks).
  discovery: { hours: 8, setupFee: 4_000, monthlyFee: 1_500, months: 2 },
  // 30 × 0.5 × 1.1 = 16.5 (within 12-18). Setup 9,500 + 3,500 × 3 months (12 weeks).
  foundation: { hours: 16.5, setupFee: 9_500, monthlyFee: 3_500, months: 3 },
  // 30 × 0.8 × 1.1 = 26.4 (within 20-30). Setup 30,000 + 7,500 × 6 months (24 weeks).
  architect: { hours: 26.4, setupFee: 30_000, monthlyFee: 7_500, months: 6 },
}
const figures = Object.fromEntries(
  Object.entries(tiers).map(([tier, { hours, setupFee, monthlyFee, months }]) => {
    const weeklyValue = hours * hourlyRate
    const investment = setupFee + monthlyFee * months
    const annual = weeklyValue * 52 - investment
    return [tier, { hours, weeklyValue, investment, annual, percentage: (annual / investment) * 100 }]
  }),
) as Record<
  keyof typeof tiers,
  { hours: number; weeklyValue: number; investment: number; annual: number; percentage: number }
>
// Worked out: Discovery 400/week, 20,800 a year against 7,000 → 13,800 (197 %), payback 17.5 weeks;
// Foundation 825/week, 42,900 against 20,000 → 22,900 (114.5 % → 115 %), 24.2 weeks;
// Architect 1,320/week, 68,640 against 75,000 → −6,360 (−8.5 % → −8 %), 56.8 weeks.

/** §7.1's stored shape, as the calculator integration writes it. */
function storedCalculation(tierFigures: typeof figures) {
  const per = <T>(pick: (entry: (typeof figures)['discovery']) => T) =>
    Object.fromEntries(Object.entries(tierFigures).map(([tier, entry]) => [tier, pick(entry)]))
  return {
    weeklyHoursSaved: per((entry) => entry.hours),
    weeklyValueCreated: per((entry) => entry.weeklyValue),
    annualROI: per((entry) => ({ value: entry.annual, percentage: Math.round(entry.percentage * 100) / 100 })),
    paybackPeriod: per((entry) => Math.round((entry.investment / entry.weeklyValue) * 10) / 10),
    firstYearCost: per((entry) => entry.investment),
  }
}

/** A Foundation deal in Contacted for 50 hours after 30 in New Lead, its New Lead actions done, owned by Riley. */
async function createDeal() {
  const db = stack.database.db
  const now = Date.now()
  const company = await db.company.create({
    data: {
      name: 'Juniper Heating & Air',
      industry: 'HVAC',
      employeeCount: 'RANGE_10_25',
      businessModel: 'SERVICE',
      source: 'REFERRAL',
      website: 'juniper-hvac.example',
    },
    select: { id: true },
  })
  const contact = await db.contact.create({
    data: {
      companyId: company.id,
      firstName: 'Dana',
      lastName: 'Cruz',
      title: 'Owner',
      email: `dana-${randomUUID()}@example.com`,
    },
    select: { id: true },
  })
  await db.contact.create({
    data: { companyId: company.id, firstName: 'Eli', lastName: 'Park', email: `eli-${randomUUID()}@example.com` },
  })
  const newLeadAt = new Date(now - 80 * hour)
  const contactedAt = new Date(now - 50 * hour)
  const deal = await db.opportunity.create({
    data: {
      companyId: company.id,
      primaryContactId: contact.id,
      name: 'Juniper — Foundation',
      tier: 'FOUNDATION',
      stage: 'CONTACTED',
      probability: 15,
      stageEnteredAt: contactedAt,
      lastActivityAt: contactedAt,
      setupFee: 9_500,
      monthlyFee: 3_500,
      estimatedMonths: 3,
      totalContractValue: 20_000,
      ownerId: rep.id,
      checklist: [
        { action: 'assign_owner', how: 'Owner assigned', doneAt: newLeadAt.toISOString(), byUserId: null },
        { action: 'review_lead_data', how: 'Marked done', doneAt: contactedAt.toISOString(), byUserId: rep.id },
      ],
      stageTransitions: {
        create: [
          {
            toStage: 'NEW_LEAD',
            enteredAt: newLeadAt,
            exitedAt: contactedAt,
            reason: 'Deal created',
            idempotencyKey: `test-${randomUUID()}`,
          },
          {
            fromStage: 'NEW_LEAD',
            toStage: 'CONTACTED',
            enteredAt: contactedAt,
            changedById: rep.id,
            idempotencyKey: `test-${randomUUID()}`,
          },
        ],
      },
    },
    select: { id: true },
  })
  // The lead it came from made a calculation ten days ago with other inputs: the contact's newer one is shown.
  await db.lead.create({
    data: {
      email: `dana-lead-${randomUUID()}@example.com`,
      source: 'REFERRAL',
      status: 'CONVERTED',
      convertedToOpportunityId: deal.id,
      roiCalculations: {
        create: {
          industry: 'HVAC',
          employeeCount: 'RANGE_10_25',
          hourlyRate: 20,
          weeklyAdminHours: 10,
          calculations: { weeklyHoursSaved: { discovery: 1, foundation: 2, architect: 3 } },
          createdAt: new Date(now - 240 * hour),
        },
      },
    },
  })
  await db.rOICalculation.create({
    data: {
      contactId: contact.id,
      industry: 'HVAC',
      employeeCount: 'RANGE_10_25',
      hourlyRate,
      weeklyAdminHours,
      calculations: storedCalculation(figures),
      selectedTier: 'FOUNDATION',
      createdAt: new Date(now - 2 * hour),
    },
  })
  return deal.id
}

const money = (amount: number) =>
  `${amount < 0 ? '-' : ''}$${Math.abs(amount).toLocaleString('en-US', { maximumFractionDigits: 0 })}`
const textOf = async (page: Page, selector: string) =>
  ((await page.locator(selector).textContent()) ?? '').replace(/\s+/g, ' ').trim()

async function eventually<T>(read: () => Promise<T>, ok: (value: T) => boolean, what: string): Promise<T> {
  for (let attempt = 0; attempt < 100; attempt += 1) {
    const value = await read()
    if (ok(value)) return value
    await new Promise((resolve) => setTimeout(resolve, 100))
  }
  throw new Error(`Never happened: ${what}`)
}

/** No element sticks out of the page sideways (what a phone would have to scroll to see). */
async function overflowing(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const width = document.documentElement.clientWidth
    return [...document.querySelectorAll('body *')]
      .filter((element) => {
        const box = element.getBoundingClientRect()
        if (box.width === 0 || box.right <= width + 1) return false
        // Inside a scroll box (the wide tables) is fine: the box scrolls, not the page.
        for (let parent = element.parentElement; parent; parent = parent.parentElement) {
          if (['auto', 'scroll'].includes(getComputedStyle(parent).overflowX)) return false
        }
        return true
      })
      .map((element) => `${element.tagName.toLowerCase()}.${element.className}`)
  })
}

describe('deal page in a real browser', () => {
  it('shows the stage path, checklist, timers and tiers; reassigns; refuses a move with what is missing', async () => {
    const id = await createDeal()
    const { context, page } = await signedInPage(browser, stack.web.baseUrl, manager, {
      width: 1600,
      height: 1000,
      timezoneId: 'America/Chicago',
    })
    await page.goto(`${stack.web.baseUrl}/opportunities/${id}`)
    await page.getByRole('heading', { level: 1, name: 'Juniper — Foundation' }).waitFor()

    // Time in each stage: 30 hours in New Lead (over its 1-day limit), 50 hours (2 d 2 h) so far in Contacted.
    const steps = page.locator('.stage-step')
    expect(await steps.count()).toBe(6)
    expect(await steps.nth(0).textContent()).toBe('New Lead30 h · over limit')
    expect(await steps.nth(1).textContent()).toBe('Contacted2 d 2 h')
    expect(await steps.nth(1).getAttribute('aria-current')).toBe('step')
    expect(await steps.nth(2).textContent()).toBe('Discovery Call—')

    // The checklist: New Lead's two actions done, Contacted's two open with a button each.
    expect(await page.locator('.checklist li.done').count()).toBe(2)
    await page.getByRole('button', { name: 'Mark done: Send the initial email' }).waitFor()
    await page.getByRole('button', { name: 'Mark done: Attempt a follow-up call' }).waitFor()

    // The tiers side by side from the contact's calculation, the deal's Foundation marked.
    const rows = page.locator('#roi-comparison ~ * table.roi-figures tbody tr')
    expect(await rows.count()).toBe(3)
    const expectedRow = (name: string, tier: keyof typeof tiers, mark = '') => {
      const { hours, weeklyValue, investment, annual, percentage } = figures[tier]
      const { setupFee, monthlyFee, months } = tiers[tier]
      return (
        `${name}${mark}${money(investment)}${money(setupFee)} + ${money(monthlyFee)} × ${months} mo` +
        `${hours.toFixed(1)}${money(weeklyValue)}${money(annual)} (${Math.round(percentage)}%)` +
        `${(Math.round((investment / weeklyValue) * 10) / 10).toFixed(1)} weeks`
      )
    }
    expect(await rows.nth(0).textContent()).toBe(expectedRow('Discovery', 'discovery'))
    expect(await rows.nth(1).textContent()).toBe(expectedRow('Foundation', 'foundation', 'This deal'))
    expect(await rows.nth(2).textContent()).toBe(expectedRow('Architect', 'architect'))
    // By hand, to be sure the arithmetic above says what it should.
    expect(await rows.nth(1).textContent()).toBe(
      'FoundationThis deal$20,000$9,500 + $3,500 × 3 mo16.5$825$22,900 (115%)24.2 weeks',
    )
    expect(await rows.nth(2).textContent()).toContain('-$6,360 (-8%)56.8 weeks')
    expect(await rows.nth(1).getAttribute('aria-current')).toBe('true')
    expect(await rows.nth(0).getAttribute('aria-current')).toBeNull()
    // The chart: each tier's first-year value (value a week × 52) against its investment.
    const chart = page.locator('.roi-chart')
    expect(await chart.locator('.roi-chart-tier.highlight .roi-chart-name').textContent()).toBe(
      'Foundation (this deal)',
    )
    for (const tier of Object.keys(tiers) as (keyof typeof tiers)[]) {
      await chart.getByText(`First-year value ${money(figures[tier].weeklyValue * 52)}`).waitFor()
      await chart.getByText(`Investment ${money(figures[tier].investment)}`).waitFor()
    }
    // The bars are drawn to scale against the largest amount (Architect's 75,000 investment).
    const barWidth = (index: number) =>
      chart
        .locator('svg.bar .bar-fill')
        .nth(index)
        .evaluate((bar) => bar.getBoundingClientRect().width)
    const [foundationValueBar, architectInvestmentBar] = [await barWidth(2), await barWidth(5)]
    expect(foundationValueBar / architectInvestmentBar).toBeCloseTo(42_900 / 75_000, 2)
    await saveScreenshot(page, 'deal-page-manager-1600')
    expect(await overflowing(page)).toEqual([])

    // Reassigned to Oscar: the page and the database say so.
    const owner = page.locator('#deal-owner').locator('..')
    await owner.getByLabel('New owner').selectOption({ label: 'Oscar Otherrep (Sales Rep)' })
    await owner.getByRole('button', { name: 'Reassign' }).click()
    await page.getByText('Now owned by Oscar Otherrep.').waitFor()
    expect(await textOf(page, '.owner-now')).toBe('Owned by Oscar Otherrep')
    expect(await textOf(page, '.page-head .subtitle')).toContain('Owner Oscar Otherrep')
    await eventually(
      async () =>
        (await stack.database.db.opportunity.findUniqueOrThrow({ where: { id }, select: { ownerId: true } })).ownerId,
      (ownerId) => ownerId === otherRep.id,
      'owner changed in the database',
    )

    // The workflow started with the reassignment; its plan appears without a reload (the page refreshes itself).
    const timers = page.locator('.upcoming-timers')
    await timers.getByText('Alert the owner: stage limit reached').waitFor({ timeout: 20_000 })
    await timers.getByText('Notify the managers: no activity for 14 days').waitFor()

    // Moving on with Contacted's actions open: said beside the button before the click, refused in the workflow's
    // words after it, nothing moved.
    const needs = 'Discovery Call needs these done first: Send the initial email, Attempt a follow-up call'
    const moveOn = page.getByRole('button', { name: 'Move to Discovery Call' })
    expect(await moveOn.getAttribute('aria-describedby')).toBe('next-move-needs')
    expect(await textOf(page, '#next-move-needs')).toBe(needs)
    await moveOn.click()
    await page.getByRole('alert').getByText(needs).waitFor()
    expect(await page.locator('.stage-step.current').textContent()).toContain('Contacted')
    expect(
      (await stack.database.db.opportunity.findUniqueOrThrow({ where: { id }, select: { stage: true } })).stage,
    ).toBe('CONTACTED')
    await saveScreenshot(page, 'deal-page-manager-1600-after')
    await context.close()

    // A phone: everything fits the width; the tier table scrolls inside its own box.
    const { context: phone, page: small } = await signedInPage(browser, stack.web.baseUrl, manager, {
      width: 390,
      height: 844,
      timezoneId: 'America/Chicago',
    })
    await small.goto(`${stack.web.baseUrl}/opportunities/${id}`)
    await small.getByRole('heading', { level: 1, name: 'Juniper — Foundation' }).waitFor()
    await small.locator('.roi-chart').waitFor()
    await saveScreenshot(small, 'deal-page-manager-390')
    // Up close, to be looked at: the top of the page and the tiers.
    await small.screenshot({ path: path.join(artifactsDir, 'deal-page-manager-390-top.png') })
    await small
      .locator('#roi-comparison')
      .locator('..')
      .screenshot({ path: path.join(artifactsDir, 'deal-page-manager-390-roi.png') })
    expect(await overflowing(small)).toEqual([])
    await phone.close()
  })
})
