import { fileURLToPath } from 'node:url'
import {
  type ActivitySlotInfo,
  bundleWorkflowCode,
  type NativeConnection,
  Worker,
  type WorkflowBundleOption,
  type WorkflowSlotInfo,
} from '@temporalio/worker'
import type { Duration } from '@temporalio/common'
import { createActivities, type ActivityDependencies } from '../activities'
import type { WebBusySignal } from '../lib/web-busy'
import { yieldingSlotSupplier } from './yielding-slot-supplier'
import { cpuBudgetedSpacing, type CpuBudget } from './cpu-budgeted-spacing'
import { defaultWorkerMaxCachedWorkflows, defaultWorkerMaxConcurrentActivities, type AppConfig } from '../lib/config'

const workflowsPath = fileURLToPath(new URL('../workflows/index.ts', import.meta.url))

/** Webpack's report of every module is noise in a console; its warnings and errors are not. */
const quietBundlerLogger = {
  trace() {},
  debug() {},
  info() {},
  log() {},
  warn: (message: string, meta?: unknown) => console.warn(message, meta ?? ''),
  error: (message: string, meta?: unknown) => console.error(message, meta ?? ''),
}

/** The CRM's workflows bundled (seconds of webpack): ahead of a worker (scripts/bundle-workflows.ts) or per test file. */
export function bundleCrmWorkflows() {
  return bundleWorkflowCode({ workflowsPath, logger: quietBundlerLogger })
}

export interface CrmWorkerOptions {
  connection: NativeConnection
  namespace: string
  taskQueue: string
  dependencies: ActivityDependencies
  /** A prebuilt bundle (scripts/bundle-workflows.ts; tests bundle once); without it the worker bundles at start. */
  workflowBundle?: WorkflowBundleOption
  /** From lib/config.ts; omitted values take the measured defaults there. */
  sizing?: Partial<WorkerSizing>
  /** When given, the worker takes fewer tasks while the web process serves requests (decision 0060). */
  web?: Pick<WebBusySignal, 'isBusy' | 'onIdle'>
}

export type WorkerSizing = Pick<
  AppConfig,
  | 'WORKER_MAX_CACHED_WORKFLOWS'
  | 'WORKER_MAX_CONCURRENT_ACTIVITIES'
  | 'WORKER_MAX_CONCURRENT_WORKFLOW_TASKS'
  | 'WORKER_TARGET_CPU'
>

/**
 * At most this long between two heartbeats of one activity leaving the worker. The SDK's throttle (0.8 × the 30 s
 * heartbeat timeout) could hold an email's acceptance heartbeat for 24 s after a slow send's progress heartbeat, and
 * a worker killed in that time sent the message again (decision 0001); the few heartbeats more cost nothing.
 */
export const heartbeatThrottleInterval: Duration = '500 milliseconds'

/**
 * What a worker keeps running while the web process is busy: enough that a backlog still moves (two workflow task
 * slots, for the sticky and the normal queue, and one activity), and a new task at most every 250 ms of each kind,
 * so the requests get the machine's cores: fewer slots alone still let ~10 leads' work a second through, each
 * costing Temporal and PostgreSQL CPU too (bench/results/ingest.md, decision 0060). On a machine where those tasks
 * still take more than a tenth of a core, the spacing widens until they do not, up to 2 s (decision 0072).
 */
export const slotsWhileWebBusy = {
  workflowTasks: 2,
  activities: 1,
  cpuBudget: { share: 0.1, minimumMs: 250, maximumMs: 2_000, windowMs: 1_000 },
} satisfies { workflowTasks: number; activities: number; cpuBudget: CpuBudget }

/** The SDK's own defaults for the task kinds the CRM does not size (it has neither local activities nor Nexus). */
const unsizedSlots = { type: 'fixed-size', numSlots: 100 } as const

/** The worker options that decide its memory and throughput, chosen on purpose rather than left to the SDK. */
export function workerSizingOptions(sizing: Partial<WorkerSizing> = {}, web?: CrmWorkerOptions['web']) {
  const maxCachedWorkflows = sizing.WORKER_MAX_CACHED_WORKFLOWS ?? defaultWorkerMaxCachedWorkflows
  const maxConcurrentWorkflowTaskExecutions = sizing.WORKER_MAX_CONCURRENT_WORKFLOW_TASKS ?? 40
  // The SDK requires fewer concurrent workflow tasks than cached workflows (a task needs its run in the cache).
  const workflowTasks =
    maxCachedWorkflows === 0 ? 1 : Math.max(1, Math.min(maxConcurrentWorkflowTaskExecutions, maxCachedWorkflows - 1))
  const activities = sizing.WORKER_MAX_CONCURRENT_ACTIVITIES ?? defaultWorkerMaxConcurrentActivities
  // The SDK's default sizes the cache from the heap limit (~2,300 at 1.1–1.7 GiB resident); this bounds memory.
  if (sizing.WORKER_TARGET_CPU === undefined && web) {
    // One budget for both kinds of task: it is the process's CPU that the requests need.
    const spacingWhileWebBusyMs = cpuBudgetedSpacing(slotsWhileWebBusy.cpuBudget, web).spacingMs
    return {
      maxCachedWorkflows,
      tuner: {
        workflowTaskSlotSupplier: yieldingSlotSupplier<WorkflowSlotInfo>(
          { maximum: workflowTasks, whileWebBusy: slotsWhileWebBusy.workflowTasks, spacingWhileWebBusyMs },
          web,
        ),
        activityTaskSlotSupplier: yieldingSlotSupplier<ActivitySlotInfo>(
          { maximum: activities, whileWebBusy: slotsWhileWebBusy.activities, spacingWhileWebBusyMs },
          web,
        ),
        localActivityTaskSlotSupplier: unsizedSlots,
        nexusTaskSlotSupplier: unsizedSlots,
      },
    }
  }
  if (sizing.WORKER_TARGET_CPU === undefined)
    return {
      maxCachedWorkflows,
      maxConcurrentWorkflowTaskExecutions: workflowTasks,
      maxConcurrentActivityTaskExecutions: activities,
    }
  // A worker sharing its machine with the web process yields to it: above the target CPU it takes no new task
  // beyond its minimum, so a backlog drains in the web process's idle time (decision 0058).
  return {
    maxCachedWorkflows,
    tuner: {
      tunerOptions: { targetCpuUsage: sizing.WORKER_TARGET_CPU, targetMemoryUsage: 0.9 },
      workflowTaskSlotOptions: { minimumSlots: 2, maximumSlots: Math.max(2, workflowTasks) },
      activityTaskSlotOptions: { minimumSlots: 1, maximumSlots: activities },
    },
  }
}

/** Every option of the CRM's worker but its connection, queue, activities and workflows. */
export function crmWorkerOptions(sizing: Partial<WorkerSizing> = {}, web?: CrmWorkerOptions['web']) {
  return { ...workerSizingOptions(sizing, web), maxHeartbeatThrottleInterval: heartbeatThrottleInterval }
}

export function createCrmWorker({
  connection,
  namespace,
  taskQueue,
  dependencies,
  workflowBundle,
  sizing,
  web,
}: CrmWorkerOptions) {
  return Worker.create({
    connection,
    namespace,
    taskQueue,
    ...crmWorkerOptions(sizing, web),
    activities: createActivities(dependencies),
    ...(workflowBundle ? { workflowBundle } : { workflowsPath }),
  })
}
