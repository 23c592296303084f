/** Replay window of every webhook scheme that carries a time (Stripe's own default is the same 300 s). */
export const webhookToleranceSeconds = 300

/** One HTTP delivery as a verifier sees it: the exact bytes, the headers, and the URL the sender signed. */
export interface WebhookDelivery {
  rawBody: Buffer
  header(name: string): string | undefined
  /** The public URL the sender posted to (only Twilio signs it). */
  url: string
  now: Date
}

export interface VerifiedWebhookEvent {
  eventId: string
  eventType: string
  /** The parsed body, stored as the event's payload. */
  payload: Record<string, unknown>
}

export type WebhookVerdict =
  | { outcome: 'event'; event: VerifiedWebhookEvent }
  /** Authentic, but of a type the CRM does not subscribe to: acknowledged so the vendor does not retry, not stored. */
  | { outcome: 'ignored'; eventType: string }
  | { outcome: 'unauthenticated'; header: string; reason: string }
  | { outcome: 'malformed'; reason: string }

export type WebhookVerifier = (delivery: WebhookDelivery, secret: string) => WebhookVerdict

export const unauthenticated = (header: string, reason: string): WebhookVerdict => ({
  outcome: 'unauthenticated',
  header,
  reason,
})
export const malformed = (reason: string): WebhookVerdict => ({ outcome: 'malformed', reason })
export const staleReason = `is older than the ${webhookToleranceSeconds} s replay window`

/** Parses a JSON object body; anything else (arrays, scalars, invalid JSON) is undefined. */
export function parseJsonObject(rawBody: Buffer): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(rawBody.toString('utf8'))
    return typeof value === 'object' && value !== null && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : undefined
  } catch {
    return undefined
  }
}
