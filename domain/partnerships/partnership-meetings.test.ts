import { describe, expect, it } from 'vitest'
import {
  bookedOnSameDay,
  meetingRecordRefusal,
  nextWeeklyMeetingMs,
  unrecordedMeetingsMissed,
  weeklyMeetingId,
  weeklyMeetingsBetween,
  type PartnershipMeeting,
} from './partnership-meetings'

// Monday 4 January 2027, 15:00 UTC.
const monday = Date.parse('2027-01-04T15:00:00Z')
const hour = 60 * 60 * 1000
const day = 24 * hour

const meeting = (over: Partial<PartnershipMeeting>): PartnershipMeeting => ({
  meetingId: 'weekly-2027-01-06',
  source: 'weekly',
  title: 'Weekly meeting',
  startsAtMs: Date.parse('2027-01-06T10:00:00Z'),
  outcome: null,
  recordedBy: null,
  ...over,
})

describe('the weekly meeting of a partnership’s schedule', () => {
  it('falls on its weekday at its time (UTC), every seven days', () => {
    const found = weeklyMeetingsBetween({ day: 'Wednesday', time: '10:00' }, monday, monday + 15 * day)
    expect(found.map((ms) => new Date(ms).toISOString())).toEqual([
      '2027-01-06T10:00:00.000Z',
      '2027-01-13T10:00:00.000Z',
    ])
    expect(weeklyMeetingId(found[0]!)).toBe('weekly-2027-01-06')
  })

  it('on the client’s wall clock: Tuesday 10:00 in Chicago is 16:00 UTC in winter and 15:00 once DST begins', () => {
    // US daylight saving time begins on Sunday 14 March 2027: CST is UTC−6, CDT UTC−5.
    const schedule = { day: 'Tuesday', time: '10:00', timeZone: 'America/Chicago' }
    const found = weeklyMeetingsBetween(
      schedule,
      Date.parse('2027-03-08T00:00:00Z'),
      Date.parse('2027-03-17T00:00:00Z'),
    )
    expect(found.map((ms) => new Date(ms).toISOString())).toEqual([
      '2027-03-09T16:00:00.000Z',
      '2027-03-16T15:00:00.000Z',
    ])
    // A week and an hour apart: the next one is found across the change too.
    expect(new Date(nextWeeklyMeetingMs(schedule, found[0]!)!).toISOString()).toBe('2027-03-16T15:00:00.000Z')
  })

  it('an evening slot west of Greenwich keeps the client’s day: its id and the booking that replaces it', () => {
    // Tuesday 5 January 2027, 19:30 in Los Angeles (UTC−8) is Wednesday 03:30 UTC.
    const schedule = { day: 'Tuesday', time: '19:30', timeZone: 'America/Los_Angeles' }
    const [first] = weeklyMeetingsBetween(schedule, monday, monday + 7 * day)
    expect(new Date(first!).toISOString()).toBe('2027-01-06T03:30:00.000Z')
    expect(weeklyMeetingId(first!, schedule.timeZone)).toBe('weekly-2027-01-05')
    // A Cal.com call at 18:00 that Tuesday (02:00 UTC on Wednesday) is that week's meeting; one at 09:00 on the
    // Wednesday in Los Angeles (17:00 UTC, the same UTC day as the slot) is not.
    const tuesdayCall = meeting({ source: 'calcom', startsAtMs: Date.parse('2027-01-06T02:00:00Z') })
    const wednesdayCall = meeting({ source: 'calcom', startsAtMs: Date.parse('2027-01-06T17:00:00Z') })
    expect(bookedOnSameDay([tuesdayCall], first!, schedule.timeZone)).toBe(true)
    expect(bookedOnSameDay([wednesdayCall], first!, schedule.timeZone)).toBe(false)
  })

  it('on the same weekday, only a time still ahead counts; an invalid schedule has none', () => {
    expect(new Date(nextWeeklyMeetingMs({ day: 'monday', time: '09:30' }, monday)!).toISOString()).toBe(
      '2027-01-11T09:30:00.000Z',
    )
    expect(new Date(nextWeeklyMeetingMs({ day: 'Monday', time: '16:00' }, monday)!).toISOString()).toBe(
      '2027-01-04T16:00:00.000Z',
    )
    expect(nextWeeklyMeetingMs({ day: 'Funday', time: '10:00' }, monday)).toBeNull()
    expect(nextWeeklyMeetingMs({ day: 'Monday', time: '25:00' }, monday)).toBeNull()
    expect(nextWeeklyMeetingMs(null, monday)).toBeNull()
  })

  it('a Cal.com booking on the same day is that week’s meeting', () => {
    const booked = meeting({ meetingId: 'calcom-1', source: 'calcom', startsAtMs: Date.parse('2027-01-06T16:00:00Z') })
    expect(bookedOnSameDay([booked], Date.parse('2027-01-06T10:00:00Z'))).toBe(true)
    expect(bookedOnSameDay([booked], Date.parse('2027-01-07T10:00:00Z'))).toBe(false)
  })
})

describe('a meeting nobody recorded', () => {
  it('counts as missed one day after it began, not before', () => {
    const m = meeting({})
    expect(unrecordedMeetingsMissed([m], m.startsAtMs + day - 1)).toEqual([])
    expect(unrecordedMeetingsMissed([m], m.startsAtMs + day)).toEqual([m])
    expect(unrecordedMeetingsMissed([{ ...m, outcome: 'attended', recordedBy: 'person' }], m.startsAtMs + day)).toEqual(
      [],
    )
  })

  it('a person records one that began; may correct "missed by no record" to held; not the same twice', () => {
    const m = meeting({})
    expect(meetingRecordRefusal(undefined, 'attended', m.startsAtMs)).toMatch(/No such meeting/)
    expect(meetingRecordRefusal(m, 'attended', m.startsAtMs - 1)).toMatch(/has not begun/)
    expect(meetingRecordRefusal(m, 'attended', m.startsAtMs)).toBeNull()
    expect(
      meetingRecordRefusal({ ...m, outcome: 'missed', recordedBy: 'no-record' }, 'missed', m.startsAtMs),
    ).toBeNull()
    expect(meetingRecordRefusal({ ...m, outcome: 'missed', recordedBy: 'person' }, 'missed', m.startsAtMs)).toMatch(
      /recorded as missed already/,
    )
  })
})
