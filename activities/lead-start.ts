import { assignOwnerInTransaction } from './assignment'
import type { ActivityDependencies } from './dependencies'
import type { LeadStart } from './lead-lifecycle-contract'
import { createLeadSnapshotActivities } from './lead-snapshot'
import { scoreInTransaction } from './scoring'
import { leadTransactionOptions, lockLead } from './transactions'

export function createLeadStartActivities(dependencies: ActivityDependencies) {
  const { db } = dependencies
  const { loadLeadSnapshot } = createLeadSnapshotActivities(dependencies)
  return {
    /**
     * v6's start-up in one local activity: the first score and the owner (round-robin, kept when set) in one
     * transaction, then the lead as the run goes on from. Each step answers the same when it runs again, so the
     * whole does too. The assignment comes last, so the round-robin lock is held only until the commit that
     * follows it; its timeline entry still comes first (decision 0062).
     */
    async startLead({ leadId, now }: { leadId: string; now: string }): Promise<LeadStart> {
      const { ownerId, scoring } = await db.$transaction(async (tx) => {
        const locked = await lockLead(tx, leadId)
        const scored = await scoreInTransaction(tx, leadId, now)
        const assignment = await assignOwnerInTransaction(tx, { leadId, now, currentOwnerId: locked.ownerId })
        const timeline = [...assignment.timeline, ...scored.timeline]
        if (timeline.length > 0) await tx.activity.createMany({ data: timeline })
        return { ownerId: assignment.ownerId, scoring: scored.result }
      }, leadTransactionOptions)
      const snapshot = await loadLeadSnapshot({ leadId })
      return { ownerId, scoring, snapshot }
    },
  }
}
