import { createHash } from 'node:crypto'
import { ApplicationFailure, Context } from '@temporalio/activity'
import { isPermanentRejection, messageRejectedFailureType } from '../domain/email/smtp-reply'
import { entityLinkColumns, type EntityReference } from '../domain/records/entity-reference'
import type { Prisma } from '../lib/db'
import { parseAttachmentReference, renderAttachment, type AttachmentReference } from '../lib/email-attachments'
import type { EmailAttachment } from '../lib/mail-driver'
import type { ActivityDependencies } from './dependencies'

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

/**
 * What an attempt heartbeats the moment the SMTP server accepted the message. A retry that finds it never sends
 * again: it only records what the earlier attempt could not (decision 0001).
 */
export interface AcceptedBySmtp {
  accepted: true
  response: string
  sentAt: string
}

/** How long an attempt keeps retrying the write that records an accepted message (rides a 30 s outage). */
export const recordAcceptanceBudgetMs = 90_000
const recordAcceptanceMaxDelayMs = 5_000
/** A send slower than this heartbeats progress, so a healthy but slow relay is not taken for a dead worker. */
const slowSendHeartbeatMs = 10_000

/** A Message-ID derived from the business key, identical on every attempt for the same message. */
export function messageIdFor(idempotencyKey: string, from: string): string {
  const domain = /@([^>\s]+)>?\s*$/.exec(from)?.[1] ?? 'durable-crm.localhost'
  const digest = createHash('sha256').update(idempotencyKey).digest('hex').slice(0, 32)
  return `<${digest}@${domain}>`
}

const outboxSelect = {
  id: true,
  status: true,
  sentAt: true,
  lastError: true,
  toAddress: true,
  fromAddress: true,
  subject: true,
  bodyText: true,
  bodyHtml: true,
  messageId: true,
  headers: true,
  attachments: true,
  leadId: true,
  opportunityId: true,
  partnershipId: true,
} as const

type OutboxRow = Prisma.OutboxMessageGetPayload<{ select: typeof outboxSelect }>

/**
 * Sends one email at most once per business key, up to the window SMTP itself forces (decision 0001):
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
): Promise<SentEmail> {
  const { db, mail, mailFrom } = dependencies
  const context = activityContext()
  const acceptedEarlier = acceptanceIn(context?.info.heartbeatDetails)

  const outbox = await db.outboxMessage.upsert({
    where: { idempotencyKey },
    create: {
      idempotencyKey,
      channel: 'EMAIL',
      ...entityLinkColumns(message.entity),
      contactId: message.contactId ?? null,
      toAddress: message.to,
      fromAddress: mailFrom,
      subject: message.subject,
      bodyText: message.text,
      bodyHtml: message.html,
      template: message.template,
      messageId: messageIdFor(idempotencyKey, mailFrom),
      headers: message.headers ?? undefined,
      attachments: message.attachments ? (message.attachments as unknown as Prisma.InputJsonValue) : undefined,
    },
    update: {},
    select: outboxSelect,
  })
  if (outbox.status === 'SENT' && outbox.sentAt) {
    return { outboxMessageId: outbox.id, sentAt: outbox.sentAt.toISOString(), alreadySent: true }
  }
  if (outbox.status === 'FAILED') throw messageRejected(outbox.toAddress, outbox.lastError ?? 'refused')
  if (acceptedEarlier) {
    context?.heartbeat(acceptedEarlier)
    return recordAccepted(dependencies, context, outbox, message, acceptedEarlier, true)
  }
  if (outbox.status === 'SENDING') {
    // The previous attempt died between handing the message to the SMTP server and recording its acceptance:
    // SMTP cannot say whether it was delivered. A lost message is worse than a copy with the same Message-ID.
    context?.log.warn('Resending a message whose previous attempt ended inside the SMTP window', {
      outboxMessageId: outbox.id,
    })
  }

  const attachments = await attachmentFiles(dependencies, outbox.attachments)
  await db.outboxMessage.update({
    where: { id: outbox.id },
    data: { status: 'SENDING', attempts: { increment: 1 } },
    select: { id: true },
  })
  let response: string
  // No heartbeat before acceptance unless the send is slow: the first heartbeat of an attempt leaves at once,
  // later ones are throttled, and the acceptance must reach Temporal as fast as possible.
  const progress = context ? setInterval(() => context.heartbeat(), slowSendHeartbeatMs) : undefined
  try {
    ;({ response } = await mail.send({
      from: outbox.fromAddress,
      to: outbox.toAddress,
      subject: outbox.subject ?? '',
      text: outbox.bodyText,
      html: outbox.bodyHtml ?? undefined,
      messageId: outbox.messageId,
      headers: storedHeaders(outbox.headers),
      attachments: attachments.length > 0 ? attachments : undefined,
    }))
  } catch (error) {
    clearInterval(progress)
    const failure = smtpFailureOf(error)
    if (isPermanentRejection(failure)) {
      await recordRejected(dependencies, outbox, message, failure.reply)
      throw messageRejected(outbox.toAddress, failure.reply)
    }
    // Best effort: if the database is down too, the row stays SENDING and the retry resends (nothing was accepted).
    await db.outboxMessage
      .update({
        where: { id: outbox.id },
        data: { status: 'PENDING', lastError: failure.reply.slice(0, 2000) },
        select: { id: true },
      })
      .catch(() => undefined)
    throw error
  }
  clearInterval(progress)

  const acceptance: AcceptedBySmtp = {
    accepted: true,
    response,
    sentAt: (message.sentAt ?? new Date()).toISOString(),
  }
  context?.heartbeat(acceptance)
  return recordAccepted(dependencies, context, outbox, message, acceptance, false)
}

/** Marks the row SENT with its timeline entry, retrying through a database outage: the message is out already. */
async function recordAccepted(
  { db }: ActivityDependencies,
  context: Context | null,
  outbox: OutboxRow,
  message: OutboxEmail,
  acceptance: AcceptedBySmtp,
  alreadySent: boolean,
): Promise<SentEmail> {
  const sentAt = new Date(acceptance.sentAt)
  const write = () =>
    db.$transaction(async (transaction) => {
      // Conditional, so a commit whose answer was lost and is then retried writes the timeline entry once.
      const { count } = await transaction.outboxMessage.updateMany({
        where: { id: outbox.id, status: { not: 'SENT' } },
        data: { status: 'SENT', sentAt, providerMessageId: acceptance.response.slice(0, 500), lastError: null },
      })
      if (count === 1 && message.timeline) {
        await transaction.activity.create({
          data: { ...emailTimelineEntry(outbox, message.timeline.description), completedAt: sentAt },
          select: { id: true },
        })
      }
    })

  const deadline = Date.now() + recordAcceptanceBudgetMs
  for (let delayMs = 250; ; delayMs = Math.min(delayMs * 2, recordAcceptanceMaxDelayMs)) {
    try {
      await write()
      return { outboxMessageId: outbox.id, sentAt: acceptance.sentAt, alreadySent }
    } catch (error) {
      // Past the budget the attempt fails; its heartbeat details tell the next attempt not to send again.
      if (Date.now() + delayMs > deadline) throw error
      context?.heartbeat(acceptance)
      if (context) await context.sleep(delayMs)
      else await new Promise((resolve) => setTimeout(resolve, delayMs))
    }
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

async function recordRejected(
  { db }: ActivityDependencies,
  outbox: OutboxRow,
  message: OutboxEmail,
  reply: string,
): Promise<void> {
  await db.$transaction(async (transaction) => {
    const { count } = await transaction.outboxMessage.updateMany({
      where: { id: outbox.id, status: { notIn: ['SENT', 'FAILED'] } },
      data: { status: 'FAILED', lastError: reply.slice(0, 2000) },
    })
    if (count === 1 && message.timeline) {
      await transaction.activity.create({
        data: {
          ...emailTimelineEntry(outbox, message.timeline.description),
          outcome: `Not delivered: the mail server refused it (${reply.slice(0, 300)})`,
        },
        select: { id: true },
      })
    }
  })
}

function messageRejected(to: string, reply: string): ApplicationFailure {
  return ApplicationFailure.create({
    type: messageRejectedFailureType,
    message: `The mail server refused the message to ${to}: ${reply}`,
    nonRetryable: true,
    details: [{ reply }],
  })
}

const timelineLinks = (outbox: OutboxRow) => ({
  leadId: outbox.leadId,
  opportunityId: outbox.opportunityId,
  partnershipId: outbox.partnershipId,
})

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

function activityContext(): Context | null {
  try {
    return Context.current()
  } catch {
    return null
  }
}

function acceptanceIn(details: unknown): AcceptedBySmtp | null {
  if (!details || typeof details !== 'object') return null
  const { accepted, response, sentAt } = details as Record<string, unknown>
  return accepted === true && typeof response === 'string' && typeof sentAt === 'string'
    ? { accepted, response, sentAt }
    : null
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
