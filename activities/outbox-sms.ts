// The outbox's SMS channel: the same row lifecycle as email (activities/outbox-lifecycle.ts) with Twilio as the
// transport. The row keeps Twilio's message SID (providerMessageId) and its delivery status (decision 0033).
import { createHash } from 'node:crypto'
import { ApplicationFailure } from '@temporalio/activity'
import type { EntityReference } from '../domain/records/entity-reference'
import { SmsRejected } from '../lib/sms-driver'
import type { ActivityDependencies, SmsChannel } from './dependencies'
import {
  deliverOnce,
  timelineLinks,
  type DeliveredMessage,
  type OutboxRow,
  type OutboxTransport,
} from './outbox-lifecycle'
import { applyRecordedSmsStatuses } from '../services/messaging/sms-status'

/** A permanent refusal by Twilio (a number that is invalid, unreachable or not mobile). */
export const smsRejectedFailureType = 'SmsRejected'

export interface OutboxSms {
  /** E.164. */
  to: string
  body: string
  template: string
  purpose?: 'transactional' | 'marketing'
  entity?: EntityReference | null
  contactId?: string | null
  leadId?: string | null
  timeline?: { description: string } | null
  sentAt?: Date
}

/** The unique messageId column of an SMS row (SMS has no Message-ID): derived from the business key. */
export const smsMessageIdFor = (idempotencyKey: string) =>
  `sms:${createHash('sha256').update(idempotencyKey).digest('hex').slice(0, 32)}`

/** Sends one SMS at most once per business key (up to the window Twilio's API leaves: it has no idempotency key). */
export async function sendSmsThroughOutbox(
  dependencies: ActivityDependencies,
  sms: SmsChannel,
  idempotencyKey: string,
  message: OutboxSms,
): Promise<DeliveredMessage> {
  const delivered = await deliverOnce(dependencies, twilioTransport(sms), {
    idempotencyKey,
    entity: message.entity ?? (message.leadId ? { kind: 'lead', id: message.leadId } : null),
    timeline: message.timeline,
    sentAt: message.sentAt,
    content: {
      channel: 'SMS',
      contactId: message.contactId ?? null,
      toAddress: message.to,
      fromAddress: sms.driver.from,
      bodyText: message.body,
      template: message.template,
      purpose: message.purpose ?? null,
      messageId: smsMessageIdFor(idempotencyKey),
    },
  })
  // Twilio may report a status before the SID was recorded here: what it reported is applied now.
  if (delivered.providerMessageId) {
    await applyRecordedSmsStatuses(dependencies.db, delivered.providerMessageId)
  }
  return delivered
}

function twilioTransport({ driver, statusCallbackUrl }: SmsChannel): OutboxTransport {
  return {
    async send(outbox) {
      const sent = await driver.send({
        to: outbox.toAddress,
        body: outbox.bodyText,
        ...(statusCallbackUrl ? { statusCallback: statusCallbackUrl } : {}),
      })
      return { providerMessageId: sent.sid, providerStatus: sent.status }
    },
    failure(error) {
      if (error instanceof SmsRejected) return { permanent: true, reason: `Twilio ${error.code}: ${error.message}` }
      return { permanent: false, reason: error instanceof Error ? error.message : String(error) }
    },
    rejected: (outbox, reason) =>
      ApplicationFailure.create({
        type: smsRejectedFailureType,
        message: `Twilio refused the SMS to ${outbox.toAddress}: ${reason}`,
        nonRetryable: true,
        details: [{ reason }],
      }),
    timelineEntry: smsTimelineEntry,
    refusedOutcome: (reason) => `Not delivered: Twilio refused it (${reason.slice(0, 300)})`,
    resendWarning: 'Resending an SMS whose previous attempt ended between Twilio’s answer and recording it',
  }
}

function smsTimelineEntry(outbox: OutboxRow, description: string) {
  return {
    ...timelineLinks(outbox),
    contactId: outbox.contactId,
    type: 'NOTE' as const,
    channel: 'SMS' as const,
    direction: 'OUTBOUND' as const,
    subject: 'SMS',
    description,
    externalId: outbox.messageId,
  }
}
