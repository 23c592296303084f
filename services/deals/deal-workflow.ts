import type { dealWorkflow } from '../../workflows/deal'
import type { DealWorkflowInput } from '../../workflows/deal-messages'
import { dealWorkflowId } from '../../workflows/entity-ids'
import { CrmEntityType, CrmOwner, CrmStage, CrmTier } from '../../workflows/search-attributes'
import { stagePolicies, type PipelineStage } from '../../domain/deals/pipeline-policy'
import type { EntityWorkflow } from '../workflows/entity-workflow-client'

// The deal's side of the entity workflow client: what its workflow is called and how it shows in the Temporal UI.

export interface DealWorkflowTarget {
  id: string
  name: string
  stage: PipelineStage
  tier: string
  ownerId: string | null
}

/** The deal's workflow, `deal-<id>`. A lost deal's closed run may be followed by a new one when it is reopened. */
export function dealWorkflowOf(
  deal: DealWorkflowTarget,
  input: Omit<DealWorkflowInput, 'opportunityId'> = {},
): EntityWorkflow<typeof dealWorkflow> {
  return {
    workflowType: 'dealWorkflow',
    workflowId: dealWorkflowId(deal.id),
    args: [{ opportunityId: deal.id, ...input }],
    searchAttributes: [
      { key: CrmEntityType, value: 'deal' },
      { key: CrmStage, value: deal.stage },
      { key: CrmTier, value: deal.tier },
      ...(deal.ownerId ? [{ key: CrmOwner, value: deal.ownerId }] : []),
    ],
    summary: `Deal: ${deal.tier.toLowerCase()} tier, ${stagePolicies[deal.stage].label}`,
  }
}

/** What the client reads of a deal to address its workflow. */
export const dealWorkflowTargetSelect = { id: true, name: true, stage: true, tier: true, ownerId: true } as const
