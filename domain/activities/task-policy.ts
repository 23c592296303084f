// When a task reminds its owner and what "today" means on the "My work" page. Imported by workflow code: pure.

/**
 * A task reminds its owner this long before its due time: enough to open the record and prepare the call, short
 * enough that the reminder is still about the task at hand. A task due sooner than this (or already overdue) when
 * it is logged or moved reminds at once.
 */
export const taskReminderLeadMs = 15 * 60 * 1000

/** The instant a task due at `dueAt` reminds its owner. */
export function taskReminderAt(dueAt: Date): Date {
  return new Date(dueAt.getTime() - taskReminderLeadMs)
}

/** The offset of `timeZone` from UTC at `at`, in milliseconds (positive east of Greenwich). */
function zoneOffsetMs(at: Date, timeZone: string): number {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  }).formatToParts(at)
  const value = (type: string) => Number(parts.find((part) => part.type === type)?.value)
  const asUtc = Date.UTC(
    value('year'),
    value('month') - 1,
    value('day'),
    value('hour'),
    value('minute'),
    value('second'),
  )
  return asUtc - Math.floor(at.getTime() / 1000) * 1000
}

/** The local calendar day in `timeZone` that contains `now`, as UTC instants: [start, end). */
export function dayAround(now: Date, timeZone: string): { start: Date; end: Date } {
  const offset = zoneOffsetMs(now, timeZone)
  const local = new Date(now.getTime() + offset)
  const localMidnight = Date.UTC(local.getUTCFullYear(), local.getUTCMonth(), local.getUTCDate())
  const nextLocalMidnight = Date.UTC(local.getUTCFullYear(), local.getUTCMonth(), local.getUTCDate() + 1)
  // Each boundary takes the offset in force at that boundary (a day with a DST change is 23 or 25 hours long).
  const start = localMidnight - zoneOffsetMs(new Date(localMidnight - offset), timeZone)
  const end = nextLocalMidnight - zoneOffsetMs(new Date(nextLocalMidnight - offset), timeZone)
  return { start: new Date(start), end: new Date(end) }
}

export type TaskStanding = 'overdue' | 'due-today' | 'later' | 'done'

/** Where an open task stands for its owner today: past its due time, due before the day ends, or later. */
export function taskStanding(
  task: { dueAt: Date; completedAt: Date | null },
  now: Date,
  today: { end: Date },
): TaskStanding {
  if (task.completedAt) return 'done'
  if (task.dueAt.getTime() < now.getTime()) return 'overdue'
  return task.dueAt.getTime() < today.end.getTime() ? 'due-today' : 'later'
}

/**
 * A wall-clock time typed in a form (`2026-12-02T09:30`, no zone) read in `timeZone`, or null when it is not one.
 * In a gap the clocks skip (a DST spring-forward) it lands an hour later, as calendars do.
 */
export function instantOfLocalTime(local: string, timeZone: string): Date | null {
  const match = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})$/.exec(local)
  if (!match) return null
  const [year, month, day, hour, minute] = match.slice(1).map(Number) as [number, number, number, number, number]
  const asUtc = Date.UTC(year, month - 1, day, hour, minute)
  const check = new Date(asUtc)
  if (check.getUTCMonth() !== month - 1 || check.getUTCDate() !== day || hour > 23 || minute > 59) return null
  const first = asUtc - zoneOffsetMs(new Date(asUtc), timeZone)
  return new Date(asUtc - zoneOffsetMs(new Date(first), timeZone))
}
