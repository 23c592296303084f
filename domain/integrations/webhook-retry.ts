// When a webhook event whose processing failed is processed again by the CRM itself (decision 0049). Twilio never
// redelivers an inbound message, so without this a reply that arrived while Temporal was down would never reach its
// lead's workflow; Stripe and Cal.com redeliver too, and the claim keeps the two paths from doing the work twice.

/** The wait after the first failed attempt; each further failure doubles it, up to the cap. */
export const webhookRetryFirstDelayMs = 60_000
export const webhookRetryMaxDelayMs = 60 * 60_000
/** After this many failed attempts (about six hours of outage) the event waits for an operator. */
export const webhookRetryMaxAttempts = 12

/** When to process again an event whose `attempts`-th attempt failed at `failedAt`; null: never by itself. */
export function webhookRetryAt(attempts: number, failedAt: Date): Date | null {
  if (attempts >= webhookRetryMaxAttempts) return null
  const delay = Math.min(webhookRetryFirstDelayMs * 2 ** Math.max(attempts - 1, 0), webhookRetryMaxDelayMs)
  return new Date(failedAt.getTime() + delay)
}
