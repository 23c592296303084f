import type { ActivityType, CommunicationChannel, InteractionDirection } from '../../prisma/generated/enums'
import type { Transaction } from './ingestion-dependencies'

export interface TimelineEntry {
  leadId: string | null
  contactId: string | null
  subject: string
  description?: string | null
  outcome?: string | null
  channel?: CommunicationChannel | null
  direction?: InteractionDirection | null
  scheduledAt?: Date | null
  completedAt?: Date | null
}

/**
 * One timeline entry (Activity) per key (type, externalId): the engagement's row id for an entry rewritten as the
 * engagement changes (a session, a calculation), or the row id and what happened (a booking's `<id>:booked`).
 * Callers hold the engagement's lock, so there is never a second entry.
 */
export async function upsertTimelineEntry(
  tx: Transaction,
  key: { type: ActivityType; externalId: string },
  entry: TimelineEntry,
): Promise<string> {
  const existing = await tx.activity.findFirst({ where: key, select: { id: true }, orderBy: { createdAt: 'asc' } })
  if (existing) {
    await tx.activity.update({ where: { id: existing.id }, data: entry, select: { id: true } })
    return existing.id
  }
  const created = await tx.activity.create({ data: { ...key, ...entry }, select: { id: true } })
  return created.id
}
