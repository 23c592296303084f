import type { Browser } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { taskReminderStatusQuery, taskWorkflowId } from '../../workflows/task-messages'
import { signedInUser, type SignedInUser } from '../support/actors'
import { launchBrowser, saveScreenshot } from '../support/browser'
import { startCrmStack, type CrmStack } from '../support/stack'

// Work logging in a real Chromium against the whole stack (the task's reminder is a real workflow): a rep in New
// York logs a task on a company page, sees it on "My work" and completes it there. Screenshots in test/.artifacts.

const hour = 60 * 60 * 1000

let stack: CrmStack
let browser: Browser
let rep: SignedInUser
let companyId: string

beforeAll(async () => {
  ;[stack, browser] = await Promise.all([startCrmStack('work-logging-browser', { remix: true }), launchBrowser()])
  const { db } = stack.database
  rep = await signedInUser(db, 'SALES_REP', { name: 'Riley Rep' })
  const company = await db.company.create({
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
  companyId = company.id
  const contact = await db.contact.create({
    data: { companyId, firstName: 'Jordan', lastName: 'Reyes', email: 'jordan@bayside-hvac.example', role: 'OWNER' },
    select: { id: true },
  })
  const deal = await db.opportunity.create({
    data: {
      name: 'Bayside dispatch automation',
      companyId,
      primaryContactId: contact.id,
      tier: 'FOUNDATION',
      stage: 'PROPOSAL_SENT',
      setupFee: 7500,
      monthlyFee: 2500,
      estimatedMonths: 6,
      totalContractValue: 22500,
      ownerId: rep.id,
    },
    select: { id: true },
  })
  await db.lead.create({
    data: {
      email: 'jordan@bayside-hvac.example',
      firstName: 'Jordan',
      lastName: 'Reyes',
      source: 'VOICE_AGENT',
      status: 'CONVERTED',
      assignedToId: rep.id,
      convertedToCompanyId: companyId,
      convertedToContactId: contact.id,
    },
    select: { id: true },
  })
  const now = Date.now()
  await db.activity.createMany({
    data: [
      {
        type: 'CALL',
        subject: 'Discovery call with Jordan',
        outcome: 'Dispatch is the bottleneck; 3 trucks idle every morning',
        direction: 'OUTBOUND',
        contactId: contact.id,
        completedAt: new Date(now - 26 * hour),
        createdAt: new Date(now - 26 * hour),
        userId: rep.id,
      },
      {
        type: 'TASK',
        subject: 'Follow up on the Foundation proposal',
        opportunityId: deal.id,
        scheduledAt: new Date(now - 3 * hour),
        userId: rep.id,
      },
    ],
  })
})

afterAll(async () => {
  await browser?.close()
  await stack?.close()
})

describe('work logging in a real browser', () => {
  it('logs a task in the browser zone, shows it on My work and completes it there', async () => {
    const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, timezoneId: 'America/New_York' })
    await context.addCookies([{ name: 'crm_session', value: rep.cookie.split('=')[1] ?? '', url: stack.web.baseUrl }])
    const page = await context.newPage()

    await page.goto(`${stack.web.baseUrl}/companies/${companyId}`)
    await page.getByRole('heading', { name: 'Activities' }).waitFor()
    expect(await page.getByRole('link', { name: 'Bayside dispatch automation' }).isVisible()).toBe(true)
    expect(await page.getByRole('link', { name: 'Jordan Reyes' }).first().isVisible()).toBe(true)
    // The deal's task, due three hours ago, reads Overdue in the colour of every overdue badge.
    const overdueTask = page.locator('li', { hasText: 'Follow up on the Foundation proposal' })
    expect(await overdueTask.locator('.badge.failed').textContent()).toBe('Overdue')
    // Hydrated: the form now carries the browser's zone.
    await page.waitForFunction(() => document.querySelector<HTMLInputElement>('input[name="timeZone"]')?.value !== '')

    // A due time tomorrow at 10:30 in New York.
    const tomorrow = new Date(Date.now() + 24 * hour)
    const localDay = new Intl.DateTimeFormat('en-CA', { timeZone: 'America/New_York' }).format(tomorrow)
    await page.getByLabel('Kind').selectOption('task')
    await page.getByLabel('What to do').fill('Send the Tampa case study')
    await page.getByLabel('Due', { exact: true }).fill(`${localDay}T10:30`)
    await page.getByRole('button', { name: 'Add task' }).click()
    await page.getByText('The task is saved; its owner will be reminded.').waitFor()
    // The form starts again empty, ready for the next call.
    expect(await page.getByLabel('Kind').inputValue()).toBe('call')
    expect(await page.getByLabel('Subject').inputValue()).toBe('')
    await saveScreenshot(page, 'company-page-activities')

    const task = await stack.database.db.activity.findFirstOrThrow({
      where: { companyId, subject: 'Send the Tampa case study' },
      select: { id: true, scheduledAt: true },
    })
    // 10:30 in New York in December is 15:30 UTC (UTC-5).
    expect(task.scheduledAt?.toISOString()).toBe(`${localDay}T15:30:00.000Z`)
    const status = await stack.env.client.workflow.getHandle(taskWorkflowId(task.id)).query(taskReminderStatusQuery)
    expect(status.remindsAt).toBe(`${localDay}T15:15:00.000Z`)

    await page.getByRole('link', { name: 'My work' }).click()
    await page.getByRole('heading', { level: 1, name: 'My work' }).waitFor()
    // The page learns the browser's zone and shows the New York day.
    await page.getByText('(America/New_York)').waitFor()
    const overdue = page.locator('section', { has: page.getByRole('heading', { name: /^Overdue/ }) })
    expect(await overdue.getByText('Follow up on the Foundation proposal').isVisible()).toBe(true)
    await saveScreenshot(page, 'my-work')

    await overdue.getByRole('button', { name: 'Done: Follow up on the Foundation proposal' }).click()
    await page.getByText('The task is done.').waitFor()
    expect(await page.getByText('Nothing overdue.').isVisible()).toBe(true)
    await saveScreenshot(page, 'my-work-after-done')
    await context.close()
  })
})
