import twilio from 'twilio'
import { describe, expect, it } from 'vitest'
import type { WebhookDelivery } from './delivery'
import { twilioFormParams, verifyTwilioDelivery } from './twilio'

const authToken = 'twilio-auth-token-0123'
const url = 'https://crm.example.com/api/webhooks/twilio'
const statusCallback = {
  AccountSid: 'AC123',
  MessageSid: 'SM123',
  MessageStatus: 'delivered',
  SmsStatus: 'delivered',
  To: '+15555550100',
}
const form = (params: Record<string, string>) => new URLSearchParams(params).toString()
const sign = (params: Record<string, string | string[]>, options: { token?: string; signedUrl?: string } = {}) =>
  twilio.getExpectedTwilioSignature(options.token ?? authToken, options.signedUrl ?? url, params)

function delivery(rawBody: string, signature: string | undefined, at = new Date()): WebhookDelivery {
  return {
    rawBody: Buffer.from(rawBody),
    header: (name) => (name.toLowerCase() === 'x-twilio-signature' ? signature : undefined),
    url,
    now: at,
  }
}

describe('X-Twilio-Signature', () => {
  it('accepts a signed message status callback as one event per sid and status', () => {
    expect(verifyTwilioDelivery(delivery(form(statusCallback), sign(statusCallback)), authToken)).toEqual({
      outcome: 'event',
      event: { eventId: 'SM123:delivered', eventType: 'message.delivered', payload: statusCallback },
    })
  })

  it('accepts a call status callback', () => {
    const call = { AccountSid: 'AC123', CallSid: 'CA9', CallStatus: 'completed' }
    expect(verifyTwilioDelivery(delivery(form(call), sign(call)), authToken)).toMatchObject({
      outcome: 'event',
      event: { eventId: 'CA9:completed', eventType: 'call.completed' },
    })
  })

  it('has no timestamp, so no stale check: a day-old signed callback is still authentic', () => {
    const dayLater = new Date(Date.now() + 24 * 60 * 60 * 1000)
    expect(
      verifyTwilioDelivery(delivery(form(statusCallback), sign(statusCallback), dayLater), authToken).outcome,
    ).toBe('event')
  })

  it.each([
    [
      'a tampered parameter',
      form({ ...statusCallback, MessageStatus: 'failed' }),
      sign(statusCallback),
      'does not match the URL and parameters',
    ],
    [
      'a wrong auth token',
      form(statusCallback),
      sign(statusCallback, { token: 'someone-elses-token' }),
      'does not match the URL and parameters',
    ],
    [
      'a signature for another URL',
      form(statusCallback),
      sign(statusCallback, { signedUrl: 'https://elsewhere.example.com/api/webhooks/twilio' }),
      'does not match the URL and parameters',
    ],
    ['no signature', form(statusCallback), undefined, 'is missing'],
  ])('refuses %s', (_case, rawBody, signature, reason) => {
    expect(verifyTwilioDelivery(delivery(rawBody, signature), authToken)).toEqual({
      outcome: 'unauthenticated',
      header: 'X-Twilio-Signature',
      reason,
    })
  })

  it('reads repeated keys as a list, as Twilio signs them', () => {
    expect(twilioFormParams(Buffer.from('MediaUrl=b&MediaUrl=a&Body=hi+there'))).toEqual({
      MediaUrl: ['b', 'a'],
      Body: 'hi there',
    })
  })

  it('answers a signed request that is no status callback as malformed', () => {
    const params = { AccountSid: 'AC123' }
    expect(verifyTwilioDelivery(delivery(form(params), sign(params)), authToken)).toEqual({
      outcome: 'malformed',
      reason: 'Expected MessageSid with MessageStatus, or CallSid with CallStatus',
    })
  })
})
