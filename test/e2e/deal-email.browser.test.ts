import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { sessionCookieName } from '../../services/auth/sessions'
import { signedInUser, type SignedInUser } from '../support/actors'
import { launchBrowser, saveScreenshot } from '../support/browser'
import { createDealAt } from '../support/deal-records'
import { startCrmStack, type CrmStack } from '../support/stack'

// The deal page's "Email <contact>" form in Chromium against the real stack (web, database, Temporal test server, a
// worker of the real deal workflow, the SMTP inbox): sent and `initial_email` ticked, or refused with why.

let stack: CrmStack
let browser: Browser
let rep: SignedInUser

beforeAll(async () => {
  ;[stack, browser] = await Promise.all([startCrmStack('deal-email-browser', { remix: true }), launchBrowser()])
  rep = await signedInUser(stack.database.db, 'SALES_REP', { name: 'Riley Rep' })
}, 240_000)

afterAll(async () => {
  await browser?.close()
  await stack?.close()
})

async function dealPage(id: string): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1400, height: 1000 }, timezoneId: 'America/Chicago' })
  await context.addCookies([{ name: sessionCookieName, value: rep.cookie.split('=')[1]!, url: stack.web.baseUrl }])
  const page = await context.newPage()
  await page.goto(`${stack.web.baseUrl}/opportunities/${id}`)
  await page.getByRole('heading', { level: 2, name: 'Company and contacts' }).waitFor()
  return page
}

describe('emailing the contact from the deal page', () => {
  it('sends it to the primary contact and ticks initial_email; a blank subject is refused with why', async () => {
    const { deal, contact } = await createDealAt(stack.database.db, {
      stage: 'NEW_LEAD',
      ownerId: rep.id,
      done: ['assign_owner'],
      companyName: 'Birch Roofing',
    })
    const page = await dealPage(deal.id)
    const form = page.getByRole('form', { name: `Email ${contact.email}` })

    // Only spaces: past the browser's `required`, refused by the server naming the subject; nothing sent.
    await form.getByLabel('Subject').fill('   ')
    await form.getByLabel('Message').fill('Hello')
    await form.getByRole('button', { name: `Email ${contact.email}` }).click()
    await page.getByText(/Not sent: Check the email: subject/).waitFor()
    expect(stack.inbox.to(contact.email)).toEqual([])

    await form.getByLabel('Subject').fill('Our call on Tuesday')
    await form.getByLabel('Message').fill('Hello,\n\nDoes 10:00 suit you?')
    await form.getByRole('button', { name: `Email ${contact.email}` }).click()
    await page.getByRole('status').getByText(`Email sent to ${contact.email}.`).waitFor()
    const received = stack.inbox.to(contact.email)
    expect(received.map((email) => [email.subject, email.text.trim()])).toEqual([
      ['Our call on Tuesday', 'Hello,\n\nDoes 10:00 suit you?'],
    ])
    const row = await stack.database.db.opportunity.findUniqueOrThrow({
      where: { id: deal.id },
      select: { checklist: true },
    })
    expect((row.checklist as { action: string }[]).map((entry) => entry.action)).toContain('initial_email')
    // Emptied for the next email.
    expect(await form.getByLabel('Subject').inputValue()).toBe('')
    await saveScreenshot(page, 'deal-email-sent')
  })
})
