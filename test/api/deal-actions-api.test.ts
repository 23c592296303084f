// Moving deals through the API on real parts: PostgreSQL, the time-skipping Temporal server, a worker with the real
// deal workflow. Every move is an update of `deal-<id>`, so the API answers what the workflow decides.
import { randomUUID } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { dealsNearStageLimit } from '../../services/deals/deals-near-stage-limit'
import { dealWorkflowId } from '../../workflows/entity-ids'
import { apiKeyWith, createUser, signedInUser, type SignedInUser } from '../support/actors'
import { postJson } from '../support/web'
import { startCrmStack, type CrmStack } from '../support/stack'

let stack: CrmStack
let key: Record<string, string>
let rep: SignedInUser
let otherRep: SignedInUser

beforeAll(async () => {
  stack = await startCrmStack('deal-actions')
  key = (await apiKeyWith(stack.database.db, ['opportunities:read', 'opportunities:update', 'opportunities:create']))
    .headers
  rep = await signedInUser(stack.database.db, 'SALES_REP')
  otherRep = await signedInUser(stack.database.db, 'SALES_REP')
}, 240_000)

afterAll(async () => {
  await stack?.close()
})

async function newDeal(ownerId: string | null = null) {
  const db = stack.database.db
  const company = await db.company.create({
    data: {
      name: `Cool Air ${randomUUID()}`,
      industry: 'HVAC',
      employeeCount: 'RANGE_10_25',
      businessModel: 'SERVICE',
      source: 'REFERRAL',
    },
    select: { id: true },
  })
  const contact = await db.contact.create({
    data: { companyId: company.id, firstName: 'Ada', lastName: 'Diaz', email: `ada-${randomUUID()}@example.com` },
    select: { id: true },
  })
  const response = await postJson(
    `${stack.web.baseUrl}/api/opportunities`,
    {
      companyId: company.id,
      primaryContactId: contact.id,
      name: 'Cool Air — Foundation',
      tier: 'foundation',
      setupFee: 9500,
      ...(ownerId ? { owner: ownerId } : {}),
    },
    key,
  )
  expect(response.status, await response.clone().text()).toBe(201)
  return ((await response.json()) as { id: string }).id
}

const origin = () => ({ origin: stack.web.baseUrl })
const post = (path: string, body: unknown, headers: Record<string, string> = key) =>
  postJson(`${stack.web.baseUrl}/api/opportunities/${path}`, body, { ...origin(), ...headers })

async function body(response: Response) {
  return (await response.json()) as Record<string, unknown>
}

describe('deal actions', () => {
  it('refuses a move whose exit criteria are not met, naming what is missing, and writes nothing', async () => {
    const id = await newDeal()
    const refused = await post(`${id}/move`, { stage: 'contacted' })
    expect(refused.status).toBe(409)
    expect(String((await body(refused)).detail)).toMatch(/Assign an owner, Review the lead data/)
    const row = await stack.database.db.opportunity.findUniqueOrThrow({ where: { id }, select: { stage: true } })
    expect(row.stage).toBe('NEW_LEAD')
  })

  it('ticks the checklist, moves the deal and records who moved it, when, and the probability of §4.1', async () => {
    const id = await newDeal(rep.id)
    expect((await post(`${id}/checklist`, { action: 'review_lead_data' }, rep.headers)).status).toBe(200)
    const moved = await post(`${id}/move`, { stage: 'contacted' }, rep.headers)
    expect(moved.status, JSON.stringify(await body(moved.clone()))).toBe(200)
    const row = await stack.database.db.opportunity.findUniqueOrThrow({
      where: { id },
      select: { stage: true, probability: true },
    })
    expect(row).toEqual({ stage: 'CONTACTED', probability: 15 })
    const history = await fetch(`${stack.web.baseUrl}/api/opportunities/${id}/stage-history`, { headers: key })
    const { stages } = (await history.json()) as {
      stages: { stage: string; exitedAt: string | null; changedBy: { id: string } | null }[]
    }
    expect(stages.map((entry) => [entry.stage, entry.exitedAt === null, entry.changedBy?.id ?? null])).toEqual([
      ['NEW_LEAD', false, null],
      ['CONTACTED', true, rep.id],
    ])
  })

  it('answers a bad body with 400 naming the field', async () => {
    const id = await newDeal()
    const bad = await post(`${id}/move`, { stage: 'won', colour: 'red' })
    expect(bad.status).toBe(400)
    expect(((await body(bad)).errors as { field: string }[]).map((error) => error.field).sort()).toEqual([
      'colour',
      'stage',
    ])
  })

  it('hides another rep’s deal (404) and lets no Customer Success, nor a read-only key, move one (403)', async () => {
    const id = await newDeal(rep.id)
    expect((await post(`${id}/move`, { stage: 'closed_lost', lostReason: 'x' }, otherRep.headers)).status).toBe(404)
    const success = await signedInUser(stack.database.db, 'CUSTOMER_SUCCESS')
    const refused = await post(`${id}/move`, { stage: 'closed_lost', lostReason: 'x' }, success.headers)
    expect(refused.status).toBe(403)
    const readOnly = await apiKeyWith(stack.database.db, ['opportunities:read'])
    for (const [path, body] of [
      ['move', { stage: 'closed_lost', lostReason: 'x' }],
      ['checklist', { action: 'assign_owner' }],
      ['proposal/send', {}],
      ['email', { subject: 'Hello', body: 'Hi' }],
    ] as const) {
      expect((await post(`${id}/${path}`, body, readOnly.headers)).status, path).toBe(403)
    }
    expect(
      (await stack.database.db.opportunity.findUniqueOrThrow({ where: { id }, select: { stage: true } })).stage,
    ).toBe('NEW_LEAD')
  })

  it('reassigns by API key to an active rep only; a rep may not give their deal away; nothing half-written', async () => {
    const id = await newDeal(rep.id)
    const ownerOf = async () =>
      (await stack.database.db.opportunity.findUniqueOrThrow({ where: { id }, select: { ownerId: true } })).ownerId
    const inactive = await createUser(stack.database.db, { role: 'SALES_REP', active: false })
    const viewer = await createUser(stack.database.db, { role: 'VIEWER' })
    for (const owner of [inactive.id, viewer.id, 'no-such-user']) {
      const refused = await post(`${id}/assign`, { owner })
      expect(refused.status, owner).toBe(400)
      expect((await body(refused)).errors).toEqual([
        { field: 'owner', message: 'must be an active Sales Rep or Sales Manager' },
      ])
    }
    const givenAway = await post(`${id}/assign`, { owner: otherRep.id }, rep.headers)
    expect(givenAway.status).toBe(409)
    expect(String((await body(givenAway)).detail)).toBe('Only a Sales Manager or an Admin may reassign a deal')
    expect(await ownerOf()).toBe(rep.id)

    const assigned = await post(`${id}/assign`, { owner: otherRep.id })
    expect(assigned.status, JSON.stringify(await body(assigned.clone()))).toBe(200)
    expect(await ownerOf()).toBe(otherRep.id)
  })

  it('takes one of two people dragging the same card to two stages at once, and refuses the other', async () => {
    const id = await newDeal(rep.id)
    const [first, second] = await Promise.all([
      post(`${id}/move`, { stage: 'closed_lost', lostReason: 'Budget' }, rep.headers),
      post(`${id}/move`, { stage: 'closed_lost', lostReason: 'Timing' }, rep.headers),
    ])
    expect([first.status, second.status].sort()).toEqual([200, 409])
    const transitions = await stack.database.db.dealStageTransition.findMany({
      where: { opportunityId: id, toStage: 'CLOSED_LOST' },
      select: { reason: true },
    })
    expect(transitions).toHaveLength(1)
  })

  it('answers a lost deal’s refused moves, ticks and reassignment from its row, no run started; a manager reopens it in a new run', async () => {
    const id = await newDeal(rep.id)
    const lost = await post(`${id}/move`, { stage: 'closed_lost', lostReason: 'Budget' }, rep.headers)
    expect(lost.status, JSON.stringify(await body(lost.clone()))).toBe(200)
    const workflow = stack.temporal.workflow.getHandle(dealWorkflowId(id))
    await workflow.result()
    const closedRun = (await workflow.describe()).runId

    const byRep = await post(`${id}/move`, { stage: 'contacted', reason: 'They called back' }, rep.headers)
    expect(byRep.status).toBe(409)
    expect((await body(byRep)).detail).toBe('Only a Sales Manager or an Admin may reopen a lost deal')
    const noReason = await post(`${id}/move`, { stage: 'contacted' }, key)
    expect(noReason.status).toBe(409)
    expect((await body(noReason)).detail).toBe('Say why the lost deal is reopened')
    const lostAgain = await post(`${id}/move`, { stage: 'closed_lost', lostReason: 'Still no budget' }, key)
    expect(lostAgain.status).toBe(409)
    expect((await body(lostAgain)).detail).toBe('The deal is already in Closed Lost')
    const tick = await post(`${id}/checklist`, { action: 'review_lead_data' }, rep.headers)
    const assign = await post(`${id}/assign`, { owner: otherRep.id })
    for (const refused of [tick, assign]) {
      expect(refused.status).toBe(409)
      expect((await body(refused)).detail).toBe('The deal is lost: a manager reopens it before it changes')
    }
    expect((await workflow.describe()).runId).toBe(closedRun)

    const reopened = await post(`${id}/move`, { stage: 'contacted', reason: 'They called back' }, key)
    expect(reopened.status, JSON.stringify(await body(reopened.clone()))).toBe(200)
    const reopenedRun = await workflow.describe()
    expect(reopenedRun.runId).not.toBe(closedRun)
    expect(reopenedRun.status.name).toBe('RUNNING')
    const row = await stack.database.db.opportunity.findUniqueOrThrow({ where: { id }, select: { stage: true } })
    expect(row.stage).toBe('CONTACTED')
  })

  it('lists a rep’s deals that reach their stage limit within 24 hours: Contacted (3 days) entered 2.5 days ago, not 1 hour ago', async () => {
    const db = stack.database.db
    const now = new Date()
    const hour = 3_600_000
    const near = await newDeal(otherRep.id)
    const far = await newDeal(otherRep.id)
    // Written straight to the rows: where the deals' workflows would have recorded them.
    await db.opportunity.update({
      where: { id: near },
      data: { stage: 'CONTACTED', stageEnteredAt: new Date(now.getTime() - 60 * hour) },
    })
    await db.opportunity.update({
      where: { id: far },
      data: { stage: 'CONTACTED', stageEnteredAt: new Date(now.getTime() - hour) },
    })
    const listed = (await dealsNearStageLimit(db, otherRep.id, now)).filter((deal) => [near, far].includes(deal.id))
    expect(listed.map((deal) => [deal.id, deal.overdue])).toEqual([[near, false]])
    // 72 hours after it entered Contacted: 12 hours from now.
    expect(listed[0]!.limitAt).toBe(new Date(now.getTime() + 12 * hour).toISOString())
  })
})
