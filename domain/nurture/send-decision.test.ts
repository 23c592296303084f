import { describe, expect, it } from 'vitest'
import { decideNurtureSend, type NurtureSendDecision, type NurtureSendFacts } from './send-decision'

// Wednesday 6 March 2030, 10:00 in New York (EST, UTC−5): inside seed 003's default hours (08:00–21:00, weekdays).
const wednesdayMorning = new Date('2030-03-06T15:00:00.000Z')
const marketingStep = { transactional: false }
const transactionalStep = { transactional: true }

function facts(overrides: Partial<NurtureSendFacts> = {}): NurtureSendFacts {
  return {
    now: wednesdayMorning,
    step: marketingStep,
    lead: { status: 'NEW', nurturePaused: false },
    bookedSinceStart: false,
    repliedSinceStart: false,
    unsubscribed: false,
    marketingConsent: true,
    alreadySent: null,
    goals: { roiCompleted: false, activeBooking: false, otherCaseStudySent: false },
    rules: {
      window: { timezone: 'America/New_York', quietHoursStart: '21:00', quietHoursEnd: '08:00', weekendContact: false },
      maxMessagesPerWeek: 4,
    },
    recentCappedSends: [],
    ...overrides,
  }
}

const day = 24 * 60 * 60 * 1000
const sentAt = new Date('2030-03-05T15:00:00.000Z')
const daysBefore = (days: number) => new Date(wednesdayMorning.getTime() - days * day)

const cases: { name: string; facts: NurtureSendFacts; expected: NurtureSendDecision }[] = [
  { name: 'a marketing step in the person’s hours, with consent', facts: facts(), expected: { decision: 'send' } },
  {
    name: 'converted: the sequence ends',
    facts: facts({ lead: { status: 'CONVERTED', nurturePaused: false } }),
    expected: { decision: 'stop', reason: 'Lead converted' },
  },
  {
    name: 'disqualified: the sequence ends',
    facts: facts({ lead: { status: 'UNQUALIFIED', nurturePaused: false } }),
    expected: { decision: 'stop', reason: 'Lead disqualified' },
  },
  {
    name: 'booked since the sequence started',
    facts: facts({ bookedSinceStart: true }),
    expected: { decision: 'stop', reason: 'Booked a call' },
  },
  {
    name: 'replied since the sequence started',
    facts: facts({ repliedSinceStart: true }),
    expected: { decision: 'stop', reason: 'Replied to an email' },
  },
  {
    name: 'unsubscribed',
    facts: facts({ unsubscribed: true }),
    expected: { decision: 'stop', reason: 'Unsubscribed' },
  },
  {
    name: 'unsubscribed and paused: the stop wins, nothing waits on it',
    facts: facts({ unsubscribed: true, lead: { status: 'NEW', nurturePaused: true } }),
    expected: { decision: 'stop', reason: 'Unsubscribed' },
  },
  {
    name: 'converted and booked: the lead’s own state is named first',
    facts: facts({ bookedSinceStart: true, lead: { status: 'CONVERTED', nurturePaused: false } }),
    expected: { decision: 'stop', reason: 'Lead converted' },
  },
  {
    name: 'paused',
    facts: facts({ lead: { status: 'CONTACTED', nurturePaused: true } }),
    expected: { decision: 'pause' },
  },
  {
    name: 'sent by an earlier attempt: answered as sent, even in quiet hours',
    facts: facts({
      now: new Date('2030-03-06T03:00:00.000Z'),
      alreadySent: { outboxMessageId: 'outbox-1', sentAt },
    }),
    expected: { decision: 'already-sent', outboxMessageId: 'outbox-1', sentAt },
  },
  {
    name: 'goal met: ROI calculator already completed',
    facts: facts({
      step: { transactional: false, skipWhen: 'roi-completed' },
      goals: { roiCompleted: true, activeBooking: false, otherCaseStudySent: false },
    }),
    expected: { decision: 'skip', reason: 'ROI calculator already completed' },
  },
  {
    name: 'goal met: a live call already booked',
    facts: facts({
      step: { transactional: false, skipWhen: 'booked' },
      goals: { roiCompleted: false, activeBooking: true, otherCaseStudySent: false },
    }),
    expected: { decision: 'skip', reason: 'Call already booked' },
  },
  {
    name: 'goal met: the other sequence already sent the case study',
    facts: facts({
      step: { transactional: false, skipWhen: 'case-study-received' },
      goals: { roiCompleted: false, activeBooking: false, otherCaseStudySent: true },
    }),
    expected: { decision: 'skip', reason: 'Case study already sent' },
  },
  {
    name: 'a goal that is not this step’s does not skip it',
    facts: facts({
      step: { transactional: false, skipWhen: 'booked' },
      goals: { roiCompleted: true, activeBooking: false, otherCaseStudySent: true },
    }),
    expected: { decision: 'send' },
  },
  {
    name: 'no marketing consent: a marketing step is suppressed',
    facts: facts({ marketingConsent: false }),
    expected: { decision: 'suppress', reason: 'No marketing consent' },
  },
  {
    name: 'no marketing consent: a transactional step (thank-you, requested report) still goes',
    facts: facts({ marketingConsent: false, step: transactionalStep }),
    expected: { decision: 'send' },
  },
  {
    // 22:00 Tuesday in New York; the quiet hours end at 08:00 Wednesday = 13:00 UTC.
    name: 'quiet hours: deferred to their end',
    facts: facts({ now: new Date('2030-03-06T03:00:00.000Z') }),
    expected: {
      decision: 'defer',
      until: new Date('2030-03-06T13:00:00.000Z'),
      reason: 'Quiet hours (21:00–08:00 America/New_York)',
    },
  },
  {
    name: 'quiet hours do not hold a transactional step',
    facts: facts({ now: new Date('2030-03-06T03:00:00.000Z'), step: transactionalStep }),
    expected: { decision: 'send' },
  },
  {
    // Saturday 10:00 EST; Monday 08:00 is EDT (clocks go forward on Sunday 10 March) = 12:00 UTC.
    name: 'weekend: deferred to Monday 08:00, across the spring-forward change',
    facts: facts({ now: new Date('2030-03-09T15:00:00.000Z') }),
    expected: { decision: 'defer', until: new Date('2030-03-11T12:00:00.000Z'), reason: 'Weekend (America/New_York)' },
  },
  {
    name: 'weekend allowed by the person',
    facts: facts({
      now: new Date('2030-03-09T15:00:00.000Z'),
      rules: {
        window: {
          timezone: 'America/New_York',
          quietHoursStart: '21:00',
          quietHoursEnd: '08:00',
          weekendContact: true,
        },
        maxMessagesPerWeek: 4,
      },
    }),
    expected: { decision: 'send' },
  },
  {
    name: 'three of four a week sent: one more fits',
    facts: facts({ recentCappedSends: [daysBefore(6), daysBefore(4), daysBefore(1)] }),
    expected: { decision: 'send' },
  },
  {
    // The oldest of the four leaves the 7-day window 7 days after it went out: 6 days ago + 7 days = tomorrow.
    name: 'four of four a week sent: deferred until the oldest leaves the week',
    facts: facts({ recentCappedSends: [daysBefore(6), daysBefore(4), daysBefore(2), daysBefore(1)] }),
    expected: {
      decision: 'defer',
      until: new Date(wednesdayMorning.getTime() + day),
      reason: 'Frequency cap (4 of 4 emails a week already sent in the last 7 days)',
    },
  },
  {
    name: 'a send exactly 7 days old no longer counts',
    facts: facts({ recentCappedSends: [daysBefore(7), daysBefore(4), daysBefore(2), daysBefore(1)] }),
    expected: { decision: 'send' },
  },
]

describe('the nurture send decision', () => {
  it.each(cases)('$name', ({ facts: given, expected }) => {
    expect(decideNurtureSend(given)).toEqual(expected)
  })
})
