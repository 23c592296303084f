// What an operator sees of the webhook deliveries (decision 0053): every event with how processing went, and "retry
// now" for one that failed. The payload is never shown: it holds people's data and the page is a settings page.
import { z } from 'zod'
import type { Database, Prisma } from '../../lib/db'
import { toFieldErrors } from '../../domain/validation/field-errors'
import { WebhookEventStatus, WebhookProvider } from '../../prisma/generated/enums'
import type { Actor } from '../auth/actor'
import { recordAudit } from '../auth/audit'
import { Problem } from '../problems/problem'

export const webhookEventStatuses = Object.values(WebhookEventStatus)
export const webhookProviderNames = Object.values(WebhookProvider)

/**
 * What "retry now" may queue: a delivery whose processing failed. One refused at the door (no attempt: its body can
 * never be processed) is not retried. The page offers the button by the same rule.
 */
const retryableWhere = { status: 'FAILED', attempts: { gt: 0 } } satisfies Prisma.WebhookEventWhereInput
export const retryableNow = (event: { status: WebhookEventStatus; attempts: number }) =>
  event.status === retryableWhere.status && event.attempts > retryableWhere.attempts.gt

/** Reading the deliveries is a settings read; retrying one changes an integration (Admin). */
export const readWebhookEvents = { resource: 'settings', action: 'read' } as const
export const retryWebhookEvents = { resource: 'settings', action: 'update-integrations' } as const

const filterSchema = z.object({
  status: z.enum(WebhookEventStatus).optional(),
  provider: z.enum(WebhookProvider).optional(),
})

export type WebhookEventFilter = z.infer<typeof filterSchema>

/** The page's filters from its query string; an unknown value is a 400 naming the parameter. */
export function webhookEventFilterOf(params: URLSearchParams): WebhookEventFilter {
  const query = { status: params.get('status') || undefined, provider: params.get('provider') || undefined }
  const parsed = filterSchema.safeParse(query)
  if (!parsed.success) {
    const fields = toFieldErrors(parsed.error, query, 'filter')
    const named = fields.map(({ field, message }) => `${field}: ${message}`).join('; ')
    throw new Problem('invalid-input', `The filter is not valid (${named})`, { fields })
  }
  return parsed.data
}

const pageSize = 100

/** The newest deliveries matching the filter, and how many there are of each status (all providers). */
export async function listWebhookEvents(db: Database, filter: WebhookEventFilter) {
  const [events, counts] = await Promise.all([
    db.webhookEvent.findMany({
      where: filter,
      select: {
        id: true,
        provider: true,
        eventId: true,
        eventType: true,
        status: true,
        attempts: true,
        error: true,
        arrivedAt: true,
        processedAt: true,
        retryAt: true,
      },
      orderBy: [{ arrivedAt: 'desc' }, { id: 'desc' }],
      take: pageSize,
    }),
    db.webhookEvent.groupBy({ by: ['status'], _count: { _all: true } }),
  ])
  return {
    events: events.map((event) => ({ ...event, retryable: retryableNow(event) })),
    counts: Object.fromEntries(
      webhookEventStatuses.map((status) => [status, counts.find((row) => row.status === status)?._count._all ?? 0]),
    ) as Record<WebhookEventStatus, number>,
  }
}

/**
 * Queues a FAILED event for the retrier at once (the web process's next pass, within 15 s), also one that ran out of
 * attempts: each click is one more attempt. An event refused at the door (no attempt: its body can never be
 * processed) is not retried. Audited.
 */
export async function retryWebhookEventNow(context: { db: Database; actor: Actor }, webhookEventId: string) {
  const { count } = await context.db.webhookEvent.updateMany({
    where: { id: webhookEventId, ...retryableWhere },
    data: { retryAt: new Date() },
  })
  if (count === 0) {
    throw new Problem('conflict', 'Only a delivery whose processing failed can be retried, not one refused at the door')
  }
  await recordAudit(context.db, {
    actor: context.actor,
    action: 'settings.retry-webhook-event',
    entityType: 'webhook-event',
    entityId: webhookEventId,
  })
}
