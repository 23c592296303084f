import type { leadWorkflow } from '../../workflows/lead'
import { leadWorkflowId } from '../../workflows/entity-ids'
import type { LeadAtStart, LeadWorkflowInput } from '../../workflows/lead-messages'
import { CrmEntityType, CrmLeadSource, CrmStage } from '../../workflows/search-attributes'
import type { EntityWorkflow } from '../workflows/entity-workflow-client'
import { enumWordsInline } from '../../domain/records/enum-words'

// The lead's side of the entity workflow client: what its workflow is called and how it shows in the Temporal UI.

export interface LeadWorkflowTarget {
  id: string
  source: string
  status: string
  /** With these four a new run starts as v6, from the lead as read here (decision 0044). */
  createdAt?: Date
  assignedToId?: string | null
  leadScore?: number
  qualificationStage?: string
}

/** What a caller that starts lead workflows selects, so each new run starts from the lead as it read it. */
export const leadWorkflowTargetSelect = {
  id: true,
  source: true,
  status: true,
  createdAt: true,
  assignedToId: true,
  leadScore: true,
  qualificationStage: true,
} as const

function atStartOf(lead: LeadWorkflowTarget): LeadAtStart | undefined {
  const { createdAt, assignedToId, leadScore, qualificationStage } = lead
  if (!createdAt || assignedToId === undefined || leadScore === undefined || !qualificationStage) return undefined
  return {
    source: lead.source,
    createdAt: createdAt.toISOString(),
    status: lead.status as LeadAtStart['status'],
    qualificationStage: qualificationStage as LeadAtStart['qualificationStage'],
    score: leadScore,
    ownerId: assignedToId,
  }
}

/** The lead's workflow, `lead-<id>`. A closed run (a v1 lead) may be followed by a new one, which ends at once. */
export function leadWorkflowOf(
  lead: LeadWorkflowTarget,
  input: Omit<LeadWorkflowInput, 'leadId'> = {},
): EntityWorkflow<typeof leadWorkflow> {
  return {
    workflowType: 'leadWorkflow',
    workflowId: leadWorkflowId(lead.id),
    args: [{ leadId: lead.id, atStart: atStartOf(lead), ...input }],
    searchAttributes: [
      { key: CrmEntityType, value: 'lead' },
      { key: CrmStage, value: lead.status },
      { key: CrmLeadSource, value: lead.source },
    ],
    summary: `Lead from ${enumWordsInline(lead.source)}`,
  }
}
