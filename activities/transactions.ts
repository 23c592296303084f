import type { Database } from '../lib/db'
import { leadNotFound } from './lead-not-found'

/** The client inside `db.$transaction(async (tx) => …)`. */
export type Transaction = Parameters<Parameters<Database['$transaction']>[0]>[0]

/**
 * Lead transactions lock the lead's row, so a busy lead (or a burst of assignments queued behind the round-robin
 * lock) may wait; Prisma's defaults (2 s to start, 5 s to finish) are too short for that under load. Activities
 * still finish well inside their 30-second start-to-close timeout.
 */
export const leadTransactionOptions = { maxWait: 10_000, timeout: 20_000 }

/** Locks the lead's row until the transaction ends and reads its owner; refuses a lead that is gone. */
export async function lockLead(tx: Transaction, leadId: string): Promise<{ ownerId: string | null }> {
  const [lead] = await tx.$queryRaw<{ assignedToId: string | null }[]>`
    SELECT "assignedToId" FROM "Lead" WHERE id = ${leadId} FOR UPDATE`
  if (!lead) throw leadNotFound(leadId)
  return { ownerId: lead.assignedToId }
}
