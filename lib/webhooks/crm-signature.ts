import {
  malformed,
  parseJsonObject,
  staleReason,
  unauthenticated,
  webhookToleranceSeconds,
  type WebhookDelivery,
  type WebhookVerdict,
  type WebhookVerifier,
} from './delivery'
import { hexDigestsEqual, hmacSha256Hex } from './hmac'

// The scheme of our own integrations (the landing page's voice agent and ROI calculator):
//   X-Crm-Timestamp: <unix seconds>
//   X-Crm-Signature: v1=<hex HMAC-SHA256(secret, `${timestamp}.${rawBody}`)>
// The timestamp is signed with the body, so a captured delivery cannot be replayed outside the window.
export const crmTimestampHeader = 'X-Crm-Timestamp'
export const crmSignatureHeader = 'X-Crm-Signature'

function signedContent(timestamp: string, rawBody: string | Buffer): Buffer {
  return Buffer.concat([
    Buffer.from(`${timestamp}.`, 'utf8'),
    Buffer.isBuffer(rawBody) ? rawBody : Buffer.from(rawBody, 'utf8'),
  ])
}

/** The two headers a sender adds to a delivery of exactly `rawBody`. */
export function signCrmWebhook(
  secret: string,
  rawBody: string | Buffer,
  timestamp: number = Math.floor(Date.now() / 1000),
): Record<typeof crmTimestampHeader | typeof crmSignatureHeader, string> {
  return {
    [crmTimestampHeader]: String(timestamp),
    [crmSignatureHeader]: `v1=${hmacSha256Hex(secret, signedContent(String(timestamp), rawBody))}`,
  }
}

/** Undefined when the delivery is authentic and recent; otherwise why not. */
export function crmSignatureProblem(delivery: WebhookDelivery, secret: string): WebhookVerdict | undefined {
  const timestamp = delivery.header(crmTimestampHeader)
  const signature = delivery.header(crmSignatureHeader)
  if (!timestamp) return unauthenticated(crmTimestampHeader, 'is missing')
  if (!signature) return unauthenticated(crmSignatureHeader, 'is missing')
  if (!/^\d{1,12}$/.test(timestamp)) return unauthenticated(crmTimestampHeader, 'must be a unix time in seconds')
  const received = /^v1=([0-9a-fA-F]{64})$/.exec(signature.trim())?.[1]
  if (!received) return unauthenticated(crmSignatureHeader, 'must be v1=<64 hex digits>')
  if (!hexDigestsEqual(received, hmacSha256Hex(secret, signedContent(timestamp, delivery.rawBody)))) {
    return unauthenticated(crmSignatureHeader, 'does not match the body')
  }
  // Both directions: a timestamp far in the future would otherwise stay replayable for as long.
  if (Math.abs(delivery.now.getTime() / 1000 - Number(timestamp)) > webhookToleranceSeconds) {
    return unauthenticated(crmTimestampHeader, staleReason)
  }
  return undefined
}

/** A verifier for one of our integrations: signed body `{ id, type, ... }` with `type` among `eventTypes`. */
export function crmIntegrationVerifier(eventTypes: readonly string[]): WebhookVerifier {
  return (delivery, secret) => {
    const problem = crmSignatureProblem(delivery, secret)
    if (problem) return problem
    const body = parseJsonObject(delivery.rawBody)
    if (!body) return malformed('The body is not a JSON object')
    const { id, type } = body
    if (typeof id !== 'string' || id.length === 0 || id.length > 200)
      return malformed('id must be a string of 1 to 200 characters')
    if (typeof type !== 'string' || !eventTypes.includes(type))
      return malformed(`type must be one of ${eventTypes.join(', ')}`)
    return { outcome: 'event', event: { eventId: id, eventType: type, payload: body } }
  }
}

export { voiceAgentEventTypes } from '../../domain/integrations/voice-agent'
export { roiCalculatorEventTypes } from '../../domain/integrations/roi-calculator'
