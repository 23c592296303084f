import { hasActiveBooking } from '../domain/leads/lead-scoring'
import type { Database } from '../lib/db'
import { nurtureSequences, type NurtureGoal, type NurtureSequenceName } from '../domain/nurture/sequences'

/** What of a person's communication preference decides whether and when a nurture email may go out. */
export const sendPreferenceSelect = {
  unsubscribedAt: true,
  marketingConsent: true,
  timezone: true,
  quietHoursStart: true,
  quietHoursEnd: true,
  weekendContact: true,
  maxMessagesPerWeek: true,
} as const

/** The outbox `template` of a nurture step; the frequency cap and the case-study goal read it back. */
export function nurtureTemplate(sequence: NurtureSequenceName, step: string): string {
  return `nurture:${sequence}/${step}`
}

/** Templates of every non-transactional step: the messages the weekly frequency cap counts. */
export const cappedNurtureTemplates: readonly string[] = Object.entries(nurtureSequences).flatMap(([sequence, steps]) =>
  steps
    .filter((step) => !step.transactional)
    .map((step) => nurtureTemplate(sequence as NurtureSequenceName, step.step)),
)

const caseStudyTemplates = Object.entries(nurtureSequences).flatMap(([sequence, steps]) =>
  steps
    .filter((step) => step.skipWhen === 'case-study-received')
    .map((step) => nurtureTemplate(sequence as NurtureSequenceName, step.step)),
)

/**
 * Why the sequence must end now, found at the moment of sending: the person moved on (booked, replied) or
 * left (unsubscribed), or the lead is closed. Null when it may go on.
 */
export async function nurtureStopReason(
  db: Database,
  lead: { id: string; status: string; unsubscribedAt: Date | null },
  sequenceStartedAt: Date,
): Promise<string | null> {
  if (lead.status === 'CONVERTED') return 'Lead converted'
  if (lead.status === 'UNQUALIFIED') return 'Lead disqualified'
  const booking = await db.calendarBooking.findFirst({
    where: { leadId: lead.id, status: { not: 'CANCELLED' }, createdAt: { gt: sequenceStartedAt } },
    select: { id: true },
  })
  if (booking) return 'Booked a call'
  const reply = await db.activity.findFirst({
    where: {
      leadId: lead.id,
      type: 'EMAIL',
      direction: 'INBOUND',
      OR: [{ completedAt: { gt: sequenceStartedAt } }, { completedAt: null, createdAt: { gt: sequenceStartedAt } }],
    },
    select: { id: true },
  })
  if (reply) return 'Replied to an email'
  if (lead.unsubscribedAt) return 'Unsubscribed'
  return null
}

/** Why the step's goal is already met (the step would be pointless), or null. */
export async function nurtureGoalMet(
  db: Database,
  leadId: string,
  goal: NurtureGoal | undefined,
  ownTemplate: string,
): Promise<string | null> {
  switch (goal) {
    case undefined:
      return null
    case 'roi-completed': {
      const calculation = await db.rOICalculation.findFirst({ where: { leadId }, select: { id: true } })
      return calculation ? 'ROI calculator already completed' : null
    }
    case 'booked': {
      // Only a live booking makes the booking CTA pointless: a no-show or a cancelled call still needs one.
      const bookings = await db.calendarBooking.findMany({
        where: { leadId },
        select: { status: true, externalUid: true, rescheduledFromUid: true },
      })
      return hasActiveBooking(bookings) ? 'Call already booked' : null
    }
    case 'case-study-received': {
      const sent = await db.outboxMessage.findFirst({
        where: {
          leadId,
          status: 'SENT',
          template: { in: caseStudyTemplates.filter((template) => template !== ownTemplate) },
        },
        select: { id: true },
      })
      return sent ? 'Case study already sent' : null
    }
  }
}

/** When the capped (non-transactional) nurture emails of the lead went out in the window (now − 7 days, now]. */
export async function recentCappedSends(db: Database, leadId: string, now: Date, windowMs: number): Promise<Date[]> {
  const rows = await db.outboxMessage.findMany({
    where: {
      leadId,
      status: 'SENT',
      template: { in: [...cappedNurtureTemplates] },
      sentAt: { gt: new Date(now.getTime() - windowMs), lte: now },
    },
    select: { sentAt: true },
  })
  return rows.flatMap((row) => (row.sentAt ? [row.sentAt] : []))
}
