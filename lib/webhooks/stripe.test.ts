import Stripe from 'stripe'
import { describe, expect, it } from 'vitest'
import type { WebhookDelivery } from './delivery'
import { verifyStripeDelivery } from './stripe'

const secret = 'whsec_unit_test_secret'
const nowSeconds = 1_790_000_000
const event = {
  id: 'evt_1',
  object: 'event',
  type: 'invoice.paid',
  data: { object: { id: 'in_1', amount_paid: 450000 } },
}
const body = JSON.stringify(event)
// Stripe's own generator, so the header is byte for byte what Stripe sends.
const signature = (payload: string, options: { secret?: string; timestamp?: number } = {}) =>
  Stripe.webhooks.generateTestHeaderString({
    payload,
    secret: options.secret ?? secret,
    timestamp: options.timestamp ?? nowSeconds,
  })

function delivery(rawBody: string, header: string | undefined, at = nowSeconds): WebhookDelivery {
  return {
    rawBody: Buffer.from(rawBody),
    header: (name) => (name.toLowerCase() === 'stripe-signature' ? header : undefined),
    url: 'https://crm.example.com/api/webhooks/stripe',
    now: new Date(at * 1000),
  }
}

describe('Stripe-Signature', () => {
  it("accepts Stripe's signature and takes the event id and type from the event", () => {
    expect(verifyStripeDelivery(delivery(body, signature(body), nowSeconds + 300), secret)).toEqual({
      outcome: 'event',
      event: { eventId: 'evt_1', eventType: 'invoice.paid', payload: event },
    })
  })

  it.each([
    ['a tampered body', body.replace('450000', '1'), signature(body), nowSeconds, 'does not match the body'],
    ['a wrong secret', body, signature(body, { secret: 'whsec_someone_else' }), nowSeconds, 'does not match the body'],
    [
      'a re-dated header',
      body,
      signature(body).replace(`t=${nowSeconds}`, `t=${nowSeconds + 5}`),
      nowSeconds,
      'does not match the body',
    ],
    [
      'a timestamp older than the 300 s tolerance',
      body,
      signature(body),
      nowSeconds + 301,
      'is older than the 300 s replay window',
    ],
    ['no header', body, undefined, nowSeconds, 'is missing'],
    ['a header without v1', body, `t=${nowSeconds}`, nowSeconds, 'does not match the body'],
  ])('refuses %s', (_case, rawBody, header, at, reason) => {
    expect(verifyStripeDelivery(delivery(rawBody, header, at), secret)).toEqual({
      outcome: 'unauthenticated',
      header: 'Stripe-Signature',
      reason,
    })
  })

  it('answers a signed body that is not an event as malformed', () => {
    expect(verifyStripeDelivery(delivery('not json', signature('not json')), secret)).toEqual({
      outcome: 'malformed',
      reason: 'The body is not a Stripe event',
    })
    const noId = JSON.stringify({ object: 'event', type: 'invoice.paid' })
    expect(verifyStripeDelivery(delivery(noId, signature(noId)), secret)).toEqual({
      outcome: 'malformed',
      reason: 'The event has no id or type',
    })
  })

  it('acknowledges event types outside seed 002 §13.2 without recording them', () => {
    const other = JSON.stringify({ id: 'evt_2', object: 'event', type: 'charge.refunded' })
    expect(verifyStripeDelivery(delivery(other, signature(other)), secret)).toEqual({
      outcome: 'ignored',
      eventType: 'charge.refunded',
    })
  })
})
