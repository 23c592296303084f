import { createHash } from 'node:crypto'
import { ApplicationFailure } from '@temporalio/activity'
import type { Prisma } from '../lib/db'
import type { EmailAttachment } from '../lib/mail-driver'
import { loadRoiReportInput } from '../lib/reports/roi-report-input'
import { renderRoiReportPdf } from '../lib/reports/roi-report-pdf'
import type { ActivityDependencies } from './dependencies'

export interface SentEmail {
  outboxMessageId: string
  sentAt: string
  /** True when an earlier attempt had already delivered it and this call sent nothing. */
  alreadySent: boolean
}

/**
 * What the outbox stores for an attachment: a reference, not the bytes. The bytes are rendered again at send
 * time from the same record (the ROI report PDF is deterministic), so every retry sends the same file.
 */
export interface OutboxAttachment {
  kind: 'roi-report'
  roiCalculationId: string
  filename: string
}

export interface OutboxEmail {
  to: string
  subject: string
  text: string
  html: string | null
  /** What produced it, e.g. `lead-acknowledgement`, `nurture:roi-calculator/report`, `owner-alert:LEAD_ASSIGNED`. */
  template: string
  leadId?: string | null
  contactId?: string | null
  headers?: Record<string, string>
  attachments?: OutboxAttachment[]
  /** The lead's timeline entry, written in the same transaction that marks the message sent. */
  timeline?: { leadId: string; description: string } | null
  /** The time recorded as sent; nurture passes the workflow's now so the frequency cap follows workflow time. */
  sentAt?: Date
}

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
  toAddress: true,
  fromAddress: true,
  subject: true,
  bodyText: true,
  bodyHtml: true,
  messageId: true,
  headers: true,
  attachments: true,
} as const

/**
 * Sends one email at most once per business key (decision 0001): the outbox row is written before SMTP is
 * touched and marked SENT after, together with the timeline entry. A retry finds the row and either resends
 * exactly what was first written (same Message-ID, headers and attachments) or, once SENT, does nothing.
 */
export async function sendThroughOutbox(
  { db, mail, mailFrom, bookingUrl }: ActivityDependencies,
  idempotencyKey: string,
  message: OutboxEmail,
): Promise<SentEmail> {
  const outbox = await db.outboxMessage.upsert({
    where: { idempotencyKey },
    create: {
      idempotencyKey,
      channel: 'EMAIL',
      leadId: message.leadId ?? null,
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

  const attachments = await attachmentFiles({ db, bookingUrl }, storedAttachments(outbox.attachments))
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
      headers: storedHeaders(outbox.headers),
      attachments: attachments.length > 0 ? attachments : undefined,
    }))
  } catch (error) {
    await db.outboxMessage.update({
      where: { id: outbox.id },
      data: { status: 'PENDING', lastError: (error instanceof Error ? error.message : String(error)).slice(0, 2000) },
      select: { id: true },
    })
    throw error
  }

  const sentAt = message.sentAt ?? new Date()
  await db.$transaction([
    db.outboxMessage.update({
      where: { id: outbox.id },
      data: { status: 'SENT', sentAt, providerMessageId: response.slice(0, 500), lastError: null },
      select: { id: true },
    }),
    ...(message.timeline
      ? [
          db.activity.create({
            data: {
              leadId: message.timeline.leadId,
              type: 'EMAIL',
              channel: 'EMAIL',
              direction: 'OUTBOUND',
              subject: outbox.subject ?? 'Email',
              description: message.timeline.description,
              externalId: outbox.messageId,
              completedAt: sentAt,
            },
            select: { id: true },
          }),
        ]
      : []),
  ])
  return { outboxMessageId: outbox.id, sentAt: sentAt.toISOString(), alreadySent: false }
}

function storedHeaders(value: Prisma.JsonValue | null): Record<string, string> | undefined {
  if (!value || typeof value !== 'object' || Array.isArray(value)) return undefined
  const entries = Object.entries(value).filter((entry): entry is [string, string] => typeof entry[1] === 'string')
  return entries.length > 0 ? Object.fromEntries(entries) : undefined
}

function storedAttachments(value: Prisma.JsonValue | null): OutboxAttachment[] {
  if (!Array.isArray(value)) return []
  return value.flatMap((item) => {
    if (!item || typeof item !== 'object' || Array.isArray(item)) return []
    const { kind, roiCalculationId, filename } = item as Record<string, unknown>
    return kind === 'roi-report' && typeof roiCalculationId === 'string' && typeof filename === 'string'
      ? [{ kind, roiCalculationId, filename } satisfies OutboxAttachment]
      : []
  })
}

async function attachmentFiles(
  { db, bookingUrl }: Pick<ActivityDependencies, 'db' | 'bookingUrl'>,
  attachments: OutboxAttachment[],
): Promise<EmailAttachment[]> {
  return Promise.all(
    attachments.map(async (attachment) => {
      const input = await loadRoiReportInput(db, attachment.roiCalculationId, bookingUrl)
      if (!input) {
        throw ApplicationFailure.nonRetryable(
          `ROI calculation ${attachment.roiCalculationId} no longer exists; its report cannot be attached`,
          'AttachmentMissing',
        )
      }
      return { filename: attachment.filename, content: await renderRoiReportPdf(input), contentType: 'application/pdf' }
    }),
  )
}
