import { createHash } from 'node:crypto'
import type { FieldError } from '../../domain/validation/field-errors'
import { escapeUnsafeText, storableJson } from '../../domain/validation/safe-text'
import { Prisma, type Database } from '../db'
import type { WebhookProvider } from '../../prisma/generated/enums'
import type { VerifiedWebhookEvent } from './delivery'

// An authentic delivery the CRM can never act on (a body that is no event, a field that does not fit, text that
// cannot be stored) is recorded FAILED with why, and acknowledged: the sender would otherwise redeliver the same
// bytes for days, each time refused the same way. An operator finds it among the FAILED events.

/** How much of an unreadable body is kept with its FAILED event. */
export const unreadableBodyKeptChars = 64 * 1024

function reasonOf(errors: FieldError[]): string {
  // Cut first, then escaped: a cut may split a surrogate pair.
  return escapeUnsafeText(
    errors
      .map(({ field, message }) => `${field} ${message}`)
      .join('; ')
      .slice(0, 2000),
  )
}

async function recordFailed(
  db: Database,
  data: { provider: WebhookProvider; eventId: string; eventType: string; payload: unknown; error: string },
): Promise<{ duplicate: boolean }> {
  try {
    await db.webhookEvent.create({
      data: { ...data, status: 'FAILED', payload: data.payload as Prisma.InputJsonValue },
      select: { id: true },
    })
    return { duplicate: false }
  } catch (error) {
    // A redelivery (or an event of that id recorded before): the first record stands.
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2002') return { duplicate: true }
    throw error
  }
}

/** A verified event whose body cannot be processed, ever: stored FAILED, its text escaped so it can be stored. */
export function recordUnprocessableWebhookEvent(
  db: Database,
  provider: WebhookProvider,
  event: VerifiedWebhookEvent,
  errors: FieldError[],
): Promise<{ duplicate: boolean }> {
  return recordFailed(db, {
    provider,
    eventId: escapeUnsafeText(event.eventId),
    eventType: escapeUnsafeText(event.eventType),
    payload: storableJson(event.payload),
    error: reasonOf(errors),
  })
}

/**
 * A correctly signed body that is no event at all (not JSON, no id): it has no event id, so the SHA-256 of its bytes
 * stands for one, and a redelivery of the same bytes is recognised.
 */
export function recordUnreadableWebhookDelivery(
  db: Database,
  provider: WebhookProvider,
  rawBody: Buffer,
  reason: string,
): Promise<{ duplicate: boolean }> {
  const text = rawBody.toString('utf8')
  return recordFailed(db, {
    provider,
    eventId: `unreadable:${createHash('sha256').update(rawBody).digest('hex')}`,
    eventType: '(unreadable)',
    payload: {
      body: escapeUnsafeText(text.slice(0, unreadableBodyKeptChars)),
      ...(text.length > unreadableBodyKeptChars ? { truncatedFromChars: text.length } : {}),
    },
    error: reasonOf([{ field: '(body)', message: reason }]),
  })
}
