// A text message from a client that is not a keyword (decision 0043): an inbound SMS entry on the timeline of every
// person with that number (the lead's, or the contact's with their company and their live partnership), once per
// Twilio MessageSid. A number nobody has is only recorded as the webhook event it arrived in. A lead's reply stops
// their nurture (decision 0048).
import type { Database } from '../../lib/db'
import { ingestionTransactionOptions, lockKey, type IngestionDependencies } from '../ingestion/ingestion-dependencies'
import { deliverLeadEvents } from '../ingestion/lead-events'
import { loadLeadRef } from '../ingestion/person'
import { peopleWithPhone } from './sms-consent'
import { endedPartnershipStatuses } from '../../domain/partnerships/partnership-changes'

export interface InboundSms {
  messageSid: string
  from: string
  body: string
  receivedAt: Date
}

export interface InboundSmsEntry {
  activityId: string
  /** Set for a lead's entry: the lead's workflow hears of the reply (it stops nurture, decision 0048). */
  leadId: string | null
}

/** The timeline entries of the message (created now or by an earlier delivery), one per person with the number. */
async function recordInboundSms(db: Database, sms: InboundSms): Promise<InboundSmsEntry[]> {
  const { contactIds, leadIds } = await peopleWithPhone(db, sms.from)
  if (contactIds.length === 0 && leadIds.length === 0) return []
  const contacts = await db.contact.findMany({
    where: { id: { in: contactIds } },
    select: {
      id: true,
      companyId: true,
      opportunities: {
        where: { partnership: { is: { status: { notIn: [...endedPartnershipStatuses] } } } },
        select: { partnership: { select: { id: true } } },
        orderBy: { createdAt: 'desc' },
        take: 1,
      },
    },
  })
  const owners = [
    ...contacts.map((contact) => ({
      contactId: contact.id,
      companyId: contact.companyId,
      partnershipId: contact.opportunities[0]?.partnership?.id ?? null,
    })),
    ...leadIds.map((leadId) => ({ leadId })),
  ]
  return db.$transaction(async (tx) => {
    await lockKey(tx, `sms-inbound:${sms.messageSid}`)
    const entries: InboundSmsEntry[] = []
    for (const owner of owners) {
      const person = 'leadId' in owner ? { leadId: owner.leadId } : { contactId: owner.contactId }
      const leadId = 'leadId' in owner ? owner.leadId : null
      const key = { ...person, type: 'NOTE', channel: 'SMS', direction: 'INBOUND', externalId: sms.messageSid } as const
      const existing = await tx.activity.findFirst({ where: key, select: { id: true } })
      if (existing) {
        entries.push({ activityId: existing.id, leadId })
        continue
      }
      const created = await tx.activity.create({
        data: {
          ...owner,
          ...key,
          subject: 'SMS',
          description: sms.body,
          completedAt: sms.receivedAt,
          createdAt: sms.receivedAt,
        },
        select: { id: true },
      })
      entries.push({ activityId: created.id, leadId })
    }
    return entries
  }, ingestionTransactionOptions)
}

/**
 * A reply by SMS: recorded on the timelines, then told to each lead's workflow as `sms.replied`, which stops nurture as
 * an email reply does (decision 0048). Told again on a redelivery: the event id is the message's, so a workflow acts
 * once, and a delivery whose signal failed is retried by the webhook and finishes the job.
 */
export async function recordSmsReply(dependencies: IngestionDependencies, sms: InboundSms): Promise<InboundSmsEntry[]> {
  const entries = await recordInboundSms(dependencies.db, sms)
  for (const entry of entries) {
    if (!entry.leadId) continue
    const lead = await loadLeadRef(dependencies.db, entry.leadId)
    if (!lead) continue
    await deliverLeadEvents(dependencies, lead, [
      {
        eventId: `sms-reply:${sms.messageSid}`,
        kind: 'sms.replied',
        occurredAt: sms.receivedAt.toISOString(),
        refId: entry.activityId,
      },
    ])
  }
  return entries
}
