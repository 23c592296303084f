// When a marketing message may reach a person: outside their quiet hours and, unless they allow it, not at the
// weekend — both read on the wall clock of the person's IANA time zone. Pure (Intl only), so DST is the
// platform's time zone database, not arithmetic of ours. Imported by workflow code too (upcoming steps), so the
// plan shown on the lead page and the decision taken at the moment of sending are one and the same rule.
import { defaultMaxMessagesPerWeek, frequencyCapDeferral } from './frequency-cap'
import { zoneOffsetMs } from '../time/zoned-time'

export interface SendWindowPreferences {
  timezone: string
  /** "HH:MM" local time the quiet hours begin, e.g. "21:00". Equal start and end mean no quiet hours. */
  quietHoursStart: string
  /** "HH:MM" local time the quiet hours end, e.g. "08:00". */
  quietHoursEnd: string
  weekendContact: boolean
}

export interface SendTime {
  /** `now` when sending is allowed now, else the first allowed instant. */
  at: Date
  /** Null when allowed now; else why the message waits, e.g. "Quiet hours (21:00–08:00 America/Chicago)". */
  reason: string | null
}

/** Seed 003's defaults for a person who set no preferences (no preference row, or a field left empty). */
export const defaultSendWindow: SendWindowPreferences = {
  timezone: 'America/New_York',
  quietHoursStart: '21:00',
  quietHoursEnd: '08:00',
  weekendContact: false,
}

/** Everything that decides when a marketing email may reach one person. */
export interface MarketingSendRules {
  window: SendWindowPreferences
  maxMessagesPerWeek: number
}

/** A person's stored preferences as the database keeps them (every field may be missing). */
export interface StoredSendPreferences {
  timezone: string | null
  quietHoursStart: string | null
  quietHoursEnd: string | null
  weekendContact: boolean | null
  maxMessagesPerWeek: number | null
}

/** The rules for a person: their own preference, else the lead's timezone, else seed 003's defaults. */
export function marketingSendRules(
  preference: StoredSendPreferences | null,
  leadTimezone: string | null,
): MarketingSendRules {
  return {
    window: {
      timezone: preference?.timezone || leadTimezone || defaultSendWindow.timezone,
      quietHoursStart: preference?.quietHoursStart || defaultSendWindow.quietHoursStart,
      quietHoursEnd: preference?.quietHoursEnd || defaultSendWindow.quietHoursEnd,
      weekendContact: preference?.weekendContact ?? defaultSendWindow.weekendContact,
    },
    maxMessagesPerWeek: preference?.maxMessagesPerWeek ?? defaultMaxMessagesPerWeek,
  }
}

export type MarketingSendDecision = { allowed: true } | { allowed: false; until: Date; reason: string }

/**
 * Whether a marketing (non-transactional) email may go out to the person at `now`: first their hours (quiet
 * hours, weekend), then the weekly cap over `recentSends`. The sending activity asks this at the moment of
 * sending; a deferred step is asked again at `until`.
 */
export function marketingSendDecision(
  now: Date,
  rules: MarketingSendRules,
  recentSends: readonly Date[],
): MarketingSendDecision {
  const window = nextSendTime(now, rules.window)
  if (window.reason) return { allowed: false, until: window.at, reason: window.reason }
  const cap = frequencyCapDeferral(now, [...recentSends], rules.maxMessagesPerWeek)
  return cap.allowed ? { allowed: true } : cap
}

export interface ExpectedSend {
  /** The first instant at or after the due time the rules allow; null when they never will (a cap of 0). */
  at: Date | null
  /** Each wait on the way there, in order, e.g. ["Quiet hours (21:00–08:00 America/New_York)"]; empty when on time. */
  waits: string[]
}

/** How many deferrals planning follows before it gives up (a cap of 0 defers a week at a time, forever). */
const maxPlannedDeferrals = 12

/**
 * When a marketing email due at `dueAt` will actually go out: `marketingSendDecision` asked at the due time and
 * again at every `until` it answers, exactly as the workflow and its sending activity will do.
 */
export function expectedSendTime(dueAt: Date, rules: MarketingSendRules, recentSends: readonly Date[]): ExpectedSend {
  const waits: string[] = []
  let at = dueAt
  for (let deferral = 0; deferral <= maxPlannedDeferrals; deferral += 1) {
    const decision = marketingSendDecision(at, rules, recentSends)
    if (decision.allowed) return { at, waits }
    if (!waits.includes(decision.reason)) waits.push(decision.reason)
    at = decision.until
  }
  return { at: null, waits }
}

const weekdayFormatters = new Map<string, Intl.DateTimeFormat>()

/** "Mon 08:00": an instant on the wall clock of a time zone, as a person there would say it. */
export function localWeekdayTime(instant: Date, timezone: string): string {
  let format = weekdayFormatters.get(timezone)
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', {
      timeZone: timezone,
      hourCycle: 'h23',
      weekday: 'short',
      hour: '2-digit',
      minute: '2-digit',
    })
    weekdayFormatters.set(timezone, format)
  }
  const parts = Object.fromEntries(format.formatToParts(instant).map((part) => [part.type, part.value]))
  return `${parts.weekday} ${parts.hour}:${parts.minute}`
}

const minuteMs = 60_000
const dayMs = 24 * 60 * minuteMs

/** The first instant at or after `now` at which a message may be sent to a person with these preferences. */
export function nextSendTime(now: Date, prefs: SendWindowPreferences): SendTime {
  const quiet = quietHours(prefs)
  const local = wallClock(now, prefs.timezone)
  const quietNow = quiet.contains(local.minuteOfDay)
  const weekendNow = !prefs.weekendContact && isWeekend(local.dayMs)
  if (!quietNow && !weekendNow) return { at: now, reason: null }

  const target = firstAllowedWallTime(local, quiet, prefs.weekendContact)
  const at = new Date(firstInstantAtWallTime(target.wallMs, prefs.timezone, now.getTime()))
  const reasons: string[] = []
  if (quietNow) reasons.push(`Quiet hours (${prefs.quietHoursStart}–${prefs.quietHoursEnd} ${prefs.timezone})`)
  if (weekendNow || target.skippedWeekend) reasons.push(`weekend (${prefs.timezone})`)
  const reason = reasons.join(' and ')
  return { at, reason: reason.charAt(0).toUpperCase() + reason.slice(1) }
}

interface QuietHours {
  contains(minuteOfDay: number): boolean
  endMinute: number
}

function quietHours(prefs: SendWindowPreferences): QuietHours {
  const start = parseClockTime(prefs.quietHoursStart, 'quietHoursStart')
  const end = parseClockTime(prefs.quietHoursEnd, 'quietHoursEnd')
  const contains =
    start === end
      ? () => false
      : start < end
        ? (minute: number) => minute >= start && minute < end
        : // The usual case: the quiet hours wrap midnight (21:00–08:00).
          (minute: number) => minute >= start || minute < end
  return { contains, endMinute: end }
}

function parseClockTime(value: string, field: string): number {
  const match = /^([01]\d|2[0-3]):([0-5]\d)$/.exec(value)
  if (!match) throw new RangeError(`${field} must be a time "HH:MM" between 00:00 and 23:59, not "${value}"`)
  return Number(match[1]) * 60 + Number(match[2])
}

interface WallClock {
  /** The local calendar date as the UTC midnight of the same Y-M-D (calendar arithmetic only). */
  dayMs: number
  minuteOfDay: number
}

function isWeekend(dayMs: number): boolean {
  const weekday = new Date(dayMs).getUTCDay()
  return weekday === 0 || weekday === 6
}

/** The earliest local wall time (as a UTC-labelled ms value) not in quiet hours and not a forbidden weekend. */
function firstAllowedWallTime(
  local: WallClock,
  quiet: QuietHours,
  weekendContact: boolean,
): { wallMs: number; skippedWeekend: boolean } {
  let skippedWeekend = false
  for (let dayOffset = 0; dayOffset <= 7; dayOffset += 1) {
    const day = local.dayMs + dayOffset * dayMs
    if (!weekendContact && isWeekend(day)) {
      skippedWeekend = true
      continue
    }
    const from = dayOffset === 0 ? local.minuteOfDay : 0
    // A start of the day inside wrapping quiet hours waits for their end; a time after their start waits for tomorrow.
    const minute = !quiet.contains(from) ? from : quiet.endMinute > from ? quiet.endMinute : null
    if (minute !== null) {
      // Sending at the current minute means "now"; only a later minute is a new wall time.
      return { wallMs: day + minute * minuteMs, skippedWeekend }
    }
  }
  throw new Error('No allowed send time within a week: the quiet hours leave no minute free')
}

/** The local wall time of an instant, as milliseconds of a UTC date with the same fields (seconds precision). */
function wallMsAt(instantMs: number, timezone: string): number {
  return Math.floor(instantMs / 1000) * 1000 + zoneOffsetMs(new Date(instantMs), timezone)
}

function wallClock(instant: Date, timezone: string): WallClock {
  const wallMs = wallMsAt(instant.getTime(), timezone)
  const dayStart = Math.floor(wallMs / dayMs) * dayMs
  return { dayMs: dayStart, minuteOfDay: Math.floor((wallMs - dayStart) / minuteMs) }
}

/**
 * The first instant not before `notBeforeMs` whose local wall clock shows `wallMs` or later. A wall time that
 * happens twice (autumn) is the first occurrence still ahead; one skipped by a spring-forward gap is the end of
 * the gap — the first moment the clock shows a later time.
 */
function firstInstantAtWallTime(wallMs: number, timezone: string, notBeforeMs: number): number {
  const offsets = new Set([wallMs - dayMs, wallMs, wallMs + dayMs].map((probe) => wallMsAt(probe, timezone) - probe))
  const exact = [...offsets]
    .map((offset) => wallMs - offset)
    .filter((instant) => wallMsAt(instant, timezone) === wallMs && instant >= notBeforeMs)
    .sort((a, b) => a - b)
  if (exact[0] !== undefined) return exact[0]

  // In a gap: search between the instants the two offsets point at for the first one past the wall time.
  const candidates = [...offsets].map((offset) => wallMs - offset)
  let low = Math.max(Math.min(...candidates), notBeforeMs)
  let high = Math.max(...candidates, notBeforeMs)
  if (wallMsAt(low, timezone) >= wallMs) return low
  // Invariant: the clock shows less than the wall time at `low` and at least it at `high` (seconds precision).
  while (high - low > 1000) {
    const middle = low + Math.max(1, Math.floor((high - low) / 2000)) * 1000
    if (wallMsAt(middle, timezone) >= wallMs) high = middle
    else low = middle
  }
  return high
}
