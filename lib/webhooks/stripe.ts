import Stripe from 'stripe'
import { malformed, staleReason, unauthenticated, webhookToleranceSeconds, type WebhookVerifier } from './delivery'

// `Stripe-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256(secret, `${t}.${rawBody}`)>`, checked by the SDK's own
// verifier (static, so no API client is constructed for it).
export const stripeSignatureHeader = 'Stripe-Signature'
export const stripeEventTypes = [
  'payment_intent.succeeded',
  'invoice.created',
  'invoice.paid',
  'invoice.payment_failed',
  'customer.subscription.updated',
] as const

export const verifyStripeDelivery: WebhookVerifier = (delivery, secret) => {
  const header = delivery.header(stripeSignatureHeader)
  if (!header) return unauthenticated(stripeSignatureHeader, 'is missing')
  let event: unknown
  try {
    event = Stripe.webhooks.constructEvent(
      delivery.rawBody,
      header,
      secret,
      webhookToleranceSeconds,
      undefined,
      delivery.now.getTime(),
    )
  } catch (error) {
    if (error instanceof Stripe.errors.StripeSignatureVerificationError) {
      const stale = error.message === 'Timestamp outside the tolerance zone'
      return unauthenticated(stripeSignatureHeader, stale ? staleReason : 'does not match the body')
    }
    // Verification passed; what failed is reading the body as a snapshot event.
    return malformed('The body is not a Stripe event')
  }
  if (typeof event !== 'object' || event === null || Array.isArray(event))
    return malformed('The body is not a Stripe event')
  const payload = event as Record<string, unknown>
  const { id, type } = payload
  if (typeof id !== 'string' || id === '' || typeof type !== 'string') return malformed('The event has no id or type')
  if (!(stripeEventTypes as readonly string[]).includes(type)) return { outcome: 'ignored', eventType: type }
  return { outcome: 'event', event: { eventId: id, eventType: type, payload } }
}
