// The period a report run covers: the last whole day, ISO week (Monday to Sunday) or calendar month before the
// moment the run was scheduled for, on the recipients' wall clock. Pure.
import { calendarDayOf, instantOfWallClock } from '../time/zoned-time'
import type { ReportFrequency } from './report-catalogue'

export interface ReportPeriod {
  /** Stable name of the period, part of the run's idempotency key: `2027-03-13`, `2027-W10`, `2027-03`. */
  key: string
  /** What the email and the PDF call it. */
  label: string
  /** [from, to) in UTC instants; each boundary is local midnight in the zone (a DST day is 23 or 25 hours). */
  from: Date
  to: Date
  timeZone: string
}

/** Local midnight of a calendar date (normalised: day 0 or 32 roll over) as an instant. */
function localMidnight(year: number, month: number, day: number, timeZone: string): Date {
  return instantOfWallClock(year, month, day, 0, timeZone)
}

const pad = (value: number) => String(value).padStart(2, '0')
const isoDate = (ms: number) => new Date(ms).toISOString().slice(0, 10)
const months = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
]

/** ISO 8601 week number and its year of a calendar date: the week of its Thursday. */
function isoWeek({ year, month, day }: { year: number; month: number; day: number }): { year: number; week: number } {
  const date = new Date(Date.UTC(year, month - 1, day))
  const thursday = date.getTime() + (3 - ((date.getUTCDay() + 6) % 7)) * 86_400_000
  const weekYear = new Date(thursday).getUTCFullYear()
  return { year: weekYear, week: 1 + Math.floor((thursday - Date.UTC(weekYear, 0, 1)) / (7 * 86_400_000)) }
}

/** The whole period before `at` (the instant the run was scheduled for) on the wall clock of `timeZone`. */
export function reportPeriod(frequency: ReportFrequency, at: Date, timeZone: string): ReportPeriod {
  const today = calendarDayOf(at, timeZone)
  if (frequency === 'Daily') {
    const from = localMidnight(today.year, today.month, today.day - 1, timeZone)
    const to = localMidnight(today.year, today.month, today.day, timeZone)
    const key = isoDate(Date.UTC(today.year, today.month - 1, today.day - 1))
    return { key, label: key, from, to, timeZone }
  }
  if (frequency === 'Weekly') {
    const weekday = (new Date(Date.UTC(today.year, today.month - 1, today.day)).getUTCDay() + 6) % 7
    const mondayThisWeek = today.day - weekday
    const from = localMidnight(today.year, today.month, mondayThisWeek - 7, timeZone)
    const to = localMidnight(today.year, today.month, mondayThisWeek, timeZone)
    const firstDay = Date.UTC(today.year, today.month - 1, mondayThisWeek - 7)
    const lastDay = Date.UTC(today.year, today.month - 1, mondayThisWeek - 1)
    const first = new Date(firstDay)
    const { year, week } = isoWeek({
      year: first.getUTCFullYear(),
      month: first.getUTCMonth() + 1,
      day: first.getUTCDate(),
    })
    return {
      key: `${year}-W${pad(week)}`,
      label: `Week ${week} of ${year} (${isoDate(firstDay)} to ${isoDate(lastDay)})`,
      from,
      to,
      timeZone,
    }
  }
  const from = localMidnight(today.year, today.month - 1, 1, timeZone)
  const to = localMidnight(today.year, today.month, 1, timeZone)
  const first = new Date(Date.UTC(today.year, today.month - 2, 1))
  return {
    key: `${first.getUTCFullYear()}-${pad(first.getUTCMonth() + 1)}`,
    label: `${months[first.getUTCMonth()]} ${first.getUTCFullYear()}`,
    from,
    to,
    timeZone,
  }
}
