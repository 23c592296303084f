import { toFieldErrors, type FieldError } from '../../domain/validation/field-errors'

export type { FieldError }
export { toFieldErrors }

/** A refusal a handler can throw; the router turns it into `{ error, errors }` with its status. */
export class ResourceProblem extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly errors: FieldError[] = [],
  ) {
    super(message)
  }
}
