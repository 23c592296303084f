import type { Prisma } from '../../lib/db'
import type { WebhookProvider } from '../../prisma/generated/enums'
import { bookingChangeOf, calcomBookingEventSchema, type BookingChange } from '../../domain/integrations/calcom-booking'
import {
  calcomMeetingOutcomeSchema,
  calcomMeetingOutcomeTriggers,
  meetingOutcomeOf,
  type MeetingOutcomeChange,
} from '../../domain/integrations/calcom-meeting-outcome'
import { tellPartnershipsOfMeetingOutcome } from '../partnerships/partnership-bookings'
import { parseBody, type KeptField, type Parsed } from '../../domain/integrations/parse'
import { parseRoiCalculatorEvent, roiChangeFromEvent } from '../../domain/integrations/roi-calculator'
import {
  parseVoiceAgentEvent,
  voiceSessionChangeFromEvent,
  type VoiceAgentEvent,
} from '../../domain/integrations/voice-agent'
import { bookingChangeJson } from './calendar-bookings'
import type { IngestionDependencies } from './ingestion-dependencies'
import { signalBookingEvent } from './ingested-events'
import { recordedRoiChangeJson, recordedVoiceChangeJson, type RecordedVoiceChange } from './recorded-changes'
import { signalRoiCalculationEvent } from './roi-calculation-events'
import { signalVoiceSessionEvent } from './voice-session-events'
import { stripePaymentEventOf } from '../../domain/payments/stripe-events'
import { applyStripePaymentEvent } from '../payments/stripe-payment-events'
import { recordSmsReply } from '../messaging/inbound-sms'
import { applySmsConsentChange } from '../messaging/sms-consent'
import { recordSmsStatus } from '../messaging/sms-status'
import { parseTwilioEvent } from '../messaging/twilio-events'

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

/** What a verified event is, before it is claimed. */
export type WebhookEventArrival = Pick<WebhookEventContext, 'eventId' | 'receivedAt'>

/** What a verified, claimed webhook event does to the CRM. */
export interface WebhookEventProcessor {
  /** Checked once, before anything is recorded: a body the CRM cannot act on is refused with the fields at fault. */
  parse(payload: Record<string, unknown>): Parsed<unknown>
  /** What is stored with the claim for the workflow's activity to apply (the parsed event in the CRM's terms). */
  change?(event: unknown, arrival: WebhookEventArrival): Prisma.InputJsonValue | undefined
  /** Idempotent: a redelivery of an event whose processing failed runs it again to the end. */
  process(
    dependencies: IngestionDependencies,
    event: unknown,
    context: WebhookEventContext,
  ): Promise<WebhookEventOutcome>
  /** Twilio only: the text of an SMS answering the event (TwiML `<Message>`), given once, when it is processed. */
  reply?(dependencies: IngestionDependencies, event: unknown): string | null
}

function processor<T>(definition: {
  parse: (payload: Record<string, unknown>) => Parsed<T>
  change?: (event: T, arrival: WebhookEventArrival) => Prisma.InputJsonValue | undefined
  process: (dependencies: IngestionDependencies, event: T, context: WebhookEventContext) => Promise<WebhookEventOutcome>
  reply?: (dependencies: IngestionDependencies, event: T) => string | null
}): WebhookEventProcessor {
  const { parse, change, process, reply } = definition
  return {
    parse,
    ...(change ? { change: (event: unknown, arrival: WebhookEventArrival) => change(event as T, arrival) } : {}),
    process: (dependencies, event, context) => process(dependencies, event as T, context),
    ...(reply
      ? { reply: (dependencies: IngestionDependencies, event: unknown) => reply(dependencies, event as T) }
      : {}),
  }
}

/** A voice agent event in the CRM's terms, named for the lead's workflow (pure: the same at the claim and after). */
function recordedVoiceChange(
  { value, kept }: { value: VoiceAgentEvent; kept: KeptField[] },
  { eventId, receivedAt }: WebhookEventArrival,
): RecordedVoiceChange {
  return { eventId: `voice-agent:${eventId}`, change: voiceSessionChangeFromEvent(value, receivedAt, kept) }
}

type CalcomEvent = { booking: BookingChange } | { outcome: MeetingOutcomeChange }

/** Providers whose events the CRM acts on. */
export const webhookEventProcessors: Partial<Record<WebhookProvider, WebhookEventProcessor>> = {
  // Recorded and signalled, like a booking: the lead's workflow stores the session (decision 0016).
  VOICE_AGENT: processor({
    parse: (payload) => {
      const parsed = parseVoiceAgentEvent(payload)
      return parsed.ok ? { ok: true, value: parsed } : parsed
    },
    change: (event, arrival) => recordedVoiceChangeJson(recordedVoiceChange(event, arrival)),
    process: (dependencies, event, context) =>
      signalVoiceSessionEvent(dependencies, recordedVoiceChange(event, context), context),
  }),
  // Recorded and signalled: the lead's workflow stores the calculation.
  ROI_CALCULATOR: processor({
    parse: (payload) => {
      const parsed = parseRoiCalculatorEvent(payload)
      return parsed.ok ? { ok: true, value: parsed } : parsed
    },
    change: ({ value, kept }, { receivedAt }) => recordedRoiChangeJson(roiChangeFromEvent(value, receivedAt, kept)),
    process: (dependencies, { value, kept }, context) =>
      signalRoiCalculationEvent(dependencies, roiChangeFromEvent(value, context.receivedAt, kept), context),
  }),
  // Applied in the request, one payment row per event whatever the order, and signalled (decisions 0029, 0034).
  STRIPE: processor({
    parse: (payload) => stripePaymentEventOf(String(payload.type), payload),
    process: async (dependencies, event) => {
      await applyStripePaymentEvent(dependencies, event)
      return 'processed'
    },
  }),
  // Applied in the request: a delivery status on its outbox row, STOP/START on the sender's preferences (0033), any
  // other reply on the sender's timelines (0043) and to their leads' workflows (0048).
  TWILIO: processor({
    parse: parseTwilioEvent,
    process: async (dependencies, event, { receivedAt }) => {
      const { db } = dependencies
      if (event.kind === 'status') await recordSmsStatus(db, { ...event.report, at: receivedAt })
      else if (event.kind === 'inbound' && event.keyword && event.keyword.keyword !== 'help') {
        await applySmsConsentChange(db, {
          from: event.from,
          keyword: event.keyword.keyword,
          word: event.keyword.word,
          receivedAt,
        })
      } else if (event.kind === 'inbound' && !event.keyword) {
        await recordSmsReply(dependencies, {
          messageSid: event.messageSid,
          from: event.from,
          body: event.body,
          receivedAt,
        })
      }
      return 'processed'
    },
    reply: ({ smsHelpText }, event) =>
      event.kind === 'inbound' && event.keyword?.keyword === 'help' ? (smsHelpText ?? null) : null,
  }),
  // Recorded and signalled: the lead's workflow writes the booking (applyIngestedEvent).
  // A meeting's end or no-show (decision 0035) is applied in the request: the partnerships of the booking hear it.
  CALCOM: processor<CalcomEvent>({
    parse: (payload) => {
      if ((calcomMeetingOutcomeTriggers as readonly unknown[]).includes(payload.triggerEvent)) {
        const parsed = parseBody(calcomMeetingOutcomeSchema, payload, 'Cal.com meeting')
        return parsed.ok ? { ok: true, value: { outcome: meetingOutcomeOf(parsed.value) } } : parsed
      }
      const parsed = parseBody(calcomBookingEventSchema, payload, 'Cal.com booking')
      return parsed.ok ? { ok: true, value: { booking: bookingChangeOf(parsed.value) } } : parsed
    },
    change: (event) => ('booking' in event ? bookingChangeJson(event.booking) : undefined),
    process: async (dependencies, event, context) => {
      if ('booking' in event) return signalBookingEvent(dependencies, event.booking, context)
      await tellPartnershipsOfMeetingOutcome(dependencies, event.outcome)
      return 'processed'
    },
  }),
}
