// The weekly meetings a seeded partnership held before the seed ran, written as its workflow records them (decision
// 0088): the slots of its schedule on the client's clock from its start to its pause or end, each with the outcome
// its engagement level tells.
import type { Prisma } from './generated/client'
import type { EngagementLevel } from './generated/enums'
import {
  unrecordedMissedAfterMs,
  weeklyMeetingId,
  weeklyMeetingTitle,
  weeklyMeetingsBetween,
  type WeeklySchedule,
} from '../domain/partnerships/partnership-meetings'

/**
 * Which meetings were missed, counted back from the last one before the window's end: none at high engagement, one
 * in four at medium; at low the last two (the paused partnership's "two weekly meetings missed") and one in three
 * before those.
 */
function missed(level: EngagementLevel, fromLast: number): boolean {
  switch (level) {
    case 'HIGH':
      return false
    case 'MEDIUM':
      return fromLast % 4 === 2
    case 'LOW':
      return fromLast < 2 || (fromLast > 2 && fromLast % 3 === 2)
  }
}

/**
 * The meetings of `schedule` after `startMs` that began at least a day before `untilMs` (the pause, the end or now):
 * an attended one as its owner marked it, a missed one as the workflow does when nobody records it in time.
 * None of them is left for the run to record, so its start tells nobody about a meeting before it.
 */
export function seededWeeklyMeetings(input: {
  partnershipId: string
  schedule: WeeklySchedule & { timeZone: string }
  startMs: number
  untilMs: number
  engagement: EngagementLevel
  ownerId: string
}): Prisma.PartnershipMeetingCreateManyInput[] {
  const slots = weeklyMeetingsBetween(input.schedule, input.startMs - 1, input.untilMs - unrecordedMissedAfterMs)
  return slots.map((startsAtMs, index) => {
    const key = weeklyMeetingId(startsAtMs, input.schedule.timeZone)
    const wasMissed = missed(input.engagement, slots.length - 1 - index)
    const meeting = {
      id: `${input.partnershipId}-meeting-${key}`,
      partnershipId: input.partnershipId,
      key,
      source: 'weekly',
      title: weeklyMeetingTitle,
      startsAt: new Date(startsAtMs),
      outcome: wasMissed ? 'missed' : 'attended',
      recordedBy: wasMissed ? 'no-record' : 'person',
      recordedById: wasMissed ? null : input.ownerId,
    }
    return { ...meeting, updatedAt: new Date(recordedAtMs(meeting)) }
  })
}

/** When a meeting's outcome was known: an hour after it began when its owner marked it, once the workflow's wait ran out when missed. */
function recordedAtMs(meeting: Pick<Prisma.PartnershipMeetingCreateManyInput, 'startsAt' | 'outcome'>): number {
  return (
    new Date(meeting.startsAt).getTime() + (meeting.outcome === 'missed' ? unrecordedMissedAfterMs : 60 * 60 * 1000)
  )
}

/** The meetings a health score at `atMs` counts: those whose outcome was known by then. */
export function meetingsRecordedBy(
  meetings: readonly Prisma.PartnershipMeetingCreateManyInput[],
  atMs: number,
): Map<string, { attended: boolean }> {
  return new Map(
    meetings
      .filter((meeting) => recordedAtMs(meeting) <= atMs)
      .map((meeting) => [meeting.key, { attended: meeting.outcome === 'attended' }]),
  )
}
