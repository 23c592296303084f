import type { FieldError } from '../../domain/validation/field-errors'
import { Problem } from '../problems/problem'

/** The input refers to something the CRM does not have (yet): 409, and a webhook sender will retry. */
export class IngestionConflict extends Problem {
  constructor(field: string, message: string) {
    const fields: FieldError[] = [{ field, message }]
    super('conflict', `${field} ${message}`, { fields })
    this.name = 'IngestionConflict'
  }
}

/** The records are written but the lead's workflow could not be told: 503; a retry of the same input finishes it. */
export class LeadWorkflowUnavailable extends Problem {
  constructor(cause: unknown) {
    super(
      'workflow-engine-unavailable',
      `The lead's workflow could not be reached (Temporal is not answering); the records are kept, send the same request again to finish`,
      { cause },
    )
    this.name = 'LeadWorkflowUnavailable'
  }
}
