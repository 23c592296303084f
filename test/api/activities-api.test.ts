import { randomUUID } from 'node:crypto'
import type { TestWorkflowEnvironment } from '@temporalio/testing'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { changeTask, logActivity } from '../../services/activities/activities'
import type { ActivityLoggedEvent } from '../../services/activities/activity-hooks'
import { leadStatusQuery, leadWorkflowId } from '../../workflows/lead-messages'
import { taskReminderStatusQuery, taskWorkflowId } from '../../workflows/task-messages'
import { apiKeyWith, signedInTeam, type SignedInTeam, type SignedInUser } from '../support/actors'
import type { TestDatabase } from '../support/database'
import { startCrmStack, type CrmStack } from '../support/stack'
import { postJson, type startWeb } from '../support/web'

// POST/GET/PATCH/DELETE /api/activities against the real stack: PostgreSQL, the time-skipping Temporal server with
// a worker of the real workflows, the web process. Access follows §14.2 as decision 0022 reads it.

const minute = 60 * 1000
const hour = 60 * minute

let env: TestWorkflowEnvironment
let database: TestDatabase
let web: Awaited<ReturnType<typeof startWeb>>
let stack: CrmStack
let people: SignedInTeam

beforeAll(async () => {
  stack = await startCrmStack('activities-api')
  ;({ env, database, web } = stack)
  people = await signedInTeam(database.db)
})

afterAll(async () => {
  await stack?.close()
})

async function createLead(ownerId: string | null) {
  return database.db.lead.create({
    data: { email: `lead-${randomUUID()}@bayside.example`, source: 'WEBSITE', assignedToId: ownerId },
    select: { id: true },
  })
}

async function createCompanyWithDeal(dealOwnerId: string) {
  const { db } = database
  const company = await db.company.create({
    data: {
      name: `Bayside HVAC ${randomUUID().slice(0, 8)}`,
      industry: 'HVAC',
      employeeCount: 'RANGE_10_25',
      businessModel: 'SERVICE',
      source: 'WEBSITE',
    },
    select: { id: true },
  })
  const contact = await db.contact.create({
    data: {
      companyId: company.id,
      firstName: 'Jordan',
      lastName: 'Lee',
      email: `jordan-${randomUUID()}@bayside.example`,
    },
    select: { id: true },
  })
  const deal = await db.opportunity.create({
    data: {
      companyId: company.id,
      primaryContactId: contact.id,
      name: 'Bayside HVAC – Foundation',
      tier: 'FOUNDATION',
      setupFee: 15000,
      totalContractValue: 15000,
      ownerId: dealOwnerId,
    },
    select: { id: true },
  })
  return { companyId: company.id, contactId: contact.id, dealId: deal.id }
}

const send = (method: string, path: string, headers: Record<string, string>, body?: unknown) =>
  fetch(`${web.baseUrl}/api${path}`, {
    method,
    headers: { 'content-type': 'application/json', origin: web.baseUrl, ...headers },
    body: body === undefined ? undefined : JSON.stringify(body),
  })
const post = (body: unknown, headers: Record<string, string>) =>
  postJson(`${web.baseUrl}/api/activities`, body, { ...headers, origin: web.baseUrl })

/** The activity service's context for the Sales Rep, as the web process builds it (the default hooks unless given). */
const repContext = () => ({
  db: database.db,
  temporal: env.client,
  taskQueue: stack.taskQueue,
  actor: {
    kind: 'user' as const,
    userId: people.rep.id,
    email: people.rep.email,
    name: people.rep.name,
    role: 'SALES_REP' as const,
    sessionId: 'test',
  },
})

async function serverNow() {
  return new Date(await env.currentTimeMs())
}

describe('logging work', () => {
  it('logs a call on a lead the rep owns, done now, and lists it on the lead', async () => {
    const lead = await createLead(people.rep.id)
    const response = await post(
      {
        type: 'call',
        subject: 'Intro call',
        outcome: 'Interested in Foundation',
        direction: 'outbound',
        leadId: lead.id,
      },
      people.rep.headers,
    )
    expect(response.status).toBe(201)
    const call = await response.json()
    expect(call).toMatchObject({
      type: 'call',
      subject: 'Intro call',
      outcome: 'Interested in Foundation',
      direction: 'outbound',
      leadId: lead.id,
      userId: people.rep.id,
      userName: 'Riley Rep',
      status: 'done',
      dueAt: null,
    })
    expect(response.headers.get('location')).toBe(`/api/activities/${call.id}`)
    const list = await send('GET', `/activities?leadId=${lead.id}`, people.rep.headers)
    expect(list.status).toBe(200)
    expect((await list.json()).activities.map((activity: { id: string }) => activity.id)).toEqual([call.id])
  })

  it('logs a task with its reminder workflow, task-<id>, waiting until 15 minutes before it is due', async () => {
    const lead = await createLead(people.rep.id)
    const dueAt = new Date((await serverNow()).getTime() + 5 * hour)
    const response = await post(
      { type: 'task', subject: 'Send the case study', leadId: lead.id, dueAt: dueAt.toISOString() },
      people.rep.headers,
    )
    expect(response.status).toBe(201)
    const task = await response.json()
    expect(task).toMatchObject({ type: 'task', status: 'open', dueAt: dueAt.toISOString(), userId: people.rep.id })
    const status = await env.client.workflow.getHandle(taskWorkflowId(task.id)).query(taskReminderStatusQuery)
    expect(status).toEqual({
      activityId: task.id,
      dueAt: dueAt.toISOString(),
      remindsAt: new Date(dueAt.getTime() - 15 * minute).toISOString(),
      closed: null,
    })
  })

  it('lets a manager give a task to a rep, and refuses an owner who is not an active user, naming ownerId', async () => {
    const { companyId } = await createCompanyWithDeal(people.rep.id)
    const dueAt = new Date((await serverNow()).getTime() + 2 * hour).toISOString()
    const given = await post(
      { type: 'task', subject: 'Book the walkthrough', companyId, dueAt, ownerId: people.rep.id },
      people.manager.headers,
    )
    expect(given.status).toBe(201)
    expect(await given.json()).toMatchObject({ userId: people.rep.id, companyId })

    const nobody = await post(
      { type: 'task', subject: 'x', companyId, dueAt, ownerId: 'no-such-user' },
      people.manager.headers,
    )
    expect(nobody.status).toBe(400)
    expect((await nobody.json()).errors).toEqual([{ field: 'ownerId', message: 'is not an active user' }])
  })

  it.each([
    [{ type: 'call', subject: 'x' }, 'leadId'],
    [{ type: 'fax', subject: 'x', leadId: 'L' }, 'type'],
    [{ type: 'call', subject: '', leadId: 'L' }, 'subject'],
    [{ type: 'task', subject: 'x', leadId: 'L' }, 'dueAt'],
    [{ type: 'task', subject: 'x', leadId: 'L', dueAt: 'tomorrow' }, 'dueAt'],
    [{ type: 'note', subject: 'x', leadId: 'L', dueAt: '2026-12-03T10:00:00Z' }, 'dueAt'],
    [{ type: 'call', subject: 'x', leadId: 'L', companyId: 'C' }, 'companyId'],
    [{ type: 'note', subject: 'x', leadId: 'L', direction: 'inbound' }, 'direction'],
    [{ type: 'call', subject: 'x', leadId: 'L', colour: 'red' }, 'colour'],
  ])('refuses %j with 400 naming %s, and writes nothing', async (body, field) => {
    // The manager's work only: the lead workflows that earlier tests' logged work started write their own timeline
    // entries (acknowledgement, owner) meanwhile, with no user (decision 0089).
    const mine = () => database.db.activity.count({ where: { userId: people.manager.id } })
    const before = await mine()
    const response = await post(body, people.manager.headers)
    expect(response.status).toBe(400)
    const problem = await response.json()
    expect(problem.code).toBe('invalid-input')
    expect(problem.errors.map((error: { field: string }) => error.field)).toContain(field)
    expect(await mine()).toBe(before)
  })

  it('answers 404 naming the field for a record that does not exist', async () => {
    const response = await post({ type: 'note', subject: 'x', opportunityId: 'no-such-deal' }, people.manager.headers)
    expect(response.status).toBe(404)
    expect((await response.json()).errors).toEqual([{ field: 'opportunityId', message: 'names no record you may see' }])
  })
})

describe('who may log and see work (§14.2)', () => {
  it('answers 401 without a session or key', async () => {
    const lead = await createLead(null)
    expect((await post({ type: 'note', subject: 'x', leadId: lead.id }, {})).status).toBe(401)
  })

  it("hides another rep's lead and deal from a rep (404), on logging and on listing", async () => {
    const lead = await createLead(people.otherRep.id)
    const { dealId } = await createCompanyWithDeal(people.otherRep.id)
    for (const target of [{ leadId: lead.id }, { opportunityId: dealId }]) {
      expect((await post({ type: 'note', subject: 'x', ...target }, people.rep.headers)).status).toBe(404)
      const [field, id] = Object.entries(target)[0]!
      expect((await send('GET', `/activities?${field}=${id}`, people.rep.headers)).status).toBe(404)
    }
    expect(await database.db.activity.count({ where: { OR: [{ leadId: lead.id }, { opportunityId: dealId }] } })).toBe(
      0,
    )
  })

  it('refuses a Viewer with 403 (audited), and lets the Viewer read', async () => {
    const lead = await createLead(null)
    const response = await post({ type: 'note', subject: 'x', leadId: lead.id }, people.viewer.headers)
    expect(response.status).toBe(403)
    expect(
      await database.db.auditLog.count({ where: { entityId: lead.id, action: 'activities.log', outcome: 'DENIED' } }),
    ).toBe(1)
    expect((await send('GET', `/activities?leadId=${lead.id}`, people.viewer.headers)).status).toBe(200)
  })

  it("lets Customer Success log on a company, and shows a company's list the work on its contacts and deals", async () => {
    const { companyId, contactId, dealId } = await createCompanyWithDeal(people.rep.id)
    for (const target of [{ companyId }, { contactId }, { opportunityId: dealId }]) {
      expect((await post({ type: 'note', subject: 'Handover note', ...target }, people.manager.headers)).status).toBe(
        201,
      )
    }
    expect((await post({ type: 'meeting', subject: 'Kick-off', contactId }, people.success.headers)).status).toBe(201)
    const all = await (await send('GET', `/activities?companyId=${companyId}`, people.manager.headers)).json()
    expect(all.activities).toHaveLength(4)
    // The other rep may read the company but not the deal: the deal's note is not theirs to see.
    const theirs = await (await send('GET', `/activities?companyId=${companyId}`, people.otherRep.headers)).json()
    expect(theirs.activities).toHaveLength(3)
    expect(theirs.activities.some((activity: { opportunityId: string | null }) => activity.opportunityId)).toBe(false)
  })

  it("needs the record's update scope for an API key to log, and its read scope to list", async () => {
    const lead = await createLead(null)
    const reader = await apiKeyWith(database.db, ['leads:read'])
    const writer = await apiKeyWith(database.db, ['leads:read', 'leads:update'])
    const headersOf = (key: { headers: Record<string, string> }) => key.headers
    expect((await post({ type: 'email', subject: 'Sent the deck', leadId: lead.id }, headersOf(reader))).status).toBe(
      403,
    )
    const logged = await post({ type: 'email', subject: 'Sent the deck', leadId: lead.id }, headersOf(writer))
    expect(logged.status).toBe(201)
    expect(await logged.json()).toMatchObject({ userId: null })
    expect((await send('GET', `/activities?leadId=${lead.id}`, headersOf(reader))).status).toBe(200)
    const taskWithoutOwner = await post(
      { type: 'task', subject: 'x', leadId: lead.id, dueAt: new Date(Date.now() + hour).toISOString() },
      headersOf(writer),
    )
    expect(taskWithoutOwner.status).toBe(400)
    expect((await taskWithoutOwner.json()).errors).toEqual([
      { field: 'ownerId', message: 'is required when an API key logs a task' },
    ])
  })
})

describe('changing a task', () => {
  async function openTask(owner: SignedInUser, dueInMs = 3 * hour) {
    const lead = await createLead(owner.id)
    const dueAt = new Date((await serverNow()).getTime() + dueInMs)
    const response = await post(
      { type: 'task', subject: 'Follow up', leadId: lead.id, dueAt: dueAt.toISOString() },
      owner.headers,
    )
    expect(response.status).toBe(201)
    return { ...(await response.json()), leadId: lead.id } as { id: string; leadId: string; dueAt: string }
  }
  const statusOf = (id: string) => env.client.workflow.getHandle(taskWorkflowId(id)).query(taskReminderStatusQuery)

  it('moves the due time and the reminder with it', async () => {
    const task = await openTask(people.rep)
    const movedTo = new Date(Date.parse(task.dueAt) + 24 * hour).toISOString()
    const response = await send('PATCH', `/activities/${task.id}`, people.rep.headers, { dueAt: movedTo })
    expect(response.status).toBe(200)
    expect(await response.json()).toMatchObject({ dueAt: movedTo, status: 'open' })
    await expect.poll(async () => (await statusOf(task.id)).dueAt).toBe(movedTo)
  })

  it('completes the task and ends its reminder without reminding; a second completion is a 409', async () => {
    const task = await openTask(people.rep)
    const response = await send('PATCH', `/activities/${task.id}`, people.rep.headers, {
      completed: true,
      outcome: 'Done',
    })
    expect(response.status).toBe(200)
    expect(await response.json()).toMatchObject({ status: 'done', outcome: 'Done' })
    const result = await stack.temporal.workflow.getHandle(taskWorkflowId(task.id)).result()
    expect(result).toEqual({ reminded: false, reason: 'Task completed' })
    expect(
      await database.db.notification.count({ where: { idempotencyKey: { startsWith: `task-${task.id}/` } } }),
    ).toBe(0)
    const again = await send('PATCH', `/activities/${task.id}`, people.rep.headers, { completed: true })
    expect(again.status).toBe(409)
  })

  it('deletes the task and ends its reminder', async () => {
    const task = await openTask(people.rep)
    expect((await send('DELETE', `/activities/${task.id}`, people.rep.headers)).status).toBe(204)
    const result = await stack.temporal.workflow.getHandle(taskWorkflowId(task.id)).result()
    expect(result).toEqual({ reminded: false, reason: 'Task deleted' })
    expect(await database.db.activity.count({ where: { id: task.id } })).toBe(0)
  })

  it('refuses bad changes with 400 naming the field', async () => {
    const task = await openTask(people.rep)
    for (const [body, field] of [
      [{}, '(body)'],
      [{ completed: false }, 'completed'],
      [{ dueAt: 'soon' }, 'dueAt'],
      [{ subject: 'renamed' }, 'subject'],
    ] as const) {
      const response = await send('PATCH', `/activities/${task.id}`, people.rep.headers, body)
      expect(response.status, JSON.stringify(body)).toBe(400)
      expect((await response.json()).errors.map((error: { field: string }) => error.field)).toContain(field)
    }
  })

  it("lets only the task's owner, an Admin or a Sales Manager change it", async () => {
    const { companyId } = await createCompanyWithDeal(people.rep.id)
    const dueAt = new Date((await serverNow()).getTime() + 3 * hour).toISOString()
    const task = await (
      await post({ type: 'task', subject: 'Check references', companyId, dueAt }, people.rep.headers)
    ).json()
    const later = new Date(Date.parse(dueAt) + hour).toISOString()
    // Another rep may read the company (CRUD) but not change a colleague's task.
    expect((await send('PATCH', `/activities/${task.id}`, people.otherRep.headers, { dueAt: later })).status).toBe(403)
    expect((await send('DELETE', `/activities/${task.id}`, people.otherRep.headers)).status).toBe(403)
    expect((await send('PATCH', `/activities/${task.id}`, people.manager.headers, { dueAt: later })).status).toBe(200)
  })

  it('answers 409 to completing something that is not a task', async () => {
    const lead = await createLead(people.rep.id)
    const note = await (await post({ type: 'note', subject: 'x', leadId: lead.id }, people.rep.headers)).json()
    expect((await send('PATCH', `/activities/${note.id}`, people.rep.headers, { completed: true })).status).toBe(409)
  })
})

describe('the deal learns of its work (onActivityLogged)', () => {
  it('tells the hook of a call logged on a deal and of a task completed on it', async () => {
    const { dealId } = await createCompanyWithDeal(people.rep.id)
    const told: ActivityLoggedEvent[] = []
    const context = {
      ...repContext(),
      hooks: { onActivityLogged: async (event: ActivityLoggedEvent) => void told.push(event) },
    }
    const call = await logActivity(context, { type: 'call', subject: 'Pricing questions', opportunityId: dealId })
    const dueAt = new Date((await serverNow()).getTime() + 4 * hour).toISOString()
    const task = await logActivity(context, { type: 'task', subject: 'Send pricing', opportunityId: dealId, dueAt })
    await changeTask(context, task.id, { completed: true })
    expect(told.map(({ change, activityId, opportunityId }) => ({ change, activityId, opportunityId }))).toEqual([
      { change: 'logged', activityId: call.id, opportunityId: dealId },
      { change: 'logged', activityId: task.id, opportunityId: dealId },
      { change: 'completed', activityId: task.id, opportunityId: dealId },
    ])
    expect(told[0]!.completedAt).toBeInstanceOf(Date)
    expect(told[1]!.scheduledAt?.toISOString()).toBe(dueAt)
  })
})

describe('the lead learns of its work (decision 0089)', () => {
  it('tells the lead’s workflow of a call logged on the lead, which waits 3 days from it to remind the owner', async () => {
    const lead = await database.db.lead.update({
      where: { id: (await createLead(people.rep.id)).id },
      data: { status: 'CONTACTED' },
      select: { id: true },
    })
    const context = repContext()
    // The workflow's clock is the test server's, which earlier tests moved forward.
    const loggedAtMs = (await serverNow()).getTime()
    await logActivity(context, { type: 'call', subject: 'Left a voicemail', leadId: lead.id })
    const handle = env.client.workflow.getHandle(leadWorkflowId(lead.id))
    for (let attempt = 0; ; attempt += 1) {
      const status = await handle.query(leadStatusQuery).catch(() => null)
      const followUp = status?.upcomingSteps?.find((step) => step.key === 'reminder/follow-up')
      if (followUp && status?.pendingEvents === 0) {
        expect(Math.abs(Date.parse(followUp.dueAt) - (loggedAtMs + 3 * 24 * hour))).toBeLessThan(minute)
        break
      }
      if (attempt === 100) throw new Error('The lead’s workflow never planned its follow-up')
      await new Promise((resolve) => setTimeout(resolve, 100))
    }
  })
})
