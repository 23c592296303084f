import type { Prisma } from '../lib/db'
import type { ActivityDependencies } from './dependencies'
import type { AssignLeadOwnerInput, OwnerAssignment } from './lead-lifecycle-contract'
import { workflowStateData } from './records'
import { leadTransactionOptions, lockLead, type Transaction } from './transactions'

interface Rep {
  id: string
  name: string
}

/** A lock of its own for the round-robin, held until commit. */
export const roundRobinLockKey = 'durable-crm/lead-round-robin'

/**
 * The active Sales Rep who has waited longest for a lead (never assigned first, then by id), locked for this
 * transaction. With several candidates callers hold the round-robin lock, so each pick sees every earlier
 * assignment committed.
 */
async function nextRep(tx: Transaction): Promise<Rep | null> {
  const [rep] = await tx.$queryRaw<Rep[]>`
    SELECT id, name FROM "User" WHERE role = 'SALES_REP' AND active
    ORDER BY "lastLeadAssignedAt" ASC NULLS FIRST, id ASC LIMIT 1 FOR UPDATE`
  return rep ?? null
}

/** How many active Sales Reps could take a lead: 0, 1, or 2 meaning "several" (all the lock cares about). */
async function candidateCount(tx: Transaction): Promise<number> {
  const rows = await tx.$queryRaw<{ id: string }[]>`
    SELECT id FROM "User" WHERE role = 'SALES_REP' AND active LIMIT 2`
  return rows.length
}

/** The lead's owner after the round-robin, and its timeline entry when this call assigned it. */
export interface AssignmentStep {
  ownerId: string | null
  timeline: Prisma.ActivityCreateManyInput[]
}

/**
 * Round-robin among active Sales Reps inside `tx`, the lead's row already locked by the caller; an owner already set
 * is kept. Take it last in a transaction: with several reps it holds the round-robin lock until the commit.
 */
export async function assignOwnerInTransaction(
  tx: Transaction,
  { leadId, now, currentOwnerId }: { leadId: string; now: string; currentOwnerId: string | null },
): Promise<AssignmentStep> {
  if (currentOwnerId) return { ownerId: currentOwnerId, timeline: [] }

  // Nothing to rotate with no candidate or one: only several reps need the global lock.
  const candidates = await candidateCount(tx)
  if (candidates === 0) return { ownerId: null, timeline: [] }
  // One assignment at a time across all workers (held until commit): two leads arriving together take
  // turns, so the queue stays fair instead of both reading the same "longest waiting" rep.
  if (candidates > 1) await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${roundRobinLockKey}))`
  const rep = await nextRep(tx)
  if (!rep) return { ownerId: null, timeline: [] }

  // The queue order must move forward even when workflow clocks disagree: never stamp earlier than the
  // newest assignment so far.
  const { _max } = await tx.user.aggregate({ where: { role: 'SALES_REP' }, _max: { lastLeadAssignedAt: true } })
  const newest = _max.lastLeadAssignedAt?.getTime() ?? Number.NEGATIVE_INFINITY
  const assignedAt = new Date(Math.max(new Date(now).getTime(), newest + 1))

  await tx.user.update({ where: { id: rep.id }, data: { lastLeadAssignedAt: assignedAt }, select: { id: true } })
  await tx.lead.update({ where: { id: leadId }, data: { assignedToId: rep.id }, select: { id: true } })
  return {
    ownerId: rep.id,
    timeline: [
      {
        leadId,
        type: 'SYSTEM_EVENT',
        subject: `Assigned to ${rep.name}`,
        description: 'Round-robin among active Sales Reps',
        completedAt: new Date(now),
      },
    ],
  }
}

export function createAssignmentActivities({ db }: ActivityDependencies) {
  return {
    /**
     * Round-robin among active Sales Reps; an owner already set is kept. Answers the lead's owner, the same on
     * every retry (whether this attempt assigned it or an earlier one did); null when there is nobody to take it.
     * With `projection`, the workflow's state is written in the same transaction (the same write on every retry).
     */
    async assignLeadOwner({ leadId, now, projection }: AssignLeadOwnerInput): Promise<OwnerAssignment> {
      return db.$transaction(async (tx) => {
        const { ownerId } = await lockLead(tx, leadId)
        // Before the round-robin lock, so the lock is never held for it.
        if (projection) {
          await tx.lead.update({ where: { id: leadId }, data: workflowStateData(projection), select: { id: true } })
        }
        const assignment = await assignOwnerInTransaction(tx, { leadId, now, currentOwnerId: ownerId })
        if (assignment.timeline.length > 0) await tx.activity.createMany({ data: assignment.timeline })
        return { ownerId: assignment.ownerId }
      }, leadTransactionOptions)
    },
  }
}
