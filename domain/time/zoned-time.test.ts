import { describe, expect, it } from 'vitest'
import {
  calendarDayOf,
  instantOfWallClock,
  isoDateIn,
  monthKeyIn,
  monthKeyReader,
  monthStartAfter,
  monthStartIn,
  wallClockReader,
  zoneOffsetMs,
} from './zoned-time'

// US clocks in 2026: forward at 02:00 on Sunday 8 March (EST UTC−5 → EDT UTC−4), back at 02:00 on Sunday 1 November.
const iso = (date: Date) => date.toISOString()

describe('wall clocks in a time zone', () => {
  it('reads the offset in force at an instant', () => {
    expect(zoneOffsetMs(new Date('2026-01-15T12:00:00Z'), 'America/New_York')).toBe(-5 * 3_600_000)
    expect(zoneOffsetMs(new Date('2026-07-15T12:00:00Z'), 'America/New_York')).toBe(-4 * 3_600_000)
    expect(zoneOffsetMs(new Date('2026-07-15T12:00:00Z'), 'Asia/Kolkata')).toBe(5.5 * 3_600_000)
  })

  it('finds the instant a wall-clock time names, on either side of a change', () => {
    expect(iso(instantOfWallClock(2026, 3, 7, 10 * 60, 'America/New_York'))).toBe('2026-03-07T15:00:00.000Z')
    expect(iso(instantOfWallClock(2026, 3, 9, 10 * 60, 'America/New_York'))).toBe('2026-03-09T14:00:00.000Z')
    // Day 32 of December is 1 January.
    expect(iso(instantOfWallClock(2026, 12, 32, 0, 'UTC'))).toBe('2027-01-01T00:00:00.000Z')
  })

  it('a skipped time lands an hour on; a repeated time is the first of the two', () => {
    // 02:30 on 8 March does not exist in New York: 03:30 EDT, 07:30 UTC.
    expect(iso(instantOfWallClock(2026, 3, 8, 150, 'America/New_York'))).toBe('2026-03-08T07:30:00.000Z')
    // 01:30 on 1 November happens twice: first in EDT (05:30 UTC), then in EST (06:30 UTC).
    expect(iso(instantOfWallClock(2026, 11, 1, 90, 'America/New_York'))).toBe('2026-11-01T05:30:00.000Z')
  })

  it('names the calendar day and weekday an instant falls on there', () => {
    // Wednesday 9 December 2026, 03:00 UTC is Tuesday 8 December, 19:00 in Los Angeles.
    expect(calendarDayOf(new Date('2026-12-09T03:00:00Z'), 'America/Los_Angeles')).toEqual({
      year: 2026,
      month: 12,
      day: 8,
      weekday: 2,
    })
    expect(isoDateIn(new Date('2026-12-09T03:00:00Z'), 'UTC')).toBe('2026-12-09')
  })

  it('reads many instants quickly and still exactly on the day the clocks change', () => {
    const read = wallClockReader('America/New_York')
    const at = (utc: string) => {
      const clock = read(Date.parse(utc))
      return `${clock.month}/${clock.day} ${clock.hour}:${String(clock.minute).padStart(2, '0')} day ${clock.weekday}`
    }
    // Sunday 8 March 2026: 06:59 UTC is 01:59 EST, 07:00 UTC is 03:00 EDT (clocks forward at 02:00 EST).
    expect(at('2026-03-08T06:59:00Z')).toBe('3/8 1:59 day 0')
    expect(at('2026-03-08T07:00:00Z')).toBe('3/8 3:00 day 0')
    // The day before and after, one lookup for each: EST then EDT all day.
    expect(at('2026-03-07T12:00:00Z')).toBe('3/7 7:00 day 6')
    expect(at('2026-03-09T12:00:00Z')).toBe('3/9 8:00 day 1')
    // Sunday 1 November 2026: 05:59 UTC is 01:59 EDT, 06:00 UTC is 01:00 EST (clocks back at 02:00 EDT).
    expect(at('2026-11-01T05:59:00Z')).toBe('11/1 1:59 day 0')
    expect(at('2026-11-01T06:00:00Z')).toBe('11/1 1:00 day 0')
    // Just after midnight UTC: still the evening before in New York.
    expect(at('2026-12-09T03:00:00Z')).toBe('12/8 22:00 day 2')
  })
  it('names calendar months and their first instants on the zone’s wall clock', () => {
    // Chicago: 1 November 2026 starts at 05:00Z (CDT); 1 December at 06:00Z (CST); month 13 is next January.
    expect(new Date(monthStartIn(2026, 11, 'America/Chicago')).toISOString()).toBe('2026-11-01T05:00:00.000Z')
    expect(new Date(monthStartIn(2026, 12, 'America/Chicago')).toISOString()).toBe('2026-12-01T06:00:00.000Z')
    expect(new Date(monthStartIn(2026, 13, 'America/Chicago')).toISOString()).toBe('2027-01-01T06:00:00.000Z')
    // The month 2 after the one of 30 November 9 p.m. in Chicago (06:00Z on 1 December would be December's in UTC).
    expect(new Date(monthStartAfter(Date.parse('2026-12-01T03:00:00Z'), 2, 'America/Chicago')).toISOString()).toBe(
      '2027-01-01T06:00:00.000Z',
    )
    const read = monthKeyReader('America/Chicago')
    for (const [utc, month] of [
      ['2026-11-01T04:59:00Z', '2026-10'],
      ['2026-11-01T05:00:00Z', '2026-11'],
      ['2026-12-01T05:59:00Z', '2026-11'],
      ['2026-12-01T06:00:00Z', '2026-12'],
    ] as const) {
      expect(read(Date.parse(utc))).toBe(month)
      expect(monthKeyIn(Date.parse(utc), 'America/Chicago')).toBe(month)
    }
  })
})
