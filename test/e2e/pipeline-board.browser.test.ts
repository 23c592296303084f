import { randomUUID } from 'node:crypto'
import type { Browser, Locator, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { RequiredAction } from '../../domain/deals/pipeline-policy'
import type { PipelineStage, Tier } from '../../prisma/generated/enums'
import { completeDealAction, moveDeal } from '../../services/deals/deal-actions'
import { signedInUser, type SignedInUser } from '../support/actors'
import { launchBrowser, saveScreenshot, signedInPage } from '../support/browser'
import { startCrmStack, type CrmStack } from '../support/stack'

// The pipeline board in Chromium against the real stack (web, database, Temporal test server, a worker of the
// real deal workflow): a card dragged with the mouse, one moved by keyboard, a refused move put back with its
// reason, and a move made by someone else appearing without a reload.

let stack: CrmStack
let browser: Browser
let manager: SignedInUser
let rep: SignedInUser

beforeAll(async () => {
  ;[stack, browser] = await Promise.all([startCrmStack('pipeline-board-browser', { remix: true }), launchBrowser()])
  manager = await signedInUser(stack.database.db, 'SALES_MANAGER', { name: 'Mara Manager' })
  rep = await signedInUser(stack.database.db, 'SALES_REP', { name: 'Riley Rep' })
})

afterAll(async () => {
  await browser?.close()
  await stack?.close()
})

const actorOf = (person: SignedInUser) => ({
  kind: 'user' as const,
  userId: person.id,
  email: person.email,
  name: person.name,
  role: person.role,
  sessionId: 'test',
})

const dealContext = (person: SignedInUser) => ({
  db: stack.database.db,
  temporal: stack.env.client,
  taskQueue: stack.taskQueue,
  actor: actorOf(person),
})

async function createDeal(
  company: string,
  tier: Tier,
  value: number,
  done: RequiredAction[] = [],
  clocks: { stageEnteredAt?: Date; lastActivityAt?: Date; nextStepAt?: Date } = {},
) {
  const db = stack.database.db
  const { id: companyId } = await db.company.create({
    data: {
      name: company,
      industry: 'HVAC',
      employeeCount: 'RANGE_10_25',
      businessModel: 'SERVICE',
      source: 'REFERRAL',
    },
    select: { id: true },
  })
  const contact = await db.contact.create({
    data: { companyId, firstName: 'Dana', lastName: 'Cruz', email: `dana-${randomUUID()}@example.com` },
    select: { id: true },
  })
  const deal = await db.opportunity.create({
    data: {
      companyId,
      primaryContactId: contact.id,
      name: `${company} deal`,
      tier,
      setupFee: value,
      totalContractValue: value,
      ownerId: rep.id,
      nextStep: 'Call back about the quote',
      nextStepAt: new Date(Date.now() + 26 * 3_600_000),
      ...clocks,
    },
    select: { id: true },
  })
  // Ticked as a rep would on the deal page (this starts the deal's workflow).
  for (const action of done) await completeDealAction(dealContext(rep), deal.id, action)
  return deal.id
}

const stageOf = async (id: string) =>
  (await stack.database.db.opportunity.findUniqueOrThrow({ where: { id }, select: { stage: true } })).stage

async function eventually<T>(read: () => Promise<T>, ok: (value: T) => boolean, what: string): Promise<T> {
  for (let attempt = 0; attempt < 100; attempt += 1) {
    const value = await read()
    if (ok(value)) return value
    await new Promise((resolve) => setTimeout(resolve, 100))
  }
  throw new Error(`Never happened: ${what}`)
}

const column = (page: Page, stage: PipelineStage) => page.locator(`section[data-stage="${stage}"]`)
const card = (page: Page, id: string) => page.locator(`[data-deal-id="${id}"]`)

/** Presses the mouse on the card's lower edge (not its link), and carries it to the middle of the column. */
async function drag(page: Page, from: Locator, to: Locator) {
  const start = (await from.boundingBox())!
  const end = (await to.boundingBox())!
  await page.mouse.move(start.x + start.width / 2, start.y + start.height - 6)
  await page.mouse.down()
  await page.mouse.move(start.x + start.width / 2 + 10, start.y + start.height - 6, { steps: 3 })
  await page.mouse.move(end.x + end.width / 2, end.y + 160, { steps: 12 })
  // dnd-kit marks the column it will drop on; letting go before that would drop nowhere.
  await to.and(page.locator('.drop-target')).waitFor()
  await page.mouse.up()
}

describe('pipeline board in a real browser', () => {
  it('moves a card by mouse and by keyboard, puts back a refused one with why, and shows moves made by others', async () => {
    const ready = await createDeal('Maple HVAC', 'FOUNDATION', 51_500, ['assign_owner', 'review_lead_data'])
    const unready = await createDeal('Oak Plumbing', 'DISCOVERY', 4_000)
    const contacted = await createDeal('Pine Property', 'ARCHITECT', 120_000, [
      'assign_owner',
      'review_lead_data',
      'initial_email',
      'follow_up_call_attempt',
    ])
    await moveDeal(dealContext(rep), contacted, { toStage: 'CONTACTED' })
    const byOthers = await createDeal('Spruce Retail', 'FOUNDATION', 20_000, ['assign_owner', 'review_lead_data'])
    await eventually(
      () => stageOf(contacted),
      (stage) => stage === 'CONTACTED',
      'Pine in Contacted',
    )
    // Three days in New Lead (limit one day), its next step due two days ago, and nothing logged for 20 days: it
    // must stand out.
    const late = await createDeal('Larch Construction', 'ARCHITECT', 120_000, [], {
      stageEnteredAt: new Date(Date.now() - 3 * 24 * 3_600_000),
      lastActivityAt: new Date(Date.now() - 20 * 24 * 3_600_000),
      nextStepAt: new Date(Date.now() - 2 * 24 * 3_600_000),
    })

    await stack.database.db.outboxMessage.create({
      data: {
        idempotencyKey: `spruce-email-${randomUUID()}`,
        channel: 'EMAIL',
        status: 'SENT',
        opportunityId: byOthers,
        toAddress: 'dana@example.com',
        fromAddress: 'crm@example.com',
        bodyText: 'Hello',
        template: 'deal-email',
        messageId: `<${randomUUID()}@example.com>`,
      },
    })

    const { context, page } = await signedInPage(browser, stack.web.baseUrl, rep, {
      width: 1680,
      height: 1000,
      timezoneId: 'America/Chicago',
    })
    await page.goto(`${stack.web.baseUrl}/pipeline`)
    await page.getByRole('heading', { level: 1, name: 'Pipeline' }).waitFor()
    await card(page, ready).waitFor()
    // Hydrated: the board's cards become draggable buttons only in the browser.
    await page.locator(`[data-deal-id="${ready}"][aria-roledescription="draggable"]`).waitFor()
    expect(await card(page, late).getAttribute('class')).toMatch(/past-limit.*stalled/)
    expect(await card(page, late).locator('.deal-next .deal-overdue').innerText()).toMatch(/^overdue since \w{3}, /)
    expect(await card(page, byOthers).locator('.deal-next').innerText()).toMatch(/ · due \w{3}, /)
    expect(await card(page, byOthers).locator('.deal-overdue').count()).toBe(0)
    // The card's icons are drawn: emoji (seed 002's card) show as empty boxes where no emoji font is installed.
    const emails = card(page, byOthers).getByLabel('1 email', { exact: true })
    expect(await emails.locator('svg').count()).toBe(1)
    expect((await emails.innerText()).trim()).toBe('1')
    await saveScreenshot(page, 'pipeline-board')

    // Mouse: Maple (its New Lead actions done) dragged to Contacted.
    await drag(page, card(page, ready), column(page, 'CONTACTED'))
    await column(page, 'CONTACTED').locator(`[data-deal-id="${ready}"]`).waitFor()
    await eventually(
      () => stageOf(ready),
      (stage) => stage === 'CONTACTED',
      'Maple moved to Contacted',
    )

    // Refused: Oak has an owner and nothing else done (its run ticks the owner as it starts, before any move is
    // weighed); it goes back to New Lead, alone, with the workflow's reason.
    await drag(page, card(page, unready), column(page, 'CONTACTED'))
    const refusal = card(page, unready).getByRole('alert')
    await refusal.waitFor()
    expect(await refusal.textContent()).toMatch(
      /Not moved to Contacted: Contacted needs these done first: Review the lead data$/,
    )
    expect(await column(page, 'NEW_LEAD').locator(`[data-deal-id="${unready}"]`).count()).toBe(1)
    expect(await column(page, 'CONTACTED').locator(`[data-deal-id="${ready}"]`).count()).toBe(1)
    expect(await stageOf(unready)).toBe('NEW_LEAD')
    await saveScreenshot(page, 'pipeline-board-refused')

    // Keyboard: Pine picked up with space, carried one stage right, dropped with space.
    // The live region tells a screen reader each step; the test waits for it as a person would listen.
    await card(page, contacted).focus()
    await page.keyboard.press('Space')
    await page.getByText('Pine Property is over Contacted.').waitFor({ state: 'attached' })
    await page.keyboard.press('ArrowRight')
    await page.getByText('Pine Property is over Discovery Call.').waitFor({ state: 'attached' })
    await page.keyboard.press('Space')
    await column(page, 'DISCOVERY_CALL').locator(`[data-deal-id="${contacted}"]`).waitFor()
    await eventually(
      () => stageOf(contacted),
      (stage) => stage === 'DISCOVERY_CALL',
      'Pine moved by keyboard',
    )

    // Someone else (the manager, through the same service) moves Spruce: it shows up without a reload.
    await moveDeal(dealContext(manager), byOthers, { toStage: 'CONTACTED' })
    await column(page, 'CONTACTED').locator(`[data-deal-id="${byOthers}"]`).waitFor({ timeout: 15_000 })

    // Closed Lost asks why first.
    await drag(page, card(page, unready), column(page, 'CLOSED_LOST'))
    const dialog = page.getByRole('dialog', { name: 'Close Oak Plumbing as lost' })
    await dialog.waitFor()
    await saveScreenshot(page, 'pipeline-board-lost-dialog')
    await dialog.getByLabel('Why was it lost?').fill('Chose to wait a year')
    await dialog.getByLabel('Competitor (if they chose one)').fill('Acme Automation')
    await dialog.getByRole('button', { name: 'Close as lost' }).click()
    await eventually(
      () => stageOf(unready),
      (stage) => stage === 'CLOSED_LOST',
      'Oak closed lost',
    )
    await card(page, unready).waitFor({ state: 'detached' })
    // The figures follow once the workflow has answered: Larch alone is left in New Lead.
    await column(page, 'NEW_LEAD').locator('.pipeline-count').filter({ hasText: /^1$/ }).waitFor()
    await column(page, 'NEW_LEAD').getByText('$120,000', { exact: true }).first().waitFor()
    const lost = await stack.database.db.opportunity.findUniqueOrThrow({
      where: { id: unready },
      select: { lostReason: true, competitorInfo: true },
    })
    expect(lost).toEqual({ lostReason: 'Chose to wait a year', competitorInfo: 'Acme Automation' })
    await saveScreenshot(page, 'pipeline-board-after')
    await context.close()
  })

  it('shows the deal page: stage path, checklist with mark done, timers, company, proposal, Temporal link', async () => {
    const id = await createDeal('Willow HVAC', 'FOUNDATION', 51_500, ['assign_owner'])
    const { context, page } = await signedInPage(browser, stack.web.baseUrl, rep, {
      width: 1440,
      height: 1000,
      timezoneId: 'America/Chicago',
    })
    await page.goto(`${stack.web.baseUrl}/opportunities/${id}`)
    await page.getByRole('heading', { level: 1, name: 'Willow HVAC deal' }).waitFor()
    await page.getByRole('button', { name: 'Mark done: Review the lead data' }).click()
    await page.getByText('Done: Review the lead data.').waitFor()
    await page.getByRole('button', { name: 'Move to Contacted' }).click()
    await page.getByText('Moved to Contacted.').waitFor()
    expect(await page.locator('.stage-step.current').textContent()).toContain('Contacted')
    expect(await page.getByRole('link', { name: 'Open this run in the Temporal Web UI' }).getAttribute('href')).toBe(
      `http://127.0.0.1:8233/namespaces/default/workflows/deal-${id}`,
    )
    await saveScreenshot(page, 'deal-page')
    await context.close()
  })
})
