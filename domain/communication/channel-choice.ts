// Which channel a message to a client goes by, and when (seed 003's channel priorities, consent and hours;
// decision 0033). Pure: the sending activity asks it at the moment of sending, with the person's preferences as
// they are then, so a STOP that arrived while a message was due is obeyed.
import { frequencyCapDeferral } from './frequency-cap'
import { e164PhoneNumber } from './phone'
import { nextSendTime, type SendWindowPreferences } from './send-window'

export type MessageChannel = 'SMS' | 'EMAIL'
export type MessagePurpose = 'transactional' | 'marketing'

export interface ChannelPerson {
  email: string | null
  phone: string | null
  /** Seed 003's `channel_priorities`: [{ "channel": "sms", "priority": 1 }, …], 1 first. */
  channelPriorities: unknown
  /** Replied STOP (or a synonym) and not START since. */
  smsOptedOut: boolean
  /** Unsubscribed from marketing email (the link in every marketing email). */
  emailUnsubscribed: boolean
  marketingConsent: boolean
  window: SendWindowPreferences
  /** Seed 003's `preferred_contact_hours` ("09:00"–"18:00" local); null when the person set none. */
  contactHours: { start: string; end: string } | null
  maxMessagesPerWeek: number
}

export interface ChannelChoiceInput {
  now: Date
  purpose: MessagePurpose
  /** The channels the workflow allows, in the order it would rather use them (each with its content). */
  requested: readonly MessageChannel[]
  /** After this the message is pointless (an appointment reminder after the appointment); null: never stale. */
  notAfter: Date | null
  person: ChannelPerson
  /** Twilio is configured. */
  smsAvailable: boolean
  /** Channels the provider refused for good for this very message (Twilio: not a mobile number). */
  refused: readonly MessageChannel[]
  /** When the person's marketing messages (every channel) went out, for the weekly cap. */
  recentMarketingSends: readonly Date[]
}

export type ChannelChoice =
  | { decision: 'send'; channel: MessageChannel; to: string }
  | { decision: 'defer'; channel: MessageChannel; until: Date; reason: string }
  | { decision: 'suppress'; reason: string }

const channelNames: Record<string, MessageChannel> = { sms: 'SMS', email: 'EMAIL' }

/**
 * The requested channels in the order to try them. The person's priorities decide only when they rank every
 * requested channel: the stored default ranks email alone, which says nothing about SMS, so the workflow's order
 * (an appointment reminder: SMS first) stands until the person states one.
 */
export function channelOrder(requested: readonly MessageChannel[], priorities: unknown): MessageChannel[] {
  const ranks = new Map<MessageChannel, number>()
  if (Array.isArray(priorities)) {
    for (const entry of priorities) {
      const { channel, priority } = (entry ?? {}) as { channel?: unknown; priority?: unknown }
      const name = typeof channel === 'string' ? channelNames[channel.toLowerCase()] : undefined
      if (name && typeof priority === 'number' && !ranks.has(name)) ranks.set(name, priority)
    }
  }
  const unique = [...new Set(requested)]
  if (!unique.every((channel) => ranks.has(channel))) return unique
  return unique.sort((a, b) => ranks.get(a)! - ranks.get(b)!)
}

/** Why a channel cannot carry this message at all, or null when it can. */
function barred(channel: MessageChannel, input: ChannelChoiceInput): string | null {
  const { person, purpose } = input
  if (input.refused.includes(channel))
    return channel === 'SMS' ? 'Twilio refused the number' : 'the address was refused'
  if (channel === 'SMS') {
    if (!input.smsAvailable) return 'SMS is not configured'
    if (!e164PhoneNumber(person.phone)) return 'no mobile number in E.164 form'
    if (person.smsOptedOut) return 'opted out of SMS (STOP)'
    if (purpose === 'marketing' && !person.marketingConsent) return 'no marketing consent'
    return null
  }
  if (!person.email) return 'no email address'
  if (purpose === 'marketing' && person.emailUnsubscribed) return 'unsubscribed from marketing email'
  if (purpose === 'marketing' && !person.marketingConsent) return 'no marketing consent'
  return null
}

/**
 * When a channel may carry the message: a phone rings, so SMS always keeps the quiet hours and the contact hours;
 * marketing also keeps the weekend and the weekly cap; a transactional email (nobody is woken) goes at once.
 */
function earliestSend(channel: MessageChannel, input: ChannelChoiceInput): { at: Date; reason: string | null } {
  const { person, purpose, now } = input
  if (channel === 'EMAIL' && purpose === 'transactional') return { at: now, reason: null }
  const window: SendWindowPreferences = {
    ...person.window,
    weekendContact: purpose === 'transactional' ? true : person.window.weekendContact,
  }
  // Contact hours are the complement of quiet hours: outside 09:00–18:00 is "quiet" from 18:00 to 09:00.
  const contactWindow = person.contactHours
    ? { ...window, quietHoursStart: person.contactHours.end, quietHoursEnd: person.contactHours.start }
    : null
  const reasons: string[] = []
  let at = now
  for (let step = 0; step < 8; step += 1) {
    const checks = [nextSendTime(at, window), ...(contactWindow ? [contactHoursTime(at, contactWindow)] : [])]
    const cap =
      purpose === 'marketing'
        ? frequencyCapDeferral(at, [...input.recentMarketingSends], person.maxMessagesPerWeek)
        : null
    const waits = [
      ...checks.filter((check) => check.reason !== null).map((check) => ({ at: check.at, reason: check.reason! })),
      ...(cap && !cap.allowed ? [{ at: cap.until, reason: cap.reason }] : []),
    ]
    if (waits.length === 0) break
    for (const wait of waits) if (!reasons.includes(wait.reason)) reasons.push(wait.reason)
    at = new Date(Math.max(...waits.map((wait) => wait.at.getTime())))
  }
  return { at, reason: reasons.length === 0 ? null : reasons.join('; ') }
}

function contactHoursTime(at: Date, contactWindow: SendWindowPreferences) {
  const time = nextSendTime(at, contactWindow)
  return time.reason === null
    ? time
    : {
        at: time.at,
        reason: `Outside contact hours (${contactWindow.quietHoursEnd}–${contactWindow.quietHoursStart} ${contactWindow.timezone})`,
      }
}

/**
 * Send now by the first channel that may carry the message, defer until it may, or suppress naming every reason.
 * The first usable channel decides even when it must wait: a client is not switched to a channel they rank lower
 * because of the clock, unless waiting would pass `notAfter`.
 */
export function chooseChannel(input: ChannelChoiceInput): ChannelChoice {
  if (input.notAfter && input.now.getTime() > input.notAfter.getTime()) {
    return { decision: 'suppress', reason: `Too late: the message was useful until ${input.notAfter.toISOString()}` }
  }
  const passedOver: string[] = []
  for (const channel of channelOrder(input.requested, input.person.channelPriorities)) {
    const bar = barred(channel, input)
    if (bar) {
      passedOver.push(`${channel}: ${bar}`)
      continue
    }
    const { at, reason } = earliestSend(channel, input)
    if (reason === null) {
      const to = channel === 'SMS' ? e164PhoneNumber(input.person.phone)! : input.person.email!
      return { decision: 'send', channel, to }
    }
    if (input.notAfter && at.getTime() > input.notAfter.getTime()) {
      passedOver.push(`${channel}: ${reason}, past ${input.notAfter.toISOString()}`)
      continue
    }
    return { decision: 'defer', channel, until: at, reason: `${channel}: ${reason}` }
  }
  return {
    decision: 'suppress',
    reason: passedOver.length > 0 ? passedOver.join('; ') : 'No channel was requested',
  }
}
