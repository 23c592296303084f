import type { Prisma } from '../../lib/db'
import type { WebhookProvider } from '../../prisma/generated/enums'
import { bookingChangeOf, calcomBookingEventSchema } from '../../domain/integrations/calcom-booking'
import { parseBody, type Parsed } from '../../domain/integrations/parse'
import { parseRoiCalculatorEvent, roiChangeFromEvent } from '../../domain/integrations/roi-calculator'
import { parseVoiceAgentEvent, voiceSessionChangeFromEvent } from '../../domain/integrations/voice-agent'
import { bookingChangeJson } from './calendar-bookings'
import type { IngestionDependencies } from './ingestion-dependencies'
import { signalBookingEvent } from './ingested-events'
import { ingestRoiCalculation } from './roi-calculations'
import { ingestVoiceSession } from './voice-sessions'
import { stripePaymentEventOf } from '../../domain/payments/stripe-events'
import { applyStripePaymentEvent } from '../payments/stripe-payment-events'

export interface WebhookEventContext {
  eventId: string
  /** The claimed WebhookEvent row. */
  webhookEventId: string
  receivedAt: Date
}

/**
 * How processing a claimed event ended in the request: `processed` (the request did the work: mark it PROCESSED)
 * or `settled` (already marked, or handed to the lead's workflow, whose activity marks it).
 */
export type WebhookEventOutcome = 'processed' | 'settled'

/** What a verified, claimed webhook event does to the CRM. */
export interface WebhookEventProcessor {
  /** Checked once, before anything is recorded: a body the CRM cannot act on is refused with the fields at fault. */
  parse(payload: Record<string, unknown>): Parsed<unknown>
  /** What is stored with the claim for the workflow's activity to apply (the parsed event in the CRM's terms). */
  change?(event: unknown): Prisma.InputJsonValue
  /** Idempotent: a redelivery of an event whose processing failed runs it again to the end. */
  process(
    dependencies: IngestionDependencies,
    event: unknown,
    context: WebhookEventContext,
  ): Promise<WebhookEventOutcome>
}

function processor<T>(definition: {
  parse: (payload: Record<string, unknown>) => Parsed<T>
  change?: (event: T) => Prisma.InputJsonValue
  process: (dependencies: IngestionDependencies, event: T, context: WebhookEventContext) => Promise<WebhookEventOutcome>
}): WebhookEventProcessor {
  const { parse, change, process } = definition
  return {
    parse,
    ...(change ? { change: (event: unknown) => change(event as T) } : {}),
    process: (dependencies, event, context) => process(dependencies, event as T, context),
  }
}

/** Providers whose events the CRM acts on (Twilio events are only recorded, for the SMS work). */
export const webhookEventProcessors: Partial<Record<WebhookProvider, WebhookEventProcessor>> = {
  VOICE_AGENT: processor({
    parse: (payload) => {
      const parsed = parseVoiceAgentEvent(payload)
      return parsed.ok ? { ok: true, value: parsed } : parsed
    },
    process: async (dependencies, { value: event, kept }, { eventId, receivedAt }) => {
      const change = voiceSessionChangeFromEvent(event, receivedAt, kept)
      await ingestVoiceSession(dependencies, change, `voice-agent:${eventId}`)
      return 'processed'
    },
  }),
  ROI_CALCULATOR: processor({
    parse: (payload) => {
      const parsed = parseRoiCalculatorEvent(payload)
      return parsed.ok ? { ok: true, value: parsed } : parsed
    },
    process: async (dependencies, { value: event, kept }, { receivedAt }) => {
      await ingestRoiCalculation(dependencies, roiChangeFromEvent(event, receivedAt, kept))
      return 'processed'
    },
  }),
  // Applied in the request, one payment row per event whatever the order (decision 0029).
  STRIPE: processor({
    parse: (payload) => stripePaymentEventOf(String(payload.type), payload),
    process: async ({ db }, event) => {
      await applyStripePaymentEvent(db, event)
      return 'processed'
    },
  }),
  // Recorded and signalled: the lead's workflow writes the booking (applyIngestedEvent).
  CALCOM: processor({
    parse: (payload) => {
      const parsed = parseBody(calcomBookingEventSchema, payload, 'Cal.com booking')
      return parsed.ok ? { ok: true, value: bookingChangeOf(parsed.value) } : parsed
    },
    change: bookingChangeJson,
    process: (dependencies, change, context) => signalBookingEvent(dependencies, change, context),
  }),
}
