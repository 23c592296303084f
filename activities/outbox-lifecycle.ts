// The life of one outbox row, whatever carries the message (SMTP, Twilio): written before the provider is touched,
// PENDING → SENDING → SENT or FAILED, the provider's acceptance heartbeated so a retry never hands it over twice,
// the entity's timeline entry written in the transaction that settles the row (decisions 0001, 0033).
import { type ApplicationFailure, Context } from '@temporalio/activity'
import { entityLinkColumns, type EntityReference } from '../domain/records/entity-reference'
import type { Prisma } from '../lib/db'
import type { ActivityDependencies } from './dependencies'

export const outboxRowSelect = {
  id: true,
  idempotencyKey: true,
  channel: true,
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
  contactId: true,
  providerMessageId: true,
} as const

export type OutboxRow = Prisma.OutboxMessageGetPayload<{ select: typeof outboxRowSelect }>

/** The columns of a new row: what every retry hands over again, exactly as first written. */
export type OutboxRowContent = Omit<
  Prisma.OutboxMessageUncheckedCreateInput,
  'idempotencyKey' | 'leadId' | 'opportunityId' | 'partnershipId' | 'status'
>

export interface ProviderAcceptance {
  /** SMTP's reply, or Twilio's message SID. */
  providerMessageId: string
  /** Twilio's first status (`queued`); none for SMTP. */
  providerStatus?: string | null
}

export interface ProviderFailure {
  permanent: boolean
  reason: string
}

/** What differs between channels: how a row is handed over, how a refusal reads, how the timeline shows it. */
export interface OutboxTransport {
  /** What must succeed before the row is marked SENDING (rendering attachments); a failure leaves it untouched. */
  prepare?(row: OutboxRow): Promise<void>
  send(row: OutboxRow): Promise<ProviderAcceptance>
  /** Whether a failed send can never succeed (SMTP 5xx, Twilio 400/404). */
  failure(error: unknown): ProviderFailure
  /** The non-retryable failure a permanent refusal ends the activity with. */
  rejected(row: OutboxRow, reason: string): ApplicationFailure
  timelineEntry(row: OutboxRow, description: string): Prisma.ActivityUncheckedCreateInput
  /** The timeline's outcome of a refused message. */
  refusedOutcome(reason: string): string
  /** Logged when an attempt died inside the provider's window and the message goes again. */
  resendWarning: string
}

export interface OutboxDelivery {
  idempotencyKey: string
  entity?: EntityReference | null
  content: OutboxRowContent
  timeline?: { description: string } | null
  /** The time recorded as sent; workflows pass their now so caps follow workflow time. */
  sentAt?: Date
}

export interface DeliveredMessage {
  outboxMessageId: string
  sentAt: string
  /** True when an earlier attempt had already handed it over and this call sent nothing. */
  alreadySent: boolean
  providerMessageId: string | null
}

/**
 * What an attempt heartbeats the moment the provider accepted the message. A retry that finds it never sends
 * again: it only records what the earlier attempt could not (decision 0001). `idempotencyKey` tells which row it is
 * (an activity may settle more than one row, e.g. an SMS Twilio refused and then the email).
 */
export interface AcceptedByProvider {
  accepted: true
  response: string
  sentAt: string
  providerStatus?: string | null
  idempotencyKey?: string
}

/** How long an attempt keeps retrying the write that records an accepted message (rides a 30 s outage). */
export const recordAcceptanceBudgetMs = 90_000
const recordAcceptanceMaxDelayMs = 5_000
/** A send slower than this heartbeats progress, so a healthy but slow relay is not taken for a dead worker. */
const slowSendHeartbeatMs = 10_000

/** Hands one outbox row to its transport at most once per business key, up to the provider's own window. */
export async function deliverOnce(
  dependencies: Pick<ActivityDependencies, 'db'>,
  transport: OutboxTransport,
  delivery: OutboxDelivery,
): Promise<DeliveredMessage> {
  const { db } = dependencies
  const { idempotencyKey } = delivery
  const context = activityContext()
  const acceptedEarlier = acceptanceIn(context?.info.heartbeatDetails, idempotencyKey)

  const outbox = await db.outboxMessage.upsert({
    where: { idempotencyKey },
    create: { idempotencyKey, ...entityLinkColumns(delivery.entity), ...delivery.content },
    // A write of what the row already holds: with it Prisma sends one INSERT … ON CONFLICT DO UPDATE RETURNING,
    // where `update: {}` read, inserted and read again in a transaction of its own (5 statements, decision 0062).
    update: { idempotencyKey },
    select: outboxRowSelect,
  })
  if (outbox.status === 'SENT' && outbox.sentAt) {
    return {
      outboxMessageId: outbox.id,
      sentAt: outbox.sentAt.toISOString(),
      alreadySent: true,
      providerMessageId: outbox.providerMessageId,
    }
  }
  if (outbox.status === 'FAILED') throw transport.rejected(outbox, outbox.lastError ?? 'refused')
  if (acceptedEarlier) {
    context?.heartbeat(acceptedEarlier)
    return recordAccepted(dependencies, context, transport, outbox, delivery, acceptedEarlier, true)
  }
  if (outbox.status === 'SENDING') {
    // The previous attempt died between handing the message over and recording its acceptance: the provider
    // cannot say whether it took it. A lost message is worse than a copy.
    context?.log.warn(transport.resendWarning, { outboxMessageId: outbox.id })
  }

  await transport.prepare?.(outbox)
  await db.outboxMessage.update({
    where: { id: outbox.id },
    data: { status: 'SENDING', attempts: { increment: 1 } },
    select: { id: true },
  })
  let accepted: ProviderAcceptance
  // No heartbeat before acceptance unless the send is slow: the first heartbeat of an attempt leaves at once,
  // later ones are throttled, and the acceptance must reach Temporal as fast as possible.
  const progress = context ? setInterval(() => context.heartbeat(), slowSendHeartbeatMs) : undefined
  try {
    accepted = await transport.send(outbox)
  } catch (error) {
    clearInterval(progress)
    const failure = transport.failure(error)
    if (failure.permanent) {
      await recordRejected(dependencies, transport, outbox, delivery, failure.reason)
      throw transport.rejected(outbox, failure.reason)
    }
    // Best effort: if the database is down too, the row stays SENDING and the retry resends (nothing was accepted).
    await db.outboxMessage
      .update({
        where: { id: outbox.id },
        data: { status: 'PENDING', lastError: failure.reason.slice(0, 2000) },
        select: { id: true },
      })
      .catch(() => undefined)
    throw error
  }
  clearInterval(progress)

  const acceptance: AcceptedByProvider = {
    accepted: true,
    response: accepted.providerMessageId,
    sentAt: (delivery.sentAt ?? new Date()).toISOString(),
    providerStatus: accepted.providerStatus ?? null,
    idempotencyKey,
  }
  context?.heartbeat(acceptance)
  return recordAccepted(dependencies, context, transport, outbox, delivery, acceptance, false)
}

/** Marks the row SENT with its timeline entry, retrying through a database outage: the message is out already. */
async function recordAccepted(
  { db }: Pick<ActivityDependencies, 'db'>,
  context: Context | null,
  transport: OutboxTransport,
  outbox: OutboxRow,
  delivery: OutboxDelivery,
  acceptance: AcceptedByProvider,
  alreadySent: boolean,
): Promise<DeliveredMessage> {
  const sentAt = new Date(acceptance.sentAt)
  const providerMessageId = acceptance.response.slice(0, 500)
  const write = () =>
    db.$transaction(async (transaction) => {
      // Conditional, so a commit whose answer was lost and is then retried writes the timeline entry once.
      const { count } = await transaction.outboxMessage.updateMany({
        where: { id: outbox.id, status: { not: 'SENT' } },
        data: { status: 'SENT', sentAt, providerMessageId, lastError: null },
      })
      // The provider's first status, unless a status callback already told a later one.
      if (acceptance.providerStatus) {
        await transaction.outboxMessage.updateMany({
          where: { id: outbox.id, providerStatus: null },
          data: { providerStatus: acceptance.providerStatus, providerStatusAt: sentAt },
        })
      }
      if (count === 1 && delivery.timeline) {
        await transaction.activity.create({
          data: { ...transport.timelineEntry(outbox, delivery.timeline.description), completedAt: sentAt },
          select: { id: true },
        })
      }
    })

  const deadline = Date.now() + recordAcceptanceBudgetMs
  for (let delayMs = 250; ; delayMs = Math.min(delayMs * 2, recordAcceptanceMaxDelayMs)) {
    try {
      await write()
      return { outboxMessageId: outbox.id, sentAt: acceptance.sentAt, alreadySent, providerMessageId }
    } catch (error) {
      // Past the budget the attempt fails; its heartbeat details tell the next attempt not to send again.
      if (Date.now() + delayMs > deadline) throw error
      context?.heartbeat(acceptance)
      if (context) await context.sleep(delayMs)
      else await new Promise((resolve) => setTimeout(resolve, delayMs))
    }
  }
}

async function recordRejected(
  { db }: Pick<ActivityDependencies, 'db'>,
  transport: OutboxTransport,
  outbox: OutboxRow,
  delivery: OutboxDelivery,
  reason: string,
): Promise<void> {
  await db.$transaction(async (transaction) => {
    const { count } = await transaction.outboxMessage.updateMany({
      where: { id: outbox.id, status: { notIn: ['SENT', 'FAILED'] } },
      data: { status: 'FAILED', lastError: reason.slice(0, 2000) },
    })
    if (count === 1 && delivery.timeline) {
      await transaction.activity.create({
        data: {
          ...transport.timelineEntry(outbox, delivery.timeline.description),
          outcome: transport.refusedOutcome(reason),
        },
        select: { id: true },
      })
    }
  })
}

/** The entity columns of a timeline entry about this row. */
export const timelineLinks = (outbox: OutboxRow) => ({
  leadId: outbox.leadId,
  opportunityId: outbox.opportunityId,
  partnershipId: outbox.partnershipId,
})

export function activityContext(): Context | null {
  try {
    return Context.current()
  } catch {
    return null
  }
}

function acceptanceIn(details: unknown, idempotencyKey: string): AcceptedByProvider | null {
  if (!details || typeof details !== 'object') return null
  const { accepted, response, sentAt, providerStatus, idempotencyKey: key } = details as Record<string, unknown>
  // Details without a key come from attempts that settled one row only (every email before decision 0033).
  if (typeof key === 'string' && key !== idempotencyKey) return null
  return accepted === true && typeof response === 'string' && typeof sentAt === 'string'
    ? {
        accepted,
        response,
        sentAt,
        providerStatus: typeof providerStatus === 'string' ? providerStatus : null,
        idempotencyKey,
      }
    : null
}
