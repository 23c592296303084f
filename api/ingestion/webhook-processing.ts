import type { WebhookProvider } from '../../prisma/generated/enums'
import { bookingChangeOf, calcomBookingEventSchema } from '../../domain/integrations/calcom-booking'
import { parseBody, type Parsed } from '../../domain/integrations/parse'
import { roiCalculatorEventSchema, roiChangeFromEvent } from '../../domain/integrations/roi-calculator'
import { voiceAgentEventSchema, voiceSessionChangeFromEvent } from '../../domain/integrations/voice-agent'
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
    (payload) => parseBody(voiceAgentEventSchema, payload, 'voice agent event'),
    async (dependencies, event, { eventId, receivedAt }) => {
      await ingestVoiceSession(dependencies, voiceSessionChangeFromEvent(event, receivedAt), `voice-agent:${eventId}`)
    },
  ),
  ROI_CALCULATOR: processor(
    (payload) => parseBody(roiCalculatorEventSchema, payload, 'ROI calculator event'),
    async (dependencies, event, { receivedAt }) => {
      await ingestRoiCalculation(dependencies, roiChangeFromEvent(event, receivedAt))
    },
  ),
  CALCOM: processor(
    (payload) => parseBody(calcomBookingEventSchema, payload, 'Cal.com booking'),
    async (dependencies, event, { eventId }) => {
      await ingestBookingEvent(dependencies, bookingChangeOf(event), `calcom:${eventId}`)
    },
  ),
}
