import { createHash } from 'node:crypto'
import { ApplicationFailure } from '@temporalio/activity'
import { renderLeadAcknowledgement } from '../domain/email/lead-acknowledgement'
import type { ActivityDependencies } from './dependencies'

export interface SentEmail {
  outboxMessageId: string
  sentAt: string
  /** True when an earlier attempt had already delivered it and this call sent nothing. */
  alreadySent: boolean
}

/** A Message-ID derived from the business key, identical on every attempt for the same message. */
export function messageIdFor(idempotencyKey: string, from: string): string {
  const domain = /@([^>\s]+)>?\s*$/.exec(from)?.[1] ?? 'durable-crm.localhost'
  const digest = createHash('sha256').update(idempotencyKey).digest('hex').slice(0, 32)
  return `<${digest}@${domain}>`
}

export function createEmailActivities({ db, mail, mailFrom }: ActivityDependencies) {
  return {
    /**
     * Sends the lead's acknowledgement email at most once per lead: the outbox row keyed by
     * `lead-<id>/acknowledgement` is written before sending and marked sent after, so a retry after
     * any failure finds it and either resumes or does nothing.
     */
    async sendLeadAcknowledgement({ leadId }: { leadId: string }): Promise<SentEmail> {
      const idempotencyKey = `lead-${leadId}/acknowledgement`
      const lead = await db.lead.findUnique({
        where: { id: leadId },
        select: {
          email: true,
          firstName: true,
          preferredLanguage: true,
          source: true,
          industry: true,
          companyName: true,
        },
      })
      if (!lead) {
        throw ApplicationFailure.nonRetryable(`Lead ${leadId} does not exist`, 'LeadNotFound')
      }

      const rendered = renderLeadAcknowledgement(lead)
      const outbox = await db.outboxMessage.upsert({
        where: { idempotencyKey },
        create: {
          idempotencyKey,
          channel: 'EMAIL',
          leadId,
          toAddress: lead.email,
          fromAddress: mailFrom,
          subject: rendered.subject,
          bodyText: rendered.text,
          bodyHtml: rendered.html,
          template: 'lead-acknowledgement',
          messageId: messageIdFor(idempotencyKey, mailFrom),
        },
        update: {},
        select: { id: true, status: true, sentAt: true, toAddress: true, fromAddress: true, subject: true, bodyText: true, bodyHtml: true, messageId: true },
      })
      if (outbox.status === 'SENT' && outbox.sentAt) {
        return { outboxMessageId: outbox.id, sentAt: outbox.sentAt.toISOString(), alreadySent: true }
      }

      await db.outboxMessage.update({
        where: { id: outbox.id },
        data: { status: 'SENDING', attempts: { increment: 1 } },
        select: { id: true },
      })
      let response: string
      try {
        ;({ response } = await mail.send({
          from: outbox.fromAddress,
          to: outbox.toAddress,
          subject: outbox.subject ?? '',
          text: outbox.bodyText,
          html: outbox.bodyHtml ?? undefined,
          messageId: outbox.messageId,
        }))
      } catch (error) {
        await db.outboxMessage.update({
          where: { id: outbox.id },
          data: { status: 'PENDING', lastError: error instanceof Error ? error.message : String(error) },
          select: { id: true },
        })
        throw error
      }

      const sentAt = new Date()
      await db.$transaction([
        db.outboxMessage.update({
          where: { id: outbox.id },
          data: { status: 'SENT', sentAt, providerMessageId: response.slice(0, 500), lastError: null },
          select: { id: true },
        }),
        db.activity.create({
          data: {
            leadId,
            type: 'EMAIL',
            channel: 'EMAIL',
            direction: 'OUTBOUND',
            subject: outbox.subject ?? 'Email',
            description: 'Acknowledgement email sent',
            externalId: outbox.messageId,
            completedAt: sentAt,
          },
          select: { id: true },
        }),
      ])
      return { outboxMessageId: outbox.id, sentAt: sentAt.toISOString(), alreadySent: false }
    },
  }
}
