import { describe, expect, it } from 'vitest'
import { EmployeeCount, Industry } from '../../prisma/generated/enums'
import {
  leadScoringWeights,
  scoreBand,
  scoreLead,
  scoringFactorLabels,
  type LeadScoringFacts,
  type ScoringFactorName,
} from './lead-scoring'

const nothing: LeadScoringFacts = {
  industry: null,
  employeeCount: null,
  source: 'WEBSITE',
  voiceSessions: [],
  roiCalculations: [],
  bookings: [],
  emailReplies: 0,
}

const valueOf = (facts: Partial<LeadScoringFacts>, factor: ScoringFactorName) =>
  scoreLead({ ...nothing, ...facts }).factors.find((entry) => entry.factor === factor)!.value

const session = (
  totalQuestions: number,
  durationSeconds = 0,
  intents: LeadScoringFacts['voiceSessions'][number]['intents'] = [],
) => ({
  totalQuestions,
  durationSeconds,
  intents,
})

describe('§3.3 weights', () => {
  it('are the spec percentages, in the spec order, adding up to 100', () => {
    expect(Object.entries(leadScoringWeights)).toEqual([
      ['industryMatch', 20],
      ['employeeCount', 15],
      ['voiceAgentEngagement', 20],
      ['roiCalculatorCompleted', 15],
      ['multipleSessions', 10],
      ['calendarBooking', 10],
      ['emailEngagement', 5],
      ['referralSource', 5],
    ])
    expect(Object.values(leadScoringWeights).reduce((sum, weight) => sum + weight, 0)).toBe(100)
  })

  it('has an English and a Spanish label for every factor', () => {
    expect(Object.keys(scoringFactorLabels)).toEqual(Object.keys(leadScoringWeights))
    expect(scoringFactorLabels.employeeCount).toEqual({ en: 'Employee count (5-50)', es: 'Número de empleados (5-50)' })
    for (const label of Object.values(scoringFactorLabels)) {
      expect(label.en).not.toBe('')
      expect(label.es).not.toBe(label.en)
    }
  })
})

describe('factor values', () => {
  it.each([
    ['HVAC', 100],
    ['PLUMBING', 100],
    ['PROPERTY_MANAGEMENT', 100],
    ['CONSTRUCTION', 100],
    ['PROFESSIONAL_SERVICES', 100],
    ['REAL_ESTATE', 100],
    ['RETAIL', 70],
    ['ECOMMERCE', 70],
    ['OTHER', 20],
    [null, 0],
  ] as const)('industry match: %s → %i', (industry, value) => {
    expect(valueOf({ industry }, 'industryMatch')).toBe(value)
  })

  it('covers every industry in the schema', () => {
    for (const industry of Object.values(Industry)) expect(valueOf({ industry }, 'industryMatch')).toBeGreaterThan(0)
  })

  it.each([
    ['RANGE_1_5', 40],
    ['RANGE_5_10', 100],
    ['RANGE_10_25', 100],
    ['RANGE_25_50', 100],
    ['RANGE_50_PLUS', 40],
    [null, 0],
  ] as const)('employee count: %s → %i', (employeeCount, value) => {
    expect(valueOf({ employeeCount }, 'employeeCount')).toBe(value)
  })

  it('covers every employee count in the schema', () => {
    for (const employeeCount of Object.values(EmployeeCount))
      expect(valueOf({ employeeCount }, 'employeeCount')).toBeGreaterThan(0)
  })

  it('voice engagement: 0 without sessions, 20 + 15 per question + 10 per full two minutes, capped at 100', () => {
    expect(valueOf({ voiceSessions: [] }, 'voiceAgentEngagement')).toBe(0)
    expect(valueOf({ voiceSessions: [session(0, 119)] }, 'voiceAgentEngagement')).toBe(20)
    expect(valueOf({ voiceSessions: [session(1, 120)] }, 'voiceAgentEngagement')).toBe(20 + 15 + 10)
    // Questions and minutes add up across sessions; the two-minute blocks are counted per session.
    expect(valueOf({ voiceSessions: [session(2, 179), session(1, 250)] }, 'voiceAgentEngagement')).toBe(
      20 + 45 + 10 + 20,
    )
    expect(valueOf({ voiceSessions: [session(6, 600)] }, 'voiceAgentEngagement')).toBe(100)
  })

  it('voice engagement: a session ready to proceed scores 100 whatever its length', () => {
    expect(valueOf({ voiceSessions: [session(0, 10, ['READY_TO_PROCEED'])] }, 'voiceAgentEngagement')).toBe(100)
    expect(valueOf({ voiceSessions: [session(0, 10, ['PRICING_INQUIRY'])] }, 'voiceAgentEngagement')).toBe(20)
  })

  it('ROI calculator: 0 none, 80 completed, 100 with the report requested', () => {
    expect(valueOf({ roiCalculations: [] }, 'roiCalculatorCompleted')).toBe(0)
    expect(valueOf({ roiCalculations: [{ reportRequested: false }] }, 'roiCalculatorCompleted')).toBe(80)
    expect(
      valueOf({ roiCalculations: [{ reportRequested: false }, { reportRequested: true }] }, 'roiCalculatorCompleted'),
    ).toBe(100)
  })

  it('multiple sessions counts voice sessions and ROI calculations together: ≤1 → 0, 2 → 60, ≥3 → 100', () => {
    expect(valueOf({ voiceSessions: [session(1)] }, 'multipleSessions')).toBe(0)
    expect(
      valueOf({ voiceSessions: [session(1)], roiCalculations: [{ reportRequested: false }] }, 'multipleSessions'),
    ).toBe(60)
    expect(valueOf({ voiceSessions: [session(1), session(1)] }, 'multipleSessions')).toBe(60)
    expect(
      valueOf(
        { voiceSessions: [session(1), session(1)], roiCalculations: [{ reportRequested: false }] },
        'multipleSessions',
      ),
    ).toBe(100)
  })

  it('calendar booking: a live booking 100 (once), a cancelled or no-show one 0, none 0', () => {
    expect(valueOf({ bookings: [] }, 'calendarBooking')).toBe(0)
    for (const status of ['CANCELLED', 'NO_SHOW'] as const)
      expect(valueOf({ bookings: [{ status }] }, 'calendarBooking')).toBe(0)
    for (const status of ['SCHEDULED', 'RESCHEDULED', 'COMPLETED'] as const)
      expect(valueOf({ bookings: [{ status }] }, 'calendarBooking')).toBe(100)
    expect(valueOf({ bookings: [{ status: 'CANCELLED' }, { status: 'SCHEDULED' }] }, 'calendarBooking')).toBe(100)
  })

  it('calendar booking: a booking moved to a new uid is history; what the move became decides', () => {
    const moved = { status: 'RESCHEDULED', externalUid: 'bk-1' } as const
    const movedTo = (status: 'SCHEDULED' | 'CANCELLED') => ({ status, externalUid: 'bk-2', rescheduledFromUid: 'bk-1' })
    // Created → rescheduled: the new booking is live and counts once.
    expect(valueOf({ bookings: [moved, movedTo('SCHEDULED')] }, 'calendarBooking')).toBe(100)
    // Created → rescheduled → cancelled: nothing is live.
    expect(valueOf({ bookings: [moved, movedTo('CANCELLED')] }, 'calendarBooking')).toBe(0)
    // The replaced booking is history even while its own status still says scheduled (its events came late).
    expect(valueOf({ bookings: [{ ...moved, status: 'SCHEDULED' }, movedTo('CANCELLED')] }, 'calendarBooking')).toBe(0)
  })

  it('email engagement: any reply 100, else 0; referral source: REFERRAL 100, else 0', () => {
    expect(valueOf({ emailReplies: 0 }, 'emailEngagement')).toBe(0)
    expect(valueOf({ emailReplies: 3 }, 'emailEngagement')).toBe(100)
    expect(valueOf({ source: 'REFERRAL' }, 'referralSource')).toBe(100)
    expect(valueOf({ source: 'VOICE_AGENT' }, 'referralSource')).toBe(0)
  })
})

describe('scoreLead', () => {
  it('scores nothing known as 0 with every factor listed', () => {
    const { score, factors } = scoreLead(nothing)
    expect(score).toBe(0)
    expect(factors.map((factor) => factor.factor)).toEqual(Object.keys(leadScoringWeights))
    expect(factors.every((factor) => factor.value === 0 && factor.contribution === 0)).toBe(true)
  })

  it('scores everything at full marks as 100', () => {
    const { score } = scoreLead({
      industry: 'HVAC',
      employeeCount: 'RANGE_10_25',
      source: 'REFERRAL',
      voiceSessions: [session(2, 300, ['READY_TO_PROCEED']), session(1)],
      roiCalculations: [{ reportRequested: true }],
      bookings: [{ status: 'SCHEDULED' }],
      emailReplies: 1,
    })
    expect(score).toBe(100)
  })

  it('contribution = value × weight / 100 and the score is the rounded sum', () => {
    const { score, factors } = scoreLead({
      ...nothing,
      industry: 'RETAIL',
      employeeCount: 'RANGE_1_5',
      voiceSessions: [session(1, 30)],
      roiCalculations: [{ reportRequested: false }],
    })
    expect(factors).toEqual([
      { factor: 'industryMatch', weight: 20, value: 70, contribution: 14 },
      { factor: 'employeeCount', weight: 15, value: 40, contribution: 6 },
      { factor: 'voiceAgentEngagement', weight: 20, value: 35, contribution: 7 },
      { factor: 'roiCalculatorCompleted', weight: 15, value: 80, contribution: 12 },
      { factor: 'multipleSessions', weight: 10, value: 60, contribution: 6 },
      { factor: 'calendarBooking', weight: 10, value: 0, contribution: 0 },
      { factor: 'emailEngagement', weight: 5, value: 0, contribution: 0 },
      { factor: 'referralSource', weight: 5, value: 0, contribution: 0 },
    ])
    expect(score).toBe(45)
  })

  it('is the sum of the contributions for a lead with a cancelled booking and a referral', () => {
    const { score, factors } = scoreLead({
      ...nothing,
      industry: 'OTHER',
      source: 'REFERRAL',
      bookings: [{ status: 'CANCELLED' }],
      voiceSessions: [session(3)],
    })
    // OTHER 20×20% = 4, cancelled booking 0, voice 20 + 15×3 = 65×20% = 13, referral 100×5% = 5
    expect(factors.map((factor) => factor.contribution)).toEqual([4, 0, 13, 0, 0, 0, 0, 5])
    expect(score).toBe(22)
  })
})

describe('scoreBand', () => {
  it.each([
    [0, 'cold'],
    [39, 'cold'],
    [40, 'warm'],
    [69, 'warm'],
    [70, 'hot'],
    [100, 'hot'],
  ] as const)('%i is %s', (score, band) => {
    expect(scoreBand(score)).toBe(band)
  })
})
