import { apiNameOfEmployeeCount, apiNameOfIndustry, apiNameOfLanguage } from '../../domain/leads/lead-vocabulary'
import { devices, sentiments, tiers, voiceIntents, voiceOutcomes } from '../../domain/records/record-vocabulary'
import type { RoiCalculationIngested } from './roi-calculations'
import type { VoiceSessionIngested } from './voice-sessions'

/** A stored session as the integration API answers it (seed 002 §6.1 names). */
export function representVoiceSession({ session, lead, leadCreated, contactId, mergedSessionIds }: VoiceSessionIngested) {
  return {
    id: session.id,
    sessionId: session.externalSessionId,
    visitorId: session.visitorId,
    leadId: lead?.id ?? null,
    leadCreated,
    contactId,
    anonymous: !lead && !contactId,
    mergedSessionIds,
    email: session.email,
    startTime: session.startTime.toISOString(),
    endTime: session.endTime?.toISOString() ?? null,
    duration: session.duration,
    language: apiNameOfLanguage[session.language],
    device: session.device ? devices.apiNameOf[session.device] : null,
    userAgent: session.userAgent,
    referrerPage: session.referrerPage,
    messages: session.messages,
    totalQuestions: session.totalQuestions,
    actionsTaken: session.actionsTaken,
    topics: session.topics,
    sentiment: session.sentiment ? sentiments.apiNameOf[session.sentiment] : null,
    intent: session.intents.map((intent) => voiceIntents.apiNameOf[intent]),
    painPointsMentioned: session.painPoints,
    objectionsMentioned: session.objections,
    outcome: session.outcome ? voiceOutcomes.apiNameOf[session.outcome] : null,
  }
}

/** A stored calculation with the CRM's own figures (§7.1 shape). */
export function representRoiCalculation({ calculation, lead, leadCreated, contactId }: RoiCalculationIngested) {
  return {
    id: calculation.id,
    calculationId: calculation.externalId,
    leadId: lead?.id ?? null,
    leadCreated,
    contactId,
    industry: apiNameOfIndustry[calculation.industry],
    employeeCount: apiNameOfEmployeeCount[calculation.employeeCount],
    hourlyRate: calculation.hourlyRate.toNumber(),
    weeklyAdminHours: calculation.weeklyAdminHours,
    ...(calculation.calculations as Record<string, unknown>),
    selectedTier: calculation.selectedTier ? tiers.apiNameOf[calculation.selectedTier] : null,
    emailCaptured: calculation.emailCaptured,
    email: calculation.email,
    reportRequested: calculation.reportRequested,
    timeOnCalculator: calculation.timeOnCalculator,
    adjustmentsCount: calculation.adjustmentsCount,
    createdAt: calculation.createdAt.toISOString(),
  }
}
