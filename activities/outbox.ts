import { ApplicationFailure } from '@temporalio/activity'
import { messageIdFor } from '../domain/email/message-id'
import { isPermanentRejection, messageRejectedFailureType } from '../domain/email/smtp-reply'
import type { EntityReference } from '../domain/records/entity-reference'
import type { Prisma } from '../lib/db'
import { parseAttachmentReference, renderAttachment, type AttachmentReference } from '../lib/email-attachments'
import type { EmailAttachment } from '../lib/mail-driver'
import type { ActivityDependencies } from './dependencies'
import {
  deliverOnce,
  timelineLinks,
  type AcceptedByProvider,
  type OutboxRow,
  type OutboxTransport,
} from './outbox-lifecycle'

export { recordAcceptanceBudgetMs } from './outbox-lifecycle'

export type { AttachmentReference as OutboxAttachment } from '../lib/email-attachments'

export interface SentEmail {
  outboxMessageId: string
  sentAt: string
  /** True when an earlier attempt had already handed it to the SMTP server and this call sent nothing. */
  alreadySent: boolean
}

export interface OutboxEmail {
  to: string
  subject: string
  text: string
  html: string | null
  /** What produced it, e.g. `lead-acknowledgement`, `nurture:roi-calculator/report`, `owner-alert:LEAD_ASSIGNED`. */
  template: string
  /** The lead, deal or partnership the message is about; its timeline entry links to the same entity. */
  entity?: EntityReference | null
  contactId?: string | null
  headers?: Record<string, string>
  attachments?: AttachmentReference[]
  /** The entity's timeline entry, written in the same transaction that marks the message sent (or refused). */
  timeline?: { description: string } | null
  /** The time recorded as sent; nurture passes the workflow's now so the frequency cap follows workflow time. */
  sentAt?: Date
}

/** What an email attempt heartbeats the moment the SMTP server accepted it (the lifecycle's acceptance). */
export type AcceptedBySmtp = AcceptedByProvider

/**
 * Sends one email at most once per business key, up to the window SMTP itself forces (decision 0001), through the
 * outbox lifecycle (activities/outbox-lifecycle.ts) with SMTP as its transport:
 * - the outbox row is written before SMTP is touched; a retry resends exactly what was first written;
 * - the moment the server accepts, the attempt heartbeats that fact and retries the write that marks the row
 *   SENT (with the entity's timeline entry); a later attempt that finds the heartbeat only writes SENT;
 * - a permanent refusal (5xx) marks the row FAILED and ends the activity with a non-retryable
 *   `MessageRejected`, so the entity's workflow goes on without it.
 */
export async function sendThroughOutbox(
  dependencies: ActivityDependencies,
  idempotencyKey: string,
  message: OutboxEmail,
  extra: { purpose?: 'transactional' | 'marketing' } = {},
): Promise<SentEmail> {
  const { mailFrom } = dependencies
  const { outboxMessageId, sentAt, alreadySent } = await deliverOnce(dependencies, smtpTransport(dependencies), {
    idempotencyKey,
    entity: message.entity,
    timeline: message.timeline,
    sentAt: message.sentAt,
    content: {
      channel: 'EMAIL',
      contactId: message.contactId ?? null,
      toAddress: message.to,
      fromAddress: mailFrom,
      subject: message.subject,
      bodyText: message.text,
      bodyHtml: message.html,
      template: message.template,
      purpose: extra.purpose ?? null,
      messageId: messageIdFor(idempotencyKey, mailFrom),
      headers: message.headers ?? undefined,
      attachments: message.attachments ? (message.attachments as unknown as Prisma.InputJsonValue) : undefined,
    },
  })
  return { outboxMessageId, sentAt, alreadySent }
}

function smtpTransport(dependencies: ActivityDependencies): OutboxTransport {
  let attachments: EmailAttachment[] = []
  return {
    async prepare(outbox) {
      attachments = await attachmentFiles(dependencies, outbox.attachments)
    },
    async send(outbox) {
      const { response } = await dependencies.mail.send({
        from: outbox.fromAddress,
        to: outbox.toAddress,
        subject: outbox.subject ?? '',
        text: outbox.bodyText,
        html: outbox.bodyHtml ?? undefined,
        messageId: outbox.messageId,
        headers: storedHeaders(outbox.headers),
        attachments: attachments.length > 0 ? attachments : undefined,
      })
      return { providerMessageId: response }
    },
    failure(error) {
      const failure = smtpFailureOf(error)
      return { permanent: isPermanentRejection(failure), reason: failure.reply }
    },
    rejected: (outbox, reply) => messageRejected(outbox.toAddress, reply),
    timelineEntry: emailTimelineEntry,
    refusedOutcome: (reply) => `Not delivered: the mail server refused it (${reply.slice(0, 300)})`,
    resendWarning: 'Resending a message whose previous attempt ended inside the SMTP window',
  }
}

/** The timeline entry of an outbound email, delivered or refused. */
function emailTimelineEntry(outbox: OutboxRow, description: string) {
  return {
    ...timelineLinks(outbox),
    type: 'EMAIL' as const,
    channel: 'EMAIL' as const,
    direction: 'OUTBOUND' as const,
    subject: outbox.subject ?? 'Email',
    description,
    externalId: outbox.messageId,
  }
}

function messageRejected(to: string, reply: string): ApplicationFailure {
  return ApplicationFailure.create({
    type: messageRejectedFailureType,
    message: `The mail server refused the message to ${to}: ${reply}`,
    nonRetryable: true,
    details: [{ reply }],
  })
}

function smtpFailureOf(error: unknown): { responseCode?: number; code?: string; reply: string } {
  const fields = (error && typeof error === 'object' ? error : {}) as Record<string, unknown>
  const reply =
    typeof fields.response === 'string' && fields.response
      ? fields.response
      : error instanceof Error
        ? error.message
        : String(error)
  return {
    responseCode: typeof fields.responseCode === 'number' ? fields.responseCode : undefined,
    code: typeof fields.code === 'string' ? fields.code : undefined,
    reply,
  }
}

function storedHeaders(value: Prisma.JsonValue | null): Record<string, string> | undefined {
  if (!value || typeof value !== 'object' || Array.isArray(value)) return undefined
  const entries = Object.entries(value).filter((entry): entry is [string, string] => typeof entry[1] === 'string')
  return entries.length > 0 ? Object.fromEntries(entries) : undefined
}

async function attachmentFiles(
  { attachmentRenderers }: ActivityDependencies,
  stored: Prisma.JsonValue | null,
): Promise<EmailAttachment[]> {
  const references = Array.isArray(stored) ? stored.flatMap((item) => parseAttachmentReference(item) ?? []) : []
  return Promise.all(
    references.map(async (reference) => {
      const file = await renderAttachment(attachmentRenderers, reference)
      if (!file) {
        throw ApplicationFailure.nonRetryable(
          `The record behind attachment ${reference.filename} no longer exists; it cannot be attached`,
          'AttachmentMissing',
        )
      }
      return file
    }),
  )
}
