// Sending a deal's proposal through the API on real parts: PostgreSQL, the time-skipping Temporal server, a worker
// with the real deal workflow and activities, and a real SMTP inbox. The email leaves through the outbox from the
// deal's workflow, which ticks `send_proposal` and moves the deal.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { RequiredAction } from '../../domain/deals/pipeline-policy'
import { dealWorkflowOf } from '../../services/deals/deal-workflow'
import { startEntityWorkflow } from '../../services/workflows/entity-workflow-client'
import { signedInUser, type SignedInUser } from '../support/actors'
import { createDealAt } from '../support/deal-records'
import { startCrmStack, type CrmStack } from '../support/stack'
import { postJson } from '../support/web'

let stack: CrmStack
let rep: SignedInUser
let otherRep: SignedInUser

beforeAll(async () => {
  stack = await startCrmStack('deal-proposal')
  rep = await signedInUser(stack.database.db, 'SALES_REP', { name: 'Rita Rep' })
  otherRep = await signedInUser(stack.database.db, 'SALES_REP')
}, 240_000)

afterAll(async () => {
  await stack?.close()
})

/** §4.3, by hand: every required action of New Lead, Contacted and Discovery Call. */
const throughDiscovery: RequiredAction[] = [
  'assign_owner',
  'review_lead_data',
  'initial_email',
  'follow_up_call_attempt',
  'schedule_discovery',
  'complete_discovery',
  'identify_tier',
]

const send = (id: string, headers: Record<string, string>, body: unknown = {}) =>
  postJson(`${stack.web.baseUrl}/api/opportunities/${id}/proposal/send`, body, {
    origin: stack.web.baseUrl,
    ...headers,
  })

async function json(response: Response) {
  return (await response.json()) as Record<string, unknown>
}

async function deal(id: string) {
  return stack.database.db.opportunity.findUniqueOrThrow({
    where: { id },
    select: { stage: true, probability: true, checklist: true },
  })
}

const actionsOf = (checklist: unknown) => (checklist as { action: string }[]).map((entry) => entry.action)

async function outboxOf(opportunityId: string) {
  return stack.database.db.outboxMessage.findMany({
    where: { opportunityId },
    select: { idempotencyKey: true, status: true, messageId: true, toAddress: true },
    orderBy: { idempotencyKey: 'asc' },
  })
}

/** A deal whose workflow is running and has recorded the stage it started in, as every open deal's is. */
async function aliveDeal(options: Parameters<typeof createDealAt>[1]) {
  const db = stack.database.db
  const { deal: created } = await createDealAt(db, options)
  const target = await db.opportunity.findUniqueOrThrow({
    where: { id: created.id },
    select: { id: true, name: true, stage: true, tier: true, ownerId: true },
  })
  await startEntityWorkflow(stack.env.client, dealWorkflowOf(target), stack.taskQueue)
  for (let attempt = 0; attempt < 200; attempt += 1) {
    const row = await db.opportunity.findUniqueOrThrow({ where: { id: created.id }, select: { workflowStatus: true } })
    if (row.workflowStatus === 'RUNNING') return created.id
    await new Promise((resolve) => setTimeout(resolve, 50))
  }
  throw new Error('The deal’s workflow did not come alive in time')
}

describe('sending the proposal', () => {
  it('emails the primary contact once with the PDF, ticks send_proposal and moves the deal to Proposal Sent', async () => {
    const {
      deal: created,
      contact,
      company,
    } = await createDealAt(stack.database.db, {
      stage: 'DISCOVERY_CALL',
      ownerId: rep.id,
      done: throughDiscovery,
    })
    const response = await send(created.id, rep.headers)
    expect(response.status, JSON.stringify(await json(response.clone()))).toBe(200)
    expect(await json(response)).toMatchObject({
      sentTo: contact.email,
      proposalNumber: 1,
      stage: 'PROPOSAL_SENT',
      moved: true,
    })

    // Sent before the answer: the inbox has it now, and only it.
    const received = stack.inbox.to(contact.email)
    expect(received).toHaveLength(1)
    const [email] = received
    expect(email!.subject).toBe(`Your Foundation partnership proposal for ${company.name}`)
    expect(email!.parsed.replyTo?.text).toContain(rep.email)
    const pdfs = email!.parsed.attachments.filter((file) => file.contentType === 'application/pdf')
    expect(pdfs.map((file) => file.filename)).toEqual([`proposal-${created.id}.pdf`])
    expect(Buffer.from(pdfs[0]!.content).subarray(0, 5).toString('latin1')).toBe('%PDF-')

    const row = await deal(created.id)
    // §4.1: Proposal Sent weighs 50 %.
    expect({ stage: row.stage, probability: row.probability }).toEqual({ stage: 'PROPOSAL_SENT', probability: 50 })
    expect(actionsOf(row.checklist)).toContain('send_proposal')
    expect(await outboxOf(created.id)).toEqual([
      {
        idempotencyKey: `deal-${created.id}/proposal/1`,
        status: 'SENT',
        messageId: email!.messageId,
        toAddress: contact.email,
      },
    ])
    const timeline = await stack.database.db.activity.findMany({
      where: { opportunityId: created.id, type: 'EMAIL' },
      select: { description: true, direction: true },
    })
    expect(timeline).toEqual([{ description: `Proposal sent to ${contact.email}`, direction: 'OUTBOUND' }])

    const history = await fetch(`${stack.web.baseUrl}/api/opportunities/${created.id}/stage-history`, {
      headers: rep.headers,
    })
    const { stages } = (await history.json()) as { stages: { stage: string; reason: string | null }[] }
    expect(stages.map((entry) => [entry.stage, entry.reason])).toEqual([
      ['DISCOVERY_CALL', 'Deal created'],
      ['PROPOSAL_SENT', 'Proposal sent'],
    ])
  })

  it('sends one proposal per call when two arrive at once, never a second copy of either, and moves the deal once', async () => {
    const { deal: created, contact } = await createDealAt(stack.database.db, {
      stage: 'DISCOVERY_CALL',
      ownerId: rep.id,
      done: throughDiscovery,
    })
    const answers = await Promise.all([send(created.id, rep.headers), send(created.id, rep.headers)])
    expect(answers.map((answer) => answer.status)).toEqual([200, 200])
    const results = await Promise.all(answers.map(json))
    expect(results.map((result) => result.proposalNumber).sort()).toEqual([1, 2])
    // One of them moved the deal; the other found it in Proposal Sent already.
    expect(results.map((result) => result.moved).sort()).toEqual([false, true])

    const outbox = await outboxOf(created.id)
    expect(outbox.map((message) => [message.idempotencyKey, message.status])).toEqual([
      [`deal-${created.id}/proposal/1`, 'SENT'],
      [`deal-${created.id}/proposal/2`, 'SENT'],
    ])
    const received = stack.inbox.to(contact.email)
    expect(received.map((email) => email.messageId).sort()).toEqual(outbox.map((message) => message.messageId).sort())

    const moves = await stack.database.db.dealStageTransition.count({
      where: { opportunityId: created.id, toStage: 'PROPOSAL_SENT' },
    })
    expect(moves).toBe(1)
    expect(actionsOf((await deal(created.id)).checklist).filter((action) => action === 'send_proposal')).toHaveLength(1)
  })

  const refusals: [string, () => Promise<{ id: string; headers: Record<string, string> }>, number, RegExp][] = [
    [
      'the tier is not identified',
      async () => ({
        id: await aliveDeal({
          stage: 'DISCOVERY_CALL',
          ownerId: rep.id,
          done: ['assign_owner', 'schedule_discovery', 'complete_discovery'],
        }),
        headers: rep.headers,
      }),
      409,
      /Identify the tier first/,
    ],
    [
      'the deal is before Discovery Call',
      async () => ({
        id: await aliveDeal({ stage: 'CONTACTED', ownerId: rep.id, done: ['identify_tier'] }),
        headers: rep.headers,
      }),
      409,
      /in Contacted, move it to Discovery Call first/,
    ],
    [
      'the deal is lost',
      // A lost deal's run has ended: its row is refused without starting another.
      async () => ({
        id: (await createDealAt(stack.database.db, { stage: 'CLOSED_LOST', ownerId: rep.id, done: throughDiscovery }))
          .deal.id,
        headers: rep.headers,
      }),
      409,
      /The deal is lost/,
    ],
    [
      'Customer Success may not act on a deal',
      async () => ({
        id: await aliveDeal({ stage: 'DISCOVERY_CALL', ownerId: rep.id, done: throughDiscovery }),
        headers: (await signedInUser(stack.database.db, 'CUSTOMER_SUCCESS')).headers,
      }),
      403,
      /You may not change deals/,
    ],
    [
      'another rep’s deal is not theirs to see',
      async () => ({
        id: await aliveDeal({ stage: 'DISCOVERY_CALL', ownerId: rep.id, done: throughDiscovery }),
        headers: otherRep.headers,
      }),
      404,
      /No deal with id/,
    ],
  ]

  it.each(refusals)('refuses when %s, says why, and sends and writes nothing', async (_, given, status, why) => {
    const { id, headers } = await given()
    const before = await deal(id)
    const refused = await send(id, headers)
    expect(refused.status).toBe(status)
    expect(refused.headers.get('content-type')).toContain('application/problem+json')
    expect(String((await json(refused)).detail)).toMatch(why)
    expect(await outboxOf(id)).toEqual([])
    expect(await deal(id)).toEqual(before)
  })

  it('answers a body with fields with 400 naming the field, and sends nothing', async () => {
    const { deal: created } = await createDealAt(stack.database.db, {
      stage: 'DISCOVERY_CALL',
      ownerId: rep.id,
      done: throughDiscovery,
    })
    const bad = await send(created.id, rep.headers, { to: 'someone@else.example' })
    expect(bad.status).toBe(400)
    expect(((await json(bad)).errors as { field: string }[]).map((error) => error.field)).toEqual(['to'])
    expect(await outboxOf(created.id)).toEqual([])
  })
})
