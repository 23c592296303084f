import { z } from 'zod'
import { toFieldErrors, type FieldError } from '../validation/field-errors'

export type Parsed<T> = { ok: true; value: T } | { ok: false; errors: FieldError[] }

/** A JSON object checked against `schema`; every fault named by its field, in the API's words. */
export function parseBody<T>(schema: z.ZodType<T>, body: unknown, noun: string): Parsed<T> {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    return { ok: false, errors: [{ field: '(body)', message: 'must be a JSON object' }] }
  }
  const parsed = schema.safeParse(body)
  return parsed.success
    ? { ok: true, value: parsed.data }
    : { ok: false, errors: toFieldErrors(parsed.error, body, noun) }
}

/** An ISO 8601 date-time with a zone (Z or an offset). */
export const isoDateTime = z.iso.datetime({
  offset: true,
  message: 'must be an ISO 8601 date-time, e.g. 2026-11-23T09:30:00Z',
})

export const externalId = z.string().trim().min(1).max(200)
