import type { leadWorkflow } from '../../workflows/lead'
import { leadWorkflowId } from '../../workflows/entity-ids'
import type { LeadWorkflowInput } from '../../workflows/lead-messages'
import { CrmEntityType, CrmLeadSource, CrmStage } from '../../workflows/search-attributes'
import type { EntityWorkflow } from '../workflows/entity-workflow-client'

// The lead's side of the entity workflow client: what its workflow is called and how it shows in the Temporal UI.

export interface LeadWorkflowTarget {
  id: string
  source: string
  status: string
}

/** The lead's workflow, `lead-<id>`. A closed run (a v1 lead) may be followed by a new one, which ends at once. */
export function leadWorkflowOf(
  lead: LeadWorkflowTarget,
  input: Omit<LeadWorkflowInput, 'leadId'> = {},
): EntityWorkflow<typeof leadWorkflow> {
  return {
    workflowType: 'leadWorkflow',
    workflowId: leadWorkflowId(lead.id),
    args: [{ leadId: lead.id, ...input }],
    searchAttributes: [
      { key: CrmEntityType, value: 'lead' },
      { key: CrmStage, value: lead.status },
      { key: CrmLeadSource, value: lead.source },
    ],
    summary: `Lead from ${lead.source.toLowerCase().replace(/_/g, ' ')}`,
  }
}
