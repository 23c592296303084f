import type { ZonedRange } from '../../domain/analytics/report-period'
import { isoDateIn } from '../../domain/time/zoned-time'

// Links from a number to the list of records behind it, in the existing lists' own filter parameters.

/**
 * The leads list for the period's leads: its createdFrom and createdTo are inclusive calendar days, which the list
 * reads in the same reader's zone as the period.
 */
export function leadsListLink(period: ZonedRange, filters: Record<string, string> = {}): string {
  const day = (ms: number) => isoDateIn(new Date(ms), period.timeZone)
  const params = new URLSearchParams({
    ...filters,
    createdFrom: day(period.fromMs),
    createdTo: day(period.toMs - 1),
  })
  return `/leads?${params.toString()}`
}

export function listLink(segment: string, filters: Record<string, string>): string {
  const params = new URLSearchParams(filters)
  const query = params.toString()
  return query ? `/${segment}?${query}` : `/${segment}`
}

/**
 * The funnel's steps as lists. The lists filter on where records stand now, so MQL and SQL show the period's leads
 * at that stage today (a lead that moved on is under the next step), Opportunity the converted ones, and Closed Won
 * the won deals.
 */
export function funnelDrillLinks(period: ZonedRange): string[] {
  return [
    leadsListLink(period),
    leadsListLink(period, { stage: 'mql' }),
    leadsListLink(period, { stage: 'sql' }),
    leadsListLink(period, { status: 'converted' }),
    listLink('opportunities', { stage: 'closed_won' }),
  ]
}
