import type { ReportPeriod } from '../../domain/analytics/report-period'

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

export type { ReportPeriod }
