import { describe, expect, it } from 'vitest'
import {
  expectedSendTime,
  localWeekdayTime,
  marketingSendDecision,
  marketingSendRules,
  nextSendTime,
  type MarketingSendRules,
  type SendWindowPreferences,
} from './send-window'

const defaults = { quietHoursStart: '21:00', quietHoursEnd: '08:00', weekendContact: false }
const prefs = (timezone: string, overrides: Partial<SendWindowPreferences> = {}): SendWindowPreferences => ({
  timezone,
  ...defaults,
  ...overrides,
})
const at = (iso: string) => new Date(iso)

const localFormats = new Map<string, Intl.DateTimeFormat>()

/** The local wall clock of an instant, "YYYY-MM-DD HH:MM (weekday)", to state expectations in local terms too. */
function local(instant: Date, timezone: string): string {
  let format = localFormats.get(timezone)
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', {
      timeZone: timezone,
      hourCycle: 'h23',
      weekday: 'short',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
    })
    localFormats.set(timezone, format)
  }
  const parts = Object.fromEntries(format.formatToParts(instant).map((part) => [part.type, part.value]))
  return `${parts.year}-${parts.month}-${parts.day} ${parts.hour}:${parts.minute} (${parts.weekday})`
}

describe('nextSendTime outside DST changes', () => {
  it('allows a weekday afternoon at once, with no reason', () => {
    const now = at('2026-11-24T15:00:00.000Z') // Tuesday 10:00 in New York
    expect(nextSendTime(now, prefs('America/New_York'))).toEqual({ at: now, reason: null })
  })

  it('moves a step due at 02:00 local to 08:00 local the same morning', () => {
    const now = at('2026-01-14T08:00:00Z') // Wednesday 02:00 in Chicago (CST, UTC−6)
    const result = nextSendTime(now, prefs('America/Chicago'))
    expect(result.at.toISOString()).toBe('2026-01-14T14:00:00.000Z')
    expect(local(result.at, 'America/Chicago')).toBe('2026-01-14 08:00 (Wed)')
    expect(result.reason).toBe('Quiet hours (21:00–08:00 America/Chicago)')
  })

  it('treats the quiet hours as [start, end): 20:59 and 08:00 are allowed, 21:00 and 07:59:59 are not', () => {
    const ny = prefs('America/New_York')
    expect(nextSendTime(at('2026-01-14T01:59:00Z'), ny).reason).toBeNull() // Tue 20:59 EST
    expect(nextSendTime(at('2026-01-14T02:00:00Z'), ny).at.toISOString()).toBe('2026-01-14T13:00:00.000Z') // 21:00 → 08:00
    expect(nextSendTime(at('2026-01-14T12:59:59Z'), ny).at.toISOString()).toBe('2026-01-14T13:00:00.000Z')
    expect(nextSendTime(at('2026-01-14T13:00:00Z'), ny).reason).toBeNull()
  })

  it('waits over the weekend until Monday morning, naming the weekend', () => {
    const saturdayNoon = at('2026-11-28T17:00:00Z')
    const result = nextSendTime(saturdayNoon, prefs('America/New_York'))
    expect(local(result.at, 'America/New_York')).toBe('2026-11-30 08:00 (Mon)')
    expect(result.reason).toBe('Weekend (America/New_York)')
  })

  it('names both when Friday night quiet hours run into the weekend', () => {
    const fridayNight = at('2026-11-28T03:00:00Z') // Friday 22:00 EST
    const result = nextSendTime(fridayNight, prefs('America/New_York'))
    expect(result.at.toISOString()).toBe('2026-11-30T13:00:00.000Z')
    expect(result.reason).toBe('Quiet hours (21:00–08:00 America/New_York) and weekend (America/New_York)')
  })

  it('sends at the weekend when the person allows it', () => {
    const saturdayNoon = at('2026-11-28T17:00:00Z')
    expect(nextSendTime(saturdayNoon, prefs('America/New_York', { weekendContact: true }))).toEqual({
      at: saturdayNoon,
      reason: null,
    })
  })

  it('handles quiet hours that do not wrap midnight, and equal start and end as no quiet hours', () => {
    const early = prefs('America/New_York', { quietHoursStart: '00:00', quietHoursEnd: '06:30' })
    expect(nextSendTime(at('2026-01-14T04:00:00Z'), early).reason).toBeNull() // Tue 23:00
    expect(local(nextSendTime(at('2026-01-14T06:00:00Z'), early).at, 'America/New_York')).toBe('2026-01-14 06:30 (Wed)')
    const none = prefs('America/New_York', { quietHoursStart: '08:00', quietHoursEnd: '08:00' })
    expect(nextSendTime(at('2026-01-14T08:00:00Z'), none).reason).toBeNull() // 03:00 local
  })

  it('refuses malformed clock times and unknown time zones', () => {
    const now = at('2026-01-14T08:00:00Z')
    expect(() => nextSendTime(now, prefs('America/New_York', { quietHoursEnd: '8:00' }))).toThrow(/quietHoursEnd/)
    expect(() => nextSendTime(now, prefs('America/New_York', { quietHoursStart: '24:00' }))).toThrow(/quietHoursStart/)
    expect(() => nextSendTime(now, prefs('Mars/Olympus_Mons'))).toThrow(RangeError)
  })
})

describe('nextSendTime across daylight-saving changes', () => {
  const everyDay = { weekendContact: true }

  it('New York spring forward (8 March 2026): 08:00 EDT is 12:00Z, not 13:00Z', () => {
    const saturdayNight = at('2026-03-08T03:00:00Z') // Sat 7 March 22:00 EST (UTC−5)
    const result = nextSendTime(saturdayNight, prefs('America/New_York', everyDay))
    expect(result.at.toISOString()).toBe('2026-03-08T12:00:00.000Z') // Sun 08:00 EDT (UTC−4)
    expect(local(result.at, 'America/New_York')).toBe('2026-03-08 08:00 (Sun)')
  })

  it('New York fall back (1 November 2026): 08:00 EST is 13:00Z, not 12:00Z', () => {
    const saturdayNight = at('2026-11-01T03:00:00Z') // Sat 31 October 23:00 EDT
    const result = nextSendTime(saturdayNight, prefs('America/New_York', everyDay))
    expect(result.at.toISOString()).toBe('2026-11-01T13:00:00.000Z')
    expect(local(result.at, 'America/New_York')).toBe('2026-11-01 08:00 (Sun)')
  })

  it('Madrid spring forward (29 March 2026): 08:00 CEST is 06:00Z', () => {
    const saturdayNight = at('2026-03-28T22:30:00Z') // Sat 23:30 CET (UTC+1)
    const result = nextSendTime(saturdayNight, prefs('Europe/Madrid', everyDay))
    expect(result.at.toISOString()).toBe('2026-03-29T06:00:00.000Z')
    expect(local(result.at, 'Europe/Madrid')).toBe('2026-03-29 08:00 (Sun)')
  })

  it('Madrid fall back (25 October 2026): 08:00 CET is 07:00Z', () => {
    const saturdayNight = at('2026-10-24T20:00:00Z') // Sat 22:00 CEST (UTC+2)
    const result = nextSendTime(saturdayNight, prefs('Europe/Madrid', everyDay))
    expect(result.at.toISOString()).toBe('2026-10-25T07:00:00.000Z')
  })

  it('Madrid: a Sunday-night change still lands on Monday 08:00 local without weekend contact', () => {
    const saturdayNight = at('2026-03-28T22:30:00Z')
    const result = nextSendTime(saturdayNight, prefs('Europe/Madrid'))
    expect(result.at.toISOString()).toBe('2026-03-30T06:00:00.000Z') // Monday 08:00 CEST
  })

  it('east of UTC without DST (Tokyo): the next morning is the previous UTC date', () => {
    const mondayNight = at('2026-11-23T14:00:00Z') // Mon 23:00 JST (UTC+9)
    const result = nextSendTime(mondayNight, prefs('Asia/Tokyo'))
    expect(result.at.toISOString()).toBe('2026-11-23T23:00:00.000Z') // Tue 08:00 JST
    const earlySaturday = at('2026-11-27T16:00:00Z') // Friday in UTC, Saturday 01:00 in Tokyo
    const weekend = nextSendTime(earlySaturday, prefs('Asia/Tokyo'))
    expect(local(weekend.at, 'Asia/Tokyo')).toBe('2026-11-30 08:00 (Mon)')
    expect(weekend.reason).toBe('Quiet hours (21:00–08:00 Asia/Tokyo) and weekend (Asia/Tokyo)')
  })

  it('east of UTC with DST (Sydney fall back, 5 April 2026): 08:00 AEST is 22:00Z the day before', () => {
    const saturdayNight = at('2026-04-04T11:00:00Z') // Sat 22:00 AEDT (UTC+11)
    const result = nextSendTime(saturdayNight, prefs('Australia/Sydney', everyDay))
    expect(result.at.toISOString()).toBe('2026-04-04T22:00:00.000Z') // Sun 08:00 AEST (UTC+10)
  })

  it('a quiet-hours end inside the spring-forward gap is the end of the gap', () => {
    // 02:30 does not exist in New York on 8 March 2026: the clock jumps from 01:59:59 EST to 03:00 EDT.
    const saturdayNight = at('2026-03-08T04:00:00Z') // Sat 23:00 EST
    const result = nextSendTime(saturdayNight, prefs('America/New_York', { ...everyDay, quietHoursEnd: '02:30' }))
    expect(result.at.toISOString()).toBe('2026-03-08T07:00:00.000Z')
    expect(local(result.at, 'America/New_York')).toBe('2026-03-08 03:00 (Sun)')
  })

  it('a quiet-hours end in the repeated autumn hour is its next occurrence, on either pass', () => {
    const quietUntilHalfPastOne = prefs('America/New_York', { ...everyDay, quietHoursEnd: '01:30' })
    // First pass through 01:xx (EDT, UTC−4): 00:00 EDT waits for 01:30 EDT.
    expect(nextSendTime(at('2026-11-01T04:00:00Z'), quietUntilHalfPastOne).at.toISOString()).toBe(
      '2026-11-01T05:30:00.000Z',
    )
    // 01:45 EDT is allowed; after the clock falls back to 01:00 EST the wall clock is before 01:30 again.
    expect(nextSendTime(at('2026-11-01T05:45:00Z'), quietUntilHalfPastOne).reason).toBeNull()
    expect(nextSendTime(at('2026-11-01T06:10:00Z'), quietUntilHalfPastOne).at.toISOString()).toBe(
      '2026-11-01T06:30:00.000Z',
    )
  })

  it('always answers an allowed instant, and the earliest one, across the DST weeks of several zones', () => {
    const zones = [
      'America/New_York',
      'Europe/Madrid',
      'Asia/Tokyo',
      'Australia/Sydney',
      'Asia/Kolkata',
      'America/Chicago',
    ]
    const weeks = [
      '2026-03-06T00:00:00Z',
      '2026-03-27T00:00:00Z',
      '2026-10-23T00:00:00Z',
      '2026-10-30T00:00:00Z',
      '2026-04-03T00:00:00Z',
    ]
    const step = 97 * 60_000 // not a divisor of an hour: lands on many different minutes
    let checked = 0
    for (const timezone of zones) {
      for (const weekendContact of [false, true]) {
        const settings = prefs(timezone, { weekendContact })
        for (const start of weeks) {
          for (let time = Date.parse(start); time < Date.parse(start) + 4 * 86_400_000; time += step) {
            const now = new Date(time)
            const result = nextSendTime(now, settings)
            expect(result.at.getTime()).toBeGreaterThanOrEqual(time)
            expect(nextSendTime(result.at, settings).reason, `${timezone} ${now.toISOString()}`).toBeNull()
            if (result.reason !== null) {
              // One second earlier is still inside the wait: nothing earlier was allowed.
              const justBefore = new Date(result.at.getTime() - 1000)
              if (justBefore.getTime() >= time) expect(nextSendTime(justBefore, settings).reason).not.toBeNull()
              const clock = local(result.at, timezone)
              expect(clock.slice(11, 16)).toBe('08:00')
              if (!weekendContact) expect(clock).not.toMatch(/\((Sat|Sun)\)/)
            } else {
              expect(result.at).toBe(now)
            }
            checked += 1
          }
        }
      }
    }
    expect(checked).toBeGreaterThan(3000)
  })
})

describe('expectedSendTime: when a marketing email due at a time really goes out', () => {
  const rules = (timezone: string, overrides: Partial<SendWindowPreferences> = {}, maxMessagesPerWeek = 4) => ({
    window: prefs(timezone, overrides),
    maxMessagesPerWeek,
  })
  const quietNewYork = 'Quiet hours (21:00–08:00 America/New_York)'
  const capOfTwo = 'Frequency cap (2 of 2 emails a week already sent in the last 7 days)'

  // [case, due, rules, earlier sends, expected instant, local time there, waits]
  const cases: [string, string, MarketingSendRules, string[], string | null, string | null, string[]][] = [
    [
      'on time inside the hours',
      '2026-11-24T15:00:00Z',
      rules('America/New_York'),
      [],
      '2026-11-24T15:00:00.000Z',
      '2026-11-24 10:00 (Tue)',
      [],
    ],
    [
      'due Tue 23:00 → Wed 08:00',
      '2026-11-25T04:00:00Z',
      rules('America/New_York'),
      [],
      '2026-11-25T13:00:00.000Z',
      '2026-11-25 08:00 (Wed)',
      [quietNewYork],
    ],
    [
      'due Fri 22:00 → Mon 08:00',
      '2026-11-28T03:00:00Z',
      rules('America/New_York'),
      [],
      '2026-11-30T13:00:00.000Z',
      '2026-11-30 08:00 (Mon)',
      [`${quietNewYork} and weekend (America/New_York)`],
    ],
    // DST week in New York: spring forward on Sunday 8 March 2026 (08:00 EDT is 12:00Z, the Friday before 13:00Z).
    [
      'DST spring: due Sat 23:00 EST → Mon 08:00 EDT',
      '2026-03-08T04:00:00Z',
      rules('America/New_York'),
      [],
      '2026-03-09T12:00:00.000Z',
      '2026-03-09 08:00 (Mon)',
      [`${quietNewYork} and weekend (America/New_York)`],
    ],
    [
      'DST spring, weekends allowed: Sun 08:00 EDT',
      '2026-03-08T04:00:00Z',
      rules('America/New_York', { weekendContact: true }),
      [],
      '2026-03-08T12:00:00.000Z',
      '2026-03-08 08:00 (Sun)',
      [quietNewYork],
    ],
    [
      'DST spring: due Fri 23:00 EST → Mon 08:00 EDT',
      '2026-03-07T04:00:00Z',
      rules('America/New_York'),
      [],
      '2026-03-09T12:00:00.000Z',
      '2026-03-09 08:00 (Mon)',
      [`${quietNewYork} and weekend (America/New_York)`],
    ],
    [
      'DST fall: due Sat 23:00 EDT → Mon 08:00 EST',
      '2026-11-01T03:00:00Z',
      rules('America/New_York'),
      [],
      '2026-11-02T13:00:00.000Z',
      '2026-11-02 08:00 (Mon)',
      [`${quietNewYork} and weekend (America/New_York)`],
    ],
    [
      'DST Madrid: due Sat 23:30 CET → Mon 08:00 CEST',
      '2026-03-28T22:30:00Z',
      rules('Europe/Madrid'),
      [],
      '2026-03-30T06:00:00.000Z',
      '2026-03-30 08:00 (Mon)',
      ['Quiet hours (21:00–08:00 Europe/Madrid) and weekend (Europe/Madrid)'],
    ],
    // Weekly cap 2, sends Tue 17 Nov 20:30 and Wed 18 Nov 10:00 EST: one more fits once Tue's leaves, Tue 24 Nov 20:30.
    [
      'cap: waits for the oldest send to leave the week',
      '2026-11-23T15:00:00Z',
      rules('America/New_York', {}, 2),
      ['2026-11-18T01:30:00Z', '2026-11-18T15:00:00Z'],
      '2026-11-25T01:30:00.000Z',
      '2026-11-24 20:30 (Tue)',
      [capOfTwo],
    ],
    // The oldest send went out at 22:00 New York time (the person lived elsewhere then): it leaves the week inside
    // quiet hours, so the email waits for the cap and then for the morning.
    [
      'cap, then quiet hours',
      '2026-11-23T15:00:00Z',
      rules('America/New_York', {}, 2),
      ['2026-11-18T03:00:00Z', '2026-11-18T15:00:00Z'],
      '2026-11-25T13:00:00.000Z',
      '2026-11-25 08:00 (Wed)',
      [capOfTwo, quietNewYork],
    ],
    [
      'a cap of 0: never',
      '2026-11-24T15:00:00Z',
      rules('America/New_York', {}, 0),
      [],
      null,
      null,
      ['Frequency cap (the person accepts no marketing emails)'],
    ],
  ]

  it.each(cases)('%s', (_case, due, caseRules, sends, expectedAt, expectedLocal, waits) => {
    const result = expectedSendTime(new Date(due), caseRules, sends.map(at))
    expect(result.at?.toISOString() ?? null).toBe(expectedAt)
    if (result.at && expectedLocal) expect(local(result.at, caseRules.window.timezone)).toBe(expectedLocal)
    expect(result.waits).toEqual(waits)
  })

  it('answers what the sending decision answers: allowed at the planned instant, deferred just before a wait ends', () => {
    for (const [, due, caseRules, sends, expectedAt] of cases) {
      const dates = sends.map(at)
      if (expectedAt === null) continue
      expect(marketingSendDecision(new Date(expectedAt), caseRules, dates)).toEqual({ allowed: true })
      if (expectedAt !== new Date(due).toISOString()) {
        expect(marketingSendDecision(new Date(Date.parse(expectedAt) - 1000), caseRules, dates).allowed).toBe(false)
      }
    }
  })
})

describe('marketingSendRules: the person’s preference, else the lead’s timezone, else seed 003’s defaults', () => {
  const stored = {
    timezone: null,
    quietHoursStart: null,
    quietHoursEnd: null,
    weekendContact: null,
    maxMessagesPerWeek: null,
  }
  it.each([
    ['no preference, no lead timezone', null, null, 'America/New_York', '21:00', '08:00', false, 4],
    ['no preference, lead in Chicago', null, 'America/Chicago', 'America/Chicago', '21:00', '08:00', false, 4],
    [
      'empty fields fall back',
      { ...stored, quietHoursStart: '' },
      'Europe/Madrid',
      'Europe/Madrid',
      '21:00',
      '08:00',
      false,
      4,
    ],
    [
      'the preference wins',
      {
        timezone: 'Asia/Tokyo',
        quietHoursStart: '20:00',
        quietHoursEnd: '09:30',
        weekendContact: true,
        maxMessagesPerWeek: 2,
      },
      'America/Chicago',
      'Asia/Tokyo',
      '20:00',
      '09:30',
      true,
      2,
    ],
  ] as const)('%s', (_case, preference, leadTimezone, timezone, start, end, weekendContact, max) => {
    expect(marketingSendRules(preference, leadTimezone)).toEqual({
      window: { timezone, quietHoursStart: start, quietHoursEnd: end, weekendContact },
      maxMessagesPerWeek: max,
    })
  })
})

describe('localWeekdayTime', () => {
  it('says the weekday and 24-hour time on the zone’s wall clock', () => {
    expect(localWeekdayTime(at('2026-11-25T13:00:00Z'), 'America/New_York')).toBe('Wed 08:00')
    expect(localWeekdayTime(at('2026-03-09T12:00:00Z'), 'America/New_York')).toBe('Mon 08:00')
    expect(localWeekdayTime(at('2026-11-23T23:00:00Z'), 'Asia/Tokyo')).toBe('Tue 08:00')
  })
})
