// The partnership's meetings (seed 002 §2.4 `weeklyMeetingSchedule`, §9.3 "Meeting missed"): the weekly slot of its
// schedule, the Cal.com bookings of its contacts, and when a meeting nobody recorded counts as missed (decision
// 0035). Pure: the partnership workflow holds the meetings and asks what is due.

const dayMs = 24 * 60 * 60 * 1000
const weekMs = 7 * dayMs

export const weekdays = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'] as const

/** The partnership's weekly meeting: a weekday and a time of day, read in UTC (the CRM's clock, decision 0035). */
export interface WeeklySchedule {
  day: string
  time: string
}

/**
 * A meeting that began and that nobody recorded (a person, or Cal.com's end or no-show) counts as missed one day
 * after it began: long enough for the owner to mark it held the next morning, short enough that the client hears
 * from us while the week is still current.
 */
export const unrecordedMissedAfterMs = dayMs

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

/** The id of the weekly meeting on a day: one per day, whatever its time. */
export function weeklyMeetingId(startsAtMs: number): string {
  return `weekly-${new Date(startsAtMs).toISOString().slice(0, 10)}`
}

/** The weekly meetings of `schedule` that begin after `afterMs` and at or before `untilMs`, soonest first. */
export function weeklyMeetingsBetween(schedule: WeeklySchedule | null, afterMs: number, untilMs: number): number[] {
  const slot = schedule ? slotOf(schedule) : null
  if (!slot || untilMs <= afterMs) return []
  const after = new Date(afterMs)
  const dayStart = Date.UTC(after.getUTCFullYear(), after.getUTCMonth(), after.getUTCDate())
  const offsetDays = (slot.weekday - after.getUTCDay() + 7) % 7
  let at = dayStart + offsetDays * dayMs + slot.minutes * 60_000
  if (at <= afterMs) at += weekMs
  const found: number[] = []
  for (; at <= untilMs; at += weekMs) found.push(at)
  return found
}

/** The next weekly meeting after `afterMs`, or null without a (valid) schedule. */
export function nextWeeklyMeetingMs(schedule: WeeklySchedule | null, afterMs: number): number | null {
  return weeklyMeetingsBetween(schedule, afterMs, afterMs + weekMs)[0] ?? null
}

/** A booked (Cal.com) meeting on the same UTC day is that week's meeting: the weekly slot is not counted twice. */
export function bookedOnSameDay(meetings: Iterable<PartnershipMeeting>, startsAtMs: number): boolean {
  const day = new Date(startsAtMs).toISOString().slice(0, 10)
  for (const meeting of meetings) {
    if (meeting.source === 'calcom' && new Date(meeting.startsAtMs).toISOString().slice(0, 10) === day) return true
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
