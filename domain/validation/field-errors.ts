import type { z } from 'zod'

export interface FieldError {
  field: string
  message: string
}

/** Zod's issues as one entry per field, in words a form or API client can show next to it. */
export function toFieldErrors(error: z.ZodError, input: unknown, noun: string): FieldError[] {
  return error.issues.flatMap((issue) => {
    if (issue.code === 'unrecognized_keys') {
      return issue.keys.map((key) => ({ field: key, message: `is not a ${noun} field` }))
    }
    const field = issue.path.length > 0 ? issue.path.join('.') : '(body)'
    const missing = issue.path.length > 0 && valueAt(input, issue.path) === undefined
    return [{ field, message: missing ? 'is required' : issue.message }]
  })
}

function valueAt(input: unknown, path: PropertyKey[]): unknown {
  let value = input
  for (const key of path) {
    if (typeof value !== 'object' || value === null) return undefined
    value = (value as Record<PropertyKey, unknown>)[key]
  }
  return value
}
