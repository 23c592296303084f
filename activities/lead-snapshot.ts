import { marketingSendRules } from '../domain/communication/send-window'
import { hasActiveBooking } from '../domain/leads/lead-scoring'
import { parseNurtureIdempotencyKey } from '../domain/nurture/sequences'
import type { LeadSnapshot } from './lead-lifecycle-contract'
import type { Database, Prisma } from '../lib/db'
import { isFollowedUp } from '../domain/leads/lead-follow-up'
import type { ActivityDependencies } from './dependencies'
import { leadNotFound } from './lead-not-found'
import { cappedNurtureTemplates, sendPreferenceSelect } from './nurture-conditions'

/** What a run's snapshot is read from. Every voice session is read (a lead has a handful), the ended ones kept below. */
export function leadSnapshotSelect(leadId: string) {
  return {
    id: true,
    status: true,
    qualificationStage: true,
    leadScore: true,
    assignedToId: true,
    source: true,
    createdAt: true,
    nurturePausedAt: true,
    timezone: true,
    communicationPreference: { select: sendPreferenceSelect },
    voiceSessions: {
      orderBy: [{ endedAt: 'desc' }, { id: 'desc' }],
      select: { id: true, endedAt: true },
    },
    roiCalculations: { orderBy: [{ createdAt: 'asc' }, { id: 'asc' }], select: { id: true, createdAt: true } },
    calendarBookings: { select: { status: true, externalUid: true, rescheduledFromUid: true } },
    // The nurture emails sent to the lead: a handful at most (the sequences are short).
    outboxMessages: {
      where: {
        status: 'SENT',
        sentAt: { not: null },
        OR: [
          { idempotencyKey: { startsWith: `lead-${leadId}/nurture/` } },
          { template: { in: [...cappedNurtureTemplates] } },
        ],
      },
      orderBy: { sentAt: 'asc' },
      select: { id: true, idempotencyKey: true, template: true, sentAt: true },
    },
  } satisfies Prisma.LeadSelect
}

export type LeadSnapshotRead = Prisma.LeadGetPayload<{ select: ReturnType<typeof leadSnapshotSelect> }>

/**
 * The lead's last touch (decision 0089), read only for a status whose follow-up reminder counts from it, so a new
 * lead's start-up reads nothing more: work someone logged on the lead, or the person getting in touch. What the
 * workflow sends by itself (acknowledgement, nurture, its timeline entries) is not a touch.
 */
export async function lastTouchOf(
  db: Pick<Database, 'activity'>,
  lead: { id: string; status: string },
): Promise<Date | null> {
  if (!isFollowedUp(lead.status)) return null
  const touch = await db.activity.findFirst({
    where: {
      leadId: lead.id,
      OR: [{ userId: { not: null } }, { direction: 'INBOUND' }, { type: { in: ['VOICE_SESSION', 'ROI_CALCULATION'] } }],
    },
    orderBy: { createdAt: 'desc' },
    select: { createdAt: true },
  })
  return touch?.createdAt ?? null
}

/** The lead as its workflow needs it when a run starts or resumes; `lastTouch` from `lastTouchOf`. */
export function leadSnapshotOf(lead: LeadSnapshotRead, lastTouch: Date | null = null): LeadSnapshot {
  const leadId = lead.id
  const endedVoiceSessions = lead.voiceSessions.filter((session) => session.endedAt !== null)
  const firstVoiceSession = endedVoiceSessions.at(-1)
  const firstCalculation = lead.roiCalculations[0]
  return {
    leadId,
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
    endedVoiceSessionIds: endedVoiceSessions.map((session) => session.id),
    roiCalculationIds: lead.roiCalculations.map((calculation) => calculation.id),
    nurtureTriggers: [
      ...(firstVoiceSession?.endedAt
        ? [
            {
              sequence: 'voice-with-email' as const,
              refId: firstVoiceSession.id,
              occurredAt: firstVoiceSession.endedAt.toISOString(),
            },
          ]
        : []),
      ...(firstCalculation
        ? [
            {
              sequence: 'roi-calculator' as const,
              refId: firstCalculation.id,
              occurredAt: firstCalculation.createdAt.toISOString(),
            },
          ]
        : []),
    ],
    sentNurtureSteps: lead.outboxMessages.flatMap((message) => {
      const parsed = parseNurtureIdempotencyKey(leadId, message.idempotencyKey)
      return parsed && message.sentAt
        ? [{ ...parsed, outboxMessageId: message.id, sentAt: message.sentAt.toISOString() }]
        : []
    }),
    sendRules: marketingSendRules(lead.communicationPreference, lead.timezone),
    cappedSendsAt: lead.outboxMessages.flatMap((message) =>
      message.sentAt && cappedNurtureTemplates.includes(message.template) ? [message.sentAt.toISOString()] : [],
    ),
    lastTouchedAt: (lastTouch ?? lead.createdAt).toISOString(),
  }
}

export function createLeadSnapshotActivities({ db }: ActivityDependencies) {
  return {
    /** The lead as its workflow needs it when a run starts or resumes (the database is the source of truth). */
    async loadLeadSnapshot({ leadId }: { leadId: string }): Promise<LeadSnapshot> {
      const lead = await db.lead.findUnique({ where: { id: leadId }, select: leadSnapshotSelect(leadId) })
      if (!lead) throw leadNotFound(leadId)
      return leadSnapshotOf(lead, await lastTouchOf(db, lead))
    },
  }
}
