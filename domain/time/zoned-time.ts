// Wall clocks in IANA time zones, from the platform's zone database (Intl): the offset in force at an instant, the
// instant a wall-clock time names, and the calendar day an instant falls on. Pure; imported by workflow code.

/** Whether the platform knows `value` as an IANA time zone. */
export function isIanaTimezone(value: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: value })
    return true
  } catch {
    return false
  }
}

const formatters = new Map<string, Intl.DateTimeFormat>()

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let format = formatters.get(timeZone)
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      weekday: 'short',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    })
    formatters.set(timeZone, format)
  }
  return format
}

const weekdayIndex: Record<string, number> = { Sun: 0, Mon: 1, Tue: 2, Wed: 3, Thu: 4, Fri: 5, Sat: 6 }

function wallClockOf(at: Date, timeZone: string) {
  const parts = formatterFor(timeZone).formatToParts(at)
  const value = (type: string) => parts.find((part) => part.type === type)?.value ?? ''
  return {
    year: Number(value('year')),
    month: Number(value('month')),
    day: Number(value('day')),
    hour: Number(value('hour')),
    minute: Number(value('minute')),
    second: Number(value('second')),
    weekday: weekdayIndex[value('weekday')] ?? 0,
  }
}

/** The offset of `timeZone` from UTC at `at`, in milliseconds (positive east of Greenwich). */
export function zoneOffsetMs(at: Date, timeZone: string): number {
  const clock = wallClockOf(at, timeZone)
  const asUtc = Date.UTC(clock.year, clock.month - 1, clock.day, clock.hour, clock.minute, clock.second)
  return asUtc - Math.floor(at.getTime() / 1000) * 1000
}

/**
 * The instant a wall clock in `timeZone` shows `minutes` after midnight of a calendar date (month 1–12; a day of 0
 * or 32 rolls over). In a gap the clocks skip (a DST spring-forward) it lands an hour later, as calendars do; in the
 * hour a fall-back repeats it is the first of the two.
 */
export function instantOfWallClock(year: number, month: number, day: number, minutes: number, timeZone: string): Date {
  const asUtc = Date.UTC(year, month - 1, day, 0, minutes)
  const halfDayMs = 12 * 60 * 60 * 1000
  // The offsets in force half a day either side: any change of offset on this date lies between them.
  const before = zoneOffsetMs(new Date(asUtc - halfDayMs), timeZone)
  const after = zoneOffsetMs(new Date(asUtc + halfDayMs), timeZone)
  const shows = (offset: number) => zoneOffsetMs(new Date(asUtc - offset), timeZone) === offset
  if (shows(before)) return new Date(asUtc - before)
  if (shows(after)) return new Date(asUtc - after)
  // A time the clocks skip: read with the offset before the jump, it is the wall-clock time an hour on.
  return new Date(asUtc - before)
}

/** The calendar date (month 1–12) and weekday (0 = Sunday) `at` falls on in `timeZone`. */
export function calendarDayOf(
  at: Date,
  timeZone: string,
): { year: number; month: number; day: number; weekday: number } {
  const { year, month, day, weekday } = wallClockOf(at, timeZone)
  return { year, month, day, weekday }
}

/** `2026-12-08`: the calendar date `at` falls on in `timeZone`. */
export function isoDateIn(at: Date, timeZone: string): string {
  const { year, month, day } = calendarDayOf(at, timeZone)
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`
}

/** The first instant of a calendar month (1–12; 0 and 13 roll over) on the wall clock of `timeZone`. */
export function monthStartIn(year: number, month: number, timeZone: string): number {
  return instantOfWallClock(year, month, 1, 0, timeZone).getTime()
}

/** The first instant of the month `offset` months after the one `ms` falls in (0: its own), in `timeZone`. */
export function monthStartAfter(ms: number, offset: number, timeZone: string): number {
  const { year, month } = calendarDayOf(new Date(ms), timeZone)
  return monthStartIn(year, month + offset, timeZone)
}

/** `2026-12`: the calendar month `ms` falls in on the wall clock of `timeZone`. */
export function monthKeyIn(ms: number, timeZone: string): string {
  return isoDateIn(new Date(ms), timeZone).slice(0, 7)
}

export interface WallClock {
  year: number
  /** 1–12. */
  month: number
  day: number
  hour: number
  minute: number
  /** 0 = Sunday. */
  weekday: number
}

const dayMs = 24 * 60 * 60 * 1000

/**
 * Reads many instants on one zone's wall clock: the offset is looked up once per UTC day in which it does not
 * change (a day with a change is read instant by instant), so a year of sessions costs ~365 zone lookups, not one
 * per instant. Assumes no zone changes its offset twice within a day and back, which no zone does.
 */
export function wallClockReader(timeZone: string): (ms: number) => WallClock {
  const dayOffsets = new Map<number, number | null>()
  return (ms) => {
    const dayIndex = Math.floor(ms / dayMs)
    let offset = dayOffsets.get(dayIndex)
    if (offset === undefined) {
      const atStart = zoneOffsetMs(new Date(dayIndex * dayMs), timeZone)
      offset = atStart === zoneOffsetMs(new Date((dayIndex + 1) * dayMs), timeZone) ? atStart : null
      dayOffsets.set(dayIndex, offset)
    }
    const local = new Date(ms + (offset ?? zoneOffsetMs(new Date(ms), timeZone)))
    return {
      year: local.getUTCFullYear(),
      month: local.getUTCMonth() + 1,
      day: local.getUTCDate(),
      hour: local.getUTCHours(),
      minute: local.getUTCMinutes(),
      weekday: local.getUTCDay(),
    }
  }
}

/** `monthKeyIn` for many instants of one zone, at `wallClockReader`'s cost (a deal book, a year of payments). */
export function monthKeyReader(timeZone: string): (ms: number) => string {
  const wallClock = wallClockReader(timeZone)
  return (ms) => {
    const { year, month } = wallClock(ms)
    return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}`
  }
}
