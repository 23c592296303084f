// The partnership's meetings (seed 002 §2.4 `weeklyMeetingSchedule`, §9.3 "Meeting missed"): the weekly slot of its
// schedule, the Cal.com bookings of its contacts, and when a meeting nobody recorded counts as missed (decision
// 0035). Pure: the partnership workflow holds the meetings and asks what is due.
import { calendarDayOf, instantOfWallClock, isoDateIn } from '../time/zoned-time'

const dayMs = 24 * 60 * 60 * 1000
const weekMs = 7 * dayMs

export const weekdays = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'] as const

/**
 * The partnership's weekly meeting: a weekday and a time of day on the client's wall clock (decision 0046), so a
 * Tuesday 10:00 stays at 10:00 for the client across daylight-saving changes. Without a zone (runs recorded before
 * 0046) it is read in UTC.
 */
export interface WeeklySchedule {
  day: string
  time: string
  timeZone?: string
}

/**
 * A meeting that began and that nobody recorded (a person, or Cal.com's end or no-show) counts as missed one day
 * after it began: long enough for the owner to mark it held the next morning, short enough that the client hears
 * from us while the week is still current.
 */
export const unrecordedMissedAfterMs = dayMs

/** The title of the meeting in the weekly slot, on the record and on the page. */
export const weeklyMeetingTitle = 'Weekly meeting'

export type MeetingSource = 'weekly' | 'calcom'
export type MeetingOutcome = 'attended' | 'missed'
/** Who said how it went: a person, Cal.com's MEETING_ENDED or no-show, or nobody (missed by the rule above). */
export type MeetingRecordedBy = 'person' | 'calcom' | 'no-record'

export interface PartnershipMeeting {
  meetingId: string
  source: MeetingSource
  title: string
  startsAtMs: number
  outcome: MeetingOutcome | null
  recordedBy: MeetingRecordedBy | null
}

function slotOf(schedule: WeeklySchedule): { weekday: number; minutes: number } | null {
  const weekday = weekdays.findIndex((day) => day.toLowerCase() === schedule.day.trim().toLowerCase())
  const time = /^([01]\d|2[0-3]):([0-5]\d)$/.exec(schedule.time.trim())
  if (weekday < 0 || !time) return null
  return { weekday, minutes: Number(time[1]) * 60 + Number(time[2]) }
}

/** The id of the weekly meeting on a day of the client's calendar: one per day, whatever its time. */
export function weeklyMeetingId(startsAtMs: number, timeZone = 'UTC'): string {
  return `weekly-${isoDateIn(new Date(startsAtMs), timeZone)}`
}

/** The weekly meetings of `schedule` that begin after `afterMs` and at or before `untilMs`, soonest first. */
export function weeklyMeetingsBetween(schedule: WeeklySchedule | null, afterMs: number, untilMs: number): number[] {
  const slot = schedule ? slotOf(schedule) : null
  if (!schedule || !slot || untilMs <= afterMs) return []
  const zone = schedule.timeZone ?? 'UTC'
  const first = calendarDayOf(new Date(afterMs), zone)
  // From the client's calendar day of `afterMs` (the slot may still be ahead that day), one week at a time.
  let day = first.day + ((slot.weekday - first.weekday + 7) % 7)
  const found: number[] = []
  for (;;) {
    const at = instantOfWallClock(first.year, first.month, day, slot.minutes, zone).getTime()
    if (at > untilMs) return found
    if (at > afterMs) found.push(at)
    day += 7
  }
}

/** The next weekly meeting after `afterMs`, or null without a (valid) schedule. */
export function nextWeeklyMeetingMs(schedule: WeeklySchedule | null, afterMs: number): number | null {
  return weeklyMeetingsBetween(schedule, afterMs, afterMs + weekMs + dayMs)[0] ?? null
}

/** A booked (Cal.com) meeting on the same day of the client's calendar is that week's meeting: not counted twice. */
export function bookedOnSameDay(meetings: Iterable<PartnershipMeeting>, startsAtMs: number, timeZone = 'UTC'): boolean {
  const day = isoDateIn(new Date(startsAtMs), timeZone)
  for (const meeting of meetings) {
    if (meeting.source === 'calcom' && isoDateIn(new Date(meeting.startsAtMs), timeZone) === day) return true
  }
  return false
}

/** The meetings that began at least a day before `nowMs` and that nobody recorded: missed now. */
export function unrecordedMeetingsMissed(meetings: Iterable<PartnershipMeeting>, nowMs: number): PartnershipMeeting[] {
  return [...meetings].filter((m) => m.outcome === null && nowMs - m.startsAtMs >= unrecordedMissedAfterMs)
}

/** Why a person may not record this meeting's outcome now, or null. */
export function meetingRecordRefusal(
  meeting: PartnershipMeeting | undefined,
  outcome: MeetingOutcome,
  nowMs: number,
): string | null {
  if (!meeting) return 'No such meeting of this partnership'
  if (meeting.startsAtMs > nowMs) return `“${meeting.title}” has not begun yet`
  if (meeting.outcome === outcome && meeting.recordedBy !== 'no-record') {
    return `“${meeting.title}” is recorded as ${outcome} already`
  }
  return null
}
