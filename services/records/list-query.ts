import { z } from 'zod'
import type { FieldError } from './field-errors'
import { toFieldErrors } from './field-errors'
import type { FilterShape } from './definition'

export const defaultLimit = 50
export const maxLimit = 200

export interface ListQuery {
  limit: number
  cursor?: { createdAt: Date; id: string }
  format: 'json' | 'csv'
  filters: Record<string, string | undefined>
}

const cursorSchema = z.tuple([z.iso.datetime(), z.string().min(1)])

export function encodeCursor(row: { createdAt: Date; id: string }): string {
  return Buffer.from(JSON.stringify([row.createdAt.toISOString(), row.id])).toString('base64url')
}

function decodeCursor(cursor: string): ListQuery['cursor'] | undefined {
  try {
    const parsed = cursorSchema.safeParse(JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')))
    return parsed.success ? { createdAt: new Date(parsed.data[0]), id: parsed.data[1] } : undefined
  } catch {
    return undefined
  }
}

/** `?limit&cursor&format` plus the resource's filters; unknown parameters are refused like unknown fields. */
export function parseListQuery(
  query: unknown,
  filters: FilterShape,
): { ok: true; query: ListQuery } | { ok: false; errors: FieldError[] } {
  const schema = z
    .object({
      limit: z.coerce.number().int().min(1).max(maxLimit).default(defaultLimit),
      cursor: z.string().max(500).optional(),
      format: z.enum(['json', 'csv']).default('json'),
      ...filters,
    })
    .strict()
  const parsed = schema.safeParse(query)
  if (!parsed.success) {
    return {
      ok: false,
      errors: toFieldErrors(parsed.error, query, 'query').map((error) =>
        error.message.endsWith('query field') ? { ...error, message: 'is not a query parameter of this list' } : error,
      ),
    }
  }
  const { limit, cursor, format, ...rest } = parsed.data as {
    limit: number
    cursor?: string
    format: 'json' | 'csv'
  } & Record<string, string | undefined>
  const decoded = cursor === undefined ? undefined : decodeCursor(cursor)
  if (cursor !== undefined && !decoded) {
    return { ok: false, errors: [{ field: 'cursor', message: 'is not a cursor this API returned' }] }
  }
  return { ok: true, query: { limit, cursor: decoded, format, filters: rest } }
}

/** Newest first, ties broken by id: a deterministic order that a keyset cursor can continue. */
export const listOrder = [{ createdAt: 'desc' }, { id: 'desc' }] as const

export function afterCursor(cursor: ListQuery['cursor']): Record<string, unknown> {
  if (!cursor) return {}
  return {
    OR: [{ createdAt: { lt: cursor.createdAt } }, { createdAt: cursor.createdAt, id: { lt: cursor.id } }],
  }
}
