import { claimDueWebhookEvents, markWebhookEvent, type DueWebhookEvent } from '../../lib/webhooks/record'
import { logger } from '../../lib/logger'
import { startRepeatingPass } from '../../lib/repeating-pass'
import type { WebhookProvider } from '../../prisma/generated/enums'
import { processClaimedWebhookEvent } from './claimed-webhook-event'
import type { IngestionDependencies } from './ingestion-dependencies'
import { webhookEventProcessors } from './webhook-processing'

// The CRM processes again, by itself, a webhook event whose processing failed for a reason that can pass (Temporal
// or the database away, an event that came before what it refers to): decision 0049. Twilio never redelivers an
// inbound message, so this is what brings a reply received during an outage to its lead's workflow. Processing is
// idempotent and claimed like a delivery, so a sender's own redelivery racing the retrier does the work once.

export interface WebhookRetryPass {
  /** Events claimed and processed again. */
  retried: number
  /** Of those, the ones that failed again (they wait for their next retry time, or for an operator). */
  failed: number
}

export interface WebhookEventRetrier {
  /** One pass now (tests, and the loop itself). */
  retryOnce(now?: Date): Promise<WebhookRetryPass>
  /** Stops the loop and waits for a pass in flight to finish. */
  stop(): Promise<void>
}

const batchSize = 20
const providers = Object.keys(webhookEventProcessors) as WebhookProvider[]

async function retry(dependencies: IngestionDependencies, event: DueWebhookEvent, now: Date): Promise<boolean> {
  const processor = webhookEventProcessors[event.provider]
  const parsed = processor?.parse(event.payload)
  if (!processor || !parsed?.ok) {
    // Parsed when it arrived, so only a change of the CRM's rules since can refuse it now: an operator looks.
    const reason =
      parsed && !parsed.ok ? parsed.errors.map((e) => `${e.field} ${e.message}`).join('; ') : 'no processor'
    await markWebhookEvent(dependencies.db, event.id, { status: 'FAILED', error: reason, retryAt: null })
    return false
  }
  // Dated by its first arrival: an SMS STOP retried after a later START must not win over it.
  const result = await processClaimedWebhookEvent(
    dependencies,
    processor,
    parsed.value,
    {
      eventId: event.eventId,
      webhookEventId: event.id,
      receivedAt: event.arrivedAt,
      attempts: event.attempts,
    },
    () => now,
  )
  if (!result.ok) {
    logger.warn('A webhook event failed again; it is retried later', {
      provider: event.provider,
      eventId: event.eventId,
      attempts: event.attempts,
      error: result.error,
    })
  }
  return result.ok
}

/** Starts the retrier's loop: a pass every `intervalMs`. `intervalMs: null` runs no loop; passes run when called. */
export function startWebhookEventRetrier(
  dependencies: IngestionDependencies,
  { intervalMs = 15_000 }: { intervalMs?: number | null } = {},
): WebhookEventRetrier {
  async function retryOnce(now: Date = new Date()): Promise<WebhookRetryPass> {
    const pass: WebhookRetryPass = { retried: 0, failed: 0 }
    for (;;) {
      const due = await claimDueWebhookEvents(dependencies.db, providers, now, batchSize)
      for (const event of due) {
        pass.retried += 1
        if (!(await retry(dependencies, event, now))) pass.failed += 1
      }
      if (loop.stopped() || due.length < batchSize) break
    }
    if (pass.retried > 0) logger.info('The webhook retrier processed failed events again', { ...pass })
    return pass
  }

  const loop = startRepeatingPass('webhook retrier', retryOnce, { intervalMs })
  return { retryOnce: loop.runOnce, stop: loop.stop }
}
