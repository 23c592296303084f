import { randomUUID } from 'node:crypto'
import type { TestWorkflowEnvironment } from '@temporalio/testing'
import type { Browser, BrowserContext, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { leadWorkflowOf } from '../../services/leads/lead-workflow'
import { signalEntityWorkflow } from '../../services/workflows/entity-workflow-client'
import { leadEventSignal, leadStatusQuery, leadWorkflowId } from '../../workflows/lead-messages'
import { signedInUser, type SignedInUser } from '../support/actors'
import { launchBrowser, saveScreenshot, signedInPage } from '../support/browser'
import type { TestDatabase } from '../support/database'
import { issueApiKey } from '../../services/auth/api-keys'
import { bearer, postJson, startWeb } from '../support/web'
import { startCrmStack, type CrmStack } from '../support/stack'

let env: TestWorkflowEnvironment
let database: TestDatabase
let web: Awaited<ReturnType<typeof startWeb>>
let browser: Browser
let manager: SignedInUser
let rep: SignedInUser
let stack: CrmStack

beforeAll(async () => {
  ;[stack, browser] = await Promise.all([startCrmStack('lead-page-browser', { remix: true }), launchBrowser()])
  ;({ env, database, web } = stack)
  manager = await signedInUser(database.db, 'SALES_MANAGER', { name: 'Morgan Lee' })
  rep = await signedInUser(database.db, 'SALES_REP', { name: 'Riley Rep' })
})

afterAll(async () => {
  await browser?.close()
  await stack?.close()
})

/** A browser signed in as `person`, in a timezone of its own (the page shows times in the viewer's zone). */
async function browse(
  person: SignedInUser,
  timezoneId = 'Europe/Madrid',
): Promise<{ context: BrowserContext; page: Page }> {
  return signedInPage(browser, web.baseUrl, person, { timezoneId })
}

const leadStatus = (id: string) =>
  database.db.lead.findUniqueOrThrow({
    where: { id },
    select: { status: true, nurturePausedAt: true, disqualifiedReason: true },
  })

describe('lead page in a real browser', () => {
  it('takes a rep from the leads list to a new lead with its acknowledgement email and its Temporal run', async () => {
    const email = `rosa-${randomUUID()}@northwind-plumbing.example`
    const { key } = await issueApiKey(database.db, { name: 'Landing page', scopes: ['leads:create'] })
    const created = await (
      await postJson(
        `${web.baseUrl}/api/leads`,
        {
          email,
          source: 'website',
          firstName: 'Rosa',
          lastName: 'Delgado',
          companyName: 'Northwind Plumbing',
          industry: 'plumbing',
          preferredLanguage: 'es',
        },
        bearer(key),
      )
    ).json()
    const handle = env.client.workflow.getHandle(created.workflow.id)
    for (let attempt = 0; attempt < 50; attempt += 1) {
      if ((await handle.query(leadStatusQuery)).acknowledgement) break
      await new Promise((resolve) => setTimeout(resolve, 200))
    }

    const { context, page } = await browse(manager)
    await page.goto(`${web.baseUrl}/leads`)
    await page.getByRole('link', { name: 'Rosa Delgado' }).click()
    await page.waitForURL(`**/leads/${created.id}`)

    // Client-side navigation changes the URL before the new page has rendered.
    await page.getByRole('heading', { level: 1, name: 'Rosa Delgado' }).waitFor()
    const profile = page.getByRole('region', { name: 'Profile' })
    expect(await profile.textContent()).toContain('Northwind Plumbing')
    expect(await profile.textContent()).toContain('Spanish')
    expect(await page.getByRole('link', { name: 'Open this run in the Temporal Web UI' }).getAttribute('href')).toBe(
      `http://127.0.0.1:8233/namespaces/default/workflows/lead-${created.id}`,
    )
    const emails = page.getByRole('region', { name: 'Emails' })
    await emails.getByText('Gracias por contactar a AI KRE8TION Partners').waitFor()
    expect(await emails.textContent()).toContain('Hola Rosa:')
    // The live workflow's own plan: the 24-hour "still New" alert, due in the viewer's (Madrid) and the lead's time.
    const workflow = page.getByRole('region', { name: 'Workflow' })
    const reminder = workflow.getByRole('row', { name: /Alert the owner: lead still New after 24 hours/ })
    await reminder.waitFor()
    expect(await reminder.textContent()).toMatch(/GMT\+1|CET/)
    expect(await reminder.textContent()).toContain('America/New_York')

    await saveScreenshot(page, 'lead-page')
    await context.close()
  })

  it('shows score, transcript and nurture steps, and a rep works the lead: contacted, pause, resume, qualify, convert', async () => {
    const lead = await database.db.lead.create({
      data: {
        email: `dana-${randomUUID()}@harbor-pm.example`,
        firstName: 'Dana',
        lastName: 'Whitfield',
        companyName: 'Harbor Property Management',
        industry: 'PROPERTY_MANAGEMENT',
        employeeCount: 'RANGE_10_25',
        source: 'VOICE_AGENT',
        timezone: 'America/Chicago',
        assignedToId: rep.id,
        utmSource: 'linkedin',
        utmCampaign: 'pm-q4',
        communicationPreference: { create: { marketingConsent: true, marketingConsentSource: 'voice agent' } },
      },
      select: { id: true, source: true, status: true },
    })
    const started = new Date()
    const session = await database.db.voiceSession.create({
      data: {
        externalSessionId: `vs-${randomUUID()}`,
        leadId: lead.id,
        startTime: new Date(started.getTime() - 5 * 60_000),
        endedAt: started,
        duration: 300,
        totalQuestions: 4,
        topics: ['tenant communication', 'maintenance requests'],
        intents: ['INDUSTRY_USE_CASE', 'PRICING_INQUIRY'],
        painPoints: ['maintenance requests by phone'],
        objections: ['we tried software before'],
        sentiment: 'POSITIVE',
        outcome: 'ROI_CALCULATOR',
        messages: [
          {
            role: 'assistant',
            content: 'Hi, I am the AI KRE8TION assistant. What does your team spend most time on?',
            timestamp: new Date(started.getTime() - 290_000).toISOString(),
          },
          {
            role: 'user',
            content: 'Maintenance requests come in by phone and we lose track of them.',
            timestamp: new Date(started.getTime() - 250_000).toISOString(),
          },
          {
            role: 'assistant',
            content: 'A maintenance intake system is usually the first thing we build for property managers.',
            timestamp: new Date(started.getTime() - 240_000).toISOString(),
          },
          {
            role: 'user',
            content: 'What would that cost for 18 people?',
            timestamp: new Date(started.getTime() - 200_000).toISOString(),
          },
        ],
      },
      select: { id: true },
    })
    await database.db.lead.update({
      where: { id: lead.id },
      data: { workflowId: leadWorkflowId(lead.id) },
      select: { id: true },
    })

    const { context, page } = await browse(rep, 'Asia/Tokyo')
    await page.goto(`${web.baseUrl}/leads/${lead.id}`)
    await page.getByRole('heading', { level: 1, name: 'Dana Whitfield' }).waitFor()
    // No run yet, so no plan recorded: the page says so instead of failing.
    await page.getByText(/No upcoming steps recorded yet/).waitFor()
    await saveScreenshot(page, 'lead-page-no-workflow')

    await signalEntityWorkflow(env.client, leadWorkflowOf(lead), stack.taskQueue, leadEventSignal, {
      eventId: `test:${session.id}`,
      kind: 'voice.session.ended',
      occurredAt: started.toISOString(),
      refId: session.id,
    })
    // The page revalidates while it is open: the sequence appears as the workflow starts it, without a reload.
    const sequence = page.getByRole('region', { name: 'Voice agent follow-up' })
    await sequence.getByText(/Sent\s+Thank-you email with transcript summary/).waitFor({ timeout: 20_000 })
    const upcoming = page.getByRole('region', { name: 'Workflow' }).getByRole('row', { name: /ROI calculator link/ })
    expect(await upcoming.textContent()).toMatch(/GMT\+9/)
    expect(await upcoming.textContent()).toContain('America/Chicago')
    expect(await page.getByRole('region', { name: 'Voice sessions' }).textContent()).toContain(
      'Maintenance requests come in by phone',
    )
    expect(
      await page
        .getByRole('region', { name: 'Score' })
        .getByRole('img', { name: /Industry match: 100 of 100/ })
        .count(),
    ).toBe(1)
    // The widest state of the page (three times a row, each reason written out) still fits a 1280 px window.
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(1280)
    await saveScreenshot(page, 'lead-page-live')
    // On a tablet and a phone the plan scrolls inside its panel, and the forms, the timeline and the emails fold: the
    // page stays as wide as the window.
    for (const width of [768, 390]) {
      await page.setViewportSize({ width, height: 900 })
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(width)
      await saveScreenshot(page, `lead-page-live-${width}`)
    }
    await page.setViewportSize({ width: 1280, height: 900 })

    await page.getByRole('button', { name: 'Mark contacted' }).click()
    await page.getByRole('status').getByText('The lead is marked contacted.').waitFor()
    expect((await leadStatus(lead.id)).status).toBe('CONTACTED')

    await page.getByRole('button', { name: 'Pause nurture' }).click()
    await page.getByRole('status').getByText('Nurture is paused.').waitFor()
    expect((await leadStatus(lead.id)).nurturePausedAt).not.toBeNull()
    await page.locator('.badge.paused').getByText('Nurture paused', { exact: true }).waitFor()
    await saveScreenshot(page, 'lead-page-paused')
    await page.getByRole('button', { name: 'Resume nurture' }).click()
    await page.getByRole('status').getByText('Nurture has resumed.').waitFor()
    expect((await leadStatus(lead.id)).nurturePausedAt).toBeNull()

    // A too-short reason is refused next to its field; nothing changes.
    const disqualify = page.getByRole('form', { name: 'Disqualify the lead' })
    await disqualify.getByLabel('Reason').fill('no')
    await disqualify.getByRole('button', { name: 'Disqualify' }).click()
    await disqualify.getByText('must be at least 3 characters').waitFor()
    await saveScreenshot(page, 'lead-page-disqualify-refused')
    expect((await leadStatus(lead.id)).status).toBe('CONTACTED')

    await page.getByRole('button', { name: 'Qualify (SQL)' }).click()
    await page.getByRole('status').getByText('The lead is qualified (SQL).').waitFor()
    const convert = page.getByRole('form', { name: 'Convert the lead' })
    await convert.getByLabel('Tier').selectOption('foundation')
    await convert.getByLabel('Opportunity name (optional)').fill('Harbor PM — maintenance intake')
    await saveScreenshot(page, 'lead-page-convert')
    await convert.getByRole('button', { name: 'Convert' }).click()
    await page.getByRole('status').getByText('The lead is converted.').waitFor()
    await page.getByRole('link', { name: 'Harbor PM — maintenance intake' }).waitFor()
    expect((await leadStatus(lead.id)).status).toBe('CONVERTED')
    const timeline = await page.getByRole('region', { name: 'Timeline' }).textContent()
    for (const step of ['Marked contacted', 'Nurture paused', 'Nurture resumed', 'Qualified as SQL'])
      expect(timeline).toContain(step)
    await saveScreenshot(page, 'lead-page-converted')
    await context.close()
  })

  it('disqualifies with a reason, which stops the nurture sequence', async () => {
    const lead = await database.db.lead.create({
      data: {
        email: `lee-${randomUUID()}@example.com`,
        firstName: 'Lee',
        lastName: 'Park',
        source: 'REFERRAL',
        assignedToId: rep.id,
      },
      select: { id: true },
    })
    await database.db.lead.update({
      where: { id: lead.id },
      data: { workflowId: leadWorkflowId(lead.id) },
      select: { id: true },
    })
    const { context, page } = await browse(manager)
    await page.goto(`${web.baseUrl}/leads/${lead.id}`)
    const disqualify = page.getByRole('form', { name: 'Disqualify the lead' })
    await disqualify.getByLabel('Reason').fill('Sole trader, no admin staff to automate')
    await disqualify.getByRole('button', { name: 'Disqualify' }).click()
    await page.getByRole('status').getByText('The lead is disqualified; its nurture has stopped.').waitFor()
    expect(await leadStatus(lead.id)).toMatchObject({
      status: 'UNQUALIFIED',
      disqualifiedReason: 'Sole trader, no admin staff to automate',
    })
    await page.getByText('This lead is disqualified: its process has ended.').waitFor()
    expect(await page.getByRole('region', { name: 'Score' }).textContent()).toContain(
      'Sole trader, no admin staff to automate',
    )
    await saveScreenshot(page, 'lead-page-disqualified')
    await context.close()
  })
})
