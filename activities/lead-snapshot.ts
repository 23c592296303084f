import { marketingSendRules } from '../domain/communication/send-window'
import type { LeadSnapshot } from './lead-lifecycle-contract'
import type { ActivityDependencies } from './dependencies'
import { leadNotFound } from './lead-not-found'
import { cappedNurtureTemplates } from './nurture-conditions'

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
          timezone: true,
          communicationPreference: {
            select: {
              unsubscribedAt: true,
              marketingConsent: true,
              timezone: true,
              quietHoursStart: true,
              quietHoursEnd: true,
              weekendContact: true,
              maxMessagesPerWeek: true,
            },
          },
          voiceSessions: {
            where: { endedAt: { not: null } },
            orderBy: [{ endedAt: 'desc' }, { id: 'desc' }],
            select: { id: true },
          },
          roiCalculations: { orderBy: [{ createdAt: 'asc' }, { id: 'asc' }], select: { id: true } },
          calendarBookings: { where: { status: { not: 'CANCELLED' } }, take: 1, select: { id: true } },
          // Every capped nurture email ever sent to the lead: a handful at most (the sequences are short).
          outboxMessages: {
            where: { status: 'SENT', template: { in: [...cappedNurtureTemplates] }, sentAt: { not: null } },
            orderBy: { sentAt: 'asc' },
            select: { sentAt: true },
          },
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
        hasActiveBooking: lead.calendarBookings.length > 0,
        endedVoiceSessionIds: lead.voiceSessions.map((session) => session.id),
        roiCalculationIds: lead.roiCalculations.map((calculation) => calculation.id),
        sendRules: marketingSendRules(lead.communicationPreference, lead.timezone),
        cappedSendsAt: lead.outboxMessages.flatMap((message) => (message.sentAt ? [message.sentAt.toISOString()] : [])),
      }
    },
  }
}
