import type { FieldError } from '../../domain/validation/field-errors'

/** The input refers to something the CRM does not have (yet): 409, and a webhook sender will retry. */
export class IngestionConflict extends Error {
  readonly errors: FieldError[]
  constructor(field: string, message: string) {
    super(`${field} ${message}`)
    this.name = 'IngestionConflict'
    this.errors = [{ field, message }]
  }
}

/** The records are written but the lead's workflow could not be told: 503; a retry of the same input finishes it. */
export class LeadWorkflowUnavailable extends Error {
  constructor(cause: unknown) {
    super(`The lead's workflow could not be reached: ${cause instanceof Error ? cause.message : String(cause)}`)
    this.name = 'LeadWorkflowUnavailable'
  }
}
