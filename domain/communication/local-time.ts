// Dates and times in a client's message, on the client's own clock (decision 0043): "Tue 8 Dec, 10:00 AM CST".
// Workflows write the text before anyone knows the recipient's zone, so they put a marker where an instant goes
// (`{{datetime:<ISO>}}`, `{{date:<ISO>}}`) and sendClientMessage renders the markers in the recipient's zone at the
// moment of sending, as it chooses the channel then. Pure (Intl only: DST is the platform's zone database).
import { isIanaTimezone } from '../time/zoned-time'
import { defaultSendWindow } from './send-window'

/** The agency's zone (seed 003's default) when neither the person nor their company names one. */
export const agencyTimeZone = defaultSendWindow.timezone

/**
 * The zone a person reads their messages in: their communication preference (seed 003), else the time zone on
 * their record (contact or lead), else their company's, else the agency's. A zone the platform does not know is
 * passed over.
 */
export function recipientTimeZone(candidates: {
  preference: string | null | undefined
  person: string | null | undefined
  company: string | null | undefined
}): string {
  for (const zone of [candidates.preference, candidates.person, candidates.company]) {
    if (zone?.trim() && isIanaTimezone(zone.trim())) return zone.trim()
  }
  return agencyTimeZone
}

function parts(ms: number, timeZone: string, options: Intl.DateTimeFormatOptions): Record<string, string> {
  const found: Record<string, string> = {}
  for (const part of new Intl.DateTimeFormat('en-US', { timeZone, ...options }).formatToParts(new Date(ms))) {
    found[part.type] = part.value
  }
  return found
}

/** The calendar day of `ms` on the clock of `timeZone`: "Tue 8 Dec". */
export function localDate(ms: number, timeZone: string): string {
  const p = parts(ms, timeZone, { weekday: 'short', day: 'numeric', month: 'short' })
  return `${p.weekday} ${p.day} ${p.month}`
}

/** The day and time of `ms` on the clock of `timeZone`, the zone named: "Tue 8 Dec, 10:00 AM CST". */
export function localDateTime(ms: number, timeZone: string): string {
  const p = parts(ms, timeZone, {
    weekday: 'short',
    day: 'numeric',
    month: 'short',
    hour: 'numeric',
    minute: '2-digit',
    hour12: true,
    timeZoneName: 'short',
  })
  return `${p.weekday} ${p.day} ${p.month}, ${p.hour}:${p.minute} ${p.dayPeriod} ${p.timeZoneName}`
}

/** A marker for the day and time of `ms`, rendered by `renderLocalTimes`. */
export const dateTimeMarker = (ms: number) => `{{datetime:${new Date(ms).toISOString()}}}`
/** A marker for the calendar day of `ms`, rendered by `renderLocalTimes`. */
export const dateMarker = (ms: number) => `{{date:${new Date(ms).toISOString()}}}`

/** The longest a marker is: a text measured with its markers is never shorter once they are rendered. */
export const markerMaxLength = dateTimeMarker(0).length

const markerPattern = /\{\{(datetime|date):(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z)\}\}/g

/** The text with every marker replaced by its instant on the clock of `timeZone`. */
export function renderLocalTimes(text: string, timeZone: string): string {
  return text.replace(markerPattern, (_marker, kind: string, at: string) =>
    kind === 'date' ? localDate(Date.parse(at), timeZone) : localDateTime(Date.parse(at), timeZone),
  )
}
