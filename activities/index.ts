import type { ActivityDependencies } from './dependencies'
import { createEmailActivities } from './email'
import { createRecordActivities } from './records'

export type { ActivityDependencies } from './dependencies'

/** Every activity the worker registers, built from injected clients. */
export function createActivities(dependencies: ActivityDependencies) {
  return {
    ...createRecordActivities(dependencies),
    ...createEmailActivities(dependencies),
  }
}

export type LeadActivities = ReturnType<typeof createActivities>
