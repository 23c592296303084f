import { randomUUID } from 'node:crypto'
import type { Browser, BrowserContext } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { sessionCookieName } from '../../services/auth/sessions'
import { signedInUser, type SignedInUser } from '../support/actors'
import { launchBrowser, saveScreenshot } from '../support/browser'
import { runningPartnership } from '../support/partnership-records'
import { startCrmStack, type CrmStack } from '../support/stack'

// The partnership page, the partnerships list and the client portal in Chromium against the real stack (web,
// database, Temporal test server, a worker of the real partnership workflow). A Foundation partnership five weeks
// in, its first milestone (week 4) a week overdue, with systems, meetings, a paid setup fee and a health history.

let stack: CrmStack
let browser: Browser
let owner: SignedInUser
let rep: SignedInUser

const day = 24 * 60 * 60 * 1000

beforeAll(async () => {
  ;[stack, browser] = await Promise.all([startCrmStack('partnership-page-browser', { remix: true }), launchBrowser()])
  owner = await signedInUser(stack.database.db, 'CUSTOMER_SUCCESS', { name: 'Cora Success' })
  rep = await signedInUser(stack.database.db, 'SALES_REP', { name: 'Riley Rep' })
}, 240_000)

afterAll(async () => {
  await browser?.close()
  await stack?.close()
})

async function signedIn(person: SignedInUser | null): Promise<BrowserContext> {
  const context = await browser.newContext({ viewport: { width: 1600, height: 1000 }, timezoneId: 'UTC' })
  if (person) {
    await context.addCookies([{ name: sessionCookieName, value: person.cookie.split('=')[1]!, url: stack.web.baseUrl }])
  }
  return context
}

/** What the workflow and the other parts of the CRM would have written in five weeks, written straight to the rows. */
async function furnish(partnershipId: string) {
  const db = stack.database.db
  const now = Date.now()
  await db.deliveredSystem.createMany({
    data: [
      {
        partnershipId,
        name: 'Missed-call text back',
        category: 'LEAD_CAPTURE_QUALIFICATION',
        status: 'DEPLOYED',
        deploymentDate: new Date(now - 6 * day),
        lastUsedAt: new Date(now - day),
        hoursSavedPerWeek: 6,
      },
      { partnershipId, name: 'Quote builder', category: 'QUOTE_GENERATION', status: 'BUILDING' },
    ],
  })
  await db.partnershipMeeting.createMany({
    data: [
      {
        partnershipId,
        key: 'weekly-earlier',
        source: 'weekly',
        title: 'Weekly check-in',
        startsAt: new Date(now - 7 * day),
        outcome: 'attended',
        recordedBy: 'person',
      },
      {
        partnershipId,
        key: 'weekly-missed',
        source: 'weekly',
        title: 'Weekly check-in',
        startsAt: new Date(now - 14 * day),
        outcome: 'missed',
        recordedBy: 'no-record',
      },
      { partnershipId, key: 'calcom-1', source: 'calcom', title: 'Weekly check-in', startsAt: new Date(now + 2 * day) },
    ],
  })
  await db.payment.updateMany({
    where: { partnershipId, type: 'SETUP' },
    data: { status: 'PAID', paidDate: new Date(now - 33 * day) },
  })
  // A falling score over four weeks: progress drops as the first milestone slips.
  const history = [
    { daysAgo: 28, overall: 92, progress: 100, engagement: 100, paymentHealth: 100 },
    { daysAgo: 21, overall: 85, progress: 100, engagement: 80, paymentHealth: 100 },
    { daysAgo: 14, overall: 78, progress: 80, engagement: 80, paymentHealth: 100 },
    { daysAgo: 7, overall: 64, progress: 50, engagement: 67, paymentHealth: 100 },
    // Now: after the workflow's own first score, so this is the latest.
    { daysAgo: 0, overall: 47, progress: 0, engagement: 67, paymentHealth: 100 },
  ]
  await db.partnershipHealthSnapshot.createMany({
    data: history.map((point) => ({
      partnershipId,
      at: new Date(now - point.daysAgo * day),
      overall: point.overall,
      band: point.overall >= 70 ? 'healthy' : point.overall >= 50 ? 'watch' : 'at-risk',
      components: {
        engagement: point.engagement,
        progress: point.progress,
        adoption: 100,
        satisfaction: null,
        paymentHealth: point.paymentHealth,
      },
      idempotencyKey: `test-${randomUUID()}`,
    })),
  })
  await db.partnershipHealthAlert.create({
    data: {
      partnershipId,
      severity: 'critical',
      type: 'health-at-risk',
      message: 'Health fell to 47, mostly progress (milestones on plan) at 0',
      recommendedAction: 'Review the plan with the team: re-date the slipped milestones and tell the client',
      createdAt: new Date(now - day),
      openKey: `test-${randomUUID()}`,
      idempotencyKey: `test-${randomUUID()}`,
    },
  })
  await db.partnership.update({ where: { id: partnershipId }, data: { healthScore: 47, atRisk: true } })
}

describe('the partnership page in a real browser', () => {
  it('shows the plan against actual, health and its history, alerts and timers; the owner completes a late milestone', async () => {
    const { partnership } = await runningPartnership(stack, {
      ownerId: owner.id,
      weeksAgo: 5,
      companyName: 'Hazel Plumbing',
    })
    await furnish(partnership.id)
    const context = await signedIn(owner)
    const page = await context.newPage()
    await page.goto(`${stack.web.baseUrl}/partnerships/${partnership.id}`)
    await page.getByRole('heading', { level: 1, name: 'Hazel Plumbing' }).waitFor()

    // The strip: §5.1's five phases and §5.3's three Foundation milestones, the first overdue by 7 days (5 weeks
    // in, due at the end of week 4).
    expect(await page.locator('.plan-strip .plan-phase').count()).toBe(5)
    expect(await page.locator('.plan-strip .plan-row.milestone').count()).toBe(3)
    expect(await page.locator('.plan-strip .plan-row.milestone.state-overdue').count()).toBe(1)
    const first = page.locator('table.milestones tbody tr').first()
    expect(await first.locator('.badge').textContent()).toBe('Overdue 7 d')

    // Health: 47 with its five components, and the chart drawn from five recorded scores (one line each, and the
    // overall).
    expect(await page.locator('.health-number').textContent()).toBe('47')
    expect(await page.locator('.health-components li').count()).toBe(5)
    await page.locator('.health-chart svg.recharts-surface').first().waitFor()
    expect(await page.locator('.health-chart .recharts-line').count()).toBe(6)

    // The open alert with its recommended action; the workflow's timers; payments; systems; meetings.
    const alert = page.locator('.alerts li')
    expect(await alert.count()).toBe(1)
    expect(await alert.textContent()).toContain('Review the plan with the team')
    expect(await page.locator('.upcoming-timers li').count()).toBeGreaterThan(0)
    expect(await page.locator('table.payments tbody tr').first().textContent()).toContain('$9,500')
    expect(await page.locator('table.payments .badge.state-paid').allTextContents()).toEqual(['Paid'])
    expect(await page.locator('.systems .system-steps li.current').allTextContents()).toEqual(['deployed', 'building'])
    expect(await page.locator('.meetings li.upcoming').count()).toBe(1)
    // Each meeting's badge says how it went, in its tone: the next one, one held, one missed.
    expect(await page.locator('.meetings .badge.pending').allTextContents()).toEqual(['Next'])
    expect(await page.locator('.meetings .badge.completed').allTextContents()).toEqual(['Held'])
    expect(await page.locator('.meetings .badge.failed').allTextContents()).toEqual(['Missed'])
    await saveScreenshot(page, 'partnership-page')

    // Full width: the strip's track spans most of the 1600 px window.
    const track = await page.locator('.plan-strip .plan-track').first().boundingBox()
    expect(track!.width).toBeGreaterThan(1100)
    // Placed along it by date (the CSP allows no inline styles; a bar so styled would sit at the left edge): Deploy
    // starts at week 7, six weeks after Onboarding, of a window of about 15 weeks.
    const phaseBars = page.locator('.plan-strip rect.plan-phase')
    const onboarding = await phaseBars.nth(0).boundingBox()
    const deploy = await phaseBars.nth(3).boundingBox()
    expect(deploy!.x - onboarding!.x).toBeGreaterThan(track!.width * (6 / 16))

    // The owner marks the first milestone done, a week late: the second one moves by the slip and says so.
    await page.getByRole('button', { name: 'Mark done: First system live' }).click()
    await page.getByText('Milestone done.').waitFor()
    expect(await first.locator('.badge').textContent()).toBe('Done late 7 d')
    const second = page.locator('table.milestones tbody tr').nth(1)
    expect(await second.textContent()).toMatch(/moved 7 d/)
    expect(await page.locator('.plan-strip .plan-row.milestone .plan-slip').count()).toBeGreaterThan(0)
    await saveScreenshot(page, 'partnership-page-after-slip')

    // A client link, made here, opens the portal without signing in; revoked, it is gone.
    await page.getByRole('button', { name: 'Create a client link' }).click()
    const url = await page.getByLabel('Client portal link').inputValue()
    const client = await signedIn(null)
    const portal = await client.newPage()
    await portal.goto(url)
    await portal.getByRole('heading', { level: 1, name: 'Hazel Plumbing: your partnership' }).waitFor()
    expect(await portal.locator('table.milestones tbody tr').count()).toBe(3)
    expect(await portal.locator('table.payments tbody tr').first().textContent()).toContain('$9,500')
    expect(await portal.locator('.meetings li').count()).toBe(1)
    expect(await portal.locator('.health').count()).toBe(0)
    await saveScreenshot(portal, 'partnership-portal')

    await page.reload()
    await page.getByRole('button', { name: 'Revoke' }).click()
    await page.getByText('The client’s link is revoked').waitFor()
    const gone = await portal.goto(url)
    expect(gone?.status()).toBe(410)
    await portal.getByRole('heading', { name: 'Link withdrawn' }).waitFor()
    await saveScreenshot(portal, 'partnership-portal-revoked')
    await client.close()
    await context.close()
  })

  it('lists partnerships with health, phase, next milestone and overdue; filters at risk; a Sales Rep reads only', async () => {
    // Tests run in any order: this one makes its own. Scores written where the workflow would; started half a week
    // off a week boundary, so no phase change re-records the workflow's own score over them while the test reads.
    const healthy = await runningPartnership(stack, { ownerId: owner.id, weeksAgo: 1.5, companyName: 'Ivy Electric' })
    const risky = await runningPartnership(stack, { ownerId: null, weeksAgo: 5.5, companyName: 'Juniper Heating' })
    const db = stack.database.db
    await db.partnership.update({ where: { id: healthy.partnership.id }, data: { healthScore: 88, atRisk: false } })
    await db.partnership.update({ where: { id: risky.partnership.id }, data: { healthScore: 31, atRisk: true } })
    const context = await signedIn(owner)
    const page = await context.newPage()
    await page.goto(`${stack.web.baseUrl}/partnerships`)
    await page.getByRole('heading', { level: 1, name: 'Partnerships' }).waitFor()
    const names = () => page.locator('table.partnership-list tbody th').allTextContents()
    // The owner's own first: Ivy Electric is Cora's, Juniper Heating nobody's.
    expect((await names()).indexOf('Ivy Electric')).toBeLessThan((await names()).indexOf('Juniper Heating'))
    await saveScreenshot(page, 'partnerships-list')

    await page.locator('select[name="health"]').selectOption('at-risk')
    await page.getByRole('button', { name: 'Filter' }).click()
    await page.waitForURL(/health=at-risk/)
    expect(await names()).toContain('Juniper Heating')
    expect(await names()).not.toContain('Ivy Electric')
    await saveScreenshot(page, 'partnerships-list-at-risk')

    // Sorted by health, highest first.
    await page.goto(`${stack.web.baseUrl}/partnerships?sort=health&direction=desc`)
    expect((await names())[0]).toBe('Ivy Electric')
    await context.close()

    const repContext = await signedIn(rep)
    const repPage = await repContext.newPage()
    await repPage.goto(`${stack.web.baseUrl}/partnerships`)
    await repPage.getByRole('link', { name: 'Ivy Electric' }).click()
    await repPage.getByRole('heading', { level: 1, name: 'Ivy Electric' }).waitFor()
    expect(await repPage.getByRole('button', { name: 'Pause' }).count()).toBe(0)
    await repPage.getByText('Read-only').waitFor()
    await repContext.close()
  })
})
