import { createHmac } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { verifyCalcomDelivery } from './calcom'
import type { WebhookDelivery, WebhookVerdict } from './delivery'

const secret = 'calcom-secret'
const now = new Date('2026-11-22T10:00:00.000Z')
const sign = (rawBody: string, key = secret) => createHmac('sha256', key).update(rawBody).digest('hex')

function delivery(rawBody: string, signature: string | undefined, at = now): WebhookDelivery {
  return {
    rawBody: Buffer.from(rawBody),
    header: (name) => (name.toLowerCase() === 'x-cal-signature-256' ? signature : undefined),
    url: 'https://crm.example.com/api/webhooks/calendar',
    now: at,
  }
}

// The envelope and booking fields as Cal.com sends them (trimmed to what the CRM reads, plus a few neighbours).
function calcomBody(triggerEvent: string, createdAt: string, booking: Record<string, unknown>) {
  return JSON.stringify({
    triggerEvent,
    createdAt,
    payload: {
      type: 'discovery-call',
      title: 'Discovery call',
      attendees: [{ email: 'rosa@example.com', timeZone: 'America/Chicago' }],
      ...booking,
    },
  })
}

const eventIdOf = (verdict: WebhookVerdict) => (verdict.outcome === 'event' ? verdict.event.eventId : verdict.outcome)

describe('Cal.com X-Cal-Signature-256', () => {
  it("matches Cal.com's signature of a known body (computed with openssl)", () => {
    const rawBody = '{"triggerEvent":"BOOKING_CREATED"}'
    expect(sign(rawBody)).toBe('7503825e0ae4933175ef3c8461b023c09710f840eb7f6527801793f5a097d10a')
  })

  it('accepts a signed booking and keeps the whole body as the payload', () => {
    const rawBody = calcomBody('BOOKING_CREATED', '2026-11-22T09:58:00.000Z', {
      uid: 'bk_1',
      startTime: '2026-11-30T15:00:00Z',
    })
    expect(verifyCalcomDelivery(delivery(rawBody, sign(rawBody)), secret)).toEqual({
      outcome: 'event',
      event: { eventId: 'BOOKING_CREATED:bk_1', eventType: 'BOOKING_CREATED', payload: JSON.parse(rawBody) },
    })
  })

  it('gives a redelivered booking event the same id, and different events of one booking different ids', () => {
    const created = calcomBody('BOOKING_CREATED', '2026-11-22T09:58:00.000Z', {
      uid: 'bk_2',
      startTime: '2026-11-30T15:00:00Z',
    })
    const createdAgain = calcomBody('BOOKING_CREATED', '2026-11-22T09:59:30.000Z', {
      uid: 'bk_2',
      startTime: '2026-11-30T15:00:00Z',
    })
    const cancelled = calcomBody('BOOKING_CANCELLED', '2026-11-22T09:59:00.000Z', {
      uid: 'bk_2',
      startTime: '2026-11-30T15:00:00Z',
    })
    const ids = [created, createdAgain, cancelled].map((rawBody) =>
      eventIdOf(verifyCalcomDelivery(delivery(rawBody, sign(rawBody)), secret)),
    )
    expect(ids).toEqual(['BOOKING_CREATED:bk_2', 'BOOKING_CREATED:bk_2', 'BOOKING_CANCELLED:bk_2'])
  })

  it('tells two reschedules of one booking apart by their new start time', () => {
    const first = calcomBody('BOOKING_RESCHEDULED', '2026-11-22T09:58:00.000Z', {
      uid: 'bk_3',
      rescheduleUid: 'bk_0',
      startTime: '2026-12-01T15:00:00Z',
    })
    const second = calcomBody('BOOKING_RESCHEDULED', '2026-11-22T09:59:00.000Z', {
      uid: 'bk_3',
      startTime: '2026-12-02T15:00:00Z',
    })
    expect(eventIdOf(verifyCalcomDelivery(delivery(first, sign(first)), secret))).toBe(
      'BOOKING_RESCHEDULED:bk_3@2026-12-01T15:00:00Z',
    )
    expect(eventIdOf(verifyCalcomDelivery(delivery(second, sign(second)), secret))).toBe(
      'BOOKING_RESCHEDULED:bk_3@2026-12-02T15:00:00Z',
    )
  })

  const valid = calcomBody('BOOKING_CREATED', '2026-11-22T09:58:00.000Z', { uid: 'bk_4' })
  it.each([
    ['a tampered body', valid.replace('bk_4', 'bk_5'), sign(valid), 'does not match the body'],
    ['a wrong secret', valid, sign(valid, 'another-secret'), 'does not match the body'],
    ['no signature', valid, undefined, 'is missing'],
    [
      "Cal.com's placeholder for a subscription without a secret",
      valid,
      'no-secret-provided',
      'does not match the body',
    ],
  ])('refuses %s', (_case, rawBody, signature, reason) => {
    expect(verifyCalcomDelivery(delivery(rawBody, signature), secret)).toEqual({
      outcome: 'unauthenticated',
      header: 'X-Cal-Signature-256',
      reason,
    })
  })

  it('refuses a correctly signed delivery whose createdAt is older than 300 s', () => {
    const stale = calcomBody('BOOKING_CREATED', '2026-11-22T09:54:59.000Z', { uid: 'bk_6' })
    expect(verifyCalcomDelivery(delivery(stale, sign(stale)), secret)).toEqual({
      outcome: 'unauthenticated',
      header: 'X-Cal-Signature-256',
      reason: 'signs a createdAt that is older than the 300 s replay window',
    })
  })

  it("acknowledges other triggers (Cal.com's ping, meetings) without recording them", () => {
    const ping = JSON.stringify({ triggerEvent: 'PING', createdAt: now.toISOString(), payload: {} })
    expect(verifyCalcomDelivery(delivery(ping, sign(ping)), secret)).toEqual({ outcome: 'ignored', eventType: 'PING' })
  })

  it.each([
    ['a booking without uid', calcomBody('BOOKING_CANCELLED', now.toISOString(), {}), 'payload.uid must be a string'],
    [
      'a reschedule without start time',
      calcomBody('BOOKING_RESCHEDULED', now.toISOString(), { uid: 'bk_7' }),
      'payload.startTime must be a string',
    ],
    [
      'an envelope without createdAt',
      JSON.stringify({ triggerEvent: 'BOOKING_CREATED', payload: { uid: 'bk_8' } }),
      'createdAt must be an ISO date-time',
    ],
    ['a form-encoded template body', 'triggerEvent=BOOKING_CREATED', 'The body is not a JSON object'],
  ])('answers a signed body of %s as malformed', (_case, rawBody, reason) => {
    expect(verifyCalcomDelivery(delivery(rawBody, sign(rawBody)), secret)).toEqual({ outcome: 'malformed', reason })
  })
})
