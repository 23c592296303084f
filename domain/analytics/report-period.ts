// The period a dashboard or report covers: whole calendar months on the wall clock of the person reading it (the
// zone their browser reports, as scheduled reports use each recipient's), and the period of the same length just
// before it, for "+23% MoM". Pure.
import { monthKeyIn, monthStartIn } from '../time/zoned-time'

export const periodLengths = [1, 3, 6, 12] as const
export type PeriodLength = (typeof periodLengths)[number]

export interface ReportPeriod {
  /** "2026-11": the first month of the period. */
  month: string
  months: PeriodLength
  /** IANA zone whose midnights bound the months (and whose days and hours the charts count). */
  timeZone: string
  fromMs: number
  /** Exclusive. */
  toMs: number
  previous: { fromMs: number; toMs: number }
  label: string
  previousLabel: string
}

/** [from, to) and the zone whose calendar days and hours it is read in. */
export interface ZonedRange {
  fromMs: number
  /** Exclusive. */
  toMs: number
  timeZone: string
}

export type PeriodParse = { ok: true; period: ReportPeriod } | { ok: false; field: 'month' | 'months'; message: string }

const monthPattern = /^(\d{4})-(0[1-9]|1[0-2])$/
const monthNames = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec']

/** "Nov 2026", or "Dec 2026 – Feb 2027": months counted from January of year 0 (`year * 12 + index`). */
function labelOf(firstMonth: number, months: number): string {
  const name = (month: number) => `${monthNames[month % 12]} ${Math.floor(month / 12)}`
  const lastMonth = firstMonth + months - 1
  return months === 1 ? name(firstMonth) : `${name(firstMonth)} – ${name(lastMonth)}`
}

/** The period of `months` months starting with `month` ("2026-11") in `timeZone`, and the one before it. */
export function reportPeriod(month: string, months: PeriodLength, timeZone: string): ReportPeriod {
  const match = monthPattern.exec(month)
  if (!match) throw new Error(`Not a month: ${month}`)
  const year = Number(match[1])
  const number = Number(match[2])
  const start = (offset: number) => monthStartIn(year, number + offset, timeZone)
  const fromMs = start(0)
  const firstMonth = year * 12 + number - 1
  return {
    month,
    months,
    timeZone,
    fromMs,
    toMs: start(months),
    previous: { fromMs: start(-months), toMs: fromMs },
    label: labelOf(firstMonth, months),
    previousLabel: labelOf(firstMonth - months, months),
  }
}

/** The month containing `nowMs` in `timeZone`, one month long: what the home dashboard shows ("this month"). */
export function currentMonth(nowMs: number, timeZone: string): ReportPeriod {
  return reportPeriod(monthKeyIn(nowMs, timeZone), 1, timeZone)
}

/** "2026-11" moved by `offset` months. */
function monthKeyPlus(month: string, offset: number): string {
  const index = Number(month.slice(0, 4)) * 12 + Number(month.slice(5, 7)) - 1 + offset
  return `${String(Math.floor(index / 12)).padStart(4, '0')}-${String((index % 12) + 1).padStart(2, '0')}`
}

/**
 * `?month=YYYY-MM&months=1|3|6|12`. Without a month, the period is the last `months` months up to the current one
 * in `timeZone` (twelve months are the past year, not the year ahead); without a length, one month.
 */
export function parseReportPeriod(params: URLSearchParams, nowMs: number, timeZone: string): PeriodParse {
  const months = Number(params.get('months') || '1')
  if (!periodLengths.includes(months as PeriodLength)) {
    return { ok: false, field: 'months', message: `months must be one of ${periodLengths.join(', ')}` }
  }
  const month = params.get('month') || monthKeyPlus(monthKeyIn(nowMs, timeZone), 1 - months)
  if (!monthPattern.test(month)) return { ok: false, field: 'month', message: 'month must be a month like 2026-11' }
  return { ok: true, period: reportPeriod(month, months as PeriodLength, timeZone) }
}

/**
 * The instant a period's "at the end" figures (pipeline value, active partners, MRR) are taken: its end, or now
 * while the period is still running.
 */
export function periodEndMs(period: { toMs: number }, nowMs: number): number {
  return Math.min(period.toMs, nowMs)
}
