import type { WebhookProvider } from '../../prisma/generated/enums'
import { bookingChangeOf, calcomBookingEventSchema } from '../../domain/integrations/calcom-booking'
import { parseBody, type Parsed } from '../../domain/integrations/parse'
import { parseRoiCalculatorEvent, roiChangeFromEvent } from '../../domain/integrations/roi-calculator'
import { parseVoiceAgentEvent, voiceSessionChangeFromEvent } from '../../domain/integrations/voice-agent'
import { ingestBookingEvent } from './calendar-bookings'
import type { IngestionDependencies } from './ingestion-dependencies'
import { ingestRoiCalculation } from './roi-calculations'
import { ingestVoiceSession } from './voice-sessions'

/** What a verified, recorded webhook event does to the CRM. */
export interface WebhookEventProcessor {
  /** Checked before anything is recorded: a body the CRM cannot act on is refused with the fields at fault. */
  parse(payload: Record<string, unknown>): Parsed<unknown>
  /** Idempotent: a redelivery of an event whose processing failed runs it again to the end. */
  process(
    dependencies: IngestionDependencies,
    event: unknown,
    context: { eventId: string; receivedAt: Date },
  ): Promise<void>
}

function processor<T>(
  parse: (payload: Record<string, unknown>) => Parsed<T>,
  process: (
    dependencies: IngestionDependencies,
    event: T,
    context: { eventId: string; receivedAt: Date },
  ) => Promise<void>,
): WebhookEventProcessor {
  return { parse, process: (dependencies, event, context) => process(dependencies, event as T, context) }
}

/** Providers whose events the CRM acts on (Stripe and Twilio events are recorded for the billing issue). */
export const webhookEventProcessors: Partial<Record<WebhookProvider, WebhookEventProcessor>> = {
  VOICE_AGENT: processor(
    (payload) => {
      const parsed = parseVoiceAgentEvent(payload)
      return parsed.ok ? { ok: true, value: parsed } : parsed
    },
    async (dependencies, { value: event, kept }, { eventId, receivedAt }) => {
      const change = voiceSessionChangeFromEvent(event, receivedAt, kept)
      await ingestVoiceSession(dependencies, change, `voice-agent:${eventId}`)
    },
  ),
  ROI_CALCULATOR: processor(
    (payload) => {
      const parsed = parseRoiCalculatorEvent(payload)
      return parsed.ok ? { ok: true, value: parsed } : parsed
    },
    async (dependencies, { value: event, kept }, { receivedAt }) => {
      await ingestRoiCalculation(dependencies, roiChangeFromEvent(event, receivedAt, kept))
    },
  ),
  CALCOM: processor(
    (payload) => parseBody(calcomBookingEventSchema, payload, 'Cal.com booking'),
    async (dependencies, event, { eventId }) => {
      await ingestBookingEvent(dependencies, bookingChangeOf(event), `calcom:${eventId}`)
    },
  ),
}
