import {
  WithStartWorkflowOperation,
  WorkflowIdConflictPolicy,
  WorkflowIdReusePolicy,
  type Client,
  type WorkflowStartOptions,
} from '@temporalio/client'
import type {
  QueryDefinition,
  SearchAttributePair,
  SignalDefinition,
  UpdateDefinition,
  Workflow,
} from '@temporalio/common'
import { pendingWorkflowRestartAfterMs } from '../../domain/leads/workflow-due'

// The one way the web process (API routes, Remix loaders and actions, webhooks, the reconciler) and the seed talk to
// an entity's workflow: a lead's today, a deal's and a partnership's tomorrow. An entity describes its workflow
// (type, id, arguments, search attributes, summary); how it is started, signalled, updated and asked, and how long a
// caller waits for Temporal, are decided here once.

/**
 * How long one call may wait for Temporal. A healthy server answers a start, signal or query in milliseconds (tens
 * under load); what takes seconds is a server that is down or unreachable, where gRPC's own retries would hold a
 * person at the form for 13–16 s before refusing. Two seconds is long enough for a busy server and a workflow
 * query that replays an evicted run, and short enough that the caller can still answer in time (202 for a lead,
 * 503 for an action) while the reconciler finishes the job once Temporal is back.
 */
export const workflowCallDeadlineMs = 2_000

/**
 * An update waits for the workflow to do the action (read, write, alert) before it answers, so it gets longer: a
 * person who clicked an action waits at most this long, then hears that it could not be done now.
 */
export const workflowUpdateDeadlineMs = 10_000

/** What an entity says about its workflow; everything else about starting it is the same for every entity. */
export interface EntityWorkflow<W extends Workflow = Workflow> {
  /** The workflow function's name as the worker registers it, e.g. `leadWorkflow`. */
  workflowType: string
  /** The business id (`lead-<id>`, `deal-<id>`, `partnership-<id>`): one run per record. */
  workflowId: string
  args: Parameters<W>
  /** What an operator filters on in the Temporal UI; never personal data (stored unencrypted). */
  searchAttributes: SearchAttributePair[]
  /** One line the Temporal UI shows for the run. */
  summary: string
  /**
   * After its run closed, may the id run again? `allow` (the default) for records whose late events restart
   * their workflow, `reject` for one-shot workflows (a redelivered start then finds the closed run: nothing to do).
   */
  rerunAfterClose?: 'allow' | 'reject'
}

type SignalWithStartOptions = Parameters<Client['workflow']['signalWithStart']>[1]

/** Temporal gave no answer within `workflowCallDeadlineMs` (down, unreachable, or overloaded). */
export class WorkflowCallTimedOut extends Error {
  constructor(workflowId: string, deadlineMs: number) {
    super(`Temporal did not answer within ${deadlineMs / 1000} s (workflow ${workflowId})`)
    this.name = 'WorkflowCallTimedOut'
  }
}

/** Start options of an entity's workflow. Starting twice is harmless: an existing run is used, not duplicated. */
export function entityWorkflowStartOptions(entity: EntityWorkflow, taskQueue: string) {
  return {
    workflowId: entity.workflowId,
    taskQueue,
    args: entity.args as unknown[],
    typedSearchAttributes: entity.searchAttributes,
    staticSummary: entity.summary,
    workflowIdReusePolicy:
      entity.rerunAfterClose === 'reject'
        ? WorkflowIdReusePolicy.REJECT_DUPLICATE
        : WorkflowIdReusePolicy.ALLOW_DUPLICATE,
    workflowIdConflictPolicy: WorkflowIdConflictPolicy.USE_EXISTING,
  } satisfies WorkflowStartOptions
}

/**
 * Runs one call to Temporal within the deadline. The gRPC deadline ends the call on the wire; the timer ends the
 * wait even while the SDK sleeps between its own retries (measured: a 2.5 s gRPC deadline alone answered after up
 * to 3.8 s against a closed port). A call that still lands later is harmless: every start is idempotent.
 */
export async function withinWorkflowDeadline<T>(
  temporal: Client,
  workflowId: string,
  call: () => Promise<T>,
  deadlineMs: number = workflowCallDeadlineMs,
): Promise<T> {
  let timer: NodeJS.Timeout | undefined
  const timedOut = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new WorkflowCallTimedOut(workflowId, deadlineMs)), deadlineMs)
  })
  const answered = temporal.connection.withDeadline(Date.now() + deadlineMs, call)
  // The losing side must not surface as an unhandled rejection.
  answered.catch(() => {})
  try {
    return await Promise.race([answered, timedOut])
  } finally {
    clearTimeout(timer)
  }
}

/**
 * When this process last started each workflow, oldest first, per client (one per process; tests hold several).
 * Behind a worker's backlog a record still reads NOT_STARTED after its request started the workflow: the reconciler
 * reads this so as not to start it again (decision 0061). Entries older than the reconciler's restart interval say
 * nothing any more and are dropped as new ones come.
 */
const recentStarts = new WeakMap<Client, Map<string, number>>()

function noteStarted(temporal: Client, workflowId: string, atMs = Date.now()): void {
  let starts = recentStarts.get(temporal)
  if (!starts) recentStarts.set(temporal, (starts = new Map()))
  starts.delete(workflowId)
  starts.set(workflowId, atMs)
  for (const [oldest, startedAtMs] of starts) {
    if (atMs - startedAtMs < pendingWorkflowRestartAfterMs) break
    starts.delete(oldest)
  }
}

/** When this process last started this workflow (or signalled or updated it with start), if it did lately. */
export function lastStartedAt(temporal: Client, workflowId: string): number | undefined {
  return recentStarts.get(temporal)?.get(workflowId)
}

/** Starts the entity's workflow unless it runs already. */
export async function startEntityWorkflow(temporal: Client, entity: EntityWorkflow, taskQueue: string): Promise<void> {
  await withinWorkflowDeadline(temporal, entity.workflowId, () =>
    temporal.workflow.start(entity.workflowType, entityWorkflowStartOptions(entity, taskQueue)),
  )
  noteStarted(temporal, entity.workflowId)
}

/** Delivers a signal to the entity's workflow, starting the workflow when it is not running. */
export async function signalEntityWorkflow<Args extends unknown[]>(
  temporal: Client,
  entity: EntityWorkflow,
  taskQueue: string,
  signal: SignalDefinition<Args>,
  ...signalArgs: Args
): Promise<void> {
  await withinWorkflowDeadline(temporal, entity.workflowId, () =>
    temporal.workflow.signalWithStart(entity.workflowType, {
      ...entityWorkflowStartOptions(entity, taskQueue),
      signal,
      signalArgs,
    } as SignalWithStartOptions),
  )
  noteStarted(temporal, entity.workflowId)
}

/** Runs an update (an action that needs an answer) on the entity's workflow, starting the workflow first if needed. */
export async function executeEntityUpdate<Ret, Args extends unknown[]>(
  temporal: Client,
  entity: EntityWorkflow,
  taskQueue: string,
  update: UpdateDefinition<Ret, Args>,
  ...args: Args
): Promise<Ret> {
  const answer = await withinWorkflowDeadline(
    temporal,
    entity.workflowId,
    () =>
      temporal.workflow.executeUpdateWithStart(update, {
        args,
        startWorkflowOperation: new WithStartWorkflowOperation(
          entity.workflowType,
          entityWorkflowStartOptions(entity, taskQueue),
        ),
      }),
    workflowUpdateDeadlineMs,
  )
  noteStarted(temporal, entity.workflowId)
  return answer
}

/** Runs a short workflow to its end and answers its result (started once: a second call waits for the same run). */
export async function executeEntityWorkflow<W extends Workflow>(
  temporal: Client,
  entity: EntityWorkflow<W>,
  taskQueue: string,
): Promise<Awaited<ReturnType<W>>> {
  return withinWorkflowDeadline(
    temporal,
    entity.workflowId,
    async (): Promise<Awaited<ReturnType<W>>> => {
      const handle = await temporal.workflow.start(entity.workflowType, entityWorkflowStartOptions(entity, taskQueue))
      return (await handle.result()) as Awaited<ReturnType<W>>
    },
    workflowUpdateDeadlineMs,
  )
}

/** Signals a workflow that is running already; never starts one (throws WorkflowNotFoundError when there is none). */
export async function signalRunningWorkflow<Args extends unknown[]>(
  temporal: Client,
  workflowId: string,
  signal: SignalDefinition<Args>,
  ...args: Args
): Promise<void> {
  await withinWorkflowDeadline(temporal, workflowId, () =>
    temporal.workflow.getHandle(workflowId).signal(signal, ...args),
  )
}

/** Asks a workflow's query (its latest run). */
export async function queryEntityWorkflow<Ret, Args extends unknown[]>(
  temporal: Client,
  workflowId: string,
  query: QueryDefinition<Ret, Args>,
  ...args: Args
): Promise<Ret> {
  return withinWorkflowDeadline(temporal, workflowId, () =>
    temporal.workflow.getHandle(workflowId).query(query, ...args),
  )
}
