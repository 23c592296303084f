import { z } from 'zod'
import type { Prisma } from '../../lib/db'
import { isoCalendarDate, isoInstant } from '../../domain/validation/instant'
import { safeString } from '../../domain/validation/safe-text'

// Building blocks of the resources' request schemas and representations.

export const text = (max: number) => safeString().trim().min(1).max(max)
/** An optional column: absent leaves it alone, null clears it. */
export const optionalText = (max: number) => text(max).nullable().optional()
export const recordId = safeString().trim().min(1).max(100)
export const textList = z.array(text(200)).max(50)
export const money = z.number().nonnegative().max(1_000_000_000_000)
export const percentage = z.number().int().min(0).max(100)
/** A count stored in a PostgreSQL `integer` column, which holds at most 2,147,483,647. */
export const count = z.number().int().min(0).max(2_147_483_647)

export const apiEnum = <Name extends string>(names: readonly [Name, ...Name[]] | Name[]) =>
  z.enum(names as [Name, ...Name[]])
export const namesOf = <T extends Record<string, string>>(mapping: T) =>
  Object.keys(mapping) as [keyof T & string, ...(keyof T & string)[]]

/** An ISO 8601 date or date-time (with offset) between 1900 and 9999, as a Date. */
export const dateTime = z.union([isoInstant, isoCalendarDate]).transform((value) => new Date(value))

export { ianaTimezone as timezone } from '../../domain/validation/timezone'

/** Maps an API enum name to its column value, keeping "absent" (undefined) and "clear" (null) apart. */
export function mapped<Api extends string, Db>(
  value: Api | null | undefined,
  mapping: Record<Api, Db>,
): Db | null | undefined {
  if (value === undefined || value === null) return value
  return mapping[value]
}

export function iso(date: Date | null): string | null {
  return date ? date.toISOString() : null
}

export function decimal(value: Prisma.Decimal | null): number | null {
  return value === null ? null : value.toNumber()
}

/** The keys of an object whose value is not undefined: what a PATCH actually names. */
export function presentKeys(input: Record<string, unknown>): string[] {
  return Object.keys(input).filter((key) => input[key] !== undefined)
}
