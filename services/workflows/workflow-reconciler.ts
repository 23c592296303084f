import type { Client } from '@temporalio/client'
import type { Database } from '../../lib/db'
import { logger } from '../../lib/logger'
import { startRepeatingPass } from '../../lib/repeating-pass'
import {
  entityWorkflowDue,
  openLeadStatuses,
  pendingWorkflowMinAgeMs,
  pendingWorkflowRestartAfterMs,
} from '../../domain/leads/workflow-due'
import { dealWorkflowOf, dealWorkflowTargetSelect } from '../deals/deal-workflow'
import { leadWorkflowOf, leadWorkflowTargetSelect } from '../leads/lead-workflow'
import {
  endedPartnershipStatuses,
  partnershipWorkflowOf,
  partnershipWorkflowTargetSelect,
} from '../partnerships/partnership-workflow'
import { lastStartedAt, startEntityWorkflow, type EntityWorkflow } from './entity-workflow-client'

// A record whose workflow has not started yet (workflowStatus NOT_STARTED) is the durable queue of workflows to
// start: the request that wrote it tries first, within its deadline; when Temporal did not answer, this loop
// starts it once Temporal is back. It reads only rows that exist and never deletes any, so it can neither leave
// a row without its workflow nor start a workflow for a row that is not there. Starting is idempotent (the
// business id with USE_EXISTING), so racing the request or a second web process starts nothing twice.
//
// Behind a backlog (workers slower than the requests) thousands of rows read NOT_STARTED although their requests
// started them. A pass therefore goes on from where the one before stopped and reads only rows written since; every
// `pendingWorkflowRestartAfterMs` a pass reads them all again, for a row committed late or a start that never ran
// (decision 0062).

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

interface PendingRecord {
  id: string
  createdAt: Date
  open: boolean
  workflowStatus: string
  workflow: EntityWorkflow
}

type PageWindow = { AND: object[] }

/** Where a kind's pass stopped: the last row it looked at, oldest first. */
type Cursor = { createdAt: Date; id: string }

/** A kind of record with a workflow, and the page of its rows still waiting for one, oldest first. */
interface PendingKind {
  name: 'lead' | 'deal' | 'partnership'
  pending(db: Database, window: PageWindow): Promise<PendingRecord[]>
}

const oldestFirst = [{ createdAt: 'asc' as const }, { id: 'asc' as const }]
const closedStages = ['CLOSED_WON', 'CLOSED_LOST'] as const

const pendingKinds: PendingKind[] = [
  {
    name: 'lead',
    async pending(db, window) {
      const leads = await db.lead.findMany({
        where: { workflowStatus: 'NOT_STARTED', status: { in: [...openLeadStatuses] }, ...window },
        select: { ...leadWorkflowTargetSelect, workflowStatus: true },
        orderBy: oldestFirst,
        take: pageSize,
      })
      return leads.map((lead) => ({
        ...lead,
        open: (openLeadStatuses as readonly string[]).includes(lead.status),
        workflow: leadWorkflowOf(lead),
      }))
    },
  },
  {
    name: 'deal',
    async pending(db, window) {
      const deals = await db.opportunity.findMany({
        where: { workflowStatus: 'NOT_STARTED', stage: { notIn: [...closedStages] }, ...window },
        select: { ...dealWorkflowTargetSelect, workflowStatus: true, createdAt: true },
        orderBy: oldestFirst,
        take: pageSize,
      })
      return deals.map((deal) => ({ ...deal, open: true, workflow: dealWorkflowOf(deal) }))
    },
  },
  {
    // A won deal's partnership (its row written with the move to Closed Won) until it graduates or churns.
    name: 'partnership',
    async pending(db, window) {
      const partnerships = await db.partnership.findMany({
        where: { workflowStatus: 'NOT_STARTED', status: { notIn: [...endedPartnershipStatuses] }, ...window },
        select: { ...partnershipWorkflowTargetSelect, workflowStatus: true, createdAt: true },
        orderBy: oldestFirst,
        take: pageSize,
      })
      return partnerships.map((partnership) => ({
        ...partnership,
        open: true,
        workflow: partnershipWorkflowOf(partnership),
      }))
    },
  },
]

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
  const lookedAtThrough = new Map<PendingKind['name'], Cursor>()
  let wholeScanAtMs: number | undefined
  async function reconcileOnce(now: Date = new Date()): Promise<ReconcilePass> {
    const nowMs = now.getTime()
    const wholeScan = wholeScanAtMs === undefined || nowMs - wholeScanAtMs >= pendingWorkflowRestartAfterMs
    if (wholeScan) lookedAtThrough.clear()
    let started = 0
    for (const kind of pendingKinds) {
      for (;;) {
        const after = lookedAtThrough.get(kind.name)
        const page = await kind.pending(db, {
          AND: [
            { createdAt: { lte: new Date(nowMs - pendingWorkflowMinAgeMs) } },
            // `gte` as well as the OR, so PostgreSQL reads the createdAt index from the cursor on.
            ...(after
              ? [
                  { createdAt: { gte: after.createdAt } },
                  { OR: [{ createdAt: { gt: after.createdAt } }, { id: { gt: after.id } }] },
                ]
              : []),
          ],
        })
        for (const row of page) {
          if (loop.stopped()) return { started, temporalAnswered: true }
          const lastStartedAtMs = lastStartedAt(temporal, row.workflow.workflowId)
          if (entityWorkflowDue({ ...row, createdAtMs: row.createdAt.getTime() }, nowMs, lastStartedAtMs)) {
            try {
              await startEntityWorkflow(temporal, row.workflow, taskQueue)
            } catch (error) {
              // Temporal is still away: this row and those after it wait, the next pass tries again.
              logger.warn('The workflow reconciler could not reach Temporal; it tries again shortly', {
                [`${kind.name}Id`]: row.id,
                error,
              })
              return { started, temporalAnswered: false }
            }
            started += 1
          }
          lookedAtThrough.set(kind.name, { createdAt: row.createdAt, id: row.id })
        }
        if (page.length < pageSize) break
      }
    }
    if (wholeScan) wholeScanAtMs = nowMs
    if (started > 0) logger.info('The workflow reconciler started pending workflows', { started })
    return { started, temporalAnswered: true }
  }

  const loop = startRepeatingPass('workflow reconciler', reconcileOnce, { intervalMs, firstDelayMs: 0 })
  return { reconcileOnce: loop.runOnce, stop: loop.stop }
}
