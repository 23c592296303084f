import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { RequiredAction } from '../../domain/deals/pipeline-policy'
import { sessionCookieName } from '../../services/auth/sessions'
import { signedInUser, type SignedInUser } from '../support/actors'
import { launchBrowser, saveScreenshot } from '../support/browser'
import { createDealAt } from '../support/deal-records'
import { startCrmStack, type CrmStack } from '../support/stack'

// The deal page's "Send proposal" button in Chromium against the real stack (web, database, Temporal test server,
// a worker of the real deal workflow, the SMTP inbox): sent and moved, or refused with the workflow's reason.

let stack: CrmStack
let browser: Browser
let rep: SignedInUser

beforeAll(async () => {
  ;[stack, browser] = await Promise.all([startCrmStack('deal-proposal-browser', { remix: true }), launchBrowser()])
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
  await page.getByRole('heading', { level: 2, name: 'Proposal' }).waitFor()
  return page
}

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
