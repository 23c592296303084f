// §10.2 "cost per lead by source" from the marketing spend entered per source and calendar month (decision 0040).
// Pure.
import { monthKeyIn, monthStartAfter, monthStartIn } from '../time/zoned-time'
//
// A month's spend is spread evenly over the month's time, so a period covering part of a month carries that part of
// its spend (10 of November's 30 days carry a third of November). Months are calendar months on the wall clock of
// the period's zone, the same months the period is made of. A period's cost per lead is its
// prorated spend divided by the leads of that source created in it. It is only stated when every month the period
// touches has a spend entered for the source: a missing month is unknown, not zero (zero is entered as 0).

export interface MonthSpend {
  source: string
  /** `2026-11`: a calendar month. */
  month: string
  amountCents: number
}

export interface CostPerLeadRow {
  source: string
  leads: number
  /** The spend that falls in the period, in whole cents (only what was entered, when months are missing). */
  spendCents: number
  /** Spend ÷ leads in whole cents; null when no leads came, or when a month's spend is missing. */
  costPerLeadCents: number | null
  /** Months the period touches with no spend entered for the source. */
  missingMonths: string[]
}

const monthPattern = /^(\d{4})-(0[1-9]|1[0-2])$/

/** [from, to) of a calendar month in `timeZone`. */
export function monthRange(month: string, timeZone: string): { fromMs: number; toMs: number } {
  const match = monthPattern.exec(month)
  if (!match) throw new Error(`Not a month: ${month}`)
  const year = Number(match[1])
  const number = Number(match[2])
  return { fromMs: monthStartIn(year, number, timeZone), toMs: monthStartIn(year, number + 1, timeZone) }
}

/** Every month of `timeZone` the range [from, to) touches, oldest first. */
export function monthsTouched(range: { fromMs: number; toMs: number }, timeZone: string): string[] {
  const months: string[] = []
  if (range.toMs <= range.fromMs) return months
  for (let offset = 0; ; offset += 1) {
    const fromMs = monthStartAfter(range.fromMs, offset, timeZone)
    if (fromMs >= range.toMs) break
    months.push(monthKeyIn(fromMs, timeZone))
  }
  return months
}

/** The share of a month that lies in the range: overlapping time over the month's length (0 to 1). */
export function monthShare(month: string, range: { fromMs: number; toMs: number }, timeZone: string): number {
  const whole = monthRange(month, timeZone)
  const overlap = Math.min(whole.toMs, range.toMs) - Math.max(whole.fromMs, range.fromMs)
  return overlap <= 0 ? 0 : overlap / (whole.toMs - whole.fromMs)
}

/**
 * Cost per lead by source over the range. Rows for every source that brought leads or has spend in the range, the
 * highest spend first (then the most leads, then the source's name).
 */
export function costPerLeadBySource(
  spends: MonthSpend[],
  leadsBySource: { source: string; leads: number }[],
  range: { fromMs: number; toMs: number },
  timeZone: string,
): CostPerLeadRow[] {
  const months = monthsTouched(range, timeZone)
  const spendOf = new Map<string, { exact: number; months: Set<string> }>()
  for (const spend of spends) {
    const share = monthShare(spend.month, range, timeZone)
    if (share === 0) continue
    const entry = spendOf.get(spend.source) ?? { exact: 0, months: new Set<string>() }
    entry.exact += spend.amountCents * share
    entry.months.add(spend.month)
    spendOf.set(spend.source, entry)
  }
  const sources = new Set([...leadsBySource.filter((row) => row.leads > 0).map((row) => row.source), ...spendOf.keys()])
  return [...sources]
    .map((source): CostPerLeadRow => {
      const leads = leadsBySource.find((row) => row.source === source)?.leads ?? 0
      const entry = spendOf.get(source)
      const spendCents = Math.round(entry?.exact ?? 0)
      const missingMonths = months.filter((month) => !entry?.months.has(month))
      return {
        source,
        leads,
        spendCents,
        costPerLeadCents: leads === 0 || missingMonths.length > 0 ? null : Math.round(spendCents / leads),
        missingMonths,
      }
    })
    .sort((a, b) => b.spendCents - a.spendCents || b.leads - a.leads || a.source.localeCompare(b.source))
}

const monthIndex = (month: string) => Number(month.slice(0, 4)) * 12 + Number(month.slice(5, 7)) - 1

/** Months (`2026-03`) as runs of consecutive months: "2025-12 to 2026-05, 2026-08". Unsorted input is sorted. */
export function monthRuns(months: readonly string[]): string {
  const sorted = [...new Set(months)].sort()
  const runs: [string, string][] = []
  for (const month of sorted) {
    const last = runs.at(-1)
    if (last && monthIndex(month) === monthIndex(last[1]) + 1) last[1] = month
    else runs.push([month, month])
  }
  return runs.map(([from, to]) => (from === to ? from : `${from} to ${to}`)).join(', ')
}
