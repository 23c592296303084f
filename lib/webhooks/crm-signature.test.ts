import { describe, expect, it } from 'vitest'
import { crmIntegrationVerifier, roiCalculatorEventTypes, signCrmWebhook, voiceAgentEventTypes } from './crm-signature'
import type { WebhookDelivery } from './delivery'

const secret = 'voice-agent-secret-0123456789'
const signedAt = 1_700_000_000
const body = '{"id":"vs_1","type":"session.started"}'
const verifyVoiceAgent = crmIntegrationVerifier(voiceAgentEventTypes)

function delivery(rawBody: string, headers: Record<string, string>, nowSeconds = signedAt): WebhookDelivery {
  const lower = Object.fromEntries(Object.entries(headers).map(([name, value]) => [name.toLowerCase(), value]))
  return {
    rawBody: Buffer.from(rawBody),
    header: (name) => lower[name.toLowerCase()],
    url: 'https://crm.example.com/api/webhooks/voice-agent',
    now: new Date(nowSeconds * 1000),
  }
}

describe('signCrmWebhook', () => {
  it('signs `${timestamp}.${rawBody}` as the landing page must (known answer, computed with openssl)', () => {
    expect(signCrmWebhook(secret, body, signedAt)).toEqual({
      'X-Crm-Timestamp': '1700000000',
      'X-Crm-Signature': 'v1=2ebb484ec63af1e88b20e03096656b5c365bb9dfb46b2efdc7cfd14dfb77f144',
    })
  })
})

describe('the voice agent and ROI calculator scheme', () => {
  it('accepts a signed, recent delivery and takes the event id from the body', () => {
    expect(verifyVoiceAgent(delivery(body, signCrmWebhook(secret, body, signedAt), signedAt + 299), secret)).toEqual({
      outcome: 'event',
      event: { eventId: 'vs_1', eventType: 'session.started', payload: { id: 'vs_1', type: 'session.started' } },
    })
  })

  it.each([
    [
      'a tampered body',
      body.replace('vs_1', 'vs_2'),
      signCrmWebhook(secret, body, signedAt),
      signedAt,
      'X-Crm-Signature',
      'does not match the body',
    ],
    [
      'a wrong secret',
      body,
      signCrmWebhook('another-secret-0123456789', body, signedAt),
      signedAt,
      'X-Crm-Signature',
      'does not match the body',
    ],
    [
      'a re-dated timestamp',
      body,
      { ...signCrmWebhook(secret, body, signedAt), 'X-Crm-Timestamp': String(signedAt + 10) },
      signedAt,
      'X-Crm-Signature',
      'does not match the body',
    ],
    [
      'a stale timestamp',
      body,
      signCrmWebhook(secret, body, signedAt),
      signedAt + 301,
      'X-Crm-Timestamp',
      'is older than the 300 s replay window',
    ],
    [
      'a timestamp beyond the window ahead',
      body,
      signCrmWebhook(secret, body, signedAt + 301),
      signedAt,
      'X-Crm-Timestamp',
      'is older than the 300 s replay window',
    ],
    [
      'no timestamp',
      body,
      { 'X-Crm-Signature': signCrmWebhook(secret, body, signedAt)['X-Crm-Signature'] },
      signedAt,
      'X-Crm-Timestamp',
      'is missing',
    ],
    ['no signature', body, { 'X-Crm-Timestamp': String(signedAt) }, signedAt, 'X-Crm-Signature', 'is missing'],
    [
      'a signature without its scheme',
      body,
      {
        ...signCrmWebhook(secret, body, signedAt),
        'X-Crm-Signature': signCrmWebhook(secret, body, signedAt)['X-Crm-Signature'].slice(3),
      },
      signedAt,
      'X-Crm-Signature',
      'must be v1=<64 hex digits>',
    ],
    [
      'a timestamp in milliseconds-with-dot form',
      body,
      { ...signCrmWebhook(secret, body, signedAt), 'X-Crm-Timestamp': '1700000000.5' },
      signedAt,
      'X-Crm-Timestamp',
      'must be a unix time in seconds',
    ],
  ])('refuses %s, naming the header', (_case, rawBody, headers, now, header, reason) => {
    expect(verifyVoiceAgent(delivery(rawBody, headers, now), secret)).toEqual({
      outcome: 'unauthenticated',
      header,
      reason,
    })
  })

  it.each([
    ['not JSON', 'id=vs_1', 'The body is not a JSON object'],
    ['without an id', '{"type":"session.started"}', 'id must be a string of 1 to 200 characters'],
    [
      'of a type the integration does not send',
      '{"id":"vs_1","type":"calculation.completed"}',
      'type must be one of session.started, session.message, session.ended',
    ],
  ])('answers a signed body %s as malformed', (_case, rawBody, reason) => {
    expect(verifyVoiceAgent(delivery(rawBody, signCrmWebhook(secret, rawBody, signedAt)), secret)).toEqual({
      outcome: 'malformed',
      reason,
    })
  })

  it('knows the ROI calculator events', () => {
    const verify = crmIntegrationVerifier(roiCalculatorEventTypes)
    const report = '{"id":"roi_9","type":"report.requested","email":"sam@example.com"}'
    expect(verify(delivery(report, signCrmWebhook(secret, report, signedAt)), secret)).toMatchObject({
      outcome: 'event',
      event: { eventId: 'roi_9', eventType: 'report.requested' },
    })
  })
})
