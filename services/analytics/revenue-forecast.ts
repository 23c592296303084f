import { revenueForecast, type ForecastMonth } from '../../domain/analytics/revenue-forecast'
import type { Database } from '../../lib/db'
import { monthStartAfter } from '../../domain/time/zoned-time'
import { at, dealScope, partnershipScope, type AnalyticsScope } from './analytics-scope'

// The revenue forecast (issue 12): open deals weighted by their stage probability in their expected close month,
// plus the payments partnerships are contracted to make and have not made. Months from the current one on, in the
// reader's zone.

export const forecastMonths = 6

export interface Forecast {
  months: ForecastMonth[]
  /** Open deals without an expected close date: not forecast, counted so the gap is visible. */
  undatedDeals: number
}

export async function loadRevenueForecast(
  db: Database,
  scope: AnalyticsScope,
  nowMs: number,
  timeZone: string,
): Promise<Forecast> {
  const monthStart = monthStartAfter(nowMs, 0, timeZone)
  const horizon = monthStartAfter(nowMs, forecastMonths, timeZone)
  const [deals, payments] = await Promise.all([
    db.$queryRaw<{ value: number; probability: number; expectedCloseDate: Date | null }[]>`
      SELECT o."totalContractValue"::float8 AS value, o.probability, o."expectedCloseDate"
      FROM "Opportunity" o
      WHERE o.stage NOT IN ('CLOSED_WON', 'CLOSED_LOST')
        AND (o."expectedCloseDate" IS NULL OR o."expectedCloseDate" < ${at(horizon)}::timestamp)
        AND ${dealScope(scope)}`,
    db.$queryRaw<{ amount: number; dueDate: Date }[]>`
      SELECT pay.amount::float8 AS amount, pay."dueDate"
      FROM "Payment" pay
      JOIN "Partnership" p ON p.id = pay."partnershipId"
      WHERE pay.status = 'PENDING'
        AND pay."dueDate" >= ${at(monthStart)}::timestamp AND pay."dueDate" < ${at(horizon)}::timestamp
        AND ${partnershipScope(scope)}`,
  ])
  const dated = deals.filter((deal) => deal.expectedCloseDate !== null)
  return {
    months: revenueForecast(
      dated.map((deal) => ({
        value: deal.value,
        probability: deal.probability,
        expectedCloseMs: deal.expectedCloseDate!.getTime(),
      })),
      payments.map((payment) => ({ amount: payment.amount, dueAtMs: payment.dueDate.getTime() })),
      nowMs,
      forecastMonths,
      timeZone,
    ),
    undatedDeals: deals.length - dated.length,
  }
}
