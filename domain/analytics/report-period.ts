// The period a dashboard or report covers: whole calendar months in UTC (the app shows times in UTC, the revenue
// forecast counts UTC months), and the period of the same length just before it, for "+23% MoM". Pure.

export const periodLengths = [1, 3, 6, 12] as const
export type PeriodLength = (typeof periodLengths)[number]

export interface ReportPeriod {
  /** "2026-11": the first month of the period. */
  month: string
  months: PeriodLength
  fromMs: number
  /** Exclusive. */
  toMs: number
  previous: { fromMs: number; toMs: number }
  label: string
  previousLabel: string
}

export type PeriodParse = { ok: true; period: ReportPeriod } | { ok: false; field: 'month' | 'months'; message: string }

const monthPattern = /^(\d{4})-(0[1-9]|1[0-2])$/
const monthNames = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec']

function monthStart(year: number, monthIndex: number): number {
  return Date.UTC(year, monthIndex, 1)
}

function labelOf(fromMs: number, toMs: number): string {
  const from = new Date(fromMs)
  const last = new Date(toMs - 1)
  const first = `${monthNames[from.getUTCMonth()]} ${from.getUTCFullYear()}`
  const end = `${monthNames[last.getUTCMonth()]} ${last.getUTCFullYear()}`
  return first === end ? first : `${first} – ${end}`
}

export function monthKeyOf(ms: number): string {
  return new Date(ms).toISOString().slice(0, 7)
}

/** The period of `months` months starting with `month` ("2026-11"), and the one before it. */
export function reportPeriod(month: string, months: PeriodLength): ReportPeriod {
  const match = monthPattern.exec(month)
  if (!match) throw new Error(`Not a month: ${month}`)
  const year = Number(match[1])
  const index = Number(match[2]) - 1
  const fromMs = monthStart(year, index)
  const toMs = monthStart(year, index + months)
  const previous = { fromMs: monthStart(year, index - months), toMs: fromMs }
  return {
    month,
    months,
    fromMs,
    toMs,
    previous,
    label: labelOf(fromMs, toMs),
    previousLabel: labelOf(previous.fromMs, previous.toMs),
  }
}

/** The month containing `nowMs`, one month long: what the home dashboard shows ("this month" against last). */
export function currentMonth(nowMs: number): ReportPeriod {
  return reportPeriod(monthKeyOf(nowMs), 1)
}

/** `?month=YYYY-MM&months=1|3|6|12`; absent parameters default to the current month. */
export function parseReportPeriod(params: URLSearchParams, nowMs: number): PeriodParse {
  const month = params.get('month') || monthKeyOf(nowMs)
  if (!monthPattern.test(month)) return { ok: false, field: 'month', message: 'month must be a month like 2026-11' }
  const rawMonths = params.get('months') || '1'
  const months = Number(rawMonths)
  if (!periodLengths.includes(months as PeriodLength)) {
    return { ok: false, field: 'months', message: `months must be one of ${periodLengths.join(', ')}` }
  }
  return { ok: true, period: reportPeriod(month, months as PeriodLength) }
}

/**
 * The instant a period's "at the end" figures (pipeline value, active partners, MRR) are taken: its end, or now
 * while the period is still running.
 */
export function periodEndMs(period: { toMs: number }, nowMs: number): number {
  return Math.min(period.toMs, nowMs)
}
