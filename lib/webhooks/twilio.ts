import twilio from 'twilio'
import { malformed, unauthenticated, type WebhookVerifier } from './delivery'

// Twilio signs the full URL it posted to plus the sorted form parameters (base64 HMAC-SHA1 with the auth token);
// the SDK's validateRequest recomputes it. The scheme has no timestamp, so there is no replay window: a replayed
// callback is absorbed by the (provider, event id) uniqueness instead.
export const twilioSignatureHeader = 'X-Twilio-Signature'

/** application/x-www-form-urlencoded body as Twilio's signature sees it (a repeated key becomes a list). */
export function twilioFormParams(rawBody: Buffer): Record<string, string | string[]> {
  const params: Record<string, string | string[]> = {}
  for (const [key, value] of new URLSearchParams(rawBody.toString('utf8'))) {
    const existing = params[key]
    params[key] = existing === undefined ? value : [...(Array.isArray(existing) ? existing : [existing]), value]
  }
  return params
}

/** One event per status callback: the message or call sid together with the status it reports. */
export const verifyTwilioDelivery: WebhookVerifier = (delivery, authToken) => {
  const signature = delivery.header(twilioSignatureHeader)
  if (!signature) return unauthenticated(twilioSignatureHeader, 'is missing')
  const params = twilioFormParams(delivery.rawBody)
  if (!twilio.validateRequest(authToken, signature, delivery.url, params)) {
    return unauthenticated(twilioSignatureHeader, 'does not match the URL and parameters')
  }
  const single = (name: string) => (typeof params[name] === 'string' && params[name] !== '' ? params[name] : undefined)
  const messageSid = single('MessageSid')
  const messageStatus = single('MessageStatus') ?? single('SmsStatus')
  if (messageSid && messageStatus) {
    return {
      outcome: 'event',
      event: { eventId: `${messageSid}:${messageStatus}`, eventType: `message.${messageStatus}`, payload: params },
    }
  }
  const callSid = single('CallSid')
  const callStatus = single('CallStatus')
  if (callSid && callStatus) {
    return {
      outcome: 'event',
      event: { eventId: `${callSid}:${callStatus}`, eventType: `call.${callStatus}`, payload: params },
    }
  }
  return malformed('Expected MessageSid with MessageStatus, or CallSid with CallStatus')
}
