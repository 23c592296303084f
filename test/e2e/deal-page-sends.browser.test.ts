import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { RequiredAction } from '../../domain/deals/pipeline-policy'
import { signedInUser, type SignedInUser } from '../support/actors'
import { launchBrowser, saveScreenshot, signedInPage } from '../support/browser'
import { createDealAt } from '../support/deal-records'
import { startCrmStack, type CrmStack } from '../support/stack'

// What a Sales Rep sends from the deal page, in Chromium against the real stack (web, database, Temporal test server,
// a worker of the real deal workflow, the SMTP inbox): an email to the contact (`initial_email` ticked) and the
// proposal (the deal moved), or a refusal that says why.

let stack: CrmStack
let browser: Browser
let rep: SignedInUser

beforeAll(async () => {
  ;[stack, browser] = await Promise.all([startCrmStack('deal-sends-browser', { remix: true }), launchBrowser()])
  rep = await signedInUser(stack.database.db, 'SALES_REP', { name: 'Riley Rep' })
}, 240_000)

afterAll(async () => {
  await browser?.close()
  await stack?.close()
})

async function dealPage(id: string): Promise<Page> {
  const { page } = await signedInPage(browser, stack.web.baseUrl, rep, {
    width: 1400,
    height: 1000,
    timezoneId: 'America/Chicago',
  })
  await page.goto(`${stack.web.baseUrl}/opportunities/${id}`)
  await page.getByRole('heading', { level: 2, name: 'Proposal' }).waitFor()
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

const discoveryDone: RequiredAction[] = ['assign_owner', 'schedule_discovery', 'complete_discovery']

describe('sending the proposal from the deal page', () => {
  it('emails it to the primary contact and moves the deal; a deal without its tier is refused with why', async () => {
    const ready = await createDealAt(stack.database.db, {
      stage: 'DISCOVERY_CALL',
      ownerId: rep.id,
      done: [...discoveryDone, 'identify_tier'],
      companyName: 'Maple HVAC',
    })
    const page = await dealPage(ready.deal.id)
    const proposal = page.locator('section[aria-labelledby="proposal"]')
    await proposal.getByRole('button', { name: `Send proposal to ${ready.contact.email}` }).click()
    await page
      .getByRole('status')
      .getByText(`Proposal sent to ${ready.contact.email}. The deal moved to Proposal Sent.`)
      .waitFor()
    expect(stack.inbox.to(ready.contact.email).map((email) => email.subject)).toEqual([
      'Your Foundation partnership proposal for Maple HVAC',
    ])
    await saveScreenshot(page, 'deal-proposal-sent')

    const noTier = await createDealAt(stack.database.db, {
      stage: 'DISCOVERY_CALL',
      ownerId: rep.id,
      done: discoveryDone,
      companyName: 'Oak Plumbing',
    })
    const refusedPage = await dealPage(noTier.deal.id)
    const section = refusedPage.locator('section[aria-labelledby="proposal"]')
    await section.getByRole('button', { name: `Send proposal to ${noTier.contact.email}` }).click()
    await section.getByText('Not sent: Identify the tier first').waitFor()
    expect(stack.inbox.to(noTier.contact.email)).toEqual([])
    expect(await stack.database.db.outboxMessage.count({ where: { opportunityId: noTier.deal.id } })).toBe(0)
    await saveScreenshot(refusedPage, 'deal-proposal-refused')
  })
})
