import { describe, expect, it } from 'vitest'
import {
  agencyTimeZone,
  dateMarker,
  dateTimeMarker,
  localDate,
  localDateTime,
  markerMaxLength,
  recipientTimeZone,
  renderLocalTimes,
} from './local-time'

const at = (iso: string) => Date.parse(iso)

describe('a client’s date and time on their own clock', () => {
  it.each([
    // [instant (UTC), zone, day and time, day]
    ['2026-12-08T16:00:00Z', 'America/Chicago', 'Tue 8 Dec, 10:00 AM CST', 'Tue 8 Dec'],
    ['2026-12-08T16:00:00Z', 'UTC', 'Tue 8 Dec, 4:00 PM UTC', 'Tue 8 Dec'],
    // Evening on the west coast is the next day in UTC: the client's day is the 7th.
    ['2026-12-08T03:00:00Z', 'America/Los_Angeles', 'Mon 7 Dec, 7:00 PM PST', 'Mon 7 Dec'],
    ['2026-12-08T05:00:00Z', 'America/New_York', 'Tue 8 Dec, 12:00 AM EST', 'Tue 8 Dec'],
    ['2026-12-08T17:00:00Z', 'America/New_York', 'Tue 8 Dec, 12:00 PM EST', 'Tue 8 Dec'],
    ['2026-12-08T09:00:00Z', 'Europe/Berlin', 'Tue 8 Dec, 10:00 AM GMT+1', 'Tue 8 Dec'],
    ['2026-12-08T09:00:00Z', 'Asia/Kolkata', 'Tue 8 Dec, 2:30 PM GMT+5:30', 'Tue 8 Dec'],
    // DST ends in New York on Sun 1 Nov 2026 at 2:00 EDT (06:00Z): 1:30 happens twice, first EDT, then EST.
    ['2026-11-01T05:30:00Z', 'America/New_York', 'Sun 1 Nov, 1:30 AM EDT', 'Sun 1 Nov'],
    ['2026-11-01T06:30:00Z', 'America/New_York', 'Sun 1 Nov, 1:30 AM EST', 'Sun 1 Nov'],
    // DST begins on Sun 8 Mar 2026 at 2:00 EST (07:00Z): half an hour later it is 3:30 EDT.
    ['2026-03-08T06:30:00Z', 'America/Chicago', 'Sun 8 Mar, 12:30 AM CST', 'Sun 8 Mar'],
    ['2026-03-08T07:30:00Z', 'America/New_York', 'Sun 8 Mar, 3:30 AM EDT', 'Sun 8 Mar'],
    // Phoenix keeps standard time all year.
    ['2026-07-08T17:00:00Z', 'America/Phoenix', 'Wed 8 Jul, 10:00 AM MST', 'Wed 8 Jul'],
  ])('%s in %s is “%s”', (instant, zone, dateTime, date) => {
    expect(localDateTime(at(instant), zone)).toBe(dateTime)
    expect(localDate(at(instant), zone)).toBe(date)
  })

  it('renders the markers of a text in the zone, and leaves the rest alone', () => {
    const text = `Your call is on ${dateTimeMarker(at('2026-12-08T16:00:00Z'))}; pay by ${dateMarker(at('2026-12-10T02:00:00Z'))}. {{x}}`
    expect(renderLocalTimes(text, 'America/Chicago')).toBe(
      'Your call is on Tue 8 Dec, 10:00 AM CST; pay by Wed 9 Dec. {{x}}',
    )
    expect(renderLocalTimes('{{datetime:not a date}}', 'UTC')).toBe('{{datetime:not a date}}')
  })

  it('never makes a text longer: a marker is at least as long as what it renders', () => {
    expect(markerMaxLength).toBe('{{datetime:2026-12-08T16:00:00.000Z}}'.length)
    const longest = localDateTime(at('2026-09-30T12:00:00Z'), 'Australia/Lord_Howe')
    expect(longest.length).toBeLessThanOrEqual(markerMaxLength)
  })
})

describe('the zone a recipient reads in', () => {
  it.each([
    [{ preference: 'Europe/Lisbon', person: 'America/Chicago', company: 'America/Denver' }, 'Europe/Lisbon'],
    [{ preference: null, person: 'America/Chicago', company: 'America/Denver' }, 'America/Chicago'],
    [{ preference: '', person: null, company: 'America/Denver' }, 'America/Denver'],
    [{ preference: 'Mars/Olympus', person: undefined, company: 'America/Denver' }, 'America/Denver'],
    [{ preference: null, person: null, company: null }, 'America/New_York'],
  ])('%j reads in %s', (candidates, zone) => {
    expect(recipientTimeZone(candidates)).toBe(zone)
  })

  it('the agency’s zone is seed 003’s default', () => {
    expect(agencyTimeZone).toBe('America/New_York')
  })
})
