import { ApplicationFailure } from '@temporalio/activity'

/** The lead was deleted: retrying cannot help, and the workflow ends the lead's process. */
export function leadNotFound(leadId: string): ApplicationFailure {
  return ApplicationFailure.nonRetryable(`Lead ${leadId} does not exist`, 'LeadNotFound')
}
