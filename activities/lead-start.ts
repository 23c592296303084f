import { createAssignmentActivities } from './assignment'
import type { ActivityDependencies } from './dependencies'
import type { LeadStart } from './lead-lifecycle-contract'
import { createLeadSnapshotActivities } from './lead-snapshot'
import { createScoringActivities } from './scoring'

export function createLeadStartActivities(dependencies: ActivityDependencies) {
  const { assignLeadOwner } = createAssignmentActivities(dependencies)
  const { rescoreLead } = createScoringActivities(dependencies)
  const { loadLeadSnapshot } = createLeadSnapshotActivities(dependencies)
  return {
    /**
     * v6's start-up in one local activity: the owner (round-robin, kept when set), the first score, then the lead
     * as the run goes on from. Each step answers the same when it runs again, so the whole does too.
     */
    async startLead({ leadId, now }: { leadId: string; now: string }): Promise<LeadStart> {
      const assignment = await assignLeadOwner({ leadId, now })
      const scoring = await rescoreLead({ leadId, now })
      const snapshot = await loadLeadSnapshot({ leadId })
      return { ownerId: assignment.ownerId, scoring, snapshot }
    },
  }
}
