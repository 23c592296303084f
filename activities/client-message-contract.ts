// What any entity workflow asks of sendClientMessage: a message to a client (a contact or a lead) that goes by SMS or
// by email, as the person's consent, quiet hours and channel priorities (seed 003) decide at the moment of sending.
// Types only: workflows import these.
import type { EntityReference } from '../domain/records/entity-reference'

export type ClientChannel = 'SMS' | 'EMAIL'

export interface ClientMessageInput {
  /** Unique per message, e.g. `partnership-<id>/dunning/<paymentKey>/sms`: it is sent at most once. */
  idempotencyKey: string
  /** The lead, deal or partnership the message is about: its outbox row and timeline entry link to it. */
  entity: EntityReference
  /** Who receives it: a contact (after conversion) or the lead itself (before). */
  recipient: { contactId: string } | { leadId: string }
  /** What produced it, e.g. `dunning:overdue-3`, `appointment-reminder:discovery-call`. */
  template: string
  /** The channels this message may use, in the order the workflow would rather use them. */
  channels: readonly ClientChannel[]
  /** The SMS text (at most 320 characters); required when `channels` holds SMS. */
  sms?: { body: string }
  /** The email; required when `channels` holds EMAIL. */
  email?: { subject: string; text: string; html: string | null }
  /** The words of the entity's timeline entry. */
  timeline: { description: string }
  /** Transactional (a payment reminder, an appointment reminder) or marketing: consent rules differ (seed 003). */
  purpose: 'transactional' | 'marketing'
  /** The workflow's now (ISO): quiet hours and the frequency cap follow workflow time. */
  now: string
  /**
   * After this instant (ISO) the message is pointless, e.g. an appointment reminder once the appointment began: a
   * channel that would have to wait past it is passed over, and at or after it nothing is sent (`suppressed`).
   */
  notAfter?: string
}

export type ClientMessageOutcome =
  | { status: 'sent'; channel: ClientChannel; outboxMessageId: string }
  /** Quiet hours: nothing was sent; the workflow waits durably until `retryAt` and asks again with the same key. */
  | { status: 'deferred'; retryAt: string; reason: string }
  /** No channel may be used (opted out of SMS by STOP, unsubscribed, no number or address): nothing was sent. */
  | { status: 'suppressed'; reason: string }

export interface ClientMessageActivities {
  sendClientMessage(input: ClientMessageInput): Promise<ClientMessageOutcome>
}
