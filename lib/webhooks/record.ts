import { Prisma, type Database } from '../db'
import type { WebhookProvider } from '../../prisma/generated/enums'
import type { VerifiedWebhookEvent } from './delivery'

/** Stores a verified event once per (provider, event id); a redelivery changes nothing and says so. */
export async function recordWebhookEvent(
  db: Database,
  provider: WebhookProvider,
  event: VerifiedWebhookEvent
): Promise<{ duplicate: boolean }> {
  try {
    await db.webhookEvent.create({
      data: { provider, eventId: event.eventId, eventType: event.eventType, payload: event.payload as Prisma.InputJsonObject },
      select: { id: true },
    })
    return { duplicate: false }
  } catch (error) {
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2002') return { duplicate: true }
    throw error
  }
}
