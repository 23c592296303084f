import { apiNameOfEmployeeCount, apiNameOfIndustry } from '../../domain/leads/lead-vocabulary'
import { tiers } from '../../domain/records/record-vocabulary'
import type { AppConfig } from '../../lib/config'
import { voiceSessions } from '../records/voice-sessions'
import type { RoiCalculationIngested } from './roi-calculations'
import type { VoiceSessionIngested } from './voice-sessions'

/** A stored session as the record API shows it, plus what the integration needs to know about its capture. */
export function representVoiceSession(
  { session, lead, leadCreated, contactId, mergedSessionIds }: VoiceSessionIngested,
  config: AppConfig,
) {
  return {
    ...voiceSessions.represent(session, config),
    sessionId: session.externalSessionId,
    email: session.email,
    leadId: lead?.id ?? null,
    leadCreated,
    contactId,
    anonymous: !lead && !contactId,
    mergedSessionIds,
  }
}

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
