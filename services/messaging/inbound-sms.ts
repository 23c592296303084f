// A text message from a client that is not a keyword (decision 0043): an inbound SMS entry on the timeline of every
// person with that number (the lead's, or the contact's with their company and their live partnership), once per
// Twilio MessageSid. A number nobody has is only recorded as the webhook event it arrived in.
import type { Database } from '../../lib/db'
import { ingestionTransactionOptions, lockKey } from '../ingestion/ingestion-dependencies'
import { peopleWithPhone } from './sms-consent'

export interface InboundSms {
  messageSid: string
  from: string
  body: string
  receivedAt: Date
}

const endedStatuses = ['GRADUATED', 'CHURNED'] as const

/** The timeline entries of the message (created now or by an earlier delivery), one per person with the number. */
export async function recordInboundSms(db: Database, sms: InboundSms): Promise<string[]> {
  const { contactIds, leadIds } = await peopleWithPhone(db, sms.from)
  if (contactIds.length === 0 && leadIds.length === 0) return []
  const contacts = await db.contact.findMany({
    where: { id: { in: contactIds } },
    select: {
      id: true,
      companyId: true,
      opportunities: {
        where: { partnership: { is: { status: { notIn: [...endedStatuses] } } } },
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
    const ids: string[] = []
    for (const owner of owners) {
      const person = 'leadId' in owner ? { leadId: owner.leadId } : { contactId: owner.contactId }
      const key = { ...person, type: 'NOTE', channel: 'SMS', direction: 'INBOUND', externalId: sms.messageSid } as const
      const existing = await tx.activity.findFirst({ where: key, select: { id: true } })
      if (existing) {
        ids.push(existing.id)
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
      ids.push(created.id)
    }
    return ids
  }, ingestionTransactionOptions)
}
