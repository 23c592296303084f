import type { EmailReply } from '../../domain/integrations/email-reply'
import { ingestionTransactionOptions, lockKey, type IngestionDependencies } from './ingestion-dependencies'
import { deliverLeadEvents } from './lead-events'
import type { LeadRef } from './person'

export interface EmailReplyRecorded {
  activityId: string
  created: boolean
}

/**
 * The person answered an email: an inbound EMAIL entry on the lead's timeline, once per Message-ID, and
 * `email.replied` to the lead's workflow, which stops nurture.
 */
export async function recordEmailReply(
  dependencies: IngestionDependencies,
  lead: LeadRef,
  reply: EmailReply,
  recordedBy: { userId: string | null },
): Promise<EmailReplyRecorded> {
  const recorded = await dependencies.db.$transaction(async (tx) => {
    await lockKey(tx, `email-reply:${lead.id}:${reply.messageId}`)
    const existing = await tx.activity.findFirst({
      where: { leadId: lead.id, type: 'EMAIL', direction: 'INBOUND', externalId: reply.messageId },
      select: { id: true },
    })
    if (existing) return { activityId: existing.id, created: false }
    const activity = await tx.activity.create({
      data: {
        leadId: lead.id,
        type: 'EMAIL',
        channel: 'EMAIL',
        direction: 'INBOUND',
        subject: reply.subject,
        description: reply.body ?? null,
        externalId: reply.messageId,
        completedAt: new Date(reply.receivedAt),
        userId: recordedBy.userId,
      },
      select: { id: true },
    })
    return { activityId: activity.id, created: true }
  }, ingestionTransactionOptions)

  // Told again for a repeated record: the id is the reply's, so the workflow acts once, and a retry after a
  // failed signal finishes the job.
  await deliverLeadEvents(dependencies, lead, [
    {
      eventId: `email-reply:${reply.messageId}`,
      kind: 'email.replied',
      occurredAt: reply.receivedAt,
      refId: recorded.activityId,
    },
  ])
  return recorded
}
