import { ApplicationFailure } from '@temporalio/common'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { scoringFactorLabels } from '../../domain/leads/lead-scoring'
import { createEngagedLead } from '../support/engaged-lead'
import { createLead, runActivity, startActivityHarness, type ActivityHarness } from './activity-harness'

let harness: ActivityHarness

beforeAll(async () => {
  harness = await startActivityHarness()
})

afterAll(async () => {
  await harness?.close()
})

const now = '2030-03-05T15:00:00.000Z'
const later = '2030-03-06T15:00:00.000Z'

function rescore(leadId: string, at = now) {
  return runActivity(harness.activities.rescoreLead, { leadId, now: at })
}

/** Scores 76 (> 70 → MQL) at its first rescore. */
function engagedLead() {
  return createEngagedLead(harness.db, { sessionAt: new Date('2030-03-05T14:00:00Z') })
}

async function systemEvents(leadId: string) {
  return harness.db.activity.findMany({
    where: { leadId, type: 'SYSTEM_EVENT' },
    // Entries of one rescore share their creation time; the subject orders them ("Score…" before "Qualified…").
    orderBy: [{ createdAt: 'asc' }, { subject: 'desc' }],
    select: { subject: true, description: true, completedAt: true },
  })
}

describe('rescoreLead', () => {
  it('scores from the database, qualifies as MQL when a trigger fires and writes the change to the timeline once', async () => {
    const lead = await engagedLead()

    const result = await rescore(lead.id)
    const retried = await rescore(lead.id)

    // industry 20 + employees 15 + voice (20 + 6×15 + 2×10 → 100) 20 + ROI with report 15 + two sessions 6
    expect(result).toMatchObject({
      score: 76,
      band: 'hot',
      status: 'NEW',
      qualificationStage: 'MQL',
      qualificationTrigger: 'Lead score > 70 → MQL',
    })
    expect(result.factors).toContainEqual({ factor: 'multipleSessions', weight: 10, value: 60, contribution: 6 })
    // A retry (of an attempt whose result was lost) answers the same: whether the stage rose is the workflow's call.
    expect(retried).toEqual(result)
    expect(result).not.toHaveProperty('qualifiedNow')
    const stored = await harness.db.lead.findUniqueOrThrow({ where: { id: lead.id } })
    expect(stored).toMatchObject({
      leadScore: 76,
      qualificationStage: 'MQL',
      status: 'NEW',
      marketingQualifiedAt: new Date(now),
      salesQualifiedAt: null,
    })
    expect(stored.scoringFactors).toEqual(result.factors)
    expect(await systemEvents(lead.id)).toMatchObject([
      {
        subject: 'Score 0 → 76: cold → hot',
        description: `${scoringFactorLabels.industryMatch.en} +20, ${scoringFactorLabels.employeeCount.en} +15, ${scoringFactorLabels.voiceAgentEngagement.en} +20, ${scoringFactorLabels.roiCalculatorCompleted.en} +15, ${scoringFactorLabels.multipleSessions.en} +6`,
        completedAt: new Date(now),
      },
      { subject: 'Qualified as MQL', description: 'Lead score > 70 → MQL' },
    ])
  })

  it('rises to SQL with a booking (status QUALIFIED) and never lowers the stage when the booking is cancelled', async () => {
    const lead = await engagedLead()
    await rescore(lead.id)
    const booking = await harness.db.calendarBooking.create({
      data: {
        leadId: lead.id,
        externalUid: `booking-${lead.id}`,
        title: 'Discovery call',
        attendeeEmail: lead.email,
        startTime: new Date('2030-03-08T15:00:00Z'),
        endTime: new Date('2030-03-08T15:30:00Z'),
      },
    })

    const booked = await rescore(lead.id, later)
    await harness.db.calendarBooking.update({ where: { id: booking.id }, data: { status: 'CANCELLED' } })
    const cancelled = await rescore(lead.id, '2030-03-07T15:00:00.000Z')

    expect(booked).toMatchObject({
      score: 86,
      status: 'QUALIFIED',
      qualificationStage: 'SQL',
      qualificationTrigger: 'Calendar booking + lead score > 50 → SQL',
    })
    // 86 less the booking's 10: a cancelled booking gives no credit.
    expect(cancelled).toMatchObject({ score: 76, status: 'QUALIFIED', qualificationStage: 'SQL' })
    expect(await harness.db.lead.findUniqueOrThrow({ where: { id: lead.id } })).toMatchObject({
      marketingQualifiedAt: new Date(now),
      salesQualifiedAt: new Date(later),
    })
    // The band stayed hot throughout: only the stage change is on the timeline after the first rescore.
    expect((await systemEvents(lead.id)).map((event) => event.subject)).toEqual([
      'Score 0 → 76: cold → hot',
      'Qualified as MQL',
      'Qualified as SQL',
    ])
  })

  it('gives a booking that was moved and then cancelled no credit, and a moved live one credit once', async () => {
    const lead = await engagedLead()
    const booking = (externalUid: string, status: 'SCHEDULED' | 'RESCHEDULED', rescheduledFromUid?: string) =>
      harness.db.calendarBooking.create({
        data: {
          leadId: lead.id,
          externalUid,
          rescheduledFromUid,
          status,
          title: 'Discovery call',
          attendeeEmail: lead.email,
          startTime: new Date('2030-03-08T15:00:00Z'),
          endTime: new Date('2030-03-08T15:30:00Z'),
        },
      })
    // What Cal.com's created → rescheduled leaves: the first booking replaced, the new one scheduled.
    await booking(`first-${lead.id}`, 'RESCHEDULED')
    const moved = await booking(`moved-${lead.id}`, 'SCHEDULED', `first-${lead.id}`)
    const calendarFactor = (result: Awaited<ReturnType<typeof rescore>>) =>
      result.factors.find((factor) => factor.factor === 'calendarBooking')

    // 76 (see above) + a live booking 100×10% = 86.
    const live = await rescore(lead.id)
    expect(live.score).toBe(86)
    expect(calendarFactor(live)).toEqual({ factor: 'calendarBooking', weight: 10, value: 100, contribution: 10 })
    const snapshot = () => runActivity(harness.activities.loadLeadSnapshot, { leadId: lead.id })
    expect(await snapshot()).toMatchObject({ hasActiveBooking: true })

    await harness.db.calendarBooking.update({ where: { id: moved.id }, data: { status: 'CANCELLED' } })
    const cancelled = await rescore(lead.id, later)
    expect(cancelled.score).toBe(76)
    expect(calendarFactor(cancelled)).toEqual({ factor: 'calendarBooking', weight: 10, value: 0, contribution: 0 })
    // The workflow's view agrees: the booking CTA of a nurture sequence is due again.
    expect(await snapshot()).toMatchObject({ hasActiveBooking: false })
  })

  it('counts email replies, and a disqualified lead keeps its status and stage', async () => {
    const lead = await createLead(harness.db, {
      source: 'REFERRAL',
      industry: 'PLUMBING',
      status: 'UNQUALIFIED',
      disqualifiedReason: 'Out of area',
    })
    await harness.db.activity.create({
      data: { leadId: lead.id, type: 'EMAIL', direction: 'INBOUND', subject: 'Re: hello' },
    })

    const result = await rescore(lead.id)

    // industry 20 + email reply 5 + referral 5; the referral trigger would make it SQL, but it is closed.
    expect(result).toMatchObject({
      score: 30,
      band: 'cold',
      status: 'UNQUALIFIED',
      qualificationStage: 'NONE',
      qualificationTrigger: null,
    })
    expect(await systemEvents(lead.id)).toEqual([])
  })

  it('fails for good when the lead does not exist', async () => {
    const failure = await rescore('missing-lead').catch((error: unknown) => error)

    expect(failure).toBeInstanceOf(ApplicationFailure)
    expect(failure).toMatchObject({ type: 'LeadNotFound', nonRetryable: true })
  })
})
