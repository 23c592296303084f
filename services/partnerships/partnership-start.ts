import type { Client } from '@temporalio/client'
import type { Database } from '../../lib/db'
import { logger } from '../../lib/logger'
import { startEntityWorkflow } from '../workflows/entity-workflow-client'
import { partnershipWorkflowOf, partnershipWorkflowTargetSelect } from './partnership-workflow'

/**
 * Starts the partnership of a deal just won, within the request's deadline. Best effort: when Temporal does not
 * answer, the row waits NOT_STARTED and the reconciler starts it once Temporal is back.
 */
export async function startPartnershipOfWonDeal(
  db: Database,
  temporal: Client,
  taskQueue: string,
  opportunityId: string,
): Promise<void> {
  const partnership = await db.partnership.findUnique({
    where: { opportunityId },
    select: partnershipWorkflowTargetSelect,
  })
  if (!partnership) return
  await startEntityWorkflow(temporal, partnershipWorkflowOf(partnership), taskQueue).catch((error: unknown) =>
    logger.warn('The partnership’s workflow could not be started now; the reconciler will', {
      partnershipId: partnership.id,
      error,
    }),
  )
}
