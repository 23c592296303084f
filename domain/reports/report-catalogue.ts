// Seed 002 §10.3's seven scheduled reports: what each is called, how often it goes out and to whom, in the seed's
// own words, and the local time of day it arrives. Pure (imported by workflow code).

export const reportKeys = [
  'lead-source-performance',
  'pipeline-status',
  'voice-agent-analytics',
  'partnership-health',
  'revenue-forecast',
  'industry-breakdown',
  'roi-calculator-analytics',
] as const
export type ReportKey = (typeof reportKeys)[number]

export type ReportFrequency = 'Daily' | 'Weekly' | 'Monthly'

export interface ReportDefinition {
  key: ReportKey
  /** §10.3 "Report". */
  title: string
  /** §10.3 "Frequency". */
  frequency: ReportFrequency
  /** §10.3 "Audience": who the Admin is expected to add as recipients (the seed names teams, not people). */
  audience: string
}

export const reportCatalogue: Record<ReportKey, ReportDefinition> = {
  'lead-source-performance': {
    key: 'lead-source-performance',
    title: 'Lead Source Performance',
    frequency: 'Weekly',
    audience: 'Marketing',
  },
  'pipeline-status': { key: 'pipeline-status', title: 'Pipeline Status', frequency: 'Daily', audience: 'Sales' },
  'voice-agent-analytics': {
    key: 'voice-agent-analytics',
    title: 'Voice Agent Analytics',
    frequency: 'Weekly',
    audience: 'Product/Sales',
  },
  'partnership-health': {
    key: 'partnership-health',
    title: 'Partnership Health',
    frequency: 'Weekly',
    audience: 'Customer Success',
  },
  'revenue-forecast': {
    key: 'revenue-forecast',
    title: 'Revenue Forecast',
    frequency: 'Monthly',
    audience: 'Executive',
  },
  'industry-breakdown': {
    key: 'industry-breakdown',
    title: 'Industry Breakdown',
    frequency: 'Monthly',
    audience: 'Strategy',
  },
  'roi-calculator-analytics': {
    key: 'roi-calculator-analytics',
    title: 'ROI Calculator Analytics',
    frequency: 'Weekly',
    audience: 'Marketing',
  },
}

export function isReportKey(value: unknown): value is ReportKey {
  return typeof value === 'string' && (reportKeys as readonly string[]).includes(value)
}

/**
 * Every report arrives at 07:00 on the recipient's wall clock: before the working day, and an hour that exists
 * exactly once on every day in every zone that changes its clocks at night (the changes happen between 00:00 and
 * 03:00), so a calendar read in the zone fires once per period across DST changes (decision 0039).
 */
export const reportLocalHour = 7

/** When a report's schedule fires, as a calendar on the recipients' wall clock: daily, Mondays, or the 1st. */
export function reportCalendar(frequency: ReportFrequency): {
  hour: number
  minute: number
  dayOfWeek?: 'MONDAY'
  dayOfMonth?: number
} {
  const time = { hour: reportLocalHour, minute: 0 }
  if (frequency === 'Weekly') return { ...time, dayOfWeek: 'MONDAY' }
  if (frequency === 'Monthly') return { ...time, dayOfMonth: 1 }
  return time
}
