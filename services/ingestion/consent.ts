import type { ResolvedPerson } from './person'
import { lockKey, type Transaction } from './ingestion-dependencies'

export interface ConsentInput {
  /** Only `true` changes anything: consent is never withdrawn by omission (withdrawal is the unsubscribe). */
  marketingConsent: boolean | undefined
  at: Date
  /** Where it was given, e.g. "website form", "voice agent", "roi calculator". */
  source: string
  timezone?: string | null
}

/** The preference of somebody who has none yet and opts in now. */
export function newConsentPreference(consent: ConsentInput) {
  return {
    marketingConsent: true,
    marketingConsentAt: consent.at,
    marketingConsentSource: consent.source,
    timezone: consent.timezone ?? null,
  }
}

/** Records a person's opt-in to nurture emails on their CommunicationPreference (seed 003), once. */
export async function recordMarketingConsent(
  tx: Transaction,
  owner: { leadId: string } | { contactId: string },
  consent: ConsentInput,
): Promise<void> {
  if (consent.marketingConsent !== true) return
  const where = 'leadId' in owner ? { leadId: owner.leadId } : { contactId: owner.contactId }
  await lockKey(tx, `preference:${'leadId' in owner ? owner.leadId : owner.contactId}`)
  const existing = await tx.communicationPreference.findUnique({
    where,
    select: { id: true, marketingConsent: true, timezone: true },
  })
  if (!existing) {
    await tx.communicationPreference.create({
      data: { ...where, ...newConsentPreference(consent) },
      select: { id: true },
    })
    return
  }
  if (existing.marketingConsent && (existing.timezone || !consent.timezone)) return
  await tx.communicationPreference.update({
    where: { id: existing.id },
    data: {
      ...(existing.marketingConsent
        ? {}
        : { marketingConsent: true, marketingConsentAt: consent.at, marketingConsentSource: consent.source }),
      ...(!existing.timezone && consent.timezone ? { timezone: consent.timezone } : {}),
    },
    select: { id: true },
  })
}

/** The consent an ingested event carries, recorded for whoever it resolved to (a lead, or a customer's contact). */
export async function recordConsentOfResolved(
  tx: Transaction,
  resolved: ResolvedPerson | null,
  person: { marketingConsent?: boolean; timezone?: string | null },
  at: Date,
  source: string,
): Promise<void> {
  if (!resolved) return
  await recordMarketingConsent(
    tx,
    resolved.kind === 'lead' ? { leadId: resolved.lead.id } : { contactId: resolved.contactId },
    { marketingConsent: person.marketingConsent, at, source, timezone: person.timezone },
  )
}
