// sendClientMessage (activities/client-message-contract.ts): a message to a client by SMS or by email, the channel
// and the moment chosen at sending time from the person's preferences as they are now (decision 0033).
import { ApplicationFailure } from '@temporalio/activity'
import { chooseChannel, type MessageChannel } from '../domain/communication/channel-choice'
import { frequencyCapWindowMs } from '../domain/communication/frequency-cap'
import { recipientTimeZone, renderLocalTimes } from '../domain/communication/local-time'
import { marketingSendRules } from '../domain/communication/send-window'
import type { ClientMessageActivities, ClientMessageInput, ClientMessageOutcome } from './client-message-contract'
import type { ActivityDependencies } from './dependencies'
import { sendThroughOutbox } from './outbox'
import { sendSmsThroughOutbox, smsRejectedFailureType } from './outbox-sms'
import { messageRejectedFailureType } from '../domain/email/smtp-reply'

export const clientMessageInvalidFailureType = 'ClientMessageInvalid'
export const smsMaxLength = 320

/** The outbox key of the message on one channel: a message has at most one row per channel. */
export const clientMessageKey = (idempotencyKey: string, channel: MessageChannel) =>
  `${idempotencyKey}/${channel.toLowerCase()}`

const preferenceSelect = {
  channelPriorities: true,
  timezone: true,
  contactHoursStart: true,
  contactHoursEnd: true,
  quietHoursStart: true,
  quietHoursEnd: true,
  weekendContact: true,
  maxMessagesPerWeek: true,
  marketingConsent: true,
  unsubscribedAt: true,
  smsOptedOutAt: true,
} as const

export function createClientMessageActivities(dependencies: ActivityDependencies): ClientMessageActivities {
  return {
    async sendClientMessage(input) {
      refuseInvalid(input)
      const { db } = dependencies
      const now = new Date(input.now)
      const keys = input.channels.map((channel) => clientMessageKey(input.idempotencyKey, channel))
      const rows = await db.outboxMessage.findMany({
        where: { idempotencyKey: { in: keys } },
        select: { id: true, channel: true, status: true, sentAt: true },
      })
      // Sent (or handed over by an attempt that died before recording it) on one channel: never on another.
      const sent = rows.find((row) => row.status === 'SENT' && row.sentAt)
      if (sent) return { status: 'sent', channel: sent.channel as MessageChannel, outboxMessageId: sent.id }
      const handedOver = rows.find((row) => row.status === 'SENDING')
      const refused = rows.filter((row) => row.status === 'FAILED').map((row) => row.channel as MessageChannel)

      const person = await recipientOf(dependencies, input)
      const message = inRecipientTime(input, person.timeZone)
      for (;;) {
        const choice = handedOver
          ? ({ decision: 'send', channel: handedOver.channel as MessageChannel, to: null } as const)
          : chooseChannel({
              now,
              purpose: input.purpose,
              requested: input.channels,
              notAfter: input.notAfter ? new Date(input.notAfter) : null,
              person: person.choice,
              smsAvailable: Boolean(dependencies.sms),
              refused,
              recentMarketingSends: person.recentMarketingSends,
            })
        if (choice.decision === 'suppress') return { status: 'suppressed', reason: choice.reason }
        if (choice.decision === 'defer') {
          return { status: 'deferred', retryAt: choice.until.toISOString(), reason: choice.reason }
        }
        try {
          return await send(dependencies, message, person.owner, choice.channel, choice.to)
        } catch (error) {
          // Refused for good on this channel (not a mobile number, an address the server refuses): try the next.
          if (!isPermanentRefusal(error) || handedOver) throw error
          refused.push(choice.channel)
        }
      }
    },
  }
}

function refuseInvalid(input: ClientMessageInput): void {
  const invalid = (message: string) =>
    ApplicationFailure.create({ type: clientMessageInvalidFailureType, message, nonRetryable: true })
  if (input.channels.length === 0) throw invalid('channels: at least one channel is required')
  if (input.channels.includes('SMS')) {
    if (!input.sms?.body.trim()) throw invalid('sms.body: required when channels holds SMS')
    if (input.sms.body.length > smsMaxLength) throw invalid(`sms.body: at most ${smsMaxLength} characters`)
  }
  if (input.channels.includes('EMAIL') && !input.email?.subject.trim()) {
    throw invalid('email: subject and text are required when channels holds EMAIL')
  }
  if (Number.isNaN(Date.parse(input.now))) throw invalid('now: must be an ISO date-time')
}

/** The message with its dates and times (markers the workflow wrote) on the recipient's clock. */
function inRecipientTime(input: ClientMessageInput, timeZone: string): ClientMessageInput {
  const render = (text: string) => renderLocalTimes(text, timeZone)
  return {
    ...input,
    sms: input.sms && { body: render(input.sms.body) },
    email: input.email && {
      subject: render(input.email.subject),
      text: render(input.email.text),
      html: input.email.html === null ? null : render(input.email.html),
    },
  }
}

const isPermanentRefusal = (error: unknown) =>
  error instanceof ApplicationFailure &&
  (error.type === smsRejectedFailureType || error.type === messageRejectedFailureType)

async function send(
  dependencies: ActivityDependencies,
  input: ClientMessageInput,
  owner: { contactId: string | null; leadId: string | null; email: string | null; phone: string | null },
  channel: MessageChannel,
  to: string | null,
): Promise<ClientMessageOutcome> {
  const key = clientMessageKey(input.idempotencyKey, channel)
  const sentAt = new Date(input.now)
  if (channel === 'SMS') {
    if (!dependencies.sms) throw new Error('An SMS was handed to Twilio earlier but Twilio is no longer configured')
    const { outboxMessageId } = await sendSmsThroughOutbox(dependencies, dependencies.sms, key, {
      to: to ?? owner.phone ?? '',
      body: input.sms!.body,
      template: input.template,
      purpose: input.purpose,
      entity: input.entity,
      contactId: owner.contactId,
      timeline: input.timeline,
      sentAt,
    })
    return { status: 'sent', channel, outboxMessageId }
  }
  const { outboxMessageId } = await sendThroughOutbox(
    dependencies,
    key,
    {
      to: to ?? owner.email ?? '',
      subject: input.email!.subject,
      text: input.email!.text,
      html: input.email!.html,
      template: input.template,
      entity: input.entity,
      contactId: owner.contactId,
      timeline: input.timeline,
      sentAt,
    },
    { purpose: input.purpose },
  )
  return { status: 'sent', channel, outboxMessageId }
}

/** The recipient's addresses and preferences, and their marketing messages of the last 7 days (the weekly cap). */
async function recipientOf({ db }: ActivityDependencies, input: ClientMessageInput) {
  const now = new Date(input.now)
  const since = new Date(now.getTime() - frequencyCapWindowMs)
  const recentWhere = { status: 'SENT' as const, purpose: 'marketing', sentAt: { gt: since, lte: now } }
  const found =
    'contactId' in input.recipient
      ? await db.contact
          .findUnique({
            where: { id: input.recipient.contactId },
            select: {
              id: true,
              email: true,
              phone: true,
              timezone: true,
              company: { select: { timezone: true } },
              communicationPreference: { select: preferenceSelect },
              outboxMessages: { where: recentWhere, select: { sentAt: true } },
            },
          })
          .then((contact) => contact && { ...contact, companyTimeZone: contact.company.timezone })
      : await db.lead
          .findUnique({
            where: { id: input.recipient.leadId },
            select: {
              id: true,
              email: true,
              phone: true,
              timezone: true,
              communicationPreference: { select: preferenceSelect },
              outboxMessages: { where: recentWhere, select: { sentAt: true } },
            },
          })
          .then((lead) => lead && { ...lead, companyTimeZone: null })
  if (!found) {
    throw ApplicationFailure.create({
      type: 'RecipientNotFound',
      message: `The message's recipient ${JSON.stringify(input.recipient)} does not exist`,
      nonRetryable: true,
    })
  }
  const preference = found.communicationPreference
  const rules = marketingSendRules(preference, found.timezone || found.companyTimeZone)
  return {
    timeZone: recipientTimeZone({
      preference: preference?.timezone,
      person: found.timezone,
      company: found.companyTimeZone,
    }),
    owner: {
      contactId: 'contactId' in input.recipient ? found.id : null,
      leadId: 'leadId' in input.recipient ? found.id : null,
      email: found.email,
      phone: found.phone,
    },
    recentMarketingSends: found.outboxMessages.flatMap((message) => (message.sentAt ? [message.sentAt] : [])),
    choice: {
      email: found.email || null,
      phone: found.phone,
      channelPriorities: preference?.channelPriorities ?? null,
      smsOptedOut: Boolean(preference?.smsOptedOutAt),
      emailUnsubscribed: Boolean(preference?.unsubscribedAt),
      marketingConsent: preference?.marketingConsent ?? false,
      window: rules.window,
      contactHours:
        preference?.contactHoursStart && preference.contactHoursEnd
          ? { start: preference.contactHoursStart, end: preference.contactHoursEnd }
          : null,
      maxMessagesPerWeek: rules.maxMessagesPerWeek,
    },
  }
}
