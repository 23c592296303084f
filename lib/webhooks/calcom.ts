import { calcomBookingTriggers } from '../../domain/integrations/calcom-booking'
import {
  calcomMeetingOutcomeTriggers,
  marksNoShow,
  outcomeBookingUid,
} from '../../domain/integrations/calcom-meeting-outcome'
import {
  malformed,
  parseJsonObject,
  staleReason,
  unauthenticated,
  webhookToleranceSeconds,
  type WebhookVerifier,
} from './delivery'
import { hexDigestsEqual, hmacSha256Hex } from './hmac'

// Cal.com signs the raw body: X-Cal-Signature-256 = hex HMAC-SHA256(secret, body), and wraps every event in
// `{ triggerEvent, createdAt, payload }` (a subscription with a custom payload template is not supported).
export const calcomSignatureHeader = 'X-Cal-Signature-256'
export { calcomBookingTriggers }

/**
 * Cal.com sends no delivery id, so the event id is derived from what the event is about:
 * - BOOKING_CREATED and BOOKING_CANCELLED happen once per booking: `<triggerEvent>:<payload.uid>`.
 * - BOOKING_RESCHEDULED moves a booking to a new time, usually under a new uid (the old one in rescheduleUid) but
 *   a seated event keeps its uid, so the new start is part of the id: `BOOKING_RESCHEDULED:<payload.uid>@<payload.startTime>`.
 * createdAt is left out on purpose: a redelivery of the same change is still the same event.
 */
export function calcomEventId(triggerEvent: string, payload: { uid: string; startTime?: string }): string {
  return triggerEvent === 'BOOKING_RESCHEDULED'
    ? `${triggerEvent}:${payload.uid}@${payload.startTime}`
    : `${triggerEvent}:${payload.uid}`
}

export const verifyCalcomDelivery: WebhookVerifier = (delivery, secret) => {
  const signature = delivery.header(calcomSignatureHeader)
  if (!signature) return unauthenticated(calcomSignatureHeader, 'is missing')
  if (!hexDigestsEqual(signature.trim(), hmacSha256Hex(secret, delivery.rawBody))) {
    return unauthenticated(calcomSignatureHeader, 'does not match the body')
  }
  const body = parseJsonObject(delivery.rawBody)
  if (!body) return malformed('The body is not a JSON object')
  const { triggerEvent, createdAt, payload } = body
  if (typeof triggerEvent !== 'string') return malformed('triggerEvent must be a string')
  const created = typeof createdAt === 'string' ? Date.parse(createdAt) : Number.NaN
  if (Number.isNaN(created)) return malformed('createdAt must be an ISO date-time')
  // No timestamp header in this scheme: the signed createdAt is the only clock a replay can be judged by.
  if (Math.abs(delivery.now.getTime() - created) > webhookToleranceSeconds * 1000) {
    return unauthenticated(calcomSignatureHeader, `signs a createdAt that ${staleReason}`)
  }
  if ((calcomMeetingOutcomeTriggers as readonly string[]).includes(triggerEvent)) {
    const outcome = typeof payload === 'object' && payload !== null ? (payload as Record<string, unknown>) : {}
    const uid = outcomeBookingUid(outcome)
    if (!uid) return malformed('payload.uid (or bookingUid) must be a string')
    // Marking and unmarking a no-show are two events; a redelivery of either is the same one.
    const state = triggerEvent === 'BOOKING_NO_SHOW_UPDATED' ? (marksNoShow(outcome) ? ':no-show' : ':shown') : ''
    return {
      outcome: 'event',
      event: { eventId: `${triggerEvent}:${uid}${state}`, eventType: triggerEvent, payload: body },
    }
  }
  if (!(calcomBookingTriggers as readonly string[]).includes(triggerEvent))
    return { outcome: 'ignored', eventType: triggerEvent }
  const booking = typeof payload === 'object' && payload !== null ? (payload as Record<string, unknown>) : {}
  const { uid, startTime } = booking
  if (typeof uid !== 'string' || uid.length === 0) return malformed('payload.uid must be a string')
  if (triggerEvent === 'BOOKING_RESCHEDULED' && typeof startTime !== 'string')
    return malformed('payload.startTime must be a string')
  return {
    outcome: 'event',
    event: {
      eventId: calcomEventId(triggerEvent, { uid, startTime: startTime as string | undefined }),
      eventType: triggerEvent,
      payload: body,
    },
  }
}
