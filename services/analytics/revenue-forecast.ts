import { revenueForecast, type ForecastMonth } from '../../domain/analytics/revenue-forecast'
import type { Database } from '../../lib/db'
import { at, dealScope, partnershipScope, type AnalyticsScope } from './analytics-scope'

// The revenue forecast (issue 12): open deals weighted by their stage probability in their expected close month,
// plus the payments partnerships are contracted to make and have not made. Months from the current one on.

export const forecastMonths = 6

export interface Forecast {
  months: ForecastMonth[]
  /** Open deals without an expected close date: not forecast, counted so the gap is visible. */
  undatedDeals: number
}

export async function loadRevenueForecast(db: Database, scope: AnalyticsScope, nowMs: number): Promise<Forecast> {
  const now = new Date(nowMs)
  const monthStart = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1)
  const horizon = Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + forecastMonths, 1)
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
    ),
    undatedDeals: deals.length - dated.length,
  }
}
