import type { Client } from '@temporalio/client'
import type { Database } from '../../lib/db'
import { logger } from '../../lib/logger'
import { leadWorkflowDue, openLeadStatuses, pendingWorkflowMinAgeMs } from '../../domain/leads/workflow-due'
import { leadWorkflowOf } from '../leads/lead-workflow'
import { startEntityWorkflow } from './entity-workflow-client'

// A record whose workflow has not started yet (workflowStatus NOT_STARTED) is the durable queue of workflows to
// start: the request that wrote it tries first, within its deadline; when Temporal did not answer, this loop
// starts it once Temporal is back. It reads only rows that exist and never deletes any, so it can neither leave
// a row without its workflow nor start a workflow for a row that is not there. Starting is idempotent (the
// business id with USE_EXISTING), so racing the request or a second web process starts nothing twice.

export interface WorkflowReconcilerDependencies {
  db: Database
  temporal: Client
  taskQueue: string
}

export interface ReconcilePass {
  /** Workflows this pass started (or found already running). */
  started: number
  /** False when Temporal did not answer: the pass stopped early and the next one tries again. */
  temporalAnswered: boolean
}

const pageSize = 100

export interface WorkflowReconciler {
  /** One pass now (tests, and the loop itself). */
  reconcileOnce(now?: Date): Promise<ReconcilePass>
  /** Stops the loop and waits for a pass in flight to finish. */
  stop(): Promise<void>
}

/**
 * Starts the reconciler's loop: a pass every `intervalMs` (the first one at once, so leads recorded while the web
 * process was down are picked up at start-up). `intervalMs: null` runs no loop; passes run only when called.
 */
export function startWorkflowReconciler(
  dependencies: WorkflowReconcilerDependencies,
  { intervalMs = 5_000 }: { intervalMs?: number | null } = {},
): WorkflowReconciler {
  const { db, temporal, taskQueue } = dependencies
  /** When this process last started each lead's workflow: behind a worker backlog the row still reads NOT_STARTED. */
  const lastStarted = new Map<string, number>()
  let stopped = false
  let timer: NodeJS.Timeout | undefined
  let inFlight: Promise<unknown> = Promise.resolve()

  async function reconcileOnce(now: Date = new Date()): Promise<ReconcilePass> {
    const nowMs = now.getTime()
    let started = 0
    let after: { createdAt: Date; id: string } | null = null
    const seen = new Set<string>()
    for (;;) {
      const page: { id: string; source: string; status: string; workflowStatus: string; createdAt: Date }[] =
        await db.lead.findMany({
          where: {
            workflowStatus: 'NOT_STARTED',
            status: { in: [...openLeadStatuses] },
            createdAt: { lte: new Date(nowMs - pendingWorkflowMinAgeMs) },
            ...(after
              ? { OR: [{ createdAt: { gt: after.createdAt } }, { createdAt: after.createdAt, id: { gt: after.id } }] }
              : {}),
          },
          select: { id: true, source: true, status: true, workflowStatus: true, createdAt: true },
          orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
          take: pageSize,
        })
      for (const lead of page) {
        seen.add(lead.id)
        if (stopped) return { started, temporalAnswered: true }
        if (!leadWorkflowDue({ ...lead, createdAtMs: lead.createdAt.getTime() }, nowMs, lastStarted.get(lead.id)))
          continue
        try {
          await startEntityWorkflow(temporal, leadWorkflowOf(lead), taskQueue)
        } catch (error) {
          // Temporal is still away: the rows wait, the next pass tries again.
          logger.warn('The workflow reconciler could not reach Temporal; it tries again shortly', {
            leadId: lead.id,
            error,
          })
          return { started, temporalAnswered: false }
        }
        lastStarted.set(lead.id, nowMs)
        started += 1
      }
      if (page.length < pageSize) break
      const last = page[page.length - 1]!
      after = { createdAt: last.createdAt, id: last.id }
    }
    // Forget leads whose workflow has written its projection (they no longer read NOT_STARTED).
    for (const id of lastStarted.keys()) if (!seen.has(id)) lastStarted.delete(id)
    if (started > 0) logger.info('The workflow reconciler started pending workflows', { started })
    return { started, temporalAnswered: true }
  }

  function schedule(delayMs: number) {
    if (stopped || intervalMs === null) return
    timer = setTimeout(() => {
      inFlight = reconcileOnce()
        .catch((error: unknown) => logger.error('The workflow reconciler pass failed', { error }))
        .finally(() => schedule(intervalMs))
    }, delayMs)
  }
  schedule(0)

  return {
    reconcileOnce: (now) => {
      const pass = reconcileOnce(now)
      inFlight = pass.catch(() => {})
      return pass
    },
    async stop() {
      stopped = true
      clearTimeout(timer)
      await inFlight
    },
  }
}
