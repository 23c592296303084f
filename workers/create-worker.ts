import { fileURLToPath } from 'node:url'
import { type NativeConnection, Worker, type WorkflowBundleWithSourceMap } from '@temporalio/worker'
import type { Duration } from '@temporalio/common'
import { createActivities, type ActivityDependencies } from '../activities'
import { defaultWorkerMaxCachedWorkflows, defaultWorkerMaxConcurrentActivities, type AppConfig } from '../lib/config'

export const workflowsPath = fileURLToPath(new URL('../workflows/index.ts', import.meta.url))

export interface CrmWorkerOptions {
  connection: NativeConnection
  namespace: string
  taskQueue: string
  dependencies: ActivityDependencies
  /** A prebuilt bundle (tests bundle once); without it the worker bundles `workflows/` at start. */
  workflowBundle?: WorkflowBundleWithSourceMap
  /** From lib/config.ts; omitted values take the measured defaults there. */
  sizing?: Partial<WorkerSizing>
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

/** The worker options that decide its memory and throughput, chosen on purpose rather than left to the SDK. */
export function workerSizingOptions(sizing: Partial<WorkerSizing> = {}) {
  const maxCachedWorkflows = sizing.WORKER_MAX_CACHED_WORKFLOWS ?? defaultWorkerMaxCachedWorkflows
  const maxConcurrentWorkflowTaskExecutions = sizing.WORKER_MAX_CONCURRENT_WORKFLOW_TASKS ?? 40
  // The SDK requires fewer concurrent workflow tasks than cached workflows (a task needs its run in the cache).
  const workflowTasks =
    maxCachedWorkflows === 0 ? 1 : Math.max(1, Math.min(maxConcurrentWorkflowTaskExecutions, maxCachedWorkflows - 1))
  const activities = sizing.WORKER_MAX_CONCURRENT_ACTIVITIES ?? defaultWorkerMaxConcurrentActivities
  // The SDK's default sizes the cache from the heap limit (~2,300 at 1.1–1.7 GiB resident); this bounds memory.
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
export function crmWorkerOptions(sizing: Partial<WorkerSizing> = {}) {
  return { ...workerSizingOptions(sizing), maxHeartbeatThrottleInterval: heartbeatThrottleInterval }
}

export function createCrmWorker({
  connection,
  namespace,
  taskQueue,
  dependencies,
  workflowBundle,
  sizing,
}: CrmWorkerOptions) {
  return Worker.create({
    connection,
    namespace,
    taskQueue,
    ...crmWorkerOptions(sizing),
    activities: createActivities(dependencies),
    ...(workflowBundle ? { workflowBundle } : { workflowsPath }),
  })
}
