import type { AppLoadContext } from '@remix-run/node'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { sendThroughOutbox } from '../../activities/outbox'
import { loader as unsubscribePage } from '../../app/routes/unsubscribe.$token'
import { loadConfig } from '../../lib/config'
import { createTemporalClient } from '../../lib/temporal'
import { statementCountingDatabase } from '../support/database'
import { testAppBaseUrl, testUnsubscribeSecret } from '../support/temporal'
import { startWeb } from '../support/web'
import {
  crashAfterDelivery,
  headerLine,
  createLead,
  runActivity,
  smtpDownFor,
  startActivityHarness,
  type ActivityHarness,
} from './activity-harness'

let harness: ActivityHarness

beforeAll(async () => {
  harness = await startActivityHarness()
})

afterAll(async () => {
  await harness?.close()
})

describe('sendThroughOutbox', () => {
  it('sends once with its stored headers and writes the timeline entry with the given sent time', async () => {
    const lead = await createLead(harness.db)
    const key = `lead-${lead.id}/test/headers`
    const sentAt = new Date('2030-01-02T15:00:00.000Z')
    const message = {
      entity: { kind: 'lead', id: lead.id } as const,
      to: lead.email,
      subject: 'Hello',
      text: 'Plain body',
      html: '<p>HTML body</p>',
      template: 'test',
      headers: {
        'List-Unsubscribe': '<http://crm.test/api/unsubscribe/abc>',
        'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
      },
      timeline: { description: 'Test email sent' },
      sentAt,
    }

    const first = await runActivity(() => sendThroughOutbox(harness.dependencies, key, message))
    const second = await runActivity(() =>
      sendThroughOutbox(harness.dependencies, key, { ...message, subject: 'Changed' }),
    )

    expect(first).toMatchObject({ alreadySent: false, sentAt: sentAt.toISOString() })
    expect(second).toEqual({ ...first, alreadySent: true })
    const received = harness.inbox.to(lead.email)
    expect(received).toHaveLength(1)
    expect(received[0]!.parsed.subject).toBe('Hello')
    expect(headerLine(received[0]!, 'list-unsubscribe')).toBe('List-Unsubscribe: <http://crm.test/api/unsubscribe/abc>')
    expect(headerLine(received[0]!, 'list-unsubscribe-post')).toBe('List-Unsubscribe-Post: List-Unsubscribe=One-Click')
    const row = await harness.db.outboxMessage.findUniqueOrThrow({ where: { idempotencyKey: key } })
    expect(row).toMatchObject({ status: 'SENT', attempts: 1, sentAt, messageId: received[0]!.parsed.messageId })
    const timeline = await harness.db.activity.findMany({ where: { leadId: lead.id } })
    expect(timeline).toMatchObject([{ type: 'EMAIL', direction: 'OUTBOUND', subject: 'Hello', completedAt: sentAt }])
  })

  it('claims its row in one statement, the first time and on a retry', async () => {
    const counted = statementCountingDatabase(harness.database.url)
    try {
      const lead = await createLead(harness.db)
      const key = `lead-${lead.id}/test/one-statement`
      const message = {
        entity: { kind: 'lead', id: lead.id } as const,
        to: lead.email,
        subject: 'Hi',
        text: 'Body',
        html: '<p>Body</p>',
        template: 'test',
      }
      const dependencies = { ...harness.dependencies, db: counted.db }
      const outboxStatements = () => counted.statements.filter((sql) => /"OutboxMessage"/.test(sql))

      await runActivity(() => sendThroughOutbox(dependencies, key, message))
      // The claim (insert unless there), SENDING, then SENT with the timeline entry in one transaction.
      expect(outboxStatements().map((sql) => sql.split(' ')[0])).toEqual(['INSERT', 'UPDATE', 'UPDATE'])
      expect(outboxStatements()[0]).toContain('ON CONFLICT')

      counted.statements.length = 0
      expect(await runActivity(() => sendThroughOutbox(dependencies, key, message))).toMatchObject({
        alreadySent: true,
      })
      expect(counted.statements).toHaveLength(1)
      expect(harness.inbox.to(lead.email)).toHaveLength(1)
    } finally {
      await counted.close()
    }
  })

  it('resends after a failure before the SMTP server accepted the message, and delivers it once', async () => {
    const lead = await createLead(harness.db, { firstName: 'Ana' })
    const mail = smtpDownFor(1, harness.mail)
    const { sendLeadAcknowledgement } = harness.activitiesWith(mail)

    await expect(runActivity(sendLeadAcknowledgement, { leadId: lead.id })).rejects.toThrow()
    const pending = await harness.db.outboxMessage.findUniqueOrThrow({
      where: { idempotencyKey: `lead-${lead.id}/acknowledgement` },
    })
    expect(pending).toMatchObject({ status: 'PENDING', attempts: 1, sentAt: null })
    expect(pending.lastError).toBeTruthy()

    const sent = await runActivity(sendLeadAcknowledgement, { leadId: lead.id })
    const again = await runActivity(sendLeadAcknowledgement, { leadId: lead.id })

    expect(sent.alreadySent).toBe(false)
    expect(again).toEqual({ ...sent, alreadySent: true })
    expect(mail.attempts()).toBe(2)
    expect(harness.inbox.to(lead.email)).toHaveLength(1)
    expect(await harness.db.outboxMessage.findUniqueOrThrow({ where: { id: sent.outboxMessageId } })).toMatchObject({
      status: 'SENT',
      attempts: 2,
      lastError: null,
    })
    expect(await harness.db.activity.count({ where: { leadId: lead.id, type: 'EMAIL' } })).toBe(1)
  })

  it('resends the very same message (same Message-ID) when an attempt ended inside the SMTP window, before acceptance was recorded', async () => {
    const lead = await createLead(harness.db)
    const mail = crashAfterDelivery(harness.mail)
    const { sendLeadAcknowledgement } = harness.activitiesWith(mail)

    await expect(runActivity(sendLeadAcknowledgement, { leadId: lead.id })).rejects.toThrow('worker died')
    // A crash leaves the row marked as being sent; the retry resumes it.
    await harness.db.outboxMessage.update({
      where: { idempotencyKey: `lead-${lead.id}/acknowledgement` },
      data: { status: 'SENDING' },
    })
    await runActivity(sendLeadAcknowledgement, { leadId: lead.id })

    const copies = harness.inbox.to(lead.email)
    expect(copies).toHaveLength(2)
    expect(copies[1]!.parsed.messageId).toBe(copies[0]!.parsed.messageId)
    expect(copies[1]!.parsed.text).toBe(copies[0]!.parsed.text)
    expect(await harness.db.activity.count({ where: { leadId: lead.id, type: 'EMAIL' } })).toBe(1)
  })
})

describe('the acknowledgement email', () => {
  it('carries the one-click unsubscribe like every other email, and both its links unsubscribe this lead', async () => {
    const lead = await createLead(harness.db, { firstName: 'Ana' })
    await runActivity(harness.activities.sendLeadAcknowledgement, { leadId: lead.id })
    const [mail] = harness.inbox.to(lead.email)

    // RFC 8058: the API endpoint mail providers post to from their servers, and the one-click marker.
    // A long header is folded onto a second line (RFC 5322); unfolded, it is one URL in angle brackets.
    const listUnsubscribe = headerLine(mail!, 'list-unsubscribe')?.replace(/\r\n[ \t]+/g, ' ')
    const oneClick = /^List-Unsubscribe:\s*<(.+)>$/.exec(listUnsubscribe ?? '')?.[1]
    expect(oneClick).toMatch(new RegExp(`^${testAppBaseUrl}/api/unsubscribe/[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+$`))
    expect(headerLine(mail!, 'list-unsubscribe-post')).toBe('List-Unsubscribe-Post: List-Unsubscribe=One-Click')
    // The link a person clicks in the body: the unsubscribe page, with the same token, in text and HTML.
    const token = oneClick!.split('/').pop()!
    const pageLink = `${testAppBaseUrl}/unsubscribe/${token}`
    expect(mail!.parsed.text).toContain(`Unsubscribe: ${pageLink}`)
    expect(mail!.parsed.html).toContain(`<a href="${pageLink}">Unsubscribe</a>`)

    // Follow them against the real web app: the page knows the lead, the one-click post unsubscribes it.
    const config = loadConfig({
      NODE_ENV: 'test',
      DATABASE_URL: harness.database.url,
      UNSUBSCRIBE_SECRET: testUnsubscribeSecret,
      APP_BASE_URL: testAppBaseUrl,
      // No workflow runs here: the unsubscribe is recorded either way (the signal is retried by the next click).
      TEMPORAL_ADDRESS: '127.0.0.1:1',
    })
    const temporal = createTemporalClient(config)
    const dependencies = { config, db: harness.db, temporal, mail: harness.mail }
    const web = await startWeb(dependencies)
    try {
      const openPage = () =>
        unsubscribePage({
          request: new Request(pageLink),
          params: { token },
          context: { ...dependencies } as AppLoadContext,
        })
      expect(await openPage()).toEqual({ language: 'EN', unsubscribed: false })

      const response = await fetch(`${web.baseUrl}${new URL(oneClick!).pathname}`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: 'List-Unsubscribe=One-Click',
      })
      expect(response.status).toBe(200)
      expect(await response.json()).toMatchObject({ unsubscribed: true })
      expect(
        await harness.db.communicationPreference.findUnique({
          where: { leadId: lead.id },
          select: { unsubscribeReason: true },
        }),
      ).toEqual({ unsubscribeReason: 'one-click' })
      expect(await openPage()).toEqual({ language: 'EN', unsubscribed: true })
    } finally {
      await web.close()
      await temporal.connection.close().catch(() => undefined)
    }
  })
})
