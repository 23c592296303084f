import { Prisma, type Database } from '../db'
import type { WebhookEventStatus, WebhookProvider } from '../../prisma/generated/enums'
import type { VerifiedWebhookEvent } from './delivery'

/**
 * Stores a verified event once per (provider, event id). A redelivery changes nothing and says so, with the status
 * the first delivery reached: RECEIVED or FAILED means its processing did not finish and may run again.
 */
export async function recordWebhookEvent(
  db: Database,
  provider: WebhookProvider,
  event: VerifiedWebhookEvent,
): Promise<{ duplicate: boolean; status: WebhookEventStatus }> {
  try {
    await db.webhookEvent.create({
      data: {
        provider,
        eventId: event.eventId,
        eventType: event.eventType,
        payload: event.payload as Prisma.InputJsonObject,
      },
      select: { id: true },
    })
    return { duplicate: false, status: 'RECEIVED' }
  } catch (error) {
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2002') {
      const existing = await db.webhookEvent.findUniqueOrThrow({
        where: { provider_eventId: { provider, eventId: event.eventId } },
        select: { status: true },
      })
      return { duplicate: true, status: existing.status }
    }
    throw error
  }
}

/** How processing a recorded event ended: PROCESSED, or FAILED with the reason (never the payload). */
export async function markWebhookEvent(
  db: Database,
  provider: WebhookProvider,
  eventId: string,
  outcome: { status: 'PROCESSED' } | { status: 'FAILED'; error: string },
): Promise<void> {
  await db.webhookEvent.update({
    where: { provider_eventId: { provider, eventId } },
    data:
      outcome.status === 'PROCESSED'
        ? { status: 'PROCESSED', processedAt: new Date(), error: null }
        : { status: 'FAILED', error: outcome.error.slice(0, 2000) },
    select: { id: true },
  })
}
