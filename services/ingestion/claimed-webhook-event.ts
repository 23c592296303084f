import { webhookRetryAt } from '../../domain/integrations/webhook-retry'
import { markWebhookEvent } from '../../lib/webhooks/record'
import type { IngestionDependencies } from './ingestion-dependencies'
import type { WebhookEventContext, WebhookEventOutcome, WebhookEventProcessor } from './webhook-processing'

export type ClaimedWebhookEventResult =
  | { ok: true; outcome: WebhookEventOutcome }
  /** Processing threw: the event is FAILED with the reason and, within its attempts, a time for the retrier. */
  | { ok: false; error: unknown }

/**
 * Processes an event this process claimed (a delivery in the request, or the retrier) and records how it ended:
 * PROCESSED when the work was done here, nothing when it was handed to a workflow whose activity marks it.
 */
export async function processClaimedWebhookEvent(
  dependencies: IngestionDependencies,
  processor: WebhookEventProcessor,
  event: unknown,
  context: WebhookEventContext & { attempts: number },
  /** The clock the retry time is counted from (the retrier's pass). */
  now: () => Date = () => new Date(),
): Promise<ClaimedWebhookEventResult> {
  const { db } = dependencies
  let outcome: WebhookEventOutcome
  try {
    outcome = await processor.process(dependencies, event, context)
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error)
    await markWebhookEvent(db, context.webhookEventId, {
      status: 'FAILED',
      error: reason,
      retryAt: webhookRetryAt(context.attempts, now()),
    })
    return { ok: false, error }
  }
  if (outcome === 'processed') await markWebhookEvent(db, context.webhookEventId, { status: 'PROCESSED' })
  return { ok: true, outcome }
}
