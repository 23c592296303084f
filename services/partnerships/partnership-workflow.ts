import type { partnershipWorkflow } from '../../workflows/partnership'
import type { PartnershipWorkflowInput } from '../../workflows/partnership-messages'
import { partnershipWorkflowId } from '../../workflows/entity-ids'
import { CrmEntityType, CrmOwner, CrmStage, CrmTier } from '../../workflows/search-attributes'
import { WorkflowNotFoundError, type Client } from '@temporalio/client'
import { meetingScheduleChangedSignal, type MeetingScheduleChanged } from '../../workflows/partnership-work-messages'
import { signalRunningWorkflow, type EntityWorkflow } from '../workflows/entity-workflow-client'

// The partnership's side of the entity workflow client: what its workflow is called and how it shows in Temporal.

export interface PartnershipWorkflowTarget {
  id: string
  tier: string
  status: string
  ownerId: string | null
}

/** The partnership's workflow, `partnership-<id>`, from Closed Won until it graduates or churns. */
export function partnershipWorkflowOf(
  partnership: PartnershipWorkflowTarget,
  input: Omit<PartnershipWorkflowInput, 'partnershipId'> = {},
): EntityWorkflow<typeof partnershipWorkflow> {
  return {
    workflowType: 'partnershipWorkflow',
    workflowId: partnershipWorkflowId(partnership.id),
    args: [{ partnershipId: partnership.id, ...input }],
    searchAttributes: [
      { key: CrmEntityType, value: 'partnership' },
      { key: CrmStage, value: partnership.status },
      { key: CrmTier, value: partnership.tier },
      ...(partnership.ownerId ? [{ key: CrmOwner, value: partnership.ownerId }] : []),
    ],
    summary: `Partnership: ${partnership.tier.toLowerCase()} tier, ${partnership.status.toLowerCase()}`,
  }
}

/** What the client reads of a partnership to address its workflow. */
export const partnershipWorkflowTargetSelect = { id: true, tier: true, status: true, ownerId: true } as const

export { endedPartnershipStatuses } from '../../domain/partnerships/partnership-changes'

/**
 * The running partnership hears that its weekly slot or its client's clock changed. An ended or not yet started run
 * has nothing to tell: it reads both from the rows when it next starts.
 */
export async function tellPartnershipMeetingsChanged(
  temporal: Client,
  partnershipId: string,
  change: MeetingScheduleChanged,
): Promise<void> {
  await signalRunningWorkflow(
    temporal,
    partnershipWorkflowId(partnershipId),
    meetingScheduleChangedSignal,
    change,
  ).catch((error: unknown) => {
    if (!(error instanceof WorkflowNotFoundError)) throw error
  })
}
