import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { sendThroughOutbox } from '../../activities/outbox'
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
      leadId: lead.id,
      to: lead.email,
      subject: 'Hello',
      text: 'Plain body',
      html: '<p>HTML body</p>',
      template: 'test',
      headers: {
        'List-Unsubscribe': '<http://crm.test/api/unsubscribe/abc>',
        'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
      },
      timeline: { leadId: lead.id, description: 'Test email sent' },
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

  it('resends the very same message (same Message-ID) when the worker died after the SMTP server accepted it', async () => {
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
