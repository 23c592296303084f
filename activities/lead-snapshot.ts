import { hasActiveBooking } from '../domain/leads/lead-scoring'
import type { LeadSnapshot } from './lead-lifecycle-contract'
import type { ActivityDependencies } from './dependencies'
import { leadNotFound } from './lead-not-found'

export function createLeadSnapshotActivities({ db }: ActivityDependencies) {
  return {
    /** The lead as its workflow needs it when a run starts or resumes (the database is the source of truth). */
    async loadLeadSnapshot({ leadId }: { leadId: string }): Promise<LeadSnapshot> {
      const lead = await db.lead.findUnique({
        where: { id: leadId },
        select: {
          id: true,
          status: true,
          qualificationStage: true,
          leadScore: true,
          assignedToId: true,
          source: true,
          createdAt: true,
          nurturePausedAt: true,
          communicationPreference: { select: { unsubscribedAt: true, marketingConsent: true } },
          voiceSessions: {
            where: { endedAt: { not: null } },
            orderBy: [{ endedAt: 'desc' }, { id: 'desc' }],
            select: { id: true },
          },
          roiCalculations: { orderBy: [{ createdAt: 'asc' }, { id: 'asc' }], select: { id: true } },
          calendarBookings: { select: { status: true, externalUid: true, rescheduledFromUid: true } },
        },
      })
      if (!lead) throw leadNotFound(leadId)

      return {
        leadId: lead.id,
        status: lead.status,
        qualificationStage: lead.qualificationStage,
        score: lead.leadScore,
        ownerId: lead.assignedToId,
        source: lead.source,
        createdAt: lead.createdAt.toISOString(),
        nurturePaused: lead.nurturePausedAt !== null,
        unsubscribed: Boolean(lead.communicationPreference?.unsubscribedAt),
        marketingConsent: lead.communicationPreference?.marketingConsent ?? false,
        hasRoiCalculation: lead.roiCalculations.length > 0,
        hasActiveBooking: hasActiveBooking(lead.calendarBookings),
        endedVoiceSessionIds: lead.voiceSessions.map((session) => session.id),
        roiCalculationIds: lead.roiCalculations.map((calculation) => calculation.id),
      }
    },
  }
}
