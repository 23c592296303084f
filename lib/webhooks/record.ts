import { Prisma, type Database } from '../db'
import type { WebhookProvider } from '../../prisma/generated/enums'
import type { VerifiedWebhookEvent } from './delivery'
import { webhookRetryMaxAttempts } from '../../domain/integrations/webhook-retry'

/**
 * How long a claimed event (RECEIVED) belongs to the delivery that claimed it. A request is bounded well below
 * this (10 s per workflow call), so a RECEIVED event older than the lease was left by a process that died between
 * the claim and the signal: a redelivery takes it over. A younger one is in flight: a copy answers without work.
 */
export const webhookClaimLeaseMs = 60_000

export type WebhookClaim =
  /**
   * This delivery owns the event: process it. `redelivered` when an earlier delivery claimed it and failed;
   * `attempts` counts this one.
   */
  | { claimed: true; webhookEventId: string; redelivered: boolean; attempts: number }
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
        arrivedAt: now,
        attempts: 1,
      },
    ],
    skipDuplicates: true,
    select: { id: true },
  })
  if (inserted) return { claimed: true, webhookEventId: inserted.id, redelivered: false, attempts: 1 }
  const [retaken] = await db.webhookEvent.updateManyAndReturn({
    where: {
      provider,
      eventId: event.eventId,
      OR: [
        { status: 'FAILED' },
        { status: 'RECEIVED', receivedAt: { lt: new Date(now.getTime() - webhookClaimLeaseMs) } },
      ],
    },
    data: {
      status: 'RECEIVED',
      error: null,
      receivedAt: now,
      change: change ?? Prisma.DbNull,
      attempts: { increment: 1 },
      retryAt: null,
    },
    select: { id: true, attempts: true },
  })
  return retaken
    ? { claimed: true, webhookEventId: retaken.id, redelivered: true, attempts: retaken.attempts }
    : { claimed: false }
}

/**
 * How processing a claimed event ended: PROCESSED, or FAILED with the reason (never the payload) and when the
 * retrier processes it again (null: never by itself).
 */
export async function markWebhookEvent(
  db: Pick<Database, 'webhookEvent'>,
  webhookEventId: string,
  outcome: { status: 'PROCESSED' } | { status: 'FAILED'; error: string; retryAt: Date | null },
): Promise<void> {
  await db.webhookEvent.update({
    where: { id: webhookEventId },
    data:
      outcome.status === 'PROCESSED'
        ? { status: 'PROCESSED', processedAt: new Date(), error: null, retryAt: null }
        : { status: 'FAILED', error: outcome.error.slice(0, 2000), retryAt: outcome.retryAt },
    select: { id: true },
  })
}

/** An event the retrier claimed, with what processing it again needs. */
export interface DueWebhookEvent {
  id: string
  provider: WebhookProvider
  eventId: string
  payload: Record<string, unknown>
  arrivedAt: Date
  attempts: number
}

/**
 * Claims up to `limit` events due to be processed again, as a delivery would (status RECEIVED, the lease from
 * `now`, one more attempt): FAILED ones whose retry time has come, and RECEIVED ones of `providers` that no workflow
 * waits for (no change stored) left past their lease by a process that died mid-request, within the same number of
 * attempts. SKIP LOCKED: two web processes sweeping at once never claim the same event.
 */
export async function claimDueWebhookEvents(
  db: Database,
  providers: WebhookProvider[],
  now: Date,
  limit: number,
): Promise<DueWebhookEvent[]> {
  const leaseStart = new Date(now.getTime() - webhookClaimLeaseMs)
  return db.$queryRaw<DueWebhookEvent[]>`
    UPDATE "WebhookEvent" AS event
       SET status = 'RECEIVED', error = NULL, "receivedAt" = ${now}, attempts = event.attempts + 1, "retryAt" = NULL
     WHERE event.id IN (
       SELECT id FROM "WebhookEvent"
        WHERE (status = 'FAILED' AND "retryAt" <= ${now})
           OR (status = 'RECEIVED' AND change IS NULL AND "receivedAt" < ${leaseStart}
               AND attempts < ${webhookRetryMaxAttempts} AND provider::text = ANY(${providers}::text[]))
        ORDER BY "receivedAt"
        LIMIT ${limit}
        FOR UPDATE SKIP LOCKED)
    RETURNING event.id, event.provider, event."eventId", event.payload, event."arrivedAt", event.attempts`
}
