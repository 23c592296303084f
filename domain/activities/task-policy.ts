// When a task reminds its owner and what "today" means on the "My work" page. Imported by workflow code: pure.
import { calendarDayOf, instantOfWallClock } from '../time/zoned-time'

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

/** The local calendar day in `timeZone` that contains `now`, as UTC instants: [start, end). */
export function dayAround(now: Date, timeZone: string): { start: Date; end: Date } {
  const { year, month, day } = calendarDayOf(now, timeZone)
  // Each boundary is that midnight's own instant (a day with a DST change is 23 or 25 hours long).
  return {
    start: instantOfWallClock(year, month, day, 0, timeZone),
    end: instantOfWallClock(year, month, day + 1, 0, timeZone),
  }
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
  const check = new Date(Date.UTC(year, month - 1, day, hour, minute))
  if (check.getUTCMonth() !== month - 1 || check.getUTCDate() !== day || hour > 23 || minute > 59) return null
  return instantOfWallClock(year, month, day, hour * 60 + minute, timeZone)
}
