// Seed 002 §3.3 Lead Scoring Model. Each factor gets a value 0..100 from the lead's facts; its contribution is
// value × weight / 100 and the score is the rounded sum (0..100). Pure: the rescoring activity, the seed and
// the lead page all use it.
import type { BookingStatus, EmployeeCount, Industry, LeadSource, VoiceIntent } from '../../prisma/generated/enums'

export type ScoringFactorName =
  | 'industryMatch'
  | 'employeeCount'
  | 'voiceAgentEngagement'
  | 'roiCalculatorCompleted'
  | 'multipleSessions'
  | 'calendarBooking'
  | 'emailEngagement'
  | 'referralSource'

/** §3.3 weights in percent; they add up to 100. The key order is the order factors are listed in. */
export const leadScoringWeights: Record<ScoringFactorName, number> = {
  industryMatch: 20,
  employeeCount: 15,
  voiceAgentEngagement: 20,
  roiCalculatorCompleted: 15,
  multipleSessions: 10,
  calendarBooking: 10,
  emailEngagement: 5,
  referralSource: 5,
}

export const scoringFactorLabels: Record<ScoringFactorName, { en: string; es: string }> = {
  industryMatch: { en: 'Industry match', es: 'Industria objetivo' },
  employeeCount: { en: 'Employee count (5-50)', es: 'Número de empleados (5-50)' },
  voiceAgentEngagement: { en: 'Voice agent engagement', es: 'Interacción con el agente de voz' },
  roiCalculatorCompleted: { en: 'ROI calculator completed', es: 'Calculadora de ROI completada' },
  multipleSessions: { en: 'Multiple sessions', es: 'Varias sesiones' },
  calendarBooking: { en: 'Calendar booking', es: 'Cita agendada' },
  emailEngagement: { en: 'Email engagement', es: 'Interacción por correo' },
  referralSource: { en: 'Referral source', es: 'Llegó por referencia' },
}

/** Everything the score depends on, read from the lead and its linked sessions, calculations, bookings, replies. */
export interface LeadScoringFacts {
  industry: Industry | null
  employeeCount: EmployeeCount | null
  source: LeadSource
  voiceSessions: { totalQuestions: number; durationSeconds: number; intents: VoiceIntent[] }[]
  roiCalculations: { reportRequested: boolean }[]
  bookings: ScoredBooking[]
  emailReplies: number
}

/**
 * A booking as the score sees it. `externalUid` and `rescheduledFromUid` tell a booking that was moved (Cal.com's
 * reschedule under a new uid) from the booking that replaced it; without them a booking stands alone.
 */
export interface ScoredBooking {
  status: BookingStatus
  externalUid?: string
  rescheduledFromUid?: string | null
}

export interface ScoringFactorValue {
  factor: ScoringFactorName
  /** Percent of the score this factor can give. */
  weight: number
  /** 0..100 */
  value: number
  /** value × weight / 100, rounded to 2 decimals. */
  contribution: number
}

/**
 * Industry match: the §8.2 industries we have profiles and case studies for score full marks; retail and
 * e-commerce are in the §1 target market without a profile; "other" is a weak fit; unknown gives nothing.
 */
export const industryMatchValues: Record<Industry, number> = {
  HVAC: 100,
  PLUMBING: 100,
  PROPERTY_MANAGEMENT: 100,
  CONSTRUCTION: 100,
  PROFESSIONAL_SERVICES: 100,
  REAL_ESTATE: 100,
  RETAIL: 70,
  ECOMMERCE: 70,
  OTHER: 20,
}

/** Employee count: the 5-50 sweet spot scores full marks; smaller and larger companies partly. */
export const employeeCountValues: Record<EmployeeCount, number> = {
  RANGE_1_5: 40,
  RANGE_5_10: 100,
  RANGE_10_25: 100,
  RANGE_25_50: 100,
  RANGE_50_PLUS: 40,
}

/** Voice engagement: 20 for talking at all, 15 per question asked, 10 per full two minutes; capped at 100. */
export function voiceEngagementValue(sessions: LeadScoringFacts['voiceSessions']): number {
  if (sessions.length === 0) return 0
  if (sessions.some((session) => session.intents.includes('READY_TO_PROCEED'))) return 100
  const questions = sessions.reduce((sum, session) => sum + Math.max(0, session.totalQuestions), 0)
  const fullTwoMinutes = sessions.reduce(
    (sum, session) => sum + Math.floor(Math.max(0, session.durationSeconds) / 120),
    0,
  )
  return Math.min(100, 20 + 15 * questions + 10 * fullTwoMinutes)
}

/** ROI calculator: 80 for a completed calculation, 100 when they also asked for the report. */
export function roiCalculatorValue(calculations: LeadScoringFacts['roiCalculations']): number {
  if (calculations.length === 0) return 0
  return calculations.some((calculation) => calculation.reportRequested) ? 100 : 80
}

/** Multiple sessions: voice sessions and ROI calculations together; coming back is the signal. */
export function multipleSessionsValue(facts: Pick<LeadScoringFacts, 'voiceSessions' | 'roiCalculations'>): number {
  const sessions = facts.voiceSessions.length + facts.roiCalculations.length
  if (sessions >= 3) return 100
  if (sessions === 2) return 60
  return 0
}

/** A booking still to be held, or held: not cancelled, not a no-show, not replaced by a reschedule. */
const liveStatuses: ReadonlySet<BookingStatus> = new Set(['SCHEDULED', 'RESCHEDULED', 'COMPLETED'])

/**
 * The bookings that stand: a booking another booking replaced (its rescheduledFromUid) is history, whatever its
 * status says, so a booking created, moved and then cancelled leaves nothing live.
 */
export function liveBookings<T extends ScoredBooking>(bookings: readonly T[]): T[] {
  const replaced = new Set(bookings.map((booking) => booking.rescheduledFromUid).filter(Boolean))
  return bookings.filter(
    (booking) => liveStatuses.has(booking.status) && !(booking.externalUid && replaced.has(booking.externalUid)),
  )
}

export function hasActiveBooking(bookings: readonly ScoredBooking[]): boolean {
  return liveBookings(bookings).length > 0
}

/** Calendar booking: a live booking counts in full (once, however often it was moved); cancelled or no-show, 0. */
export function calendarBookingValue(bookings: readonly ScoredBooking[]): number {
  return hasActiveBooking(bookings) ? 100 : 0
}

export function factorValues(facts: LeadScoringFacts): Record<ScoringFactorName, number> {
  return {
    industryMatch: facts.industry === null ? 0 : industryMatchValues[facts.industry],
    employeeCount: facts.employeeCount === null ? 0 : employeeCountValues[facts.employeeCount],
    voiceAgentEngagement: voiceEngagementValue(facts.voiceSessions),
    roiCalculatorCompleted: roiCalculatorValue(facts.roiCalculations),
    multipleSessions: multipleSessionsValue(facts),
    calendarBooking: calendarBookingValue(facts.bookings),
    emailEngagement: facts.emailReplies > 0 ? 100 : 0,
    referralSource: facts.source === 'REFERRAL' ? 100 : 0,
  }
}

const round2 = (n: number) => Math.round(n * 100) / 100

export function scoreLead(facts: LeadScoringFacts): { score: number; factors: ScoringFactorValue[] } {
  const values = factorValues(facts)
  const factors = (Object.keys(leadScoringWeights) as ScoringFactorName[]).map((factor) => {
    const weight = leadScoringWeights[factor]
    const value = values[factor]
    return { factor, weight, value, contribution: round2((value * weight) / 100) }
  })
  // Summed from the unrounded products so the score never drifts by the rounding of the contributions.
  const total = factors.reduce((sum, factor) => sum + factor.value * factor.weight, 0) / 100
  return { score: Math.min(100, Math.max(0, Math.round(total))), factors }
}

export type ScoreBand = 'cold' | 'warm' | 'hot'

export function scoreBand(score: number): ScoreBand {
  if (score >= 70) return 'hot'
  if (score >= 40) return 'warm'
  return 'cold'
}
