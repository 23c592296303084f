import { z } from 'zod'
import { calcomBookingEventSchema, calcomBookingTriggers } from '../domain/integrations/calcom-booking'
import { calcomMeetingOutcomeTriggers } from '../domain/integrations/calcom-meeting-outcome'
import { roiCalculatorEventSchema } from '../domain/integrations/roi-calculator'
import { voiceAgentEventSchema } from '../domain/integrations/voice-agent'
import { webhookSecretVariables, type WebhookProviderName } from '../lib/config'
import { calcomSignatureHeader } from '../lib/webhooks/calcom'
import { crmSignatureHeader, crmTimestampHeader } from '../lib/webhooks/crm-signature'
import { webhookToleranceSeconds } from '../lib/webhooks/delivery'
import { stripeEventTypes, stripeSignatureHeader } from '../lib/webhooks/stripe'
import { twilioSignatureHeader } from '../lib/webhooks/twilio'

// What a sender must put in a webhook delivery: the body the CRM validates (the schemas the route parses with,
// imported, never copied) and how the delivery is signed. Stripe and Twilio bodies are the vendors' own; only the
// fields the CRM reads are described, and the vendor's other fields are accepted.

/** A Stripe event as the CRM reads it: its id (deduplication) and type; the event is kept whole. */
export const stripeEventEnvelopeSchema = z
  .object({
    id: z.string().min(1).describe('evt_…: a redelivery of the same id changes nothing'),
    type: z
      .string()
      .min(1)
      .describe(`Recorded: ${stripeEventTypes.join(', ')}. Any other type is acknowledged (200) and not recorded.`),
    data: z
      .object({ object: z.record(z.string(), z.unknown()) })
      .loose()
      .optional()
      .describe('The Stripe object the event is about, stored with the event'),
  })
  .loose()

const twilioSid = z.string().min(1)
/** A Twilio status callback as the CRM reads it: one event per (sid, status); the parameters are kept whole. */
export const twilioStatusCallbackSchema = z.union([
  z
    .object({
      MessageSid: twilioSid,
      MessageStatus: z.string().min(1).describe('queued, sent, delivered, undelivered, failed, …'),
    })
    .loose()
    .describe('An SMS status callback'),
  z
    .object({ MessageSid: twilioSid, SmsStatus: z.string().min(1) })
    .loose()
    .describe('An SMS status callback of the older form'),
  z
    .object({
      MessageSid: twilioSid,
      SmsStatus: z.literal('received'),
      From: z.string().min(1).describe('The phone that replied (E.164)'),
      Body: z
        .string()
        .describe('STOP, STOPALL, UNSUBSCRIBE, CANCEL, END, QUIT opt out; START, YES, UNSTOP opt in; HELP'),
    })
    .loose()
    .describe('An inbound SMS (a reply from a phone)'),
  z
    .object({ CallSid: twilioSid, CallStatus: z.string().min(1).describe('ringing, in-progress, completed, …') })
    .loose()
    .describe('A call status callback'),
])

const window = `${webhookToleranceSeconds} s`

/** The signature schemes, as OpenAPI security schemes (one per header) with what a sender computes. */
export const webhookSignatureSchemes = {
  stripeSignature: {
    header: stripeSignatureHeader,
    pattern: '^t=\\d+(,v\\d+=[0-9a-f]+)+$',
    description:
      `Stripe's scheme: \`${stripeSignatureHeader}: t=<unix seconds>,v1=<hex HMAC-SHA256>\`, where the HMAC is keyed ` +
      `with the endpoint's signing secret (${webhookSecretVariables.stripe}, whsec_…) over \`<t>.<raw body>\`. ` +
      `Checked with Stripe's SDK; \`t\` must be within ${window} of the time of receipt.`,
  },
  calSignature: {
    header: calcomSignatureHeader,
    pattern: '^[0-9a-fA-F]{64}$',
    description:
      `Cal.com's scheme: \`${calcomSignatureHeader}: <hex HMAC-SHA256>\` keyed with the webhook's secret ` +
      `(${webhookSecretVariables.calcom}) over the raw body. Cal.com sends no timestamp header, so the signed ` +
      `body's \`createdAt\` must be within ${window} of the time of receipt (either way). Subscriptions with a ` +
      `custom payload template are not supported.`,
  },
  twilioSignature: {
    header: twilioSignatureHeader,
    pattern: '^[A-Za-z0-9+/]{27}=$',
    description:
      `Twilio's scheme: \`${twilioSignatureHeader}: <base64 HMAC-SHA1>\` keyed with the account's auth token ` +
      `(${webhookSecretVariables.twilio}) over the full URL Twilio posted to (APP_BASE_URL followed by the path, ` +
      `as configured in Twilio) followed by every POST parameter name and value, sorted by name. The scheme has ` +
      `no timestamp: a replayed callback is absorbed by the (provider, event id) uniqueness.`,
  },
  crmSignature: {
    header: crmSignatureHeader,
    pattern: '^v1=[0-9a-fA-F]{64}$',
    description:
      `The CRM's own integrations (voice agent, ROI calculator): \`${crmSignatureHeader}: v1=<hex HMAC-SHA256>\` ` +
      `keyed with the integration's secret (${webhookSecretVariables['voice-agent']}, ` +
      `${webhookSecretVariables['roi-calculator']}) over \`<${crmTimestampHeader}>.<raw body>\` (the timestamp ` +
      `header's value, a dot, the body's exact bytes). Always sent with ${crmTimestampHeader}.`,
  },
  crmTimestamp: {
    header: crmTimestampHeader,
    pattern: '^\\d{1,12}$',
    description:
      `\`${crmTimestampHeader}: <unix seconds>\`, signed by ${crmSignatureHeader}; it must be within ${window} of ` +
      `the time of receipt (either way), so a captured delivery cannot be replayed later.`,
  },
} as const

export type WebhookSignatureScheme = keyof typeof webhookSignatureSchemes

export interface WebhookDocumentation {
  /** Every scheme listed must be satisfied (OpenAPI: one security requirement naming them all). */
  schemes: readonly WebhookSignatureScheme[]
  contentType: 'application/json' | 'application/x-www-form-urlencoded'
  body: z.ZodType
  /** What the sender sends, and what the CRM does with it. */
  description: string
}

export const webhookDocumentation: Record<WebhookProviderName, WebhookDocumentation> = {
  stripe: {
    schemes: ['stripeSignature'],
    contentType: 'application/json',
    body: stripeEventEnvelopeSchema,
    description:
      "A Stripe event (Stripe's own body; only the fields the CRM reads are described). The event is recorded once per id for billing.",
  },
  calcom: {
    schemes: ['calSignature'],
    contentType: 'application/json',
    body: calcomBookingEventSchema,
    description:
      `A Cal.com booking event (${calcomBookingTriggers.join(', ')}): the booking is matched to the lead by the ` +
      "attendee's email address and put on its timeline; a booking by a partnership's contact is a partnership " +
      `meeting. ${calcomMeetingOutcomeTriggers.join(' and ')} say how a known booking's meeting went (decision 0035). ` +
      'Other triggers (PING) are acknowledged and not recorded.',
  },
  twilio: {
    schemes: ['twilioSignature'],
    contentType: 'application/x-www-form-urlencoded',
    body: twilioStatusCallbackSchema,
    description:
      "A Twilio status callback for an SMS or a call, or an inbound SMS, recorded once per (sid, status) and applied (decision 0033): an SMS's delivery status on its outbox row (never moving back), STOP and its synonyms or START on the sender's SMS consent. Answered with an empty TwiML `<Response/>`, or for HELP a `<Message>` with the help text.",
  },
  'voice-agent': {
    schemes: ['crmSignature', 'crmTimestamp'],
    contentType: 'application/json',
    body: voiceAgentEventSchema,
    description:
      "A voice agent session event as the session goes on (seed 002 §6.1): session.started, session.message (with `message` or `messages`), session.ended. `id` identifies the event: a redelivery changes nothing. Recorded and answered at once: the workflow of the person's lead stores the session a moment later (a session with no address yet is stored before the answer).",
  },
  'roi-calculator': {
    schemes: ['crmSignature', 'crmTimestamp'],
    contentType: 'application/json',
    body: roiCalculatorEventSchema,
    description:
      "An ROI calculator event (seed 002 §7.1): calculation.completed with the inputs (the CRM computes every figure itself), or report.requested with the address the report goes to. `id` identifies the event. Recorded and answered at once: the workflow of the person's lead stores the calculation a moment later (one without an address is stored before the answer).",
  },
}
