// Emailing a deal's contact through the API on real parts: PostgreSQL, the time-skipping Temporal server, a worker
// with the real deal workflow and activities, and a real SMTP inbox (decision 0032). The email leaves through the
// outbox from the deal's workflow, which ticks `initial_email`.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { signedInUser, type SignedInUser } from '../support/actors'
import { createDealAt } from '../support/deal-records'
import { startCrmStack, type CrmStack } from '../support/stack'
import { postJson } from '../support/web'

let stack: CrmStack
let rep: SignedInUser

beforeAll(async () => {
  stack = await startCrmStack('deal-email')
  rep = await signedInUser(stack.database.db, 'SALES_REP', { name: 'Rita Rep' })
}, 240_000)

afterAll(async () => {
  await stack?.close()
})

const email = (id: string, headers: Record<string, string>, body: unknown) =>
  postJson(`${stack.web.baseUrl}/api/opportunities/${id}/email`, body, { origin: stack.web.baseUrl, ...headers })

async function json(response: Response) {
  return (await response.json()) as Record<string, unknown>
}

async function written(opportunityId: string) {
  const db = stack.database.db
  const [deal, outbox, timeline] = await Promise.all([
    db.opportunity.findUniqueOrThrow({
      where: { id: opportunityId },
      select: { stage: true, checklist: true, lastActivityAt: true },
    }),
    db.outboxMessage.findMany({
      where: { opportunityId },
      select: { idempotencyKey: true, status: true, messageId: true, toAddress: true },
    }),
    db.activity.findMany({ where: { opportunityId, type: 'EMAIL' }, select: { description: true, direction: true } }),
  ])
  return { deal, outbox, timeline }
}

const subject = 'Your HVAC dispatch, after our call'
const body = 'Hello,\n\nThe <b>Foundation</b> tier & its fees are attached next week.\n\nRita'

describe('emailing the deal’s contact', () => {
  it('emails the primary contact once, Reply-To the owner, on the timeline, and ticks initial_email', async () => {
    const { deal: created, contact } = await createDealAt(stack.database.db, {
      stage: 'NEW_LEAD',
      ownerId: rep.id,
      done: ['assign_owner', 'review_lead_data'],
    })
    const response = await email(created.id, rep.headers, { subject, body })
    expect(response.status, JSON.stringify(await json(response.clone()))).toBe(200)
    expect(await json(response)).toMatchObject({ sentTo: contact.email, emailNumber: 1 })

    const received = stack.inbox.to(contact.email)
    expect(received).toHaveLength(1)
    const [sent] = received
    expect(sent!.subject).toBe(subject)
    expect(sent!.text.trim()).toBe(body)
    expect(sent!.html).toContain('&#60;b&#62;Foundation&#60;/b&#62; tier &#38; its fees')
    expect(sent!.html).not.toContain('<b>')
    expect(sent!.parsed.replyTo?.text).toContain(rep.email)

    const { deal, outbox, timeline } = await written(created.id)
    const checklist = deal.checklist as { action: string; how: string; byUserId: string | null }[]
    expect(checklist.filter((entry) => entry.action === 'initial_email')).toEqual([
      expect.objectContaining({ how: 'Email sent', byUserId: rep.id }),
    ])
    expect(deal.lastActivityAt).not.toBeNull()
    expect(outbox).toEqual([
      {
        idempotencyKey: `deal-${created.id}/email/1`,
        status: 'SENT',
        messageId: sent!.messageId,
        toAddress: contact.email,
      },
    ])
    expect(timeline).toEqual([{ description: `Email to ${contact.email}: ${subject}`, direction: 'OUTBOUND' }])
  })

  it('answers a bad body with 400 naming the fields, and writes nothing', async () => {
    const { deal: created } = await createDealAt(stack.database.db, { stage: 'NEW_LEAD', ownerId: rep.id, done: [] })
    const before = await written(created.id)
    const blank = await email(created.id, rep.headers, { subject: '', body })
    expect(blank.status).toBe(400)
    expect(((await json(blank)).errors as { field: string }[]).map((error) => error.field)).toEqual(['subject'])
    const tooLong = await email(created.id, rep.headers, { subject: 's'.repeat(201), body: 'b'.repeat(10_001) })
    expect(tooLong.status).toBe(400)
    expect(((await json(tooLong)).errors as { field: string }[]).map((error) => error.field).sort()).toEqual([
      'body',
      'subject',
    ])
    expect(await written(created.id)).toEqual(before)
  })

  const refusals: [string, () => Promise<{ id: string; headers: Record<string, string> }>, number, RegExp][] = [
    [
      'Customer Success may not act on a deal',
      async () => ({
        id: (await createDealAt(stack.database.db, { stage: 'CONTACTED', ownerId: rep.id, done: [] })).deal.id,
        headers: (await signedInUser(stack.database.db, 'CUSTOMER_SUCCESS')).headers,
      }),
      403,
      /You may not change deals/,
    ],
    [
      'another rep’s deal is not theirs to see',
      async () => ({
        id: (await createDealAt(stack.database.db, { stage: 'CONTACTED', ownerId: rep.id, done: [] })).deal.id,
        headers: (await signedInUser(stack.database.db, 'SALES_REP')).headers,
      }),
      404,
      /No deal with id/,
    ],
    [
      'the deal is lost',
      async () => ({
        id: (await createDealAt(stack.database.db, { stage: 'CLOSED_LOST', ownerId: rep.id, done: [] })).deal.id,
        headers: rep.headers,
      }),
      409,
      /The deal is Closed Lost/,
    ],
  ]

  it.each(refusals)('refuses when %s, says why, and sends and writes nothing', async (_, given, status, why) => {
    const { id, headers } = await given()
    const before = await written(id)
    const refused = await email(id, headers, { subject, body })
    expect(refused.status).toBe(status)
    expect(refused.headers.get('content-type')).toContain('application/problem+json')
    expect(String((await json(refused)).detail)).toMatch(why)
    expect(await written(id)).toEqual(before)
    const { primaryContact } = await stack.database.db.opportunity.findUniqueOrThrow({
      where: { id },
      select: { primaryContact: { select: { email: true } } },
    })
    expect(stack.inbox.to(primaryContact.email)).toEqual([])
  })
})
