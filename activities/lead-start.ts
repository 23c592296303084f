import { assignOwnerInTransaction } from './assignment'
import type { ActivityDependencies } from './dependencies'
import type { LeadStart, StartLeadInput } from './lead-lifecycle-contract'
import { lastTouchOf, leadSnapshotOf, leadSnapshotSelect } from './lead-snapshot'
import { workflowStateData } from './records'
import { scoreInTransaction, scoringSelect } from './scoring'
import { leadTransactionOptions, lockLead } from './transactions'

/** What the score and the snapshot are computed from, in one read: the relations both need, with both's columns. */
function startUpSelect(leadId: string) {
  const snapshot = leadSnapshotSelect(leadId)
  return {
    ...scoringSelect,
    ...snapshot,
    voiceSessions: {
      ...snapshot.voiceSessions,
      select: { ...snapshot.voiceSessions.select, ...scoringSelect.voiceSessions.select },
    },
    roiCalculations: {
      ...snapshot.roiCalculations,
      select: { ...snapshot.roiCalculations.select, ...scoringSelect.roiCalculations.select },
    },
    calendarBookings: {
      ...snapshot.calendarBookings,
      select: { ...snapshot.calendarBookings.select, ...scoringSelect.calendarBookings.select },
    },
  }
}

export function createLeadStartActivities({ db }: ActivityDependencies) {
  return {
    /**
     * v6's start-up in one local activity: the first score and the owner (round-robin, kept when set) in one
     * transaction, and the lead as the run goes on from. Each step answers the same when it runs again, so the
     * whole does too. The assignment comes last, so the round-robin lock is held only until the commit that
     * follows it; its timeline entry still comes first (decision 0062). The lead is read once, under its lock, and
     * the snapshot is that read with what this transaction wrote (decision 0063). With `projection` (v7) the run's
     * expected plan is written with the score (decision 0065).
     */
    async startLead({ leadId, now, projection }: StartLeadInput): Promise<LeadStart> {
      return db.$transaction(async (tx) => {
        const locked = await lockLead(tx, leadId)
        const read = await tx.lead.findUniqueOrThrow({ where: { id: leadId }, select: startUpSelect(leadId) })
        // The plan rides on the score's write: no statement of its own.
        const scored = await scoreInTransaction(tx, leadId, now, read, projection && workflowStateData(projection))
        const assignment = await assignOwnerInTransaction(tx, { leadId, now, currentOwnerId: locked.ownerId })
        const timeline = [...assignment.timeline, ...scored.timeline]
        if (timeline.length > 0) await tx.activity.createMany({ data: timeline })
        const { score, status, qualificationStage } = scored.result
        const snapshot = leadSnapshotOf(
          { ...read, leadScore: score, status, qualificationStage, assignedToId: assignment.ownerId },
          await lastTouchOf(tx, { id: leadId, status }),
        )
        return { ownerId: assignment.ownerId, scoring: scored.result, snapshot }
      }, leadTransactionOptions)
    },
  }
}
