// The outbox under the faults it was measured to fail under: a database outage after the SMTP server accepted a
// message, an attempt that ends after acceptance, and a recipient the server refuses for good. Real PostgreSQL
// (reached through a TCP relay that can cut it), a real SMTP server, Temporal's activity context.
import { randomUUID } from 'node:crypto'
import type { Logger } from '@temporalio/common'
import { ApplicationFailure } from '@temporalio/common'
import { MockActivityEnvironment } from '@temporalio/testing'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { sendThroughOutbox, type AcceptedBySmtp, type OutboxEmail, type SentEmail } from '../../activities/outbox'
import { createDatabase, type Database } from '../../lib/db'
import { createSmtpMailDriver, type MailDriver } from '../../lib/mail-driver'
import { startSmtpInbox, type SmtpInbox } from '../support/smtp-inbox'
import { startTcpProxy, type TcpProxy } from '../support/tcp-proxy'
import { testActivityDependencies } from '../support/temporal'
import { createLead, startActivityHarness, type ActivityHarness } from './activity-harness'

let harness: ActivityHarness
let proxy: TcpProxy
let relayedDb: Database
let refusingInbox: SmtpInbox
let refusingMail: MailDriver

beforeAll(async () => {
  harness = await startActivityHarness()
  const url = new URL(harness.database.url)
  proxy = await startTcpProxy({ host: url.hostname, port: Number(url.port) })
  relayedDb = createDatabase(proxy.via(harness.database.url))
  refusingInbox = await startSmtpInbox({
    refuse: (address) =>
      address.length > 254
        ? { code: 501, message: 'Bad recipient address syntax' }
        : address.startsWith('gone-')
          ? { code: 550, message: 'Mailbox unavailable' }
          : address.startsWith('greylisted-')
            ? { code: 451, message: 'Try again later' }
            : null,
  })
  refusingMail = createSmtpMailDriver(refusingInbox.url)
})

afterAll(async () => {
  refusingMail?.close()
  await refusingInbox?.stop()
  await relayedDb?.$disconnect()
  await proxy?.close()
  await harness?.close()
})

const silent: Logger = { log() {}, trace() {}, debug() {}, info() {}, warn() {}, error() {} }

/** A mail driver that delivers for real, then runs `afterAccepted` (the moment the outage begins). */
function deliverThen(afterAccepted: () => void, then: MailDriver): MailDriver & { sends: () => number } {
  let sends = 0
  return {
    sends: () => sends,
    async send(email) {
      sends += 1
      const result = await then.send(email)
      afterAccepted()
      return result
    },
    verify: () => then.verify(),
    close: () => then.close(),
  }
}

const acknowledgement = (lead: { id: string; email: string }): OutboxEmail => ({
  entity: { kind: 'lead', id: lead.id },
  to: lead.email,
  subject: 'Thanks',
  text: 'We will be in touch.',
  html: null,
  template: 'test',
  timeline: { description: 'Acknowledgement email sent' },
})

describe('a database outage after the SMTP server accepted the message', () => {
  it('is ridden out by the same attempt: one message, marked SENT once, with one timeline entry', async () => {
    const lead = await createLead(harness.db)
    const mail = deliverThen(() => {
      proxy.cut()
      setTimeout(() => proxy.restore(), 3_000)
    }, harness.mail)
    const dependencies = testActivityDependencies({ db: relayedDb, mail })
    const heartbeats: unknown[] = []
    const env = new MockActivityEnvironment({ attempt: 1 }, { logger: silent })
    env.on('heartbeat', (details: unknown) => heartbeats.push(details))

    const sent: SentEmail = await env.run(() =>
      sendThroughOutbox(dependencies, `lead-${lead.id}/outage`, acknowledgement(lead)),
    )

    expect(sent.alreadySent).toBe(false)
    expect(mail.sends()).toBe(1)
    expect(harness.inbox.to(lead.email)).toHaveLength(1)
    expect(heartbeats[0]).toMatchObject({ accepted: true, sentAt: sent.sentAt })
    const row = await harness.db.outboxMessage.findUniqueOrThrow({ where: { id: sent.outboxMessageId } })
    expect(row).toMatchObject({ status: 'SENT', attempts: 1, sentAt: new Date(sent.sentAt) })
    expect(await harness.db.activity.count({ where: { leadId: lead.id, type: 'EMAIL' } })).toBe(1)
  })

  it('is never followed by a second send: the next attempt reads the acceptance from the heartbeat', async () => {
    const lead = await createLead(harness.db)
    const key = `lead-${lead.id}/outage-past-the-attempt`
    const first = deliverThen(() => proxy.cut(), harness.mail)
    const accepted = new Promise<AcceptedBySmtp>((resolve) => {
      const env = new MockActivityEnvironment({ attempt: 1 }, { logger: silent })
      env.on('heartbeat', (details: AcceptedBySmtp) => {
        if (details?.accepted) {
          resolve(details)
          // The attempt ends here (its worker died, or its heartbeat timed out) with the database still down.
          env.cancel()
        }
      })
      void env
        .run(() =>
          sendThroughOutbox(testActivityDependencies({ db: relayedDb, mail: first }), key, acknowledgement(lead)),
        )
        .catch(() => undefined)
    })
    const details = await accepted
    proxy.restore()
    expect(harness.inbox.to(lead.email)).toHaveLength(1)
    expect((await harness.db.outboxMessage.findUniqueOrThrow({ where: { idempotencyKey: key } })).status).toBe(
      'SENDING',
    )

    const second = deliverThen(() => undefined, harness.mail)
    const retry = new MockActivityEnvironment({ attempt: 2, heartbeatDetails: details }, { logger: silent })
    const sent: SentEmail = await retry.run(() =>
      sendThroughOutbox(testActivityDependencies({ db: harness.db, mail: second }), key, acknowledgement(lead)),
    )

    expect(second.sends()).toBe(0)
    expect(harness.inbox.to(lead.email)).toHaveLength(1)
    expect(sent).toMatchObject({ sentAt: details.sentAt, alreadySent: true })
    const row = await harness.db.outboxMessage.findUniqueOrThrow({ where: { idempotencyKey: key } })
    expect(row).toMatchObject({ status: 'SENT', attempts: 1, sentAt: new Date(details.sentAt) })
    expect(await harness.db.activity.count({ where: { leadId: lead.id, type: 'EMAIL' } })).toBe(1)
  })
})

describe('a recipient the SMTP server refuses', () => {
  const run = <R>(work: () => Promise<R>): Promise<R> =>
    new MockActivityEnvironment({ attempt: 1 }, { logger: silent }).run(work) as Promise<R>

  it.each([
    ['a 323-character address', `${'x'.repeat(300)}@example-plumbing.com`.slice(0, 323), '501'],
    ['a mailbox that no longer exists', `gone-${randomUUID()}@example.com`, '550'],
  ])('%s: FAILED with the reply, non-retryable MessageRejected, shown on the timeline', async (_label, email, code) => {
    const lead = await createLead(harness.db, { email })
    const dependencies = testActivityDependencies({ db: harness.db, mail: refusingMail })
    const key = `lead-${lead.id}/refused`

    const failure = await run(() => sendThroughOutbox(dependencies, key, acknowledgement(lead))).catch((e) => e)

    expect(failure).toBeInstanceOf(ApplicationFailure)
    expect(failure).toMatchObject({ type: 'MessageRejected', nonRetryable: true })
    const row = await harness.db.outboxMessage.findUniqueOrThrow({ where: { idempotencyKey: key } })
    expect(row.status).toBe('FAILED')
    expect(row.lastError).toContain(code)
    const [entry] = await harness.db.activity.findMany({ where: { leadId: lead.id } })
    expect(entry?.outcome).toContain(code)
    expect(refusingInbox.to(email)).toHaveLength(0)
    // Called again (a replay, a second run), it sends nothing and fails the same way.
    await expect(run(() => sendThroughOutbox(dependencies, key, acknowledgement(lead)))).rejects.toMatchObject({
      type: 'MessageRejected',
    })
    expect(await harness.db.activity.count({ where: { leadId: lead.id } })).toBe(1)
  })

  it('4xx stays retryable: the row goes back to PENDING', async () => {
    const lead = await createLead(harness.db, { email: `greylisted-${randomUUID()}@example.com` })
    const key = `lead-${lead.id}/greylisted`
    const dependencies = testActivityDependencies({ db: harness.db, mail: refusingMail })

    const failure: unknown = await run(() => sendThroughOutbox(dependencies, key, acknowledgement(lead))).catch(
      (error: unknown) => error,
    )

    expect(failure).not.toBeInstanceOf(ApplicationFailure)
    expect(failure).toMatchObject({ responseCode: 451 })
    expect(await harness.db.outboxMessage.findUniqueOrThrow({ where: { idempotencyKey: key } })).toMatchObject({
      status: 'PENDING',
    })
  })
})

describe('any entity', () => {
  it("links a deal's message and its timeline entry to the deal, not to a lead", async () => {
    const company = await harness.db.company.create({
      data: {
        name: `Deal Co ${randomUUID()}`,
        industry: 'HVAC',
        employeeCount: 'RANGE_1_5',
        businessModel: 'SERVICE',
        source: 'WEBSITE',
      },
    })
    const contact = await harness.db.contact.create({
      data: { companyId: company.id, firstName: 'Dee', lastName: 'Al', email: `dee-${randomUUID()}@example.com` },
    })
    const deal = await harness.db.opportunity.create({
      data: {
        companyId: company.id,
        primaryContactId: contact.id,
        name: 'Foundation for Deal Co',
        tier: 'FOUNDATION',
        setupFee: 10_000,
        totalContractValue: 10_000,
      },
    })
    const sent: SentEmail = await run(() =>
      sendThroughOutbox(harness.dependencies, `deal-${deal.id}/proposal`, {
        entity: { kind: 'deal', id: deal.id },
        contactId: contact.id,
        to: contact.email,
        subject: 'Your proposal',
        text: 'Attached.',
        html: null,
        template: 'test',
        timeline: { description: 'Proposal sent' },
      }),
    )

    expect(await harness.db.outboxMessage.findUniqueOrThrow({ where: { id: sent.outboxMessageId } })).toMatchObject({
      opportunityId: deal.id,
      leadId: null,
      partnershipId: null,
    })
    expect(await harness.db.activity.findMany({ where: { opportunityId: deal.id } })).toMatchObject([
      { type: 'EMAIL', description: 'Proposal sent', leadId: null },
    ])
    expect(harness.inbox.to(contact.email)).toHaveLength(1)
  })

  function run<R>(work: () => Promise<R>): Promise<R> {
    return new MockActivityEnvironment({ attempt: 1 }, { logger: silent }).run(work) as Promise<R>
  }
})
