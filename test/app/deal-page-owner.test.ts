import { randomUUID } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createUser, signedInUser, type SignedInUser, type TestUser } from '../support/actors'
import { startCrmStack, type CrmStack } from '../support/stack'
import { pageRequests, textOf } from '../support/page-requests'

// Reassigning a deal from its page (issue 10 "The deal page"; §14.2): a Sales Manager picks any active Sales Rep or
// Sales Manager; a Sales Rep gets no control, and a crafted post is refused with nothing written. Reopening a lost
// deal likewise (decision 0023: a manager's move, with a reason). Through the real web process, database, Temporal
// server and a worker of the real deal workflow.

let stack: CrmStack
let manager: SignedInUser
let rep: SignedInUser
let otherRep: SignedInUser
let inactiveRep: TestUser
let viewer: TestUser

beforeAll(async () => {
  stack = await startCrmStack('deal-page-owner', { remix: true })
  const db = stack.database.db
  manager = await signedInUser(db, 'SALES_MANAGER', { name: 'Mara Manager' })
  rep = await signedInUser(db, 'SALES_REP', { name: 'Riley Rep' })
  otherRep = await signedInUser(db, 'SALES_REP', { name: 'Oscar Otherrep' })
  inactiveRep = await createUser(db, { role: 'SALES_REP', name: 'Ina Inactive', active: false })
  viewer = await createUser(db, { role: 'VIEWER', name: 'Vic Viewer' })
})

afterAll(async () => {
  await stack?.close()
})

async function createDeal(ownerId: string | null) {
  const db = stack.database.db
  const company = await db.company.create({
    data: {
      name: `Cedar HVAC ${randomUUID().slice(0, 6)}`,
      industry: 'HVAC',
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
      name: 'Cedar — Foundation',
      tier: 'FOUNDATION',
      setupFee: 9_500,
      monthlyFee: 3_500,
      estimatedMonths: 3,
      totalContractValue: 20_000,
      ownerId,
    },
    select: { id: true },
  })
}

const { get: html, post } = pageRequests(() => stack.web.baseUrl)

const ownerOf = async (id: string) =>
  (await stack.database.db.opportunity.findUniqueOrThrow({ where: { id }, select: { ownerId: true } })).ownerId

const assignControl = 'name="intent" value="assign"'

describe('reassigning from the deal page', () => {
  it('gives a Sales Rep no reassign control, and refuses their crafted posts with nothing written', async () => {
    const own = await createDeal(rep.id)
    const others = await createDeal(otherRep.id)

    const ownPage = await html(`/opportunities/${own.id}`, rep)
    expect(ownPage.status).toBe(200)
    expect(ownPage.body).toContain('Cedar — Foundation')
    expect(ownPage.body).not.toContain(assignControl)
    // Someone else's deal does not exist for a rep (§14.2 "CRUD own"): no page, so no control either.
    expect((await html(`/opportunities/${others.id}`, rep)).status).toBe(404)

    // Posted anyway on someone else's deal: answered like a missing deal, before the workflow is asked.
    const onOthers = await post(`/opportunities/${others.id}`, rep, { intent: 'assign', ownerId: rep.id })
    expect(onOthers.status).toBe(404)
    expect(await ownerOf(others.id)).toBe(otherRep.id)

    // Posted on their own deal, to give it away: the deal workflow's validator refuses, in words, on the page.
    const giveAway = await post(`/opportunities/${own.id}`, rep, { intent: 'assign', ownerId: otherRep.id })
    expect(giveAway.status).toBe(409)
    expect(textOf(await giveAway.text())).toContain('Only a Sales Manager or an Admin may reassign a deal')
    expect(await ownerOf(own.id)).toBe(rep.id)
  })

  it('lets a Sales Manager reassign to an active Sales Rep, offering only active sales users', async () => {
    const deal = await createDeal(rep.id)
    const { body } = await html(`/opportunities/${deal.id}`, manager)
    expect(body).toContain(assignControl)
    const owners = body.slice(body.indexOf('name="ownerId"'), body.indexOf('</select>', body.indexOf('name="ownerId"')))
    expect(owners).toContain(`value="${otherRep.id}"`)
    expect(owners).toContain(`value="${manager.id}"`)
    // The current owner is no choice; an inactive rep and a Viewer are none either.
    expect(owners).not.toContain(`value="${rep.id}"`)
    expect(owners).not.toContain(`value="${inactiveRep.id}"`)
    expect(owners).not.toContain(`value="${viewer.id}"`)

    const refused = await post(`/opportunities/${deal.id}`, manager, { intent: 'assign', ownerId: inactiveRep.id })
    expect(refused.status).toBe(400)
    expect(textOf(await refused.text())).toContain('The new owner must be an active Sales Rep or Sales Manager')
    expect(await ownerOf(deal.id)).toBe(rep.id)

    const done = await post(`/opportunities/${deal.id}`, manager, { intent: 'assign', ownerId: otherRep.id })
    expect(done.status).toBe(302)
    expect(decodeURIComponent(done.headers.get('location') ?? '')).toContain('Now owned by Oscar Otherrep.')
    expect(await ownerOf(deal.id)).toBe(otherRep.id)
  })

  it('says when the prospect has no ROI calculation and links to the calculator', async () => {
    const deal = await createDeal(rep.id)
    const { body } = await html(`/opportunities/${deal.id}`, rep)
    expect(textOf(body)).toContain('No ROI calculation by this prospect yet')
    expect(body).toContain('href="/roi-calculator"')
  })
})

describe('reopening a lost deal from its page', () => {
  const stageOf = async (id: string) =>
    (await stack.database.db.opportunity.findUniqueOrThrow({ where: { id }, select: { stage: true } })).stage
  const reopenControl = 'name="intent" value="reopen"'

  it('offers a manager the reopen, back to the stage it was lost from, with a reason; a rep neither sees nor posts it', async () => {
    const deal = await createDeal(rep.id)
    const lost = await post(`/opportunities/${deal.id}`, rep, {
      intent: 'move',
      toStage: 'CLOSED_LOST',
      lostReason: 'Went with a cheaper agency',
    })
    expect(lost.status).toBe(302)
    expect(await stageOf(deal.id)).toBe('CLOSED_LOST')

    const repPage = await html(`/opportunities/${deal.id}`, rep)
    expect(repPage.body).not.toContain(reopenControl)
    expect(textOf(repPage.body)).toContain(
      'Nothing scheduled: the deal is lost. A manager’s reopen starts its workflow.',
    )
    const byRep = await post(`/opportunities/${deal.id}`, rep, { intent: 'reopen', toStage: 'NEW_LEAD', reason: 'x' })
    expect(byRep.status).toBe(409)
    expect(textOf(await byRep.text())).toContain('Only a Sales Manager or an Admin may reopen a lost deal')

    const { body } = await html(`/opportunities/${deal.id}`, manager)
    expect(body).toContain(reopenControl)
    expect(body).toContain('<option value="NEW_LEAD" selected="">New Lead</option>')
    const noReason = await post(`/opportunities/${deal.id}`, manager, { intent: 'reopen', toStage: 'NEW_LEAD' })
    expect(noReason.status).toBe(409)
    expect(textOf(await noReason.text())).toContain('Say why the lost deal is reopened')
    expect(await stageOf(deal.id)).toBe('CLOSED_LOST')

    const reopened = await post(`/opportunities/${deal.id}`, manager, {
      intent: 'reopen',
      toStage: 'NEW_LEAD',
      reason: 'Their new budget came through',
    })
    expect(reopened.status).toBe(302)
    expect(decodeURIComponent(reopened.headers.get('location') ?? '')).toContain('Reopened in New Lead.')
    expect(await stageOf(deal.id)).toBe('NEW_LEAD')
    expect((await html(`/opportunities/${deal.id}`, manager)).body).not.toContain(reopenControl)
  })

  it('says of a deal closed before the CRM ran it (seeded) that no run was, and that nothing is scheduled', async () => {
    const deal = await createDeal(rep.id)
    await stack.database.db.opportunity.update({
      where: { id: deal.id },
      data: { stage: 'CLOSED_LOST', lostReason: 'Budget', lostFromStage: 'CONTACTED' },
    })
    const text = textOf((await html(`/opportunities/${deal.id}`, manager)).body)
    expect(text).toContain('No run recorded in this CRM')
    expect(text).not.toContain('Not started')
    expect(text).toContain('Nothing scheduled: the deal is lost. A manager’s reopen starts its workflow.')
    expect((await html(`/opportunities/${deal.id}`, manager)).body).toContain(
      '<option value="CONTACTED" selected="">Contacted</option>',
    )
  })
})
