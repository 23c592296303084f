import { z } from 'zod'

// What the CRM accepts as a point in time from outside: a real instant between the first of January 1900 and the
// end of 9999 (UTC). Nothing a lead, a booking, a call or a contract is about falls outside, while year 0000 (which
// PostgreSQL has no such year for), 275760 (beyond JavaScript's dates) or 30 February would otherwise be stored,
// shifted or refused by the database.

export const earliestInstant = new Date('1900-01-01T00:00:00.000Z')
export const latestInstant = new Date('9999-12-31T23:59:59.999Z')

const rangeMessage = 'must be between 1900-01-01 and 9999-12-31'

/** Why a date-time or date string is not such an instant, or undefined when it is. */
export function instantRangeProblem(value: string): string | undefined {
  const time = Date.parse(value)
  if (Number.isNaN(time)) return 'is not a real date'
  if (time < earliestInstant.getTime() || time > latestInstant.getTime()) return rangeMessage
  return undefined
}

const inRange = (value: string, context: z.core.$RefinementCtx<string>) => {
  const problem = instantRangeProblem(value)
  if (problem) context.addIssue({ code: 'custom', message: problem })
}

/** An ISO 8601 date-time with a zone (Z or an offset), within the range above. */
export const isoInstant = z.iso
  .datetime({ offset: true, abort: true, message: 'must be an ISO 8601 date-time, e.g. 2026-11-23T09:30:00Z' })
  .superRefine(inRange)

/** An ISO 8601 date within the range above (zod's own check already refuses 30 February). */
export const isoCalendarDate = z.iso
  .date({ abort: true, message: 'must be an ISO 8601 date, e.g. 2026-11-23' })
  .superRefine(inRange)
