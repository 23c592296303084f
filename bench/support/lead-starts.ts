import { randomUUID } from 'node:crypto'
import { leadWorkflowOf, leadWorkflowTargetSelect } from '../../services/leads/lead-workflow'
import { entityWorkflowStartOptions } from '../../services/workflows/entity-workflow-client'
import type { BenchStack } from './bench-stack'
import { inParallel } from './bench-stack'

/** Rows written per batch, then their workflows started 16 at a time: a capture starts one lead at a time. */
const batch = 1_000

/**
 * Writes `count` website leads and starts their workflows as capturing a lead starts them: from the row as read,
 * with its search attributes. Returns once every start is answered (not once the workflows have run).
 */
export async function writeAndStartLeads(
  stack: Pick<BenchStack, 'db' | 'client'>,
  taskQueue: string,
  count: number,
  label: string,
): Promise<void> {
  for (let written = 0; written < count; written += batch) {
    const leads = await stack.db.lead.createManyAndReturn({
      data: Array.from({ length: Math.min(batch, count - written) }, (_, index) => ({
        email: `${label}-${written + index}-${randomUUID()}@bench.example`,
        firstName: 'Bench',
        source: 'WEBSITE' as const,
      })),
      select: leadWorkflowTargetSelect,
    })
    await inParallel(leads, 16, (lead) => {
      const workflow = leadWorkflowOf(lead)
      return stack.client.workflow.start(workflow.workflowType, entityWorkflowStartOptions(workflow, taskQueue))
    })
  }
}
