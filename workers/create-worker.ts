import { fileURLToPath } from 'node:url'
import { type NativeConnection, Worker, type WorkflowBundleWithSourceMap } from '@temporalio/worker'
import { createActivities, type ActivityDependencies } from '../activities'

export const workflowsPath = fileURLToPath(new URL('../workflows/index.ts', import.meta.url))

export interface CrmWorkerOptions {
  connection: NativeConnection
  namespace: string
  taskQueue: string
  dependencies: ActivityDependencies
  /** A prebuilt bundle (tests bundle once); without it the worker bundles `workflows/` at start. */
  workflowBundle?: WorkflowBundleWithSourceMap
}

export function createCrmWorker({ connection, namespace, taskQueue, dependencies, workflowBundle }: CrmWorkerOptions) {
  return Worker.create({
    connection,
    namespace,
    taskQueue,
    activities: createActivities(dependencies),
    ...(workflowBundle ? { workflowBundle } : { workflowsPath }),
  })
}
