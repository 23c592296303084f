import { randomUUID } from 'node:crypto'
import { WorkflowFailedError } from '@temporalio/client'
import type { TestWorkflowEnvironment } from '@temporalio/testing'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createSmtpMailDriver, type MailDriver } from '../../lib/mail-driver'
import { createCrmWorker } from '../../workers/create-worker'
import { leadWorkflow } from '../../workflows/lead'
import { leadStatusQuery, leadWorkflowId } from '../../workflows/lead-messages'
import { createTestDatabase, type TestDatabase } from '../support/database'
import { startSmtpInbox, type SmtpInbox } from '../support/smtp-inbox'
import { bundledWorkflows, createTimeSkippingEnvironment, uniqueTaskQueue } from '../support/temporal'

const mailFrom = 'Durable CRM <crm@durable-crm.test>'

let env: TestWorkflowEnvironment
let inbox: SmtpInbox
let database: TestDatabase

beforeAll(async () => {
  ;[env, inbox, database] = await Promise.all([createTimeSkippingEnvironment(), startSmtpInbox(), createTestDatabase()])
})

afterAll(async () => {
  await env?.teardown()
  await inbox?.stop()
  await database?.drop()
})

async function createLead(data: Partial<Parameters<TestDatabase['db']['lead']['create']>[0]['data']> = {}) {
  return database.db.lead.create({
    data: { email: `lead-${randomUUID()}@example.com`, source: 'WEBSITE', ...data },
    select: { id: true, email: true },
  })
}

async function runLeadWorkflow(leadId: string, mail: MailDriver, workflowId = leadWorkflowId(leadId)) {
  const taskQueue = uniqueTaskQueue('lead-workflow')
  const worker = await createCrmWorker({
    connection: env.nativeConnection,
    namespace: env.namespace ?? 'default',
    taskQueue,
    dependencies: { db: database.db, mail, mailFrom },
    workflowBundle: await bundledWorkflows(),
  })
  return worker.runUntil(async () => {
    const handle = await env.client.workflow.start(leadWorkflow, { workflowId, taskQueue, args: [{ leadId }] })
    const result = await handle.result()
    return { result, queried: await handle.query(leadStatusQuery) }
  })
}

/** A driver whose first `failures` sends hit a port where no SMTP server listens, like an outage. */
function smtpDownFor(failures: number, then: MailDriver): MailDriver & { attempts: () => number } {
  const unreachable = createSmtpMailDriver('smtp://127.0.0.1:9')
  let attempts = 0
  return {
    attempts: () => attempts,
    send(email) {
      attempts += 1
      return attempts <= failures ? unreachable.send(email) : then.send(email)
    },
    verify: () => then.verify(),
    close: () => then.close(),
  }
}

describe('lead workflow', () => {
  it('acknowledges a new lead with one email in their language and writes its status back', async () => {
    const lead = await createLead({
      firstName: 'María',
      preferredLanguage: 'ES',
      source: 'VOICE_AGENT',
      industry: 'HVAC',
      companyName: 'Clima Norte',
    })
    const before = inbox.received.length

    const { result, queried } = await runLeadWorkflow(lead.id, createSmtpMailDriver(inbox.url))

    expect(result.phase).toBe('acknowledged')
    expect(queried.acknowledgement?.outboxMessageId).toBe(result.acknowledgement?.outboxMessageId)
    const email = inbox.received.slice(before).find((message) => message.envelopeTo.includes(lead.email))
    expect(email).toBeDefined()
    expect(email?.to).toBe(lead.email)
    expect(email?.subject).toBe('Gracias por contactar a AI KRE8TION Partners')
    expect(email?.text).toContain('Hola María:')
    expect(email?.text).toContain('asistente de voz')
    expect(email?.text).toContain('empresas de climatización')
    expect(email?.text).toContain('Clima Norte')

    const outbox = await database.db.outboxMessage.findMany({ where: { leadId: lead.id } })
    expect(outbox).toHaveLength(1)
    expect(outbox[0]).toMatchObject({
      idempotencyKey: `lead-${lead.id}/acknowledgement`,
      status: 'SENT',
      toAddress: lead.email,
      attempts: 1,
      messageId: email?.messageId,
    })
    const stored = await database.db.lead.findUniqueOrThrow({ where: { id: lead.id } })
    expect(stored.workflowStatus).toBe('COMPLETED')
    expect(stored.nextStep).toBeNull()
    const timeline = await database.db.activity.findMany({ where: { leadId: lead.id } })
    expect(timeline).toMatchObject([{ type: 'EMAIL', direction: 'OUTBOUND', subject: email?.subject }])
  })

  it('keeps retrying while the SMTP server is unreachable and sends exactly once when it answers', async () => {
    const lead = await createLead({ firstName: 'Dana', industry: 'PLUMBING' })
    const mail = smtpDownFor(3, createSmtpMailDriver(inbox.url))

    await runLeadWorkflow(lead.id, mail)

    expect(mail.attempts()).toBe(4)
    const received = inbox.received.filter((message) => message.envelopeTo.includes(lead.email))
    expect(received).toHaveLength(1)
    expect(received[0]?.subject).toBe('Thanks for reaching out to AI KRE8TION Partners')
    expect(received[0]?.text).toContain('plumbing businesses like yours')
    const outbox = await database.db.outboxMessage.findUniqueOrThrow({
      where: { idempotencyKey: `lead-${lead.id}/acknowledgement` },
    })
    expect(outbox).toMatchObject({ status: 'SENT', attempts: 4, lastError: null })
  })

  it('never sends the acknowledgement twice, even when a second run is started for the same lead', async () => {
    const lead = await createLead()
    const mail = createSmtpMailDriver(inbox.url)

    const first = await runLeadWorkflow(lead.id, mail)
    const second = await runLeadWorkflow(lead.id, mail, `${leadWorkflowId(lead.id)}-rerun`)

    expect(second.result.acknowledgement?.outboxMessageId).toBe(first.result.acknowledgement?.outboxMessageId)
    expect(inbox.received.filter((message) => message.envelopeTo.includes(lead.email))).toHaveLength(1)
    expect(await database.db.outboxMessage.count({ where: { leadId: lead.id } })).toBe(1)
  })

  it('ends with a LeadNotFound failure, not endless retries, when the lead does not exist', async () => {
    const missingLeadId = `missing-${randomUUID()}`

    const run = runLeadWorkflow(missingLeadId, createSmtpMailDriver(inbox.url))

    await expect(run).rejects.toBeInstanceOf(WorkflowFailedError)
    await expect(run).rejects.toMatchObject({ cause: { cause: { type: 'LeadNotFound' } } })
  })
})
