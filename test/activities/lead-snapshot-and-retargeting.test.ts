import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createUser } from '../support/actors'
import { createLead, runActivity, startActivityHarness, type ActivityHarness } from './activity-harness'

let harness: ActivityHarness

beforeAll(async () => {
  harness = await startActivityHarness()
})

afterAll(async () => {
  await harness?.close()
})

const now = '2030-03-05T15:00:00.000Z'

function voiceSession(data: {
  leadId?: string
  visitorId?: string
  endedAt?: Date | null
  language?: 'EN' | 'ES'
  email?: string
}) {
  return harness.db.voiceSession.create({
    data: {
      externalSessionId: `session-${Math.random().toString(36).slice(2)}`,
      startTime: new Date('2030-03-05T10:00:00Z'),
      ...data,
    },
    select: { id: true },
  })
}

/** A lead with consent, nurture emails sent and pending, ended and open voice sessions, calculations and a booking. */
async function createLeadWithHistory() {
  const lead = await createLead(harness.db, {
    status: 'CONTACTED',
    qualificationStage: 'MQL',
    leadScore: 64,
    source: 'VOICE_AGENT',
    nurturePausedAt: new Date(now),
    timezone: 'America/Chicago',
  })
  await harness.db.communicationPreference.create({ data: { leadId: lead.id, marketingConsent: true } })
  // What the weekly cap counts: sent marketing emails, not the transactional thank-you nor an unsent one.
  const outbox = (step: string, status: 'SENT' | 'PENDING', sentAt: string | null) =>
    harness.db.outboxMessage.create({
      data: {
        idempotencyKey: `lead-${lead.id}/nurture/voice-with-email/${step}`,
        channel: 'EMAIL',
        status,
        leadId: lead.id,
        toAddress: lead.email,
        fromAddress: 'crm@example.com',
        bodyText: 'Hi',
        template: `nurture:voice-with-email/${step}`,
        messageId: `<${lead.id}-${step}@durable-crm.test>`,
        sentAt: sentAt ? new Date(sentAt) : null,
      },
    })
  await outbox('thank-you', 'SENT', '2030-03-05T12:10:00Z')
  await outbox('roi-link', 'SENT', '2030-03-05T14:10:00Z')
  await outbox('case-study', 'PENDING', null)
  const older = await voiceSession({ leadId: lead.id, endedAt: new Date('2030-03-05T10:10:00Z') })
  const newer = await voiceSession({ leadId: lead.id, endedAt: new Date('2030-03-05T12:10:00Z') })
  await voiceSession({ leadId: lead.id, endedAt: null })
  const calculations = []
  for (const createdAt of ['2030-03-05T11:00:00Z', '2030-03-05T09:00:00Z']) {
    calculations.push(
      await harness.db.rOICalculation.create({
        data: {
          leadId: lead.id,
          industry: 'HVAC',
          employeeCount: 'RANGE_5_10',
          hourlyRate: 40,
          weeklyAdminHours: 10,
          calculations: {},
          createdAt: new Date(createdAt),
        },
        select: { id: true },
      }),
    )
  }
  await harness.db.calendarBooking.create({
    data: {
      leadId: lead.id,
      externalUid: `b-${lead.id}`,
      title: 'Call',
      attendeeEmail: lead.email,
      startTime: new Date(now),
      endTime: new Date(now),
      status: 'CANCELLED',
    },
  })
  return { lead, older, newer, calculations }
}

describe('loadLeadSnapshot', () => {
  it('reads the lead as its workflow needs it', async () => {
    const { lead, older, newer, calculations } = await createLeadWithHistory()
    // The last touch (decision 0089): the person's reply; what the CRM wrote or sent by itself after it is not one.
    await harness.db.activity.createMany({
      data: [
        {
          leadId: lead.id,
          type: 'EMAIL',
          direction: 'INBOUND',
          subject: 'Re: pricing',
          createdAt: new Date('2030-03-06T09:00:00Z'),
        },
        { leadId: lead.id, type: 'SYSTEM_EVENT', subject: 'Scored', createdAt: new Date('2030-03-07T09:00:00Z') },
        {
          leadId: lead.id,
          type: 'EMAIL',
          direction: 'OUTBOUND',
          subject: 'Case study',
          createdAt: new Date('2030-03-08T09:00:00Z'),
        },
      ],
    })
    const snapshot = await runActivity(harness.activities.loadLeadSnapshot, { leadId: lead.id })

    expect(snapshot).toEqual({
      leadId: lead.id,
      status: 'CONTACTED',
      qualificationStage: 'MQL',
      score: 64,
      ownerId: null,
      source: 'VOICE_AGENT',
      createdAt: lead.createdAt.toISOString(),
      lastTouchedAt: '2030-03-06T09:00:00.000Z',
      nurturePaused: true,
      unsubscribed: false,
      marketingConsent: true,
      hasRoiCalculation: true,
      // Only a cancelled booking.
      hasActiveBooking: false,
      endedVoiceSessionIds: [newer.id, older.id],
      roiCalculationIds: [calculations[1]!.id, calculations[0]!.id],
      // No hours of their own: the lead's timezone with seed 003's defaults.
      sendRules: {
        window: {
          timezone: 'America/Chicago',
          quietHoursStart: '21:00',
          quietHoursEnd: '08:00',
          weekendContact: false,
        },
        maxMessagesPerWeek: 4,
      },
      cappedSendsAt: ['2030-03-05T14:10:00.000Z'],
      // Each sequence begins at its first trigger: the earlier ended session, the earlier calculation.
      nurtureTriggers: [
        { sequence: 'voice-with-email', refId: older.id, occurredAt: '2030-03-05T10:10:00.000Z' },
        { sequence: 'roi-calculator', refId: calculations[1]!.id, occurredAt: '2030-03-05T09:00:00.000Z' },
      ],
      // Sent nurture emails only (the pending case study is not).
      sentNurtureSteps: [
        {
          sequence: 'voice-with-email',
          step: 'thank-you',
          outboxMessageId: expect.any(String),
          sentAt: '2030-03-05T12:10:00.000Z',
        },
        {
          sequence: 'voice-with-email',
          step: 'roi-link',
          outboxMessageId: expect.any(String),
          sentAt: '2030-03-05T14:10:00.000Z',
        },
      ],
    })
  })

  it('says unsubscribed, without consent and without engagement for a bare lead; fails for good for a missing one', async () => {
    const lead = await createLead(harness.db)
    await harness.db.communicationPreference.create({
      data: { leadId: lead.id, marketingConsent: true, unsubscribedAt: new Date(now) },
    })
    const bare = await createLead(harness.db)

    expect(await runActivity(harness.activities.loadLeadSnapshot, { leadId: lead.id })).toMatchObject({
      unsubscribed: true,
    })
    expect(await runActivity(harness.activities.loadLeadSnapshot, { leadId: bare.id })).toMatchObject({
      unsubscribed: false,
      marketingConsent: false,
      hasRoiCalculation: false,
      hasActiveBooking: false,
      endedVoiceSessionIds: [],
      roiCalculationIds: [],
    })
    expect(
      await runActivity(harness.activities.loadLeadSnapshot, { leadId: 'missing' }).catch((error: unknown) => error),
    ).toMatchObject({
      type: 'LeadNotFound',
      nonRetryable: true,
    })
  })
})

describe('fireRetargetingEvent', () => {
  it('adds an anonymous visitor to the audience of the session’s language, once per session', async () => {
    const session = await voiceSession({ visitorId: 'visitor-1', language: 'ES', endedAt: new Date(now) })

    const first = await runActivity(harness.activities.fireRetargetingEvent, { voiceSessionId: session.id, now })
    const retried = await runActivity(harness.activities.fireRetargetingEvent, {
      voiceSessionId: session.id,
      now: '2030-03-05T16:00:00.000Z',
    })

    expect(first).toEqual({ fired: true, reason: 'Added to the retargeting audience voice-agent-no-email-es' })
    expect(retried).toEqual(first)
    expect(await harness.db.retargetingEvent.findMany({ where: { voiceSessionId: session.id } })).toMatchObject([
      { visitorId: 'visitor-1', audience: 'voice-agent-no-email-es', firedAt: new Date(now) },
    ])
  })

  it('does not fire for a session that has got a lead since, nor for one that no longer exists', async () => {
    const lead = await createLead(harness.db)
    const identified = await voiceSession({ visitorId: 'visitor-2', leadId: lead.id, endedAt: new Date(now) })

    expect(await runActivity(harness.activities.fireRetargetingEvent, { voiceSessionId: identified.id, now })).toEqual({
      fired: false,
      reason: 'The visitor has been identified since: they are a lead now',
    })
    expect(await runActivity(harness.activities.fireRetargetingEvent, { voiceSessionId: 'missing', now })).toEqual({
      fired: false,
      reason: 'The voice session no longer exists',
    })
    expect(await harness.db.retargetingEvent.count({ where: { voiceSessionId: identified.id } })).toBe(0)
  })
})

describe('startLead', () => {
  it('answers the snapshot a read after its commit gives, with the score, stage and owner it wrote', async () => {
    const rep = await createUser(harness.db, { role: 'SALES_REP' })
    const { lead } = await createLeadWithHistory()
    // A Contacted lead: the start-up reads its last touch too (decision 0089), the person's reply.
    await harness.db.activity.create({
      data: {
        leadId: lead.id,
        type: 'EMAIL',
        direction: 'INBOUND',
        subject: 'Re: pricing',
        createdAt: new Date('2030-03-06T09:00:00Z'),
      },
    })

    const started = await runActivity(harness.activities.startLead, { leadId: lead.id, now })
    const afterCommit = await runActivity(harness.activities.loadLeadSnapshot, { leadId: lead.id })

    expect(started.snapshot).toEqual(afterCommit)
    expect(started.snapshot.lastTouchedAt).toBe('2030-03-06T09:00:00.000Z')
    expect(afterCommit).toMatchObject({ ownerId: rep.id, score: started.scoring.score })
    // Written by the start-up, not read before it: the lead was created with a score of 64 and no owner.
    expect(started.scoring.score).not.toBe(64)
  })
})
