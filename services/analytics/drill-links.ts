// Links from a number to the list of records behind it, in the existing lists' own filter parameters.

const day = (ms: number) => new Date(ms).toISOString().slice(0, 10)

/** The leads list for the period's leads (its createdTo is an inclusive day). */
export function leadsListLink(period: { fromMs: number; toMs: number }, filters: Record<string, string> = {}): string {
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
export function funnelDrillLinks(period: { fromMs: number; toMs: number }): string[] {
  return [
    leadsListLink(period),
    leadsListLink(period, { stage: 'mql' }),
    leadsListLink(period, { stage: 'sql' }),
    leadsListLink(period, { status: 'converted' }),
    listLink('opportunities', { stage: 'closed_won' }),
  ]
}
