import type { KeptField } from '../../domain/integrations/parse'
import type { CommunicationChannel } from '../../prisma/generated/enums'
import type { Database } from '../../lib/db'
import type { Transaction } from './ingestion-dependencies'
import { upsertTimelineEntry } from './timeline'

/** How a kept field reads on the timeline: `gclid: "Cj0KCQ" (is not a lead field)`. */
export function describeKeptFields(kept: KeptField[]): string {
  return kept
    .map(({ field, value, reason }) => `${field}: ${JSON.stringify(value) ?? 'undefined'} (${reason})`)
    .join('\n')
}

/** The timeline entry (without its owner) that keeps what a source sent and the CRM had no place for. */
export function keptFieldsEntry(from: { label: string; channel: CommunicationChannel }, kept: KeptField[]) {
  return {
    subject: `Kept from ${from.label}: ${kept.map((field) => field.field).join(', ')}`.slice(0, 300),
    description: describeKeptFields(kept),
    outcome: null,
    channel: from.channel,
    direction: 'INBOUND' as const,
    completedAt: new Date(),
  }
}

/**
 * What a capture source sent that the CRM had no place for, or could not use, on the person's timeline — so a
 * changed landing page loses nothing: a person reads it there, and the sender's field names and values are exact.
 * `key` makes a redelivery write the same entry again (no key: one entry per call).
 */
export async function recordKeptFields(
  db: Database | Transaction,
  owner: { leadId: string | null; contactId: string | null },
  from: { label: string; channel: CommunicationChannel; key?: string },
  kept: KeptField[],
): Promise<void> {
  if (kept.length === 0) return
  const entry = { ...owner, ...keptFieldsEntry(from, kept) }
  if (from.key) await upsertTimelineEntry(db as Transaction, { type: 'SYSTEM_EVENT', externalId: from.key }, entry)
  else await db.activity.create({ data: { ...entry, type: 'SYSTEM_EVENT' }, select: { id: true } })
}
