// Seed 002 §3.3 automatic qualification triggers, and the rule that a lead's stage only ever rises.
import type { LeadStatus, QualificationStage } from '../../prisma/generated/enums'
import { hasActiveBooking, industryMatchValues, type LeadScoringFacts } from './lead-scoring'

export interface QualificationState {
  stage: QualificationStage
  status: LeadStatus
}

export interface QualificationTrigger {
  stage: 'MQL' | 'SQL'
  /** The §3.3 rule that fired, in its own words (shown on the lead page and in the timeline). */
  trigger: string
}

export const qualificationTriggerTexts = {
  highScore: 'Lead score > 70 → MQL',
  bookingWithScore: 'Calendar booking + lead score > 50 → SQL',
  voiceAndRoi: 'Voice agent > 5 questions + ROI calc → MQL',
  referralInIndustry: 'Referral with industry match → SQL',
} as const

const stageRank: Record<QualificationStage, number> = { NONE: 0, MQL: 1, SQL: 2 }

/** "Industry match" for the referral trigger: an industry we target (full or partial industry-match value). */
function isTargetIndustry(facts: LeadScoringFacts): boolean {
  return facts.industry !== null && facts.industry !== 'OTHER' && industryMatchValues[facts.industry] > 0
}

/** Every §3.3 trigger the facts meet, SQL triggers first. */
export function qualificationTriggers(facts: LeadScoringFacts, score: number): QualificationTrigger[] {
  const triggers: QualificationTrigger[] = []
  if (hasActiveBooking(facts.bookings) && score > 50)
    triggers.push({ stage: 'SQL', trigger: qualificationTriggerTexts.bookingWithScore })
  if (facts.source === 'REFERRAL' && isTargetIndustry(facts))
    triggers.push({ stage: 'SQL', trigger: qualificationTriggerTexts.referralInIndustry })
  if (score > 70) triggers.push({ stage: 'MQL', trigger: qualificationTriggerTexts.highScore })
  const questions = facts.voiceSessions.reduce((sum, session) => sum + session.totalQuestions, 0)
  if (questions > 5 && facts.roiCalculations.length > 0)
    triggers.push({ stage: 'MQL', trigger: qualificationTriggerTexts.voiceAndRoi })
  return triggers
}

/**
 * The lead's stage and status after a rescore. The stage never falls; MQL leaves the status alone, SQL makes the
 * lead QUALIFIED. Disqualified and converted leads are closed: nothing changes for them. `qualifiedNow` names the
 * trigger when the stage rose.
 */
export function nextQualification(
  current: QualificationState,
  facts: LeadScoringFacts,
  score: number,
): QualificationState & { qualifiedNow: QualificationTrigger | null } {
  const unchanged = { ...current, qualifiedNow: null }
  if (current.status === 'UNQUALIFIED' || current.status === 'CONVERTED') return unchanged
  const best = qualificationTriggers(facts, score)[0]
  if (!best || stageRank[best.stage] <= stageRank[current.stage]) return unchanged
  return {
    stage: best.stage,
    status: best.stage === 'SQL' ? 'QUALIFIED' : current.status,
    qualifiedNow: best,
  }
}
