import { describe, expect, it } from 'vitest'
import type { LeadScoringFacts } from './lead-scoring'
import { nextQualification, qualificationTriggers, type QualificationState } from './qualification'

const facts = (overrides: Partial<LeadScoringFacts> = {}): LeadScoringFacts => ({
  industry: null,
  employeeCount: null,
  source: 'WEBSITE',
  voiceSessions: [],
  roiCalculations: [],
  bookings: [],
  emailReplies: 0,
  ...overrides,
})

const fresh: QualificationState = { stage: 'NONE', status: 'NEW' }
const questions = (n: number) => ({ totalQuestions: n, durationSeconds: 60, intents: [] })

describe('§3.3 automatic qualification triggers', () => {
  it('Lead score > 70 → MQL (70 itself is not enough)', () => {
    expect(qualificationTriggers(facts(), 71)).toEqual([{ stage: 'MQL', trigger: 'Lead score > 70 → MQL' }])
    expect(qualificationTriggers(facts(), 70)).toEqual([])
  })

  it('Calendar booking + lead score > 50 → SQL, counting only bookings that are not cancelled', () => {
    expect(qualificationTriggers(facts({ bookings: [{ status: 'SCHEDULED' }] }), 51)).toEqual([
      { stage: 'SQL', trigger: 'Calendar booking + lead score > 50 → SQL' },
    ])
    expect(qualificationTriggers(facts({ bookings: [{ status: 'SCHEDULED' }] }), 50)).toEqual([])
    expect(qualificationTriggers(facts({ bookings: [{ status: 'CANCELLED' }] }), 60)).toEqual([])
  })

  it('Voice agent > 5 questions + ROI calc → MQL, questions summed over sessions', () => {
    const roi = [{ reportRequested: false }]
    expect(
      qualificationTriggers(facts({ voiceSessions: [questions(4), questions(2)], roiCalculations: roi }), 10),
    ).toEqual([{ stage: 'MQL', trigger: 'Voice agent > 5 questions + ROI calc → MQL' }])
    expect(qualificationTriggers(facts({ voiceSessions: [questions(5)], roiCalculations: roi }), 10)).toEqual([])
    expect(qualificationTriggers(facts({ voiceSessions: [questions(9)] }), 10)).toEqual([])
  })

  it('Referral with industry match → SQL; "other" and unknown industries do not match', () => {
    expect(qualificationTriggers(facts({ source: 'REFERRAL', industry: 'CONSTRUCTION' }), 0)).toEqual([
      { stage: 'SQL', trigger: 'Referral with industry match → SQL' },
    ])
    expect(qualificationTriggers(facts({ source: 'REFERRAL', industry: 'ECOMMERCE' }), 0)).toHaveLength(1)
    expect(qualificationTriggers(facts({ source: 'REFERRAL', industry: 'OTHER' }), 0)).toEqual([])
    expect(qualificationTriggers(facts({ source: 'REFERRAL', industry: null }), 0)).toEqual([])
    expect(qualificationTriggers(facts({ source: 'PAID_ADS', industry: 'HVAC' }), 0)).toEqual([])
  })

  it('lists SQL triggers before MQL ones when several fire', () => {
    const all = qualificationTriggers(
      facts({ source: 'REFERRAL', industry: 'HVAC', bookings: [{ status: 'SCHEDULED' }] }),
      80,
    )
    expect(all.map((entry) => entry.stage)).toEqual(['SQL', 'SQL', 'MQL'])
  })
})

describe('nextQualification', () => {
  it('makes a lead MQL without touching its status', () => {
    expect(nextQualification({ stage: 'NONE', status: 'CONTACTED' }, facts(), 75)).toEqual({
      stage: 'MQL',
      status: 'CONTACTED',
      qualifiedNow: { stage: 'MQL', trigger: 'Lead score > 70 → MQL' },
    })
  })

  it('makes a lead SQL and QUALIFIED, also straight from NONE and from MQL', () => {
    const booked = facts({ bookings: [{ status: 'RESCHEDULED' }] })
    expect(nextQualification(fresh, booked, 55)).toEqual({
      stage: 'SQL',
      status: 'QUALIFIED',
      qualifiedNow: { stage: 'SQL', trigger: 'Calendar booking + lead score > 50 → SQL' },
    })
    expect(nextQualification({ stage: 'MQL', status: 'NEW' }, booked, 55)).toMatchObject({
      stage: 'SQL',
      status: 'QUALIFIED',
    })
  })

  it('never lowers the stage when the score drops or the booking is cancelled', () => {
    expect(
      nextQualification({ stage: 'SQL', status: 'QUALIFIED' }, facts({ bookings: [{ status: 'CANCELLED' }] }), 20),
    ).toEqual({
      stage: 'SQL',
      status: 'QUALIFIED',
      qualifiedNow: null,
    })
    expect(nextQualification({ stage: 'MQL', status: 'CONTACTED' }, facts(), 10)).toEqual({
      stage: 'MQL',
      status: 'CONTACTED',
      qualifiedNow: null,
    })
  })

  it('reports nothing new when the stage is already reached', () => {
    expect(nextQualification({ stage: 'MQL', status: 'NEW' }, facts(), 90)).toEqual({
      stage: 'MQL',
      status: 'NEW',
      qualifiedNow: null,
    })
  })

  it.each(['UNQUALIFIED', 'CONVERTED'] as const)('leaves a %s lead alone', (status) => {
    const hot = facts({ source: 'REFERRAL', industry: 'HVAC', bookings: [{ status: 'SCHEDULED' }] })
    expect(nextQualification({ stage: 'NONE', status }, hot, 95)).toEqual({ stage: 'NONE', status, qualifiedNow: null })
  })

  it('leaves a lead without triggers as it was', () => {
    expect(nextQualification(fresh, facts(), 40)).toEqual({ ...fresh, qualifiedNow: null })
  })
})
