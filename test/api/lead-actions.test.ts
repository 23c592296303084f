import { randomUUID } from 'node:crypto'
import type { TestWorkflowEnvironment } from '@temporalio/testing'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { LeadSource, LeadStatus } from '../../prisma/generated/enums'
import { leadStatusQuery, leadWorkflowId } from '../../workflows/lead-messages'
import { apiKeyWith, signedInTeam, type SignedInTeam } from '../support/actors'
import type { TestDatabase } from '../support/database'
import { postJson, startWeb } from '../support/web'
import { startCrmStack, type CrmStack } from '../support/stack'

let env: TestWorkflowEnvironment
let database: TestDatabase
let web: Awaited<ReturnType<typeof startWeb>>
let people: SignedInTeam
let stack: CrmStack

beforeAll(async () => {
  stack = await startCrmStack('lead-actions-api')
  ;({ env, database, web } = stack)
  people = await signedInTeam(database.db)
})

afterAll(async () => {
  await stack?.close()
})

async function createLead({
  ownerId = null,
  status = 'NEW',
  source = 'CALENDAR_BOOKING',
}: { ownerId?: string | null; status?: LeadStatus; source?: LeadSource } = {}) {
  const lead = await database.db.lead.create({
    data: {
      email: `lead-${randomUUID()}@bayside-hvac.example`,
      firstName: 'Jordan',
      companyName: `Bayside HVAC ${randomUUID().slice(0, 8)}`,
      industry: 'HVAC',
      employeeCount: 'RANGE_10_25',
      source,
      status,
      assignedToId: ownerId,
    },
    select: { id: true },
  })
  await database.db.lead.update({
    where: { id: lead.id },
    data: { workflowId: leadWorkflowId(lead.id) },
    select: { id: true },
  })
  return lead
}

const url = (leadId: string, path: string) => `${web.baseUrl}/api/leads/${leadId}/${path}`
/** A person's session posts from the app's own origin (the API refuses cross-site cookie requests). */
const post = (leadId: string, path: string, headers: Record<string, string>, body: unknown = {}) =>
  postJson(url(leadId, path), body, { ...headers, origin: web.baseUrl })
const leadRow = (id: string) =>
  database.db.lead.findUniqueOrThrow({
    where: { id },
    select: {
      status: true,
      qualificationStage: true,
      contactedAt: true,
      disqualifiedReason: true,
      nurturePausedAt: true,
      convertedToOpportunityId: true,
      convertedToCompanyId: true,
      convertedToContactId: true,
    },
  })
const deniedRows = (leadId: string) => database.db.auditLog.count({ where: { entityId: leadId, outcome: 'DENIED' } })

describe('who may act on a lead', () => {
  it('answers 401 without a session or key, and changes nothing', async () => {
    const lead = await createLead()
    const response = await post(lead.id, 'contacted', {})
    expect(response.status).toBe(401)
    expect((await leadRow(lead.id)).status).toBe('NEW')
  })

  it('refuses Customer Success and Viewers with 403 (audited), and another rep with 404', async () => {
    const lead = await createLead({ ownerId: people.rep.id })
    for (const person of [people.success, people.viewer]) {
      const response = await post(lead.id, 'contacted', person.headers)
      expect(response.status).toBe(403)
      expect(await response.json()).toMatchObject({
        error: 'Your role does not allow "Mark contacted" on this lead',
        errors: [],
      })
    }
    expect(await deniedRows(lead.id)).toBe(2)
    // "Read own": the other rep's lead does not exist for them.
    const other = await post(lead.id, 'qualify', people.otherRep.headers)
    expect(other.status).toBe(404)
    expect((await leadRow(lead.id)).status).toBe('NEW')
    expect(
      await env.client.workflow
        .getHandle(leadWorkflowId(lead.id))
        .describe()
        .catch(() => null),
    ).toBeNull()
  })

  it('lets a Sales Rep work their own lead: marked contacted, then qualified', async () => {
    const lead = await createLead({ ownerId: people.rep.id })
    const contacted = await post(lead.id, 'contacted', people.rep.headers)
    expect(contacted.status).toBe(200)
    const body = await contacted.json()
    expect(body).toMatchObject({
      action: 'contacted',
      lead: { id: lead.id, status: 'contacted' },
      workflow: { phase: 'open', status: 'CONTACTED' },
    })
    expect(body.lead.contactedAt).toEqual(expect.any(String))

    const qualified = await post(lead.id, 'qualify', people.rep.headers)
    expect(qualified.status).toBe(200)
    expect(await qualified.json()).toMatchObject({
      lead: { status: 'qualified', qualificationStage: 'sql' },
      workflow: { status: 'QUALIFIED', qualificationStage: 'SQL' },
    })
    const timeline = await database.db.activity.findMany({
      where: { leadId: lead.id, type: 'SYSTEM_EVENT', subject: { in: ['Marked contacted', 'Qualified as SQL'] } },
      select: { subject: true, description: true },
      orderBy: { createdAt: 'asc' },
    })
    expect(timeline).toEqual([
      { subject: 'Marked contacted', description: 'By Riley Rep' },
      { subject: 'Qualified as SQL', description: 'By Riley Rep' },
    ])
  })

  it('lets Admins and Sales Managers act on any lead', async () => {
    for (const person of [people.admin, people.manager]) {
      const lead = await createLead({ ownerId: people.otherRep.id })
      const response = await post(lead.id, 'contacted', person.headers)
      expect(response.status).toBe(200)
      expect((await leadRow(lead.id)).status).toBe('CONTACTED')
    }
  })

  it('treats API keys by scope: leads:update acts, leads:read does not, converting also needs opportunities:create', async () => {
    const lead = await createLead()
    const reader = await apiKeyWith(database.db, ['leads:read'])
    expect((await post(lead.id, 'contacted', reader.headers)).status).toBe(403)
    const updater = await apiKeyWith(database.db, ['leads:update'], 'Sales automation')
    expect((await post(lead.id, 'qualify', updater.headers)).status).toBe(200)
    expect((await post(lead.id, 'convert', updater.headers, { tier: 'discovery' })).status).toBe(403)
    const converter = await apiKeyWith(database.db, ['leads:update', 'opportunities:create'])
    expect((await post(lead.id, 'convert', converter.headers, { tier: 'discovery' })).status).toBe(200)
    const action = await database.db.activity.findFirstOrThrow({
      where: { leadId: lead.id, subject: 'Qualified as SQL' },
      select: { description: true },
    })
    expect(action.description).toBe('By API key "Sales automation"')
  })

  it('answers 404 for a lead that does not exist', async () => {
    const response = await post('no-such-lead', 'contacted', people.manager.headers)
    expect(response.status).toBe(404)
    expect(await response.json()).toMatchObject({ error: 'No lead with id no-such-lead', errors: [] })
  })
})

describe('input', () => {
  it('names the field that is wrong and changes nothing', async () => {
    const lead = await createLead()
    const cases: [string, unknown, { field: string; message: string }][] = [
      ['disqualify', {}, { field: 'reason', message: 'is required' }],
      ['disqualify', { reason: 'no' }, { field: 'reason', message: 'must be at least 3 characters' }],
      ['disqualify', { reason: 'x'.repeat(501) }, { field: 'reason', message: 'must be at most 500 characters' }],
      ['convert', {}, { field: 'tier', message: 'is required' }],
      ['convert', { tier: 'platinum' }, { field: 'tier', message: 'must be one of discovery, foundation, architect' }],
      [
        'convert',
        { tier: 'foundation', companyId: 'no-such-company' },
        { field: 'companyId', message: 'is not a known company' },
      ],
      ['contacted', { status: 'contacted' }, { field: 'status', message: 'is not a contacted action field' }],
      ['nurture/pause', { until: 'tomorrow' }, { field: 'until', message: 'is not a pause-nurture action field' }],
    ]
    for (const [path, body, error] of cases) {
      const response = await post(lead.id, path, people.manager.headers, body)
      expect(response.status, `${path} ${JSON.stringify(body)}`).toBe(400)
      expect((await response.json()).errors).toEqual([error])
    }
    const broken = await postJson(url(lead.id, 'disqualify'), '{"reason": ', {
      ...people.manager.headers,
      origin: web.baseUrl,
    })
    expect(broken.status).toBe(400)
    expect((await leadRow(lead.id)).status).toBe('NEW')
  })
})

describe('the workflow decides', () => {
  it('refuses to convert a lead that is not qualified with 409 and its reason', async () => {
    const lead = await createLead()
    const response = await post(lead.id, 'convert', people.manager.headers, { tier: 'foundation' })
    expect(response.status).toBe(409)
    expect(await response.json()).toMatchObject({
      error: 'Only a qualified lead can be converted; this lead is new',
      errors: [],
    })
    expect((await leadRow(lead.id)).convertedToOpportunityId).toBeNull()
  })

  it('converts a qualified lead once: a repeat answers the same ids, and the closed lead takes no other action', async () => {
    const lead = await createLead({ ownerId: people.rep.id })
    expect((await post(lead.id, 'qualify', people.manager.headers)).status).toBe(200)
    const first = await post(lead.id, 'convert', people.manager.headers, {
      tier: 'foundation',
      opportunityName: 'Bayside HVAC — Foundation',
    })
    const converted = await first.json()
    expect(first.status, JSON.stringify(converted)).toBe(200)
    expect(converted).toMatchObject({
      action: 'convert',
      lead: { status: 'converted' },
      conversion: { companyId: expect.any(String), contactId: expect.any(String), opportunityId: expect.any(String) },
    })
    const opportunity = await database.db.opportunity.findUniqueOrThrow({
      where: { id: converted.conversion.opportunityId },
      select: { name: true, tier: true, companyId: true },
    })
    expect(opportunity).toEqual({
      name: 'Bayside HVAC — Foundation',
      tier: 'FOUNDATION',
      companyId: converted.conversion.companyId,
    })

    const again = await post(lead.id, 'convert', people.manager.headers, { tier: 'architect' })
    expect(again.status).toBe(200)
    expect((await again.json()).conversion).toEqual(converted.conversion)
    expect(await database.db.opportunity.count({ where: { companyId: converted.conversion.companyId } })).toBe(1)

    const late = await post(lead.id, 'contacted', people.manager.headers)
    expect(late.status).toBe(409)
    expect((await late.json()).error).toBe('The lead is converted: it cannot be changed any more')
  })

  it('links the conversion to an existing company when asked', async () => {
    const company = await database.db.company.create({
      data: {
        name: `Existing Co ${randomUUID().slice(0, 8)}`,
        industry: 'HVAC',
        employeeCount: 'RANGE_10_25',
        businessModel: 'SERVICE',
        source: 'REFERRAL',
      },
      select: { id: true },
    })
    const lead = await createLead()
    await post(lead.id, 'qualify', people.admin.headers)
    const response = await post(lead.id, 'convert', people.admin.headers, { tier: 'discovery', companyId: company.id })
    expect(response.status).toBe(200)
    expect((await response.json()).conversion.companyId).toBe(company.id)
  })

  it('disqualifies with a reason and ends the workflow; repeating it changes nothing, other actions are refused', async () => {
    const lead = await createLead()
    const response = await post(lead.id, 'disqualify', people.manager.headers, {
      reason: '  Only two technicians, no budget  ',
    })
    expect(response.status).toBe(200)
    expect(await response.json()).toMatchObject({
      lead: { status: 'unqualified', disqualifiedReason: 'Only two technicians, no budget' },
      workflow: { phase: 'disqualified', status: 'UNQUALIFIED' },
    })
    expect(await stack.temporal.workflow.getHandle(leadWorkflowId(lead.id)).result()).toMatchObject({
      phase: 'disqualified',
    })

    const again = await post(lead.id, 'disqualify', people.manager.headers, { reason: 'Asked twice' })
    expect(again.status).toBe(200)
    expect((await leadRow(lead.id)).disqualifiedReason).toBe('Only two technicians, no budget')
    const pause = await post(lead.id, 'nurture/pause', people.manager.headers)
    expect(pause.status).toBe(409)
    expect((await pause.json()).error).toBe('The lead is disqualified: it cannot be changed any more')
  })

  it('pauses and resumes nurture, each idempotent', async () => {
    const lead = await createLead()
    const paused = await post(lead.id, 'nurture/pause', people.manager.headers)
    expect(paused.status).toBe(200)
    expect(await paused.json()).toMatchObject({ lead: { nurturePaused: true }, workflow: { nurturePaused: true } })
    const pausedAt = (await leadRow(lead.id)).nurturePausedAt
    expect(pausedAt).not.toBeNull()
    expect((await post(lead.id, 'nurture/pause', people.manager.headers)).status).toBe(200)
    expect((await leadRow(lead.id)).nurturePausedAt).toEqual(pausedAt)

    const resumed = await post(lead.id, 'nurture/resume', people.manager.headers)
    expect(resumed.status).toBe(200)
    expect(await resumed.json()).toMatchObject({ lead: { nurturePaused: false }, workflow: { nurturePaused: false } })
    expect(await env.client.workflow.getHandle(leadWorkflowId(lead.id)).query(leadStatusQuery)).toMatchObject({
      nurturePaused: false,
    })
  })

  it('marks contacted once: a repeat answers 200 and writes no second timeline entry', async () => {
    const lead = await createLead()
    expect((await post(lead.id, 'contacted', people.manager.headers)).status).toBe(200)
    const { contactedAt } = await leadRow(lead.id)
    expect((await post(lead.id, 'contacted', people.manager.headers)).status).toBe(200)
    expect((await leadRow(lead.id)).contactedAt).toEqual(contactedAt)
    expect(await database.db.activity.count({ where: { leadId: lead.id, subject: 'Marked contacted' } })).toBe(1)
  })
})

describe('GET /api/leads/:id/timeline', () => {
  it("lists the lead's activities and alerts newest first, only to those who may read the lead", async () => {
    const lead = await createLead({ ownerId: people.rep.id })
    await post(lead.id, 'contacted', people.rep.headers)
    await post(lead.id, 'nurture/pause', people.rep.headers)
    // Workflow time runs ahead of the wall clock on the time-skipping server: place the alert after the last action.
    const lastAction = await database.db.activity.findFirstOrThrow({
      where: { leadId: lead.id },
      select: { completedAt: true, createdAt: true },
      orderBy: [{ completedAt: { sort: 'desc', nulls: 'last' } }],
    })
    await database.db.notification.create({
      data: {
        idempotencyKey: `test-${randomUUID()}`,
        userId: people.rep.id,
        leadId: lead.id,
        kind: 'LEAD_HIGH_SCORE',
        title: 'High-value lead: Jordan',
        body: 'Score 85',
        createdAt: new Date(Math.max(lastAction.completedAt?.getTime() ?? 0, lastAction.createdAt.getTime()) + 60_000),
      },
      select: { id: true },
    })

    const response = await fetch(url(lead.id, 'timeline'), { headers: people.rep.headers })
    expect(response.status).toBe(200)
    const { leadId, entries } = await response.json()
    expect(leadId).toBe(lead.id)
    expect(entries[0]).toMatchObject({ kind: 'notification', title: 'High-value lead: Jordan', person: 'Riley Rep' })
    const system = entries
      .filter((entry: { kind: string }) => entry.kind === 'system')
      .map((entry: { title: string }) => entry.title)
    expect(system.slice(0, 2)).toEqual(['Nurture paused', 'Marked contacted'])
    const times = entries.map((entry: { at: string }) => entry.at)
    expect([...times].sort().reverse()).toEqual(times)

    expect(
      (await fetch(`${url(lead.id, 'timeline')}?limit=1`, { headers: people.rep.headers }).then((r) => r.json()))
        .entries,
    ).toHaveLength(1)
    const badLimit = await fetch(`${url(lead.id, 'timeline')}?limit=0`, { headers: people.rep.headers })
    expect(badLimit.status).toBe(400)
    expect((await badLimit.json()).errors).toEqual([
      { field: 'limit', message: 'must be a whole number from 1 to 200' },
    ])
    expect((await fetch(url(lead.id, 'timeline'), { headers: people.otherRep.headers })).status).toBe(404)
    expect((await fetch(url(lead.id, 'timeline'), { headers: people.viewer.headers })).status).toBe(200)
    expect((await fetch(url(lead.id, 'timeline'))).status).toBe(401)
  })
})
