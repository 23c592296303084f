import { z } from 'zod'
import { toFieldErrors, type FieldError } from '../validation/field-errors'
import { isoInstant } from '../validation/instant'
import { safeString, unsafeJsonFields } from '../validation/safe-text'

export type Parsed<T> = { ok: true; value: T } | { ok: false; errors: FieldError[] }

/** A JSON object checked against `schema`; every fault named by its field, in the API's words. */
export function parseBody<T>(schema: z.ZodType<T>, body: unknown, noun: string): Parsed<T> {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    return { ok: false, errors: [{ field: '(body)', message: 'must be a JSON object' }] }
  }
  const unsafe = unsafeJsonFields(body)
  if (unsafe.length > 0) return { ok: false, errors: unsafe }
  const parsed = schema.safeParse(body)
  return parsed.success
    ? { ok: true, value: parsed.data }
    : { ok: false, errors: toFieldErrors(parsed.error, body, noun) }
}

/** An ISO 8601 date-time with a zone (Z or an offset), within the instants the CRM accepts (1900–9999). */
export const isoDateTime = isoInstant

export const externalId = safeString().trim().min(1).max(200)

/** A field a capture source sent that the CRM did not use: unknown to it, or a value that does not fit. */
export interface KeptField {
  /** Where it was, e.g. `gclid`, `metadata.pageTitle`, `messages.3`. */
  field: string
  value: unknown
  /** Why it was set aside, e.g. "is not a lead field", "must be a valid email address". */
  reason: string
}

export type ParsedKeeping<T> = { ok: true; value: T; kept: KeptField[] } | { ok: false; errors: FieldError[] }

type Container = Record<string, unknown> | unknown[]
const isContainer = (value: unknown): value is Container => typeof value === 'object' && value !== null

/**
 * A body from a capture source (a form, the voice agent, the ROI calculator), read so that a change on the sending
 * side never loses what it sent: only the fields in `required` can refuse the body (4xx naming them). Any other field
 * the schema does not know, or whose value does not fit, is set aside — a whole top-level field, or one entry of an
 * object or list inside it (`metadata.pageTitle`, `messages.3`) — and returned in `kept` with the reason; the rest
 * is used. `schema` must be strict (unknown keys are issues) for unknown fields to be kept rather than dropped.
 */
export function parseKeeping<T>(
  schema: z.ZodType<T>,
  body: unknown,
  noun: string,
  required: readonly string[],
): ParsedKeeping<T> {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    return { ok: false, errors: [{ field: '(body)', message: 'must be a JSON object' }] }
  }
  // Kept fields land on the timeline and in jsonb columns: text that cannot be stored refuses the body, wherever it is.
  const unsafe = unsafeJsonFields(body)
  if (unsafe.length > 0) return { ok: false, errors: unsafe }
  const working = structuredClone(body) as Record<string, unknown>
  const kept: KeptField[] = []
  // Each round sets aside at least one field, so the rounds are bounded by the size of the body.
  for (;;) {
    const parsed = schema.safeParse(working)
    if (parsed.success) return { ok: true, value: parsed.data, kept }
    const fatal = parsed.error.issues.filter((issue) =>
      issue.path.length === 0
        ? issue.code !== 'unrecognized_keys'
        : required.includes(String(issue.path[0])) && issue.code !== 'unrecognized_keys',
    )
    if (fatal.length > 0) {
      return { ok: false, errors: toFieldErrors(new z.ZodError(fatal), working, noun) }
    }
    const aside: { path: PropertyKey[]; reason: string }[] = []
    for (const issue of parsed.error.issues) {
      if (issue.code === 'unrecognized_keys') {
        for (const key of issue.keys) aside.push({ path: [...issue.path, key], reason: `is not a ${noun} field` })
        continue
      }
      const [head, next] = issue.path
      const nested = next !== undefined && isContainer(working[String(head)])
      aside.push({ path: nested ? [head!, next] : [head!], reason: issue.message })
    }
    const before = kept.length
    setAside(working, aside, kept)
    if (kept.length === before) {
      return { ok: false, errors: toFieldErrors(parsed.error, working, noun) }
    }
  }
}

function setAside(
  working: Record<string, unknown>,
  aside: { path: PropertyKey[]; reason: string }[],
  kept: KeptField[],
) {
  const removedFromLists = new Map<unknown[], Set<number>>()
  const seen = new Set<string>()
  for (const { path, reason } of aside) {
    const field = path.map(String).join('.')
    if (seen.has(field)) continue
    seen.add(field)
    let container: unknown = working
    for (const key of path.slice(0, -1)) container = (container as Record<PropertyKey, unknown>)[key as string]
    if (!isContainer(container)) continue
    const last = path[path.length - 1]!
    const value = (container as Record<PropertyKey, unknown>)[last as string]
    kept.push({ field, value, reason })
    if (Array.isArray(container)) {
      const indexes = removedFromLists.get(container) ?? new Set<number>()
      indexes.add(Number(last))
      removedFromLists.set(container, indexes)
    } else delete (container as Record<PropertyKey, unknown>)[last as string]
  }
  // List entries go last and from the end, so the indexes named by the issues stay right.
  for (const [list, indexes] of removedFromLists) {
    for (const index of [...indexes].sort((a, b) => b - a)) list.splice(index, 1)
  }
}
