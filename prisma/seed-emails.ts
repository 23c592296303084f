// The emails the demo's history says were sent, written as the outbox writes a sent one: a SENT row with the body the
// live activity renders, and the timeline entry it writes beside it, linked by the Message-ID (decision 0087).
import type { Prisma } from './generated/client'
import type { Industry, Language, LeadSource } from './generated/enums'
import { configObjectSchema, developmentUnsubscribeSecret, type AppConfig } from '../lib/config'
import { listUnsubscribeHeaders, unsubscribeUrl } from '../lib/unsubscribe'
import {
  leadAcknowledgementKey,
  leadAcknowledgementTemplate,
  leadAcknowledgementTimeline,
  renderLeadAcknowledgement,
  type RenderedEmail,
} from '../domain/email/lead-acknowledgement'
import { messageIdFor } from '../domain/email/message-id'
import { renderNurtureEmail } from '../domain/email/nurture-emails'
import { nurtureIdempotencyKey, type NurtureSequenceName, nurtureStepTitle } from '../domain/nurture/sequences'
import type { RoiCalculationResult } from '../domain/roi/roi-calculator'
import { voiceSessionSummary, type StoredVoiceSession } from '../domain/voice/session-summary'
import { nurtureTemplate } from '../activities/nurture-conditions'

/** What a sent email's body and headers name: the sender, the unsubscribe link and the links nurture emails carry. */
export type SeedEmailSettings = Pick<
  AppConfig,
  'MAIL_FROM' | 'APP_BASE_URL' | 'UNSUBSCRIBE_SECRET' | 'BOOKING_URL' | 'ROI_CALCULATOR_URL'
>

/** A laptop's settings, as `loadConfig` gives them when nothing is set. */
export const developmentEmailSettings: SeedEmailSettings = {
  ...configObjectSchema
    .pick({ MAIL_FROM: true, APP_BASE_URL: true, BOOKING_URL: true, ROI_CALCULATOR_URL: true })
    .parse({}),
  UNSUBSCRIBE_SECRET: developmentUnsubscribeSecret,
}

export interface SeededLeadRecipient {
  leadId: string
  contactId: string | null
  email: string
  firstName: string | null
  companyName: string | null
  industry: Industry | null
  preferredLanguage: Language
}

export interface SeededEmail {
  outbox: Prisma.OutboxMessageCreateManyInput
  /** The timeline entry's columns; the caller gives it its id. */
  timeline: Omit<Prisma.ActivityCreateManyInput, 'id'>
}

/** The acknowledgement `sendLeadAcknowledgement` sends a lead from a source that gets one. */
export function seededAcknowledgement(
  settings: SeedEmailSettings,
  lead: SeededLeadRecipient & { source: LeadSource },
  sentAt: Date,
): SeededEmail {
  const link = unsubscribeUrl(settings.APP_BASE_URL, lead.leadId, settings.UNSUBSCRIBE_SECRET)
  return sentEmail(settings, lead, {
    idempotencyKey: leadAcknowledgementKey(lead.leadId),
    template: leadAcknowledgementTemplate,
    rendered: renderLeadAcknowledgement({ ...lead, unsubscribeUrl: link }),
    headers: listUnsubscribeHeaders(link),
    description: leadAcknowledgementTimeline,
    sentAt,
  })
}

/** The ROI calculator sequence's first step, the report with its PDF, as `sendNurtureStep` sends it. */
export function seededRoiReport(
  settings: SeedEmailSettings,
  lead: SeededLeadRecipient,
  calculation: { id: string; result: RoiCalculationResult },
  sentAt: Date,
): SeededEmail {
  return seededNurtureStep(settings, lead, {
    sequence: 'roi-calculator',
    step: 'report',
    roi: calculation.result,
    transcriptSummary: null,
    attachments: [
      { kind: 'roi-report', roiCalculationId: calculation.id, filename: `roi-report-${calculation.id}.pdf` },
    ],
    sentAt,
  })
}

/** The voice sequence's first step, the thank-you with the conversation's summary, as `sendNurtureStep` sends it. */
export function seededVoiceThankYou(
  settings: SeedEmailSettings,
  lead: SeededLeadRecipient,
  session: StoredVoiceSession,
  sentAt: Date,
): SeededEmail {
  return seededNurtureStep(settings, lead, {
    sequence: 'voice-with-email',
    step: 'thank-you',
    roi: null,
    transcriptSummary: voiceSessionSummary(session, lead.preferredLanguage),
    sentAt,
  })
}

function seededNurtureStep(
  settings: SeedEmailSettings,
  lead: SeededLeadRecipient,
  input: {
    sequence: NurtureSequenceName
    step: string
    roi: RoiCalculationResult | null
    transcriptSummary: string | null
    attachments?: Prisma.InputJsonValue[]
    sentAt: Date
  },
): SeededEmail {
  const { sequence, step } = input
  const link = unsubscribeUrl(settings.APP_BASE_URL, lead.leadId, settings.UNSUBSCRIBE_SECRET)
  const rendered = renderNurtureEmail({
    sequence,
    step,
    language: lead.preferredLanguage,
    firstName: lead.firstName,
    companyName: lead.companyName,
    industry: lead.industry,
    links: {
      unsubscribeUrl: link,
      roiCalculatorUrl: settings.ROI_CALCULATOR_URL,
      bookingUrl: settings.BOOKING_URL,
      reportUrl: null,
    },
    transcriptSummary: input.transcriptSummary,
    roi: input.roi,
  })
  return sentEmail(settings, lead, {
    idempotencyKey: nurtureIdempotencyKey(lead.leadId, sequence, step),
    template: nurtureTemplate(sequence, step),
    rendered,
    headers: listUnsubscribeHeaders(link),
    attachments: input.attachments,
    description: nurtureStepTitle(sequence, step),
    sentAt: input.sentAt,
  })
}

function sentEmail(
  settings: SeedEmailSettings,
  lead: SeededLeadRecipient,
  message: {
    idempotencyKey: string
    template: string
    rendered: RenderedEmail
    headers: Record<string, string>
    attachments?: Prisma.InputJsonValue[]
    description: string
    sentAt: Date
  },
): SeededEmail {
  const messageId = messageIdFor(message.idempotencyKey, settings.MAIL_FROM)
  return {
    outbox: {
      id: `seed-outbox-${message.idempotencyKey.replace(/[^A-Za-z0-9]+/g, '-')}`,
      idempotencyKey: message.idempotencyKey,
      channel: 'EMAIL',
      status: 'SENT',
      leadId: lead.leadId,
      toAddress: lead.email,
      fromAddress: settings.MAIL_FROM,
      subject: message.rendered.subject,
      bodyText: message.rendered.text,
      bodyHtml: message.rendered.html,
      template: message.template,
      messageId,
      headers: message.headers,
      attachments: message.attachments,
      attempts: 1,
      sentAt: message.sentAt,
      createdAt: message.sentAt,
      updatedAt: message.sentAt,
    },
    timeline: {
      leadId: lead.leadId,
      contactId: lead.contactId,
      type: 'EMAIL',
      channel: 'EMAIL',
      direction: 'OUTBOUND',
      subject: message.rendered.subject,
      description: message.description,
      externalId: messageId,
      completedAt: message.sentAt,
      createdAt: message.sentAt,
    },
  }
}
