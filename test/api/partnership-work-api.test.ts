// What people and systems record about a partnership's work (decision 0035), on real parts: PostgreSQL, the
// time-skipping Temporal server, a worker with the real partnership workflow, the web process. Systems through their
// statuses, the per-system usage token and endpoint, knowledge transfer, satisfaction scores, refusals.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { partnershipWorkflowOf } from '../../services/partnerships/partnership-workflow'
import { startEntityWorkflow } from '../../services/workflows/entity-workflow-client'
import { partnershipWorkflowId } from '../../workflows/entity-ids'
import { partnershipStatusQuery, type PartnershipWorkflowStatus } from '../../workflows/partnership-messages'
import { apiKeyWith, signedInUser, type SignedInUser } from '../support/actors'
import { createDealWithPartnership } from '../support/deal-records'
import { startCrmStack, type CrmStack } from '../support/stack'

let stack: CrmStack
let key: Record<string, string>
let rep: SignedInUser

beforeAll(async () => {
  stack = await startCrmStack('partnership-work')
  key = (await apiKeyWith(stack.database.db, ['partnerships:read', 'partnerships:update'])).headers
  rep = await signedInUser(stack.database.db, 'SALES_REP')
}, 240_000)

afterAll(async () => {
  await stack?.close()
})

const send = (method: string, path: string, body: unknown, headers: Record<string, string> = key) =>
  fetch(`${stack.web.baseUrl}/api${path}`, {
    method,
    headers: { 'content-type': 'application/json', origin: stack.web.baseUrl, ...headers },
    body: JSON.stringify(body),
  })

/** A Foundation partnership kicking off on Monday 4 January 2027, ahead of the test's clock: nothing falls due. */
async function partnership() {
  const { partnership } = await createDealWithPartnership(stack.database.db, {
    startDate: new Date('2027-01-04T15:00:00Z'),
    targetEndDate: new Date('2027-03-29T15:00:00Z'),
  })
  return partnership.id
}

async function workflowView(partnershipId: string, until: (view: PartnershipWorkflowStatus) => boolean) {
  const handle = stack.env.client.workflow.getHandle(partnershipWorkflowId(partnershipId))
  for (let attempt = 0; attempt < 200; attempt += 1) {
    const view = await handle.query(partnershipStatusQuery).catch(() => null)
    if (view && view.pendingEvents === 0 && until(view)) return view
    await new Promise((resolve) => setTimeout(resolve, 50))
  }
  throw new Error('The partnership workflow did not get there')
}

const fieldsOf = async (response: Response) =>
  ((await response.json()) as { errors: { field: string }[] }).errors.map((e) => e.field)

describe('a partnership’s work through the API', () => {
  it('adds a system and moves it only in order; its own token reports usage to the workflow', async () => {
    const partnershipId = await partnership()
    const db = stack.database.db
    const bad = await send('POST', `/partnerships/${partnershipId}/systems`, { name: 'Intake', category: 'NOPE' })
    expect(bad.status).toBe(400)
    expect(await fieldsOf(bad)).toEqual(['category'])
    expect(await db.deliveredSystem.count({ where: { partnershipId } })).toBe(0)

    const added = await send('POST', `/partnerships/${partnershipId}/systems`, {
      name: 'Lead intake',
      category: 'LEAD_CAPTURE_QUALIFICATION',
      hoursSavedPerWeek: 5,
    })
    expect(added.status, await added.clone().text()).toBe(200)
    const system = await db.deliveredSystem.findFirstOrThrow({
      where: { partnershipId },
      select: { id: true, status: true, idempotencyKey: true },
    })
    expect(system).toMatchObject({ status: 'PLANNING', idempotencyKey: `partnership-${partnershipId}/system/1` })

    const status = (to: string) =>
      send('POST', `/partnerships/${partnershipId}/systems/${system.id}/status`, { status: to })
    const skipped = await status('DEPLOYED')
    expect(skipped.status).toBe(409)
    expect(((await skipped.json()) as { detail: string }).detail).toBe(
      '“Lead intake” is planning: it goes to building before deployed',
    )
    for (const to of ['BUILDING', 'TESTING', 'DEPLOYED']) expect((await status(to)).status).toBe(200)
    const deployed = await db.deliveredSystem.findUniqueOrThrow({
      where: { id: system.id },
      select: { status: true, deploymentDate: true },
    })
    expect(deployed.status).toBe('DEPLOYED')
    expect(deployed.deploymentDate).not.toBeNull()

    const usage = (headers: Record<string, string>, body: unknown = {}) =>
      fetch(`${stack.web.baseUrl}/api/systems/${system.id}/usage`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body: JSON.stringify(body),
      })
    expect((await usage({})).status).toBe(401)
    // An API key of the CRM is not the system's token.
    expect((await usage(key)).status).toBe(401)
    const issued = await send('POST', `/systems/${system.id}/usage-token`, {})
    expect(issued.status, await issued.clone().text()).toBe(201)
    const { token } = (await issued.json()) as { token: string }
    expect(token).toMatch(/^dsu_/)
    expect((await usage({ authorization: `Bearer ${token}` }, { usedAt: 'yesterday' })).status).toBe(400)
    const usedAt = new Date(Date.now() - 60_000).toISOString()
    const reported = await usage({ authorization: `Bearer ${token}` }, { usedAt })
    expect(reported.status, await reported.clone().text()).toBe(202)
    expect((await db.deliveredSystem.findUniqueOrThrow({ where: { id: system.id } })).lastUsedAt?.toISOString()).toBe(
      usedAt,
    )
    const view = await workflowView(partnershipId, (v) => v.work?.systems[0]?.lastUsedAtMs !== null)
    expect(view.work!.systems[0]).toMatchObject({
      name: 'Lead intake',
      status: 'DEPLOYED',
      lastUsedAtMs: Date.parse(usedAt),
    })
    // Issuing again revokes the first token.
    await send('POST', `/systems/${system.id}/usage-token`, {})
    expect((await usage({ authorization: `Bearer ${token}` })).status).toBe(401)
  })

  it('tells the running workflow of a new weekly slot; knowledge transfer is refused on the record by name', async () => {
    const partnershipId = await partnership()
    // The client's company is in Chicago; its contact names no zone of their own (decision 0043's order).
    await stack.database.db.company.updateMany({
      where: { partnerships: { some: { id: partnershipId } } },
      data: { timezone: 'America/Chicago' },
    })
    const target = { id: partnershipId, tier: 'FOUNDATION', status: 'ONBOARDING', ownerId: null }
    await startEntityWorkflow(stack.env.client, partnershipWorkflowOf(target), stack.taskQueue)
    await workflowView(partnershipId, () => true)
    const moved = await send('PATCH', `/partnerships/${partnershipId}`, {
      weeklyMeetingDay: 'wednesday',
      weeklyMeetingTime: '10:00',
    })
    expect(moved.status, await moved.clone().text()).toBe(200)
    // Kickoff Monday 4 January 2027 at 15:00 UTC: the first Wednesday 10:00 after it is 6 January, on the client's
    // clock (decision 0046): Chicago in January is CST, UTC−6.
    const view = await workflowView(partnershipId, (v) =>
      v.upcomingSteps.some((step) => step.key === 'meeting/weekly-2027-01-06'),
    )
    expect(view.upcomingSteps.find((step) => step.key === 'meeting/weekly-2027-01-06')?.dueAt).toBe(
      '2027-01-06T16:00:00.000Z',
    )

    const typed = await send('PATCH', `/partnerships/${partnershipId}`, { docsDelivered: ['Runbook'] })
    expect(typed.status).toBe(400)
    expect(await fieldsOf(typed)).toEqual(['docsDelivered'])
  })

  it('moves the weekly slot when the client’s zone changes, on the contact or on their company (decision 0051)', async () => {
    const partnershipId = await partnership()
    const db = stack.database.db
    const { companyId, opportunity } = await db.partnership.findUniqueOrThrow({
      where: { id: partnershipId },
      select: { companyId: true, opportunity: { select: { primaryContactId: true } } },
    })
    await db.company.update({ where: { id: companyId }, data: { timezone: 'America/Chicago' }, select: { id: true } })
    const target = { id: partnershipId, tier: 'FOUNDATION', status: 'ONBOARDING', ownerId: null }
    await startEntityWorkflow(stack.env.client, partnershipWorkflowOf(target), stack.taskQueue)
    await workflowView(partnershipId, () => true)
    const slot = { weeklyMeetingDay: 'wednesday', weeklyMeetingTime: '10:00' }
    expect((await send('PATCH', `/partnerships/${partnershipId}`, slot)).status).toBe(200)
    const records = (await apiKeyWith(db, ['contacts:read', 'contacts:update', 'companies:read', 'companies:update']))
      .headers
    // Wednesday 6 January 2027, 10:00 on the client's clock. In January: Chicago UTC−6, Los Angeles UTC−8, New York
    // UTC−5. The contact's own zone comes before their company's (decision 0043's order).
    const firstSlotAt = async (dueAt: string) =>
      (
        await workflowView(partnershipId, (v) =>
          v.upcomingSteps.some((step) => step.key === 'meeting/weekly-2027-01-06' && step.dueAt === dueAt),
        )
      ).upcomingSteps.find((step) => step.key === 'meeting/weekly-2027-01-06')?.dueAt
    expect(await firstSlotAt('2027-01-06T16:00:00.000Z')).toBe('2027-01-06T16:00:00.000Z')

    const contactPath = `/contacts/${opportunity.primaryContactId}`
    const toLosAngeles = await send('PATCH', contactPath, { timezone: 'America/Los_Angeles' }, records)
    expect(toLosAngeles.status, await toLosAngeles.clone().text()).toBe(200)
    expect(await firstSlotAt('2027-01-06T18:00:00.000Z')).toBe('2027-01-06T18:00:00.000Z')

    const companyMoves = await send('PATCH', `/companies/${companyId}`, { timezone: 'America/New_York' }, records)
    expect(companyMoves.status, await companyMoves.clone().text()).toBe(200)
    expect(await firstSlotAt('2027-01-06T18:00:00.000Z')).toBe('2027-01-06T18:00:00.000Z')
    expect((await send('PATCH', contactPath, { timezone: null }, records)).status).toBe(200)
    expect(await firstSlotAt('2027-01-06T15:00:00.000Z')).toBe('2027-01-06T15:00:00.000Z')
  })

  it('records knowledge transfer and satisfaction; refuses bad input naming the field and a bystander', async () => {
    const partnershipId = await partnership()
    const db = stack.database.db
    const tooHigh = await send('POST', `/partnerships/${partnershipId}/knowledge-transfer`, { score: 120 })
    expect(tooHigh.status).toBe(400)
    expect(await fieldsOf(tooHigh)).toEqual(['score'])
    const recorded = await send('POST', `/partnerships/${partnershipId}/knowledge-transfer`, {
      score: 60,
      trainingModules: ['Intake basics'],
      documents: ['Runbook'],
    })
    expect(recorded.status, await recorded.clone().text()).toBe(200)
    expect(
      await db.partnership.findUniqueOrThrow({
        where: { id: partnershipId },
        select: { knowledgeTransferScore: true, trainingCompleted: true, docsDelivered: true },
      }),
    ).toEqual({ knowledgeTransferScore: 60, trainingCompleted: ['Intake basics'], docsDelivered: ['Runbook'] })

    const badScore = await send('POST', `/partnerships/${partnershipId}/satisfaction`, { score: 11 })
    expect(badScore.status).toBe(400)
    expect(await fieldsOf(badScore)).toEqual(['score'])
    const nps = { score: 8, comment: 'Saves us a day a week', responseId: `r-${partnershipId}` }
    const first = await send('POST', `/partnerships/${partnershipId}/satisfaction`, nps)
    expect(first.status, await first.clone().text()).toBe(200)
    expect(await first.json()).toEqual({ recorded: true, score: 8 })
    const again = await send('POST', `/partnerships/${partnershipId}/satisfaction`, nps)
    expect(await again.json()).toEqual({ recorded: false, score: 8 })
    expect(await db.partnershipFeedback.count({ where: { partnershipId } })).toBe(1)
    // §5.2 satisfaction 1 → 0, 10 → 100: 8 is 7/9 of the way, 78.
    const view = await workflowView(partnershipId, (v) => v.health.components.satisfaction !== null)
    expect(view.health.components.satisfaction).toBe(78)

    const unknownMeeting = await send('POST', `/partnerships/${partnershipId}/meetings/weekly-2027-01-06/held`, {})
    expect(unknownMeeting.status).toBe(409)
    const bystander = await send('POST', `/partnerships/${partnershipId}/testimonial`, {}, rep.headers)
    expect(bystander.status).toBe(403)
    const testimonial = await send('POST', `/partnerships/${partnershipId}/testimonial`, {})
    expect(testimonial.status).toBe(200)
    expect((await db.partnership.findUniqueOrThrow({ where: { id: partnershipId } })).testimonialProvided).toBe(true)
  })
})
