import { Prisma, type Database } from '../db'
import type { WebhookProvider } from '../../prisma/generated/enums'
import type { VerifiedWebhookEvent } from './delivery'

/**
 * How long a claimed event (RECEIVED) belongs to the delivery that claimed it. A request is bounded well below
 * this (10 s per workflow call), so a RECEIVED event older than the lease was left by a process that died between
 * the claim and the signal: a redelivery takes it over. A younger one is in flight: a copy answers without work.
 */
export const webhookClaimLeaseMs = 60_000

export type WebhookClaim =
  /** This delivery owns the event: process it. `redelivered` when an earlier delivery claimed it and failed. */
  | { claimed: true; webhookEventId: string; redelivered: boolean }
  /** Another delivery owns it (processed, in flight, or signalled and waiting for its workflow): answer, no work. */
  | { claimed: false }

/**
 * Claims a verified event for this delivery, in one statement when it is new: INSERT … ON CONFLICT DO NOTHING on
 * (provider, event id), so of concurrent copies exactly one wins. A copy that loses tries, in one more statement,
 * to take over an event that can be retried (FAILED, or RECEIVED past its lease); PROCESSED never is.
 */
export async function claimWebhookEvent(
  db: Database,
  provider: WebhookProvider,
  event: VerifiedWebhookEvent,
  change: Prisma.InputJsonValue | undefined,
  now: Date,
): Promise<WebhookClaim> {
  const [inserted] = await db.webhookEvent.createManyAndReturn({
    data: [
      {
        provider,
        eventId: event.eventId,
        eventType: event.eventType,
        payload: event.payload as Prisma.InputJsonObject,
        change: change ?? Prisma.DbNull,
        receivedAt: now,
      },
    ],
    skipDuplicates: true,
    select: { id: true },
  })
  if (inserted) return { claimed: true, webhookEventId: inserted.id, redelivered: false }
  const [retaken] = await db.webhookEvent.updateManyAndReturn({
    where: {
      provider,
      eventId: event.eventId,
      OR: [
        { status: 'FAILED' },
        { status: 'RECEIVED', receivedAt: { lt: new Date(now.getTime() - webhookClaimLeaseMs) } },
      ],
    },
    data: { status: 'RECEIVED', error: null, receivedAt: now, change: change ?? Prisma.DbNull },
    select: { id: true },
  })
  return retaken ? { claimed: true, webhookEventId: retaken.id, redelivered: true } : { claimed: false }
}

/** How processing a claimed event ended: PROCESSED, or FAILED with the reason (never the payload). */
export async function markWebhookEvent(
  db: Pick<Database, 'webhookEvent'>,
  webhookEventId: string,
  outcome: { status: 'PROCESSED' } | { status: 'FAILED'; error: string },
): Promise<void> {
  await db.webhookEvent.update({
    where: { id: webhookEventId },
    data:
      outcome.status === 'PROCESSED'
        ? { status: 'PROCESSED', processedAt: new Date(), error: null }
        : { status: 'FAILED', error: outcome.error.slice(0, 2000) },
    select: { id: true },
  })
}
