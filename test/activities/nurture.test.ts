import { ApplicationFailure } from '@temporalio/common'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { NurtureSendOutcome, SendNurtureStepInput } from '../../activities/lead-lifecycle-contract'
import type { NurtureSequenceName } from '../../domain/nurture/sequences'
import type { TranscriptMessage } from '../../domain/voice/transcript-analysis'
import type { Prisma } from '../../lib/db'
import { verifyUnsubscribeToken } from '../../lib/unsubscribe'
import { parsePdf } from '../support/pdf-render'
import { testUnsubscribeSecret } from '../support/temporal'
import {
  createLead,
  headerLine,
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

// A Tuesday, 10:00 in New York: inside everyone's send window unless a test says otherwise.
const startedAt = '2030-03-05T14:00:00.000Z'
const now = '2030-03-05T15:00:00.000Z'
const hour = 60 * 60 * 1000
const day = 24 * hour

async function consentingLead(
  data: Partial<Prisma.LeadUncheckedCreateInput> = {},
  preference: Partial<Prisma.CommunicationPreferenceUncheckedCreateInput> | null = {},
) {
  const lead = await createLead(harness.db, { firstName: 'Robin', companyName: 'Cool Air', industry: 'HVAC', ...data })
  if (preference) {
    await harness.db.communicationPreference.create({
      data: { leadId: lead.id, marketingConsent: true, timezone: 'America/New_York', ...preference },
    })
  }
  return lead
}

function step(
  leadId: string,
  sequence: NurtureSequenceName,
  name: string,
  overrides: Partial<SendNurtureStepInput> = {},
): Promise<NurtureSendOutcome> {
  return runActivity(harness.activities.sendNurtureStep, {
    leadId,
    sequence,
    step: name,
    triggerRefId: 'no-trigger',
    sequenceStartedAt: startedAt,
    now,
    ...overrides,
  })
}

async function roiCalculation(leadId: string, data: Partial<Prisma.ROICalculationUncheckedCreateInput> = {}) {
  return harness.db.rOICalculation.create({
    data: {
      leadId,
      industry: 'HVAC',
      employeeCount: 'RANGE_10_25',
      hourlyRate: 45,
      weeklyAdminHours: 30,
      calculations: {},
      emailCaptured: true,
      reportRequested: true,
      ...data,
    },
    select: { id: true },
  })
}

async function sentNurture(
  leadId: string,
  template: string,
  sentAt: Date,
  key = `${template}/${sentAt.getTime()}/${leadId}`,
) {
  await harness.db.outboxMessage.create({
    data: {
      idempotencyKey: key,
      channel: 'EMAIL',
      status: 'SENT',
      leadId,
      toAddress: 'someone@example.com',
      fromAddress: 'crm@durable-crm.test',
      bodyText: 'earlier',
      template,
      messageId: `<${key}@durable-crm.test>`,
      sentAt,
    },
  })
}

describe('sendNurtureStep sends', () => {
  it('a consented step once, with the unsubscribe link and headers and a timeline entry; a retry sends nothing', async () => {
    const lead = await consentingLead()

    const first = await step(lead.id, 'voice-with-email', 'roi-link')
    const retry = await step(lead.id, 'voice-with-email', 'roi-link')

    expect(first).toMatchObject({ outcome: 'sent', alreadySent: false, sentAt: now })
    expect(retry).toEqual({ ...first, alreadySent: true })
    const received = harness.inbox.to(lead.email)
    expect(received).toHaveLength(1)
    const unsubscribe = headerLine(received[0]!, 'list-unsubscribe')
    const token = /\/api\/unsubscribe\/([^>]+)>/.exec(unsubscribe ?? '')?.[1]
    expect(token && verifyUnsubscribeToken(token, testUnsubscribeSecret)).toEqual({ leadId: lead.id })
    expect(headerLine(received[0]!, 'list-unsubscribe-post')).toBe('List-Unsubscribe-Post: List-Unsubscribe=One-Click')
    expect(received[0]!.parsed.text).toContain(`/unsubscribe/${token}`)
    expect(received[0]!.parsed.text).toContain('https://www.example/roi-calculator')

    const outbox = await harness.db.outboxMessage.findUniqueOrThrow({
      where: { idempotencyKey: `lead-${lead.id}/nurture/voice-with-email/roi-link` },
    })
    expect(outbox).toMatchObject({
      status: 'SENT',
      template: 'nurture:voice-with-email/roi-link',
      sentAt: new Date(now),
    })
    const timeline = await harness.db.activity.findMany({ where: { leadId: lead.id } })
    expect(timeline).toMatchObject([
      {
        type: 'EMAIL',
        direction: 'OUTBOUND',
        description: 'Voice agent follow-up: ROI calculator link',
        completedAt: new Date(now),
      },
    ])
  })

  it('the voice thank-you with the conversation summary, at night and without marketing consent (transactional)', async () => {
    const lead = await consentingLead({ preferredLanguage: 'ES', firstName: 'Lucía' }, null)
    const messages: TranscriptMessage[] = [
      {
        role: 'user',
        content: '¿Cuánto cuesta automatizar el despacho de técnicos?',
        timestamp: '2030-03-05T06:58:00Z',
      },
      {
        role: 'assistant',
        content: 'Depende del nivel; el plan Discovery empieza en 4.000 USD.',
        timestamp: '2030-03-05T06:58:10Z',
      },
      { role: 'user', content: 'Perdemos muchas llamadas fuera de horario.', timestamp: '2030-03-05T06:59:00Z' },
    ]
    const session = await harness.db.voiceSession.create({
      data: {
        leadId: lead.id,
        externalSessionId: `session-${lead.id}`,
        startTime: new Date('2030-03-05T06:58:00Z'),
        endedAt: new Date('2030-03-05T07:00:00Z'),
        language: 'ES',
        messages: messages as unknown as Prisma.InputJsonValue,
        actionsTaken: ['SCROLL_TO_ROI'],
      },
      select: { id: true },
    })

    // 02:00 in New York.
    const outcome = await step(lead.id, 'voice-with-email', 'thank-you', {
      triggerRefId: session.id,
      now: '2030-03-05T07:00:00.000Z',
    })

    expect(outcome).toMatchObject({ outcome: 'sent', alreadySent: false })
    const [mail] = harness.inbox.to(lead.email)
    // The summary of that conversation, in Spanish: one question asked, and where the person went next.
    expect(mail?.parsed.text).toContain('Hizo 1 pregunta')
    expect(mail?.parsed.text).toContain('Después pasó a la calculadora de ROI.')
    expect(mail?.parsed.text).toContain('Lucía')
  })

  it('the ROI report with the PDF of that calculation attached, and records when the report went out', async () => {
    const lead = await consentingLead({}, null)
    const calculation = await roiCalculation(lead.id)

    const outcome = await step(lead.id, 'roi-calculator', 'report', { triggerRefId: calculation.id })

    expect(outcome).toMatchObject({ outcome: 'sent', alreadySent: false })
    const [mail] = harness.inbox.to(lead.email)
    expect(mail?.parsed.attachments).toHaveLength(1)
    const [attachment] = mail!.parsed.attachments
    expect(attachment).toMatchObject({ filename: `roi-report-${calculation.id}.pdf`, contentType: 'application/pdf' })
    expect(attachment!.content.subarray(0, 5).toString('latin1')).toBe('%PDF-')
    // The report of this calculation (HVAC, 30 admin hours at $45), figures by hand: 8.0 h × $45 = $360 a week,
    // × 52 − the $7,000 Discovery contract = $11,720 (167%), paid back in 7,000 ÷ 360 = 19.4 weeks; Architect
    // 26.4 h × $45 = $1,188, × 52 − $75,000 = −$13,224 (−18%), 75,000 ÷ 1,188 = 63.1 weeks.
    const [first] = (await parsePdf(attachment!.content)).pages
    expect(first).toContain('Discovery 8.0 $360 $11,720 167% 19.4 weeks $7,000')
    expect(first).toContain('Architect 26.4 $1,188 -$13,224 -18% 63.1 weeks $75,000')
    const stored = await harness.db.rOICalculation.findUniqueOrThrow({ where: { id: calculation.id } })
    expect(stored.reportSentAt).toEqual(new Date(now))
    const outbox = await harness.db.outboxMessage.findUniqueOrThrow({
      where: { idempotencyKey: `lead-${lead.id}/nurture/roi-calculator/report` },
    })
    expect(outbox.attachments).toEqual([
      { kind: 'roi-report', roiCalculationId: calculation.id, filename: `roi-report-${calculation.id}.pdf` },
    ])
  })

  it('once even when SMTP was down at the first attempt (outbox written, send failed, retried)', async () => {
    const lead = await consentingLead()
    const mail = smtpDownFor(1, harness.mail)
    const { sendNurtureStep } = harness.activitiesWith(mail)
    const input: SendNurtureStepInput = {
      leadId: lead.id,
      sequence: 'roi-calculator',
      step: 'final-push',
      triggerRefId: 'no-trigger',
      sequenceStartedAt: startedAt,
      now,
    }

    await expect(runActivity(sendNurtureStep, input)).rejects.toThrow()
    expect(
      await harness.db.outboxMessage.findUniqueOrThrow({
        where: { idempotencyKey: `lead-${lead.id}/nurture/roi-calculator/final-push` },
      }),
    ).toMatchObject({ status: 'PENDING', attempts: 1 })
    const sent = await runActivity(sendNurtureStep, input)
    const again = await runActivity(sendNurtureStep, input)

    expect(sent).toMatchObject({ outcome: 'sent', alreadySent: false })
    expect(again).toMatchObject({ outcome: 'sent', alreadySent: true })
    expect(harness.inbox.to(lead.email)).toHaveLength(1)
    expect(await harness.db.activity.count({ where: { leadId: lead.id, type: 'EMAIL' } })).toBe(1)
  })
})

describe('sendNurtureStep does not send', () => {
  it('and fails for good when the lead no longer exists', async () => {
    const failure = await step('missing-lead', 'voice-with-email', 'roi-link').catch((error: unknown) => error)

    expect(failure).toBeInstanceOf(ApplicationFailure)
    expect(failure).toMatchObject({ type: 'LeadNotFound', nonRetryable: true })
  })

  it.each([
    ['converted', { status: 'CONVERTED' as const }, 'Lead converted'],
    ['disqualified', { status: 'UNQUALIFIED' as const }, 'Lead disqualified'],
  ])('stops the sequence when the lead was %s', async (_, data, reason) => {
    const lead = await consentingLead(data)

    expect(await step(lead.id, 'voice-with-email', 'check-in')).toEqual({ outcome: 'stopped', reason })
    expect(harness.inbox.to(lead.email)).toHaveLength(0)
  })

  it('stops the sequence when a call was booked after it started (a cancelled booking does not count)', async () => {
    const lead = await consentingLead()
    const booking = {
      leadId: lead.id,
      title: 'Discovery call',
      attendeeEmail: lead.email,
      startTime: new Date('2030-03-08T15:00:00Z'),
      endTime: new Date('2030-03-08T15:30:00Z'),
      createdAt: new Date('2030-03-05T14:30:00Z'),
    }
    await harness.db.calendarBooking.create({
      data: { ...booking, externalUid: `cancelled-${lead.id}`, status: 'CANCELLED' },
    })
    expect(await step(lead.id, 'voice-with-email', 'check-in')).toMatchObject({ outcome: 'sent' })

    await harness.db.calendarBooking.create({ data: { ...booking, externalUid: `booked-${lead.id}` } })
    expect(await step(lead.id, 'roi-calculator', 'final-push')).toEqual({ outcome: 'stopped', reason: 'Booked a call' })
  })

  it('stops the sequence when the person replied after it started', async () => {
    const lead = await consentingLead()
    await harness.db.activity.create({
      data: {
        leadId: lead.id,
        type: 'EMAIL',
        direction: 'INBOUND',
        subject: 'Re: earlier',
        completedAt: new Date('2030-03-01T12:00:00Z'),
      },
    })
    expect(await step(lead.id, 'voice-with-email', 'check-in')).toMatchObject({ outcome: 'sent' })

    await harness.db.activity.create({
      data: {
        leadId: lead.id,
        type: 'EMAIL',
        direction: 'INBOUND',
        subject: 'Re: hi',
        completedAt: new Date('2030-03-05T14:10:00Z'),
      },
    })
    expect(await step(lead.id, 'roi-calculator', 'final-push')).toEqual({
      outcome: 'stopped',
      reason: 'Replied to an email',
    })
  })

  it('stops even a transactional step when the person unsubscribed', async () => {
    const lead = await consentingLead({}, { unsubscribedAt: new Date('2030-03-05T14:20:00Z') })
    const calculation = await roiCalculation(lead.id)

    expect(await step(lead.id, 'roi-calculator', 'report', { triggerRefId: calculation.id })).toEqual({
      outcome: 'stopped',
      reason: 'Unsubscribed',
    })
    expect(harness.inbox.to(lead.email)).toHaveLength(0)
  })

  it('waits while nurture is paused', async () => {
    const lead = await consentingLead({ nurturePausedAt: new Date('2030-03-05T14:30:00Z') })

    expect(await step(lead.id, 'voice-with-email', 'roi-link')).toEqual({ outcome: 'paused' })
  })

  it('skips a step whose goal is met: the ROI calculator was already used', async () => {
    const lead = await consentingLead()
    await roiCalculation(lead.id)

    expect(await step(lead.id, 'voice-with-email', 'roi-link')).toEqual({
      outcome: 'skipped',
      reason: 'ROI calculator already completed',
    })
  })

  it('skips the booking call to action when a call is booked already (booked before the sequence began)', async () => {
    const lead = await consentingLead()
    await harness.db.calendarBooking.create({
      data: {
        leadId: lead.id,
        externalUid: `before-${lead.id}`,
        title: 'Discovery call',
        attendeeEmail: lead.email,
        startTime: new Date('2030-03-06T15:00:00Z'),
        endTime: new Date('2030-03-06T15:30:00Z'),
        createdAt: new Date('2030-03-01T10:00:00Z'),
      },
    })

    expect(await step(lead.id, 'roi-calculator', 'booking-cta')).toEqual({
      outcome: 'skipped',
      reason: 'Call already booked',
    })
  })

  it('still sends the booking call to action after a no-show: only a live booking meets its goal', async () => {
    const lead = await consentingLead()
    await harness.db.calendarBooking.create({
      data: {
        leadId: lead.id,
        externalUid: `no-show-${lead.id}`,
        title: 'Discovery call',
        attendeeEmail: lead.email,
        status: 'NO_SHOW',
        startTime: new Date('2030-02-26T15:00:00Z'),
        endTime: new Date('2030-02-26T15:30:00Z'),
        createdAt: new Date('2030-02-20T10:00:00Z'),
      },
    })

    expect(await step(lead.id, 'roi-calculator', 'booking-cta')).toMatchObject({ outcome: 'sent' })
  })

  it('skips the case study the other sequence already sent', async () => {
    const lead = await consentingLead()
    await sentNurture(lead.id, 'nurture:voice-with-email/case-study', new Date('2030-03-03T15:00:00Z'))

    expect(await step(lead.id, 'roi-calculator', 'case-study')).toEqual({
      outcome: 'skipped',
      reason: 'Case study already sent',
    })
  })

  it.each([
    ['without a preferences row', null],
    ['who declined marketing', { marketingConsent: false }],
  ])('suppresses marketing steps for a person %s', async (_, preference) => {
    const lead = await consentingLead({}, preference)

    expect(await step(lead.id, 'voice-with-email', 'check-in')).toEqual({
      outcome: 'suppressed',
      reason: 'No marketing consent',
    })
    expect(harness.inbox.to(lead.email)).toHaveLength(0)
  })

  it('defers a marketing step due in quiet hours to the end of them, in the person’s time zone', async () => {
    const lead = await consentingLead({}, { timezone: 'America/Chicago' })

    // 02:00 in Chicago (CST, UTC−6) → 08:00 there.
    const outcome = await step(lead.id, 'voice-with-email', 'case-study', { now: '2030-03-05T08:00:00.000Z' })

    expect(outcome).toEqual({
      outcome: 'deferred',
      until: '2030-03-05T14:00:00.000Z',
      reason: 'Quiet hours (21:00–08:00 America/Chicago)',
    })
    expect(harness.inbox.to(lead.email)).toHaveLength(0)
  })

  it('defers a marketing step due at the weekend to Monday morning unless weekends are welcome', async () => {
    const lead = await consentingLead()
    const welcome = await consentingLead({}, { weekendContact: true })
    const saturday = '2030-03-09T16:00:00.000Z'

    const outcome = await step(lead.id, 'voice-with-email', 'check-in', { now: saturday })

    expect(outcome).toMatchObject({ outcome: 'deferred', until: '2030-03-11T12:00:00.000Z' })
    expect(outcome.outcome === 'deferred' && outcome.reason).toContain('Weekend')
    expect(await step(welcome.id, 'voice-with-email', 'check-in', { now: saturday })).toMatchObject({ outcome: 'sent' })
  })

  it('defers a marketing step when the weekly cap is reached, counting only marketing emails of the last 7 days', async () => {
    const lead = await consentingLead({}, { maxMessagesPerWeek: 3 })
    const at = new Date(now).getTime()
    await sentNurture(lead.id, 'nurture:voice-with-email/roi-link', new Date(at - 6 * day))
    await sentNurture(lead.id, 'nurture:voice-with-email/case-study', new Date(at - 3 * day))
    await sentNurture(lead.id, 'nurture:voice-with-email/booking-cta', new Date(at - 1 * day))
    // Not counted: a transactional email, another kind of email, and one exactly 7 days old.
    await sentNurture(lead.id, 'nurture:roi-calculator/report', new Date(at - hour))
    await sentNurture(lead.id, 'lead-acknowledgement', new Date(at - 2 * hour))
    await sentNurture(lead.id, 'nurture:roi-calculator/booking-cta', new Date(at - 7 * day))

    const outcome = await step(lead.id, 'voice-with-email', 'check-in')

    expect(outcome).toEqual({
      outcome: 'deferred',
      until: new Date(at + day).toISOString(),
      reason: 'Frequency cap (3 of 3 emails a week already sent in the last 7 days)',
    })
    // Transactional steps ignore the cap.
    const calculation = await roiCalculation(lead.id)
    expect(await step(lead.id, 'roi-calculator', 'report', { triggerRefId: calculation.id })).toMatchObject({
      outcome: 'sent',
    })
    // Once the oldest has left the window, it goes out.
    expect(
      await step(lead.id, 'voice-with-email', 'check-in', { now: new Date(at + day).toISOString() }),
    ).toMatchObject({
      outcome: 'sent',
    })
  })
})
