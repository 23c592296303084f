import { toFieldErrors, type FieldError } from '../../domain/validation/field-errors'
import { Problem, problemCodeForStatus } from '../problems/problem'

export type { FieldError }
export { toFieldErrors }

/** A record service's refusal, written as the status it deserves: a Problem like every other. */
export class ResourceProblem extends Problem {
  constructor(status: 400 | 403 | 404 | 409, message: string, fields: FieldError[] = []) {
    super(problemCodeForStatus(status), message, { fields })
    this.name = 'ResourceProblem'
  }
}
