import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { apiKeyWith, signedInUser, type SignedInUser } from '../support/actors'
import { churnedPartnershipOwing, partnershipSettled, runningPartnership } from '../support/partnership-records'
import { startCrmStack, type CrmStack } from '../support/stack'
import { pageRequests, textOf } from '../support/page-requests'

// The partnership page, its list and the client portal (issue 11 "What people see"; §14.2 Partnerships: Customer
// Success CRUD, Sales Rep read), through the real web process, database, Temporal test server and a worker of the
// real partnership workflow. Who may steer is the workflow's rule: the partnership's Customer Success owner or a
// manager.

let stack: CrmStack
let owner: SignedInUser
let otherSuccess: SignedInUser
let rep: SignedInUser
let manager: SignedInUser

beforeAll(async () => {
  stack = await startCrmStack('partnership-page', { remix: true })
  const db = stack.database.db
  owner = await signedInUser(db, 'CUSTOMER_SUCCESS', { name: 'Cora Success' })
  otherSuccess = await signedInUser(db, 'CUSTOMER_SUCCESS', { name: 'Otto Othersuccess' })
  rep = await signedInUser(db, 'SALES_REP', { name: 'Riley Rep' })
  manager = await signedInUser(db, 'SALES_MANAGER', { name: 'Mara Manager' })
}, 240_000)

afterAll(async () => {
  await stack?.close()
})

const { get, post } = pageRequests(() => stack.web.baseUrl)

const statusOf = async (id: string) =>
  (await stack.database.db.partnership.findUniqueOrThrow({ where: { id }, select: { status: true } })).status

const pauseControl = 'name="intent" value="pause"'
const portalControl = 'name="intent" value="create-portal-link"'

describe('the partnership page', () => {
  it('shows a Sales Rep the timeline read-only and refuses their posts with nothing written', async () => {
    const { partnership } = await runningPartnership(stack, {
      ownerId: owner.id,
      weeksAgo: 2,
      companyName: 'Alder Roofing',
    })
    const before = await statusOf(partnership.id)
    const page = await get(`/partnerships/${partnership.id}`, rep)
    expect(page.status).toBe(200)
    const text = textOf(page.body)
    expect(text).toContain('Alder Roofing')
    // The Foundation plan of §5.3, by hand: weeks 4, 8 and 12.
    expect(text).toContain('First system live')
    expect(text).toContain('Second system live')
    expect(text).toContain('Third system live + graduation')
    expect(text).toContain('Read-only')
    expect(page.body).not.toContain(pauseControl)
    expect(page.body).not.toContain(portalControl)

    const refused = await post(`/partnerships/${partnership.id}`, rep, { intent: 'pause', reason: 'Holiday' })
    expect(refused.status).toBe(403)
    const link = await post(`/partnerships/${partnership.id}`, rep, { intent: 'create-portal-link' })
    expect(link.status).toBe(403)
    expect(await statusOf(partnership.id)).toBe(before)
    expect(await stack.database.db.partnershipPortalLink.count({ where: { partnershipId: partnership.id } })).toBe(0)
  })

  it('refuses another Customer Success manager: read-only page, and the workflow says no to a crafted post', async () => {
    const { partnership } = await runningPartnership(stack, { ownerId: owner.id, weeksAgo: 2 })
    const before = await statusOf(partnership.id)
    const page = await get(`/partnerships/${partnership.id}`, otherSuccess)
    expect(page.status).toBe(200)
    expect(page.body).not.toContain(pauseControl)

    const refused = await post(`/partnerships/${partnership.id}`, otherSuccess, { intent: 'pause', reason: 'Holiday' })
    expect(refused.status).toBe(409)
    expect(textOf(await refused.text())).toContain(
      'Only the partnership’s Customer Success owner or a manager may do this',
    )
    expect(await statusOf(partnership.id)).toBe(before)
    const link = await post(`/partnerships/${partnership.id}`, otherSuccess, { intent: 'create-portal-link' })
    expect(link.status).toBe(403)
  })

  it('lets the owner pause (naming a missing reason first), resume and complete a milestone', async () => {
    const { partnership } = await runningPartnership(stack, { ownerId: owner.id, weeksAgo: 2 })
    const id = partnership.id
    const before = await statusOf(id)
    expect(before).not.toBe('PAUSED')
    const page = await get(`/partnerships/${id}`, owner)
    expect(page.body).toContain(pauseControl)
    expect(page.body).toContain('Open this run in the Temporal Web UI')
    expect(page.body).toContain(`http://127.0.0.1:8233/namespaces/default/workflows/partnership-${id}`)

    const blank = await post(`/partnerships/${id}`, owner, { intent: 'pause', reason: '  ' })
    expect(blank.status).toBe(400)
    expect(textOf(await blank.text())).toContain('reason')
    expect(await statusOf(id)).toBe(before)

    const paused = await post(`/partnerships/${id}`, owner, { intent: 'pause', reason: 'Client on holiday' })
    expect(paused.status).toBe(302)
    expect(await statusOf(id)).toBe('PAUSED')
    // The workflow writes its (now empty) plan in the activity that follows the pause.
    for (let attempt = 0; attempt < 200; attempt += 1) {
      const { upcomingSteps } = await stack.database.db.partnership.findUniqueOrThrow({
        where: { id },
        select: { upcomingSteps: true },
      })
      if (Array.isArray(upcomingSteps) && upcomingSteps.length === 0) break
      await new Promise((resolve) => setTimeout(resolve, 50))
    }
    expect(textOf((await get(`/partnerships/${id}`, owner)).body)).toContain(
      'Nothing scheduled while the partnership is paused: its timers start again when it resumes.',
    )
    const resumed = await post(`/partnerships/${id}`, owner, { intent: 'resume' })
    expect(resumed.status).toBe(302)
    expect(await statusOf(id)).toBe(before)

    const done = await post(`/partnerships/${id}`, owner, { intent: 'complete-milestone', key: 'week-4' })
    expect(done.status).toBe(302)
    const milestone = await stack.database.db.partnershipMilestone.findUniqueOrThrow({
      where: { partnershipId_key: { partnershipId: id, key: 'week-4' } },
      select: { completedAt: true },
    })
    expect(milestone.completedAt).not.toBeNull()
  })

  it('lets the owner mark the setup fee received: the workflow records it paid, and a second mark is refused', async () => {
    const { partnership } = await runningPartnership(stack, { ownerId: owner.id, weeksAgo: 1 })
    const id = partnership.id
    await partnershipSettled(stack, id)
    const setupFee = () =>
      stack.database.db.payment.findFirstOrThrow({
        where: { partnershipId: id, type: 'SETUP' },
        select: { id: true, status: true, paidDate: true },
      })
    const unpaid = await setupFee()
    expect(unpaid.paidDate).toBeNull()
    expect((await get(`/partnerships/${id}`, rep)).body).not.toContain('value="payment-received"')
    expect((await get(`/partnerships/${id}`, owner)).body).toContain('value="payment-received"')

    const refused = await post(`/partnerships/${id}`, rep, { intent: 'payment-received', paymentId: unpaid.id })
    expect(refused.status).toBeGreaterThanOrEqual(400)
    expect((await setupFee()).paidDate).toBeNull()

    const marked = await post(`/partnerships/${id}`, owner, { intent: 'payment-received', paymentId: unpaid.id })
    expect(marked.status).toBe(302)
    const paid = await setupFee()
    expect(paid.status).toBe('PAID')
    expect(paid.paidDate).not.toBeNull()

    const again = await post(`/partnerships/${id}`, owner, { intent: 'payment-received', paymentId: unpaid.id })
    expect(again.status).toBe(409)
  })

  it('after a churn, offers Mark received on the month still owed only, and records it (decision 0050)', async () => {
    const db = stack.database.db
    const { partnershipId: id, owed } = await churnedPartnershipOwing(db, owner.id)
    const page = (await get(`/partnerships/${id}`, owner)).body
    expect(page.split('value="payment-received"')).toHaveLength(2)
    expect(page).toContain(`name="paymentId" value="${owed.id}"`)
    expect((await get(`/partnerships/${id}`, rep)).body).not.toContain('value="payment-received"')

    const marked = await post(`/partnerships/${id}`, owner, { intent: 'payment-received', paymentId: owed.id })
    expect(marked.status).toBe(302)
    expect(await db.payment.findUniqueOrThrow({ where: { id: owed.id }, select: { status: true } })).toEqual({
      status: 'PAID',
    })
    expect((await get(`/partnerships/${id}`, owner)).body).not.toContain('value="payment-received"')
  })

  it('keeps Start and Target end to the workflow: the API names them, the form does not offer them', async () => {
    const { partnership } = await runningPartnership(stack, { ownerId: owner.id, weeksAgo: 1 })
    const key = await apiKeyWith(stack.database.db, ['partnerships:read', 'partnerships:update'])
    const response = await fetch(`${stack.web.baseUrl}/api/partnerships/${partnership.id}`, {
      method: 'PATCH',
      headers: { 'content-type': 'application/json', ...key.headers },
      body: JSON.stringify({ startDate: '2027-05-03', targetEndDate: '2027-07-26' }),
    })
    expect(response.status).toBe(400)
    const problem = (await response.json()) as { errors?: { field: string }[]; fields?: { field: string }[] }
    const fields = (problem.errors ?? problem.fields ?? []).map((error) => error.field)
    expect(fields).toEqual(expect.arrayContaining(['startDate', 'targetEndDate']))

    const page = await get(`/partnerships/${partnership.id}`, owner)
    expect(page.body).not.toContain('name="startDate"')
    expect(page.body).not.toContain('name="targetEndDate"')
  })
})

describe('the client portal', () => {
  it('opens without sign-in through the owner’s link, 404 when altered, 410 once revoked, each step audited', async () => {
    const { partnership } = await runningPartnership(stack, {
      ownerId: owner.id,
      weeksAgo: 2,
      companyName: 'Birch Dental',
    })
    const id = partnership.id
    const created = await post(`/partnerships/${id}`, owner, { intent: 'create-portal-link' })
    expect(created.status).toBe(200)
    const url = /value="(http[^"]+\/portal\/[^"]+)"/.exec(await created.text())?.[1]
    expect(url).toBeDefined()
    const path = new URL(url!).pathname
    const token = path.split('/').pop()!

    const portal = await get(path)
    expect(portal.status).toBe(200)
    const text = textOf(portal.body)
    expect(text).toContain('Birch Dental')
    expect(text).toContain('First system live')
    // The Foundation setup fee of §13, by hand.
    expect(text).toContain('$9,500')
    // Nothing internal: no health, no alerts, no controls.
    expect(text).not.toContain('Health')
    expect(portal.body).not.toContain('name="intent"')

    const altered = `${token.slice(0, -1)}${token.endsWith('A') ? 'B' : 'A'}`
    expect((await get(`/portal/${altered}`)).status).toBe(404)
    expect((await get('/portal/not-a-token')).status).toBe(404)

    const link = await stack.database.db.partnershipPortalLink.findFirstOrThrow({
      where: { partnershipId: id },
      select: { id: true, tokenHash: true, lastViewedAt: true },
    })
    // Only the token's hash is kept.
    expect(link.tokenHash).not.toContain(token)
    expect(link.lastViewedAt).not.toBeNull()

    // Another Customer Success manager may not revoke it.
    expect(
      (await post(`/partnerships/${id}`, otherSuccess, { intent: 'revoke-portal-link', linkId: link.id })).status,
    ).toBe(403)
    expect((await get(path)).status).toBe(200)

    const revoked = await post(`/partnerships/${id}`, owner, { intent: 'revoke-portal-link', linkId: link.id })
    expect(revoked.status).toBe(302)
    const gone = await get(path)
    expect(gone.status).toBe(410)
    expect(textOf(gone.body)).toContain('Link withdrawn')

    const audit = await stack.database.db.auditLog.findMany({
      where: { entityType: 'partnerships', entityId: id, action: { startsWith: 'partnerships.portal-link' } },
      select: { action: true, actorId: true },
      orderBy: { createdAt: 'asc' },
    })
    expect(audit).toEqual([
      { action: 'partnerships.portal-link.create', actorId: owner.id },
      { action: 'partnerships.portal-link.revoke', actorId: owner.id },
    ])
  })
})

describe('the partnerships list', () => {
  it('lists the viewer’s own first, filters at-risk and overdue, and refuses an unknown filter naming it', async () => {
    const db = stack.database.db
    // Each started half a week off a week boundary, so no phase change re-records the workflow's own score over the
    // ones written below while the test reads.
    const mineHealthy = await runningPartnership(stack, {
      ownerId: manager.id,
      weeksAgo: 1.5,
      companyName: 'Cedar Mine',
    })
    const othersRisky = await runningPartnership(stack, {
      ownerId: owner.id,
      weeksAgo: 1.5,
      companyName: 'Dogwood Risk',
    })
    // Five and a half weeks in: the week-4 milestone is past due and open.
    const othersLate = await runningPartnership(stack, { ownerId: owner.id, weeksAgo: 5.5, companyName: 'Elm Late' })
    await partnershipSettled(stack, othersLate.partnership.id)
    // Written where the workflow would (each has only its unpaid setup fee to judge by, so 0 and at risk so far):
    // 40 is below §9.3's 50, at risk; 90 and 75 are 70 or more, healthy.
    await db.partnership.update({ where: { id: othersRisky.partnership.id }, data: { healthScore: 40, atRisk: true } })
    await db.partnership.update({ where: { id: mineHealthy.partnership.id }, data: { healthScore: 90, atRisk: false } })
    await db.partnership.update({ where: { id: othersLate.partnership.id }, data: { healthScore: 75, atRisk: false } })

    const all = textOf((await get('/partnerships?sort=company', manager)).body)
    // The manager's own first, then the others by company.
    expect(all.indexOf('Cedar Mine')).toBeGreaterThan(-1)
    // Only this test's partnerships are compared: the file's tests run in any order and add their own.
    expect(all.indexOf('Cedar Mine')).toBeLessThan(all.indexOf('Dogwood Risk'))
    expect(all.indexOf('Dogwood Risk')).toBeGreaterThan(-1)
    expect(all.indexOf('Dogwood Risk')).toBeLessThan(all.indexOf('Elm Late'))

    const risky = textOf((await get('/partnerships?health=at-risk', manager)).body)
    expect(risky).toContain('Dogwood Risk')
    expect(risky).not.toContain('Cedar Mine')
    expect(risky).not.toContain('Elm Late')

    const overdue = textOf((await get('/partnerships?overdue=milestones', manager)).body)
    expect(overdue).toContain('Elm Late')
    expect(overdue).not.toContain('Cedar Mine')
    expect(overdue).not.toContain('Dogwood Risk')

    // A churned partnership's open milestone was not reached, not late; the money it still owes is overdue.
    const churned = await churnedPartnershipOwing(db, owner.id)
    await db.partnershipMilestone.create({
      data: {
        partnershipId: churned.partnershipId,
        key: 'week-4',
        label: 'System live',
        week: 4,
        // Past due by the clock the list reads (now), so only the ended rule keeps it out of the overdue list.
        plannedAt: new Date(Date.now() - 10 * 24 * 60 * 60 * 1000),
        dueAt: new Date(Date.now() - 10 * 24 * 60 * 60 * 1000),
      },
      select: { id: true },
    })
    const { company } = await db.partnership.findUniqueOrThrow({
      where: { id: churned.partnershipId },
      select: { company: { select: { name: true } } },
    })
    const ended = (overdue: string) => get(`/partnerships?status=all&overdue=${overdue}`, manager)
    expect(textOf((await ended('milestones')).body)).not.toContain(company.name)
    expect(textOf((await ended('payments')).body)).toContain(company.name)
    const page = textOf((await get(`/partnerships/${churned.partnershipId}`, manager)).body)
    expect(page).toContain('Not reached')
    expect(page).not.toMatch(/overdue \d+ d/)
    expect(page).toContain('Nothing scheduled: the partnership has ended.')

    const bad = await get('/partnerships?health=purple', manager)
    expect(bad.status).toBe(400)
    expect(textOf(bad.body)).toContain('health must be one of healthy, watch, at-risk')
  })
})
