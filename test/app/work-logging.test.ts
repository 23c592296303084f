import { randomUUID } from 'node:crypto'
import type { TestWorkflowEnvironment } from '@temporalio/testing'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { PipelineStage } from '../../prisma/generated/enums'
import { taskReminderStatusQuery, taskWorkflowId } from '../../workflows/task-messages'
import { signedInUser, type SignedInUser } from '../support/actors'
import type { TestDatabase } from '../support/database'
import { startCrmStack, type CrmStack } from '../support/stack'
import type { startWeb } from '../support/web'

// The pages of work logging over real HTTP with the Remix build: the Activities panel and related records on the
// company, contact, deal and lead pages, and "My work". Run `npx remix vite:build` first.

const hour = 60 * 60 * 1000

let stack: CrmStack
let env: TestWorkflowEnvironment
let database: TestDatabase
let web: Awaited<ReturnType<typeof startWeb>>
let manager: SignedInUser
let rep: SignedInUser
let otherRep: SignedInUser
let viewer: SignedInUser

beforeAll(async () => {
  stack = await startCrmStack('work-logging-pages', { remix: true })
  ;({ env, database, web } = stack)
  manager = await signedInUser(database.db, 'SALES_MANAGER', { name: 'Morgan Manager' })
  rep = await signedInUser(database.db, 'SALES_REP', { name: 'Riley Rep' })
  otherRep = await signedInUser(database.db, 'SALES_REP', { name: 'Oscar Otherrep' })
  viewer = await signedInUser(database.db, 'VIEWER')
})

afterAll(async () => {
  await stack?.close()
})

/** A Foundation deal; a stage other than New Lead with the time it was entered, when given. */
function createDeal(deal: {
  companyId: string
  contactId: string
  name: string
  ownerId: string
  stage?: PipelineStage
  stageEnteredAt?: Date
}) {
  return database.db.opportunity.create({
    data: {
      companyId: deal.companyId,
      primaryContactId: deal.contactId,
      name: deal.name,
      tier: 'FOUNDATION',
      setupFee: 15000,
      totalContractValue: 24000,
      ownerId: deal.ownerId,
      stage: deal.stage,
      stageEnteredAt: deal.stageEnteredAt,
    },
    select: { id: true },
  })
}

async function createCompany() {
  const { db } = database
  const suffix = randomUUID().slice(0, 8)
  const company = await db.company.create({
    data: {
      name: `Bayside HVAC ${suffix}`,
      industry: 'HVAC',
      employeeCount: 'RANGE_10_25',
      businessModel: 'SERVICE',
      source: 'WEBSITE',
    },
    select: { id: true, name: true },
  })
  const contact = await db.contact.create({
    data: {
      companyId: company.id,
      firstName: 'Jordan',
      lastName: `Lee ${suffix}`,
      email: `jordan-${suffix}@bayside.example`,
      role: 'IT_MANAGER',
    },
    select: { id: true, email: true },
  })
  const repDeal = await createDeal({
    companyId: company.id,
    contactId: contact.id,
    name: `Rep deal ${suffix}`,
    ownerId: rep.id,
  })
  const otherDeal = await createDeal({
    companyId: company.id,
    contactId: contact.id,
    name: `Other deal ${suffix}`,
    ownerId: otherRep.id,
  })
  const lead = await db.lead.create({
    data: {
      email: contact.email,
      firstName: 'Jordan',
      source: 'WEBSITE',
      status: 'CONVERTED',
      assignedToId: rep.id,
      convertedToCompanyId: company.id,
      convertedToContactId: contact.id,
    },
    select: { id: true },
  })
  const partnership = await db.partnership.create({
    data: {
      opportunityId: repDeal.id,
      companyId: company.id,
      tier: 'FOUNDATION',
      startDate: new Date('2026-11-01T00:00:00Z'),
      targetEndDate: new Date('2027-02-01T00:00:00Z'),
      status: 'ACTIVE',
      currentPhase: 'DEPLOY',
    },
    select: { id: true },
  })
  return { company, contact, repDeal, otherDeal, lead, partnership, suffix }
}

async function html(path: string, person: SignedInUser) {
  const response = await fetch(`${web.baseUrl}${path}`, { headers: { cookie: person.cookie } })
  expect(response.status, path).toBe(200)
  return response.text()
}

function postForm(path: string, person: SignedInUser, fields: Record<string, string>) {
  return fetch(`${web.baseUrl}${path}`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded', origin: web.baseUrl, cookie: person.cookie },
    body: new URLSearchParams(fields).toString(),
  })
}

/** A local wall-clock time in New York (UTC-5 in winter) `hoursFromNow` ahead of the test server's clock. */
async function newYorkLocal(hoursFromNow: number) {
  const instant = new Date((await env.currentTimeMs()) + hoursFromNow * hour)
  instant.setUTCSeconds(0, 0)
  const local = new Date(instant.getTime() - 5 * hour).toISOString().slice(0, 16)
  return { instant, local }
}

describe('company and contact pages show what belongs to them', () => {
  it("lists a company's contacts, leads, deals and partnerships, each as far as the reader may see", async () => {
    const { company, contact, repDeal, otherDeal, lead, partnership, suffix } = await createCompany()
    const asManager = await html(`/companies/${company.id}`, manager)
    for (const path of [
      `/contacts/${contact.id}`,
      `/leads/${lead.id}`,
      `/opportunities/${repDeal.id}`,
      `/opportunities/${otherDeal.id}`,
      `/partnerships/${partnership.id}`,
    ]) {
      expect(asManager, path).toContain(`href="${path}"`)
    }
    expect(asManager).toContain('id="activities-heading"')
    // Each related record in the words the rest of the app uses (the partnerships list, the deal page).
    const related = asManager.slice(asManager.indexOf('related-grid'), asManager.indexOf('id="activities-heading"'))
    for (const words of ['IT manager', 'Converted', 'New lead', 'Foundation partnership', 'Active', 'Phase Deploy']) {
      expect(related, words).toContain(words)
    }

    // A Sales Rep reads their own deals and leads only (§14.2 "CRUD own", "Read own").
    const asRep = await html(`/companies/${company.id}`, rep)
    expect(asRep).toContain(`Rep deal ${suffix}`)
    expect(asRep).not.toContain(`Other deal ${suffix}`)
    const asOtherRep = await html(`/companies/${company.id}`, otherRep)
    expect(asOtherRep).not.toContain(`href="/leads/${lead.id}"`)
  })

  it("lists a contact's deals, the lead they came from and their company's partnerships", async () => {
    const { contact, repDeal, lead, partnership } = await createCompany()
    const page = await html(`/contacts/${contact.id}`, manager)
    for (const path of [`/leads/${lead.id}`, `/opportunities/${repDeal.id}`, `/partnerships/${partnership.id}`]) {
      expect(page, path).toContain(`href="${path}"`)
    }
  })
})

describe('logging work from the pages', () => {
  it('logs a task on a company, due at the time typed in the browser zone, with its reminder running', async () => {
    const { company } = await createCompany()
    const due = await newYorkLocal(6)
    const response = await postForm(`/companies/${company.id}`, rep, {
      intent: 'log-activity',
      type: 'task',
      subject: 'Send the case study',
      when: due.local,
      timeZone: 'America/New_York',
      ownerId: rep.id,
    })
    expect(response.status).toBe(302)
    const task = await database.db.activity.findFirstOrThrow({
      where: { companyId: company.id, type: 'TASK' },
      select: { id: true, scheduledAt: true, userId: true },
    })
    expect(task).toMatchObject({ scheduledAt: due.instant, userId: rep.id })
    const status = await env.client.workflow.getHandle(taskWorkflowId(task.id)).query(taskReminderStatusQuery)
    expect(status.dueAt).toBe(due.instant.toISOString())

    const page = await html(`/companies/${company.id}`, rep)
    expect(page).toContain('Send the case study')
    expect(page).toContain('Open tasks')
  })

  it('logs a call on a deal and shows it; a refused form names the field and keeps what was typed', async () => {
    const { repDeal } = await createCompany()
    const logged = await postForm(`/opportunities/${repDeal.id}`, rep, {
      intent: 'log-activity',
      type: 'call',
      subject: 'Walked through the proposal',
      outcome: 'Wants the Architect tier numbers',
      direction: 'outbound',
      when: '',
    })
    expect(logged.status).toBe(302)
    const page = await html(`/opportunities/${repDeal.id}`, rep)
    expect(page).toContain('Walked through the proposal')
    expect(page).toContain('Outcome: Wants the Architect tier numbers')

    const refused = await postForm(`/opportunities/${repDeal.id}`, rep, {
      intent: 'log-activity',
      type: 'task',
      subject: 'Chase the signature',
      when: '',
    })
    expect(refused.status).toBe(400)
    const body = await refused.text()
    expect(body).toContain('is required for a task')
    expect(body).toContain('value="Chase the signature"')
  })

  it('shows only a meeting to come as planned: a note or a system event is what happened when written', async () => {
    const { company } = await createCompany()
    const { db } = database
    const written = (type: 'NOTE' | 'SYSTEM_EVENT' | 'MEETING', subject: string, scheduledAt: Date | null = null) =>
      db.activity.create({ data: { type, subject, companyId: company.id, scheduledAt }, select: { id: true } })
    await written('NOTE', 'Contract signed')
    await written('SYSTEM_EVENT', 'Setup fee paid')
    await written('MEETING', 'Kickoff to come', new Date(Date.now() + 2 * 24 * hour))
    const page = await html(`/companies/${company.id}`, rep)
    const rowOf = (subject: string) => {
      const start = page.indexOf(`>${subject}<`)
      expect(start, subject).toBeGreaterThan(0)
      return page.slice(start, page.indexOf('</li>', start)).replace(/<[^>]+>/g, '')
    }
    expect(rowOf('Contract signed')).not.toContain('planned for')
    expect(rowOf('Setup fee paid')).not.toContain('planned for')
    expect(rowOf('Kickoff to come')).toContain('planned for')
  })

  it('shows the panel on the lead page, and no form to a Viewer', async () => {
    const { lead } = await createCompany()
    const noted = await postForm(`/leads/${lead.id}`, rep, {
      intent: 'log-activity',
      type: 'note',
      subject: 'Prefers calls after 4 pm',
    })
    expect(noted.status).toBe(302)
    expect(await html(`/leads/${lead.id}`, rep)).toContain('Prefers calls after 4 pm')
    const asViewer = await html(`/leads/${lead.id}`, viewer)
    expect(asViewer).toContain('Prefers calls after 4 pm')
    expect(asViewer).not.toContain('name="intent" value="log-activity"')
  })
})

describe('My work', () => {
  it("lists the person's own overdue tasks and those due before today ends, and completes one", async () => {
    const { company } = await createCompany()
    const { db } = database
    const now = Date.now()
    const task = (subject: string, dueAt: Date, userId = rep.id) =>
      db.activity.create({
        data: { type: 'TASK', subject, companyId: company.id, scheduledAt: dueAt, userId },
        select: { id: true },
      })
    // In UTC (no zone cookie): today ends at the next midnight UTC.
    const endOfToday = Date.UTC(
      new Date(now).getUTCFullYear(),
      new Date(now).getUTCMonth(),
      new Date(now).getUTCDate() + 1,
    )
    const overdue = await task('Overdue follow-up', new Date(now - 2 * hour))
    await task('Due before midnight', new Date(Math.min(now + hour, endOfToday - 60_000)))
    await task('Due tomorrow', new Date(endOfToday + hour))
    await task('Not mine', new Date(now - hour), otherRep.id)

    const page = await html('/my-work', rep)
    const overdueSection = page.slice(page.indexOf('id="overdue"'), page.indexOf('id="due-today"'))
    const todaySection = page.slice(page.indexOf('id="due-today"'), page.indexOf('id="stage-limits"'))
    expect(overdueSection).toContain('Overdue follow-up')
    expect(todaySection).toContain('Due before midnight')
    expect(page).not.toContain('Due tomorrow')
    expect(page).not.toContain('Not mine')
    expect(page).toContain(`href="/companies/${company.id}"`)
    expect(page).toContain('data-section="stage-limits"')

    const done = await postForm('/my-work', rep, { intent: 'complete-task', activityId: overdue.id })
    expect(done.status).toBe(302)
    expect((await db.activity.findUniqueOrThrow({ where: { id: overdue.id } })).completedAt).not.toBeNull()
    expect(await html('/my-work', rep)).not.toContain('Overdue follow-up')
  })

  it('lists the deals past their stage limit and those reaching it in the next 24 hours, with when', async () => {
    const { db } = database
    const person = await signedInUser(db, 'SALES_REP', { name: 'Sasha Stagelimit' })
    const { company, contact } = await createCompany()
    const now = Date.now()
    const deal = (name: string, stage: PipelineStage, enteredAt: number) =>
      createDeal({
        companyId: company.id,
        contactId: contact.id,
        name,
        ownerId: person.id,
        stage,
        stageEnteredAt: new Date(enteredAt),
      })
    // Seed 002 §4: Contacted's limit is 3 days, Negotiation's and Discovery Call's 7.
    await deal('Past deal', 'CONTACTED', now - 5 * 24 * hour)
    await deal('Near deal', 'NEGOTIATION', now - 7 * 24 * hour + 3 * hour)
    await deal('Far deal', 'DISCOVERY_CALL', now)

    const page = await html('/my-work', person)
    const section = page.slice(page.indexOf('id="stage-limits"'))
    expect(section).toContain('Deals past their stage limit or reaching it in the next 24 hours')
    const text = section.replace(/<[^>]+>/g, '').replaceAll('&#x27;', "'")
    expect(text).toMatch(
      /Past deal · Contacted · past its limit since \w{3}, \w{3} \d+, \d{4}, [\d:]+ [AP]M UTC \(2 d ago\)/,
    )
    expect(text).toMatch(
      /Near deal · Negotiation · reaches its limit \w{3}, \w{3} \d+, \d{4}, [\d:]+ [AP]M UTC \(in 3 h\)/,
    )
    expect(text).not.toContain('Far deal')
  })

  it('is in the navigation of every signed-in person', async () => {
    expect(await html('/my-work', viewer)).toContain('href="/my-work"')
  })
})
