// STOP and START replies recorded on the communication preference of every person with that number (decision
// 0033). The newest reply wins: one that arrives late (an older MessageSid delivered after a newer one) changes
// nothing, and a duplicate changes nothing the second time.
import { e164PhoneNumber } from '../../domain/communication/phone'
import type { SmsKeyword } from '../../domain/communication/sms-keywords'
import type { Database } from '../../lib/db'

export interface SmsConsentChange {
  from: string
  keyword: Exclude<SmsKeyword, 'help'>
  word: string
  receivedAt: Date
}

/** The contacts and leads whose stored phone number is this E.164 number, whatever its formatting. */
export async function peopleWithPhone(db: Database, phone: string) {
  const number = e164PhoneNumber(phone)
  if (!number) return { contactIds: [], leadIds: [] }
  const digits = number.slice(1)
  // Stored numbers are free text ("+1 (555) 123-4567"): compared on their digits, then checked in full.
  const [contacts, leads] = await Promise.all([
    db.contact.findMany({ where: { phone: { contains: digits.slice(-7) } }, select: { id: true, phone: true } }),
    db.lead.findMany({ where: { phone: { contains: digits.slice(-4) } }, select: { id: true, phone: true } }),
  ])
  const same = (stored: string | null) => e164PhoneNumber(stored) === number
  return {
    contactIds: contacts.filter((contact) => same(contact.phone)).map((contact) => contact.id),
    leadIds: leads.filter((lead) => same(lead.phone)).map((lead) => lead.id),
  }
}

/** Records an opt-out or opt-in for every person with the number; how many preferences changed. */
export async function applySmsConsentChange(db: Database, change: SmsConsentChange): Promise<number> {
  const { contactIds, leadIds } = await peopleWithPhone(db, change.from)
  const consent =
    change.keyword === 'opt-out'
      ? { smsOptedOutAt: change.receivedAt, smsOptOutKeyword: change.word, smsConsentChangedAt: change.receivedAt }
      : { smsOptedOutAt: null, smsOptOutKeyword: null, smsConsentChangedAt: change.receivedAt }
  let changed = 0
  const owners = [...contactIds.map((contactId) => ({ contactId })), ...leadIds.map((leadId) => ({ leadId }))]
  for (const owner of owners) {
    await db.communicationPreference.upsert({
      where: owner,
      create: { ...owner },
      update: {},
      select: { id: true },
    })
    const { count } = await db.communicationPreference.updateMany({
      where: {
        ...owner,
        OR: [{ smsConsentChangedAt: null }, { smsConsentChangedAt: { lt: change.receivedAt } }],
      },
      data: consent,
    })
    changed += count
  }
  return changed
}
