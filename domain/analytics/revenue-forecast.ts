// Issue 12's revenue forecast: the weighted pipeline by expected close month plus the monthly fees already
// contracted (partnership payments not yet received), month by month: calendar months on the wall clock of the zone
// the forecast is read in. Pure.
import { monthKeyReader, monthStartAfter } from '../time/zoned-time'

export interface ForecastDeal {
  value: number
  /** §4.1's stage probability, 0–100. */
  probability: number
  /** Expected close date (§2.3 `expectedCloseDate`). */
  expectedCloseMs: number
}

export interface ForecastPayment {
  amount: number
  dueAtMs: number
}

export interface ForecastMonth {
  /** First instant of the month in the forecast's zone. */
  monthStartMs: number
  /** "2027-01". */
  month: string
  weightedPipeline: number
  contracted: number
  total: number
}

/**
 * `months` calendar months from the month of `fromMs`. A deal expected to close before that month is overdue and
 * forecast in the first month (it has not closed yet); a payment due before it is overdue and left out (it is
 * revenue at risk, shown by the payments, not forecast).
 */
export function revenueForecast(
  deals: readonly ForecastDeal[],
  payments: readonly ForecastPayment[],
  fromMs: number,
  months: number,
  timeZone: string,
): ForecastMonth[] {
  const monthKey = monthKeyReader(timeZone)
  const starts = Array.from({ length: months }, (_, index) => monthStartAfter(fromMs, index, timeZone))
  const rows = starts.map((monthStartMs) => ({
    monthStartMs,
    month: monthKey(monthStartMs),
    weightedPipeline: 0,
    contracted: 0,
    total: 0,
  }))
  const byMonth = new Map(rows.map((row) => [row.month, row]))
  for (const deal of deals) {
    const row = deal.expectedCloseMs < starts[0]! ? rows[0] : byMonth.get(monthKey(deal.expectedCloseMs))
    if (row) row.weightedPipeline += (deal.value * deal.probability) / 100
  }
  for (const payment of payments) {
    const row = byMonth.get(monthKey(payment.dueAtMs))
    if (row) row.contracted += payment.amount
  }
  for (const row of rows) row.total = row.weightedPipeline + row.contracted
  return rows
}
