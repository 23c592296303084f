import { randomUUID } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Tier, PipelineStage } from '../../prisma/generated/enums'
import { pipelineBoard } from '../../services/deals/pipeline-board'
import { signedInUser, type SignedInUser } from '../support/actors'
import { startCrmStack, type CrmStack } from '../support/stack'
import { pageRequests, textOf } from '../support/page-requests'

// The pipeline board (issue 10 "What people see") and the deal page, through the real web process, database,
// Temporal test server and a worker of the real deal workflow. Expected figures are worked out by hand below.

let stack: CrmStack
let manager: SignedInUser
let rep: SignedInUser
/** The rep of the tests that move cards: their deals stay off Riley's board, whatever order the tests run in. */
let mover: SignedInUser
let otherRep: SignedInUser

const hour = 3_600_000
const day = 24 * hour
const now = new Date()

beforeAll(async () => {
  stack = await startCrmStack('pipeline-board', { remix: true })
  manager = await signedInUser(stack.database.db, 'SALES_MANAGER', { name: 'Mara Manager' })
  rep = await signedInUser(stack.database.db, 'SALES_REP', { name: 'Riley Rep' })
  otherRep = await signedInUser(stack.database.db, 'SALES_REP', { name: 'Oscar Otherrep' })
  mover = await signedInUser(stack.database.db, 'SALES_REP', { name: 'Morgan Mover' })
})

afterAll(async () => {
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

async function createDeal(options: {
  company: string
  industry?: 'HVAC' | 'PLUMBING'
  tier: Tier
  value: number
  stage?: PipelineStage
  ownerId: string | null
  stageEnteredAt?: Date
  lastActivityAt?: Date
  nextStepAt?: Date
}) {
  const db = stack.database.db
  const company = await db.company.create({
    data: {
      name: options.company,
      industry: options.industry ?? 'HVAC',
      employeeCount: 'RANGE_10_25',
      businessModel: 'SERVICE',
      source: 'REFERRAL',
    },
    select: { id: true },
  })
  const contact = await db.contact.create({
    data: { companyId: company.id, firstName: 'Dana', lastName: 'Cruz', email: `dana-${randomUUID()}@example.com` },
    select: { id: true },
  })
  return db.opportunity.create({
    data: {
      companyId: company.id,
      primaryContactId: contact.id,
      name: `${options.company} — ${options.tier.toLowerCase()}`,
      tier: options.tier,
      stage: options.stage ?? 'NEW_LEAD',
      stageEnteredAt: options.stageEnteredAt ?? now,
      lastActivityAt: options.lastActivityAt ?? now,
      setupFee: options.value,
      totalContractValue: options.value,
      ownerId: options.ownerId,
      ...(options.nextStepAt && { nextStep: 'Review the lead data', nextStepAt: options.nextStepAt }),
    },
    select: { id: true, companyId: true, primaryContactId: true },
  })
}

const page = (path: string, person: SignedInUser) =>
  fetch(`${stack.web.baseUrl}${path}`, { headers: person.headers, redirect: 'manual' })
const { post } = pageRequests(() => stack.web.baseUrl)

async function eventually<T>(read: () => Promise<T>, ok: (value: T) => boolean, what: string): Promise<T> {
  for (let attempt = 0; attempt < 100; attempt += 1) {
    const value = await read()
    if (ok(value)) return value
    await new Promise((resolve) => setTimeout(resolve, 100))
  }
  throw new Error(`Never happened: ${what}`)
}

describe('pipeline board', () => {
  it('shows a Sales Rep only their own deals, with column figures and cards as worked out by hand', async () => {
    const db = stack.database.db
    // Riley's deals: two in New Lead, one in Proposal Sent, one won this month, one won long ago.
    const overdue = await createDeal({
      company: 'Alder HVAC',
      tier: 'DISCOVERY',
      value: 4_000,
      ownerId: rep.id,
      // 2 days in New Lead (limit 1 day); last activity 20 days ago (stalled after 14).
      stageEnteredAt: new Date(now.getTime() - 2 * day),
      lastActivityAt: new Date(now.getTime() - 20 * day),
      // Due at the stage's limit: a day ago.
      nextStepAt: new Date(now.getTime() - day),
    })
    const quiet = await createDeal({
      company: 'Birch Plumbing',
      industry: 'PLUMBING',
      tier: 'FOUNDATION',
      value: 51_500,
      ownerId: rep.id,
      stageEnteredAt: new Date(now.getTime() - 2 * hour),
      lastActivityAt: new Date(now.getTime() - 20 * day),
      // Due at the stage's limit: in 22 hours.
      nextStepAt: new Date(now.getTime() + 22 * hour),
    })
    await createDeal({
      company: 'Cedar HVAC',
      tier: 'ARCHITECT',
      value: 120_000,
      stage: 'PROPOSAL_SENT',
      ownerId: rep.id,
    })
    await createDeal({
      company: 'Dogwood HVAC',
      tier: 'FOUNDATION',
      value: 51_500,
      stage: 'CLOSED_WON',
      ownerId: rep.id,
    })
    await createDeal({
      company: 'Elm HVAC',
      tier: 'FOUNDATION',
      value: 51_500,
      stage: 'CLOSED_WON',
      ownerId: rep.id,
      stageEnteredAt: new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1) - day),
    })
    // Oscar's deal, which Riley must not see.
    await createDeal({
      company: 'Fir Property',
      tier: 'FOUNDATION',
      value: 20_000,
      stage: 'CONTACTED',
      ownerId: otherRep.id,
    })

    // Birch: came from a lead with a voice session and an ROI calculation; two emails; a meeting ahead (which keeps
    // it from counting as stalled).
    await db.lead.create({
      data: {
        email: `birch-${randomUUID()}@example.com`,
        source: 'VOICE_AGENT',
        convertedToOpportunityId: quiet.id,
        voiceSessions: {
          create: [
            { externalSessionId: `vs-${randomUUID()}`, startTime: now },
            { externalSessionId: `vs-${randomUUID()}`, startTime: now },
          ],
        },
        roiCalculations: {
          create: {
            industry: 'PLUMBING',
            employeeCount: 'RANGE_10_25',
            hourlyRate: 40,
            weeklyAdminHours: 20,
            calculations: {},
          },
        },
      },
    })
    for (const n of [1, 2]) {
      await db.outboxMessage.create({
        data: {
          idempotencyKey: `birch-${n}-${randomUUID()}`,
          channel: 'EMAIL',
          status: 'SENT',
          opportunityId: quiet.id,
          toAddress: 'dana@example.com',
          fromAddress: 'crm@example.com',
          bodyText: 'Hello',
          template: 'deal-email',
          messageId: `<${randomUUID()}@example.com>`,
        },
      })
    }
    const meetingAt = new Date(now.getTime() + 3 * day)
    await db.activity.create({
      data: { opportunityId: quiet.id, type: 'MEETING', subject: 'Discovery call', scheduledAt: meetingAt },
    })

    const board = await pipelineBoard(db, actorOf(rep), {}, 'UTC', now)
    const column = (stage: PipelineStage) => board.columns.find((entry) => entry.stage === stage)!
    expect(board.columns.map((entry) => entry.stage)).toEqual([
      'NEW_LEAD',
      'CONTACTED',
      'DISCOVERY_CALL',
      'PROPOSAL_SENT',
      'NEGOTIATION',
      'CLOSED_WON',
    ])
    // New Lead: 4,000 + 51,500 = 55,500, weighted at 5 % = 2,775.
    expect(column('NEW_LEAD')).toMatchObject({ count: 2, total: 55_500, weighted: 2_775 })
    // Oscar's Contacted deal is not on Riley's board.
    expect(column('CONTACTED')).toMatchObject({ count: 0, total: 0, weighted: 0, cards: [] })
    // Proposal Sent: 120,000 at 50 % = 60,000.
    expect(column('PROPOSAL_SENT')).toMatchObject({ count: 1, total: 120_000, weighted: 60_000 })
    // Won this month only: Dogwood, not Elm (won last month).
    expect(column('CLOSED_WON')).toMatchObject({ count: 1, total: 51_500, weighted: 51_500 })
    expect(column('CLOSED_WON').cards.map((card) => card.companyName)).toEqual(['Dogwood HVAC'])

    // Longest in the stage first.
    const [alder, birch] = column('NEW_LEAD').cards
    expect(alder).toMatchObject({
      id: overdue.id,
      companyName: 'Alder HVAC',
      value: 4_000,
      tier: 'DISCOVERY',
      ownerName: 'Riley Rep',
      timeInStageMs: 2 * day,
      nextStepAt: new Date(now.getTime() - day).toISOString(),
      nextStepOverdue: true,
      pastLimit: true,
      stalled: true,
      voiceSessions: 0,
      hasRoiCalculation: false,
      emails: 0,
      nextMeeting: null,
    })
    expect(birch).toMatchObject({
      id: quiet.id,
      nextStepAt: new Date(now.getTime() + 22 * hour).toISOString(),
      nextStepOverdue: false,
      pastLimit: false,
      stalled: false,
      voiceSessions: 2,
      hasRoiCalculation: true,
      emails: 2,
      nextMeeting: { at: meetingAt.toISOString(), subject: 'Discovery call' },
    })

    // The manager sees everyone's, and the filters narrow it.
    const everyone = await pipelineBoard(db, actorOf(manager), {}, 'UTC', now)
    // Other tests' deals may be on it too (they run in any order): Oscar's is, and his own board has it alone.
    const contacted = everyone.columns.find((entry) => entry.stage === 'CONTACTED')
    expect(contacted?.cards.some((card) => card.companyName === 'Fir Property')).toBe(true)
    const oscarsOnly = await pipelineBoard(db, actorOf(manager), { ownerId: otherRep.id }, 'UTC', now)
    expect(oscarsOnly.columns.find((entry) => entry.stage === 'CONTACTED')).toMatchObject({ count: 1, total: 20_000 })
    const plumbing = await pipelineBoard(db, actorOf(manager), { industry: 'PLUMBING' }, 'UTC', now)
    expect(plumbing.columns.flatMap((entry) => entry.cards.map((card) => card.companyName))).toEqual(['Birch Plumbing'])
    const oscars = await pipelineBoard(db, actorOf(manager), { ownerId: otherRep.id, tier: 'FOUNDATION' }, 'UTC', now)
    expect(oscars.columns.flatMap((entry) => entry.cards.map((card) => card.companyName))).toEqual(['Fir Property'])

    // The page, as Riley opens it: their deals, not Oscar's, and the figures in words.
    const html = await (await page('/pipeline', rep)).text()
    const text = textOf(html)
    expect(text).toContain('Alder HVAC')
    expect(text).toContain('Over its 1-day limit')
    expect(text).toContain('Stalled: no activity for 14+ days')
    expect(text).toContain('$55,500')
    expect(text).toContain('$2,775 weighted (5 %)')
    expect(text).not.toContain('Fir Property')
    // The top bar offers the board.
    expect(html).toMatch(/href="\/pipeline"/)
  })

  it('moves a card through the deal workflow, and says why when the workflow refuses', async () => {
    const db = stack.database.db
    const deal = await createDeal({ company: 'Hazel HVAC', tier: 'FOUNDATION', value: 51_500, ownerId: mover.id })

    // New Lead → Contacted needs assign_owner and review_lead_data done first: refused, nothing written.
    const refused = await post('/pipeline', mover, { intent: 'move', dealId: deal.id, toStage: 'CONTACTED' })
    expect(refused.status).toBe(409)
    expect(textOf(await refused.text())).toMatch(/Contacted needs these done first: .*Review the lead data/)
    expect(await db.opportunity.findUniqueOrThrow({ where: { id: deal.id }, select: { stage: true } })).toEqual({
      stage: 'NEW_LEAD',
    })

    // Oscar may not move Morgan's deal: to him it does not exist (§14.2 "CRUD own").
    const notTheirs = await post('/pipeline', otherRep, { intent: 'move', dealId: deal.id, toStage: 'CONTACTED' })
    expect(notTheirs.status).toBe(404)
    const notTheirsEither = await post(`/opportunities/${deal.id}`, otherRep, {
      intent: 'complete-action',
      action: 'assign_owner',
    })
    expect(notTheirsEither.status).toBe(404)

    // Ticked on the deal page, then moved from the board.
    for (const action of ['assign_owner', 'review_lead_data']) {
      const done = await post(`/opportunities/${deal.id}`, mover, { intent: 'complete-action', action })
      expect(done.status).toBe(302)
    }
    const moved = await post('/pipeline', mover, { intent: 'move', dealId: deal.id, toStage: 'CONTACTED' })
    expect(moved.status).toBe(200)
    const row = await eventually(
      () => db.opportunity.findUniqueOrThrow({ where: { id: deal.id }, select: { stage: true } }),
      (value) => value.stage === 'CONTACTED',
      'the deal projected into Contacted',
    )
    expect(row.stage).toBe('CONTACTED')

    // Closing it lost needs the reason (§4.2 "Reason documented").
    const noReason = await post('/pipeline', mover, { intent: 'move', dealId: deal.id, toStage: 'CLOSED_LOST' })
    expect(noReason.status).toBe(409)
  })
})

describe('deal page', () => {
  it('shows the stage path, checklist, timers, company and contacts, proposal and Temporal link; marks an action done', async () => {
    const db = stack.database.db
    const deal = await createDeal({ company: 'Juniper HVAC', tier: 'ARCHITECT', value: 120_000, ownerId: mover.id })
    // The first update starts the deal's workflow, which records its plan and the stage history.
    const done = await post(`/opportunities/${deal.id}`, mover, { intent: 'complete-action', action: 'assign_owner' })
    expect(done.status).toBe(302)
    expect(done.headers.get('location')).toContain(`/opportunities/${deal.id}?notice=`)
    await eventually(
      () =>
        db.opportunity.findUniqueOrThrow({ where: { id: deal.id }, select: { upcomingSteps: true, checklist: true } }),
      (value) => value.upcomingSteps !== null && JSON.stringify(value.checklist).includes('assign_owner'),
      'the workflow recorded its plan and the checklist',
    )

    const response = await page(`/opportunities/${deal.id}`, mover)
    expect(response.status).toBe(200)
    const html = await response.text()
    const text = textOf(html)
    for (const stage of ['New Lead', 'Contacted', 'Discovery Call', 'Proposal Sent', 'Negotiation', 'Closed Won']) {
      expect(text).toContain(stage)
    }
    expect(text).toContain('✔ Assign an owner')
    expect(html).toContain('Mark done: Review the lead data')
    expect(text).toContain('Move to Contacted')
    // What the one-click move still needs is said beside it, before anyone clicks.
    expect(html).toContain('class="primary" aria-describedby="next-move-needs">Move to')
    expect(html).toContain(
      '<p id="next-move-needs" class="muted next-move-needs">Contacted needs these done first: Review the lead data</p>',
    )
    expect(text).toContain('Close as lost')
    expect(text).toContain('Upcoming timers')
    // New Lead's 1-day limit is the first timer the workflow plans.
    expect(text).not.toContain('No plan recorded yet')
    expect(html).toContain(`href="/deals/${deal.id}/proposal.pdf"`)
    expect(html).toContain(`href="/companies/${deal.companyId}"`)
    expect(html).toContain(`href="/contacts/${deal.primaryContactId}"`)
    expect(html).toContain(`http://127.0.0.1:8233/namespaces/default/workflows/deal-${deal.id}`)
    // The record's edit form is still here.
    expect(text).toContain('Save changes')

    // A refused move comes back in the workflow's words.
    const refused = await post(`/opportunities/${deal.id}`, mover, { intent: 'move', toStage: 'CONTACTED' })
    expect(refused.status).toBe(409)
    expect(textOf(await refused.text())).toContain('Contacted needs these done first: Review the lead data')

    // Once it is done, the button stands alone.
    await post(`/opportunities/${deal.id}`, mover, { intent: 'complete-action', action: 'review_lead_data' })
    await eventually(
      () => db.opportunity.findUniqueOrThrow({ where: { id: deal.id }, select: { checklist: true } }),
      (value) => JSON.stringify(value.checklist).includes('review_lead_data'),
      'the workflow ticked the action',
    )
    const ready = await (await page(`/opportunities/${deal.id}`, mover)).text()
    expect(ready).not.toContain('next-move-needs')
    expect(textOf(ready)).toContain('Move to Contacted')

    // Someone else's deal is not found for a Sales Rep; /opportunities/new is still the new-record form.
    expect((await page(`/opportunities/${deal.id}`, otherRep)).status).toBe(404)
    const newForm = await page('/opportunities/new', manager)
    expect(newForm.status).toBe(200)
    expect(textOf(await newForm.text())).toContain('New opportunity')
  })
})
