// What a scheduled report holds once its figures are computed: headline numbers, charts and the table its CSV is.
// Stored with the run (ScheduledReportRun.figures) so every retry of the email renders the same PDF and CSV.

export type FigureUnit = 'count' | 'usd' | 'percent' | 'seconds'

export interface ReportChart {
  kind: 'bar' | 'line'
  title: string
  unit: FigureUnit
  categories: string[]
  series: { name: string; values: number[] }[]
}

export interface ReportFigures {
  /** Headline numbers, already worded ("Leads", "12", "+20% vs the week before"). */
  headline: { label: string; value: string; note?: string }[]
  charts: ReportChart[]
  /** The CSV: a header row and the rows, numbers unformatted so a spreadsheet can add them up. */
  table: { columns: string[]; rows: (string | number)[][] }
  /** Lines worth reading under the charts (largest movers, records at risk). */
  notes: string[]
}

/** What the report's recorded history looked like, for the staleness rule (report-staleness.ts). */
export interface RecordedHistory {
  /** Events the report reads (leads created, stage moves, sessions…) in the staleness window. */
  inWindow: number
  /** The same events in the windows before it. */
  before: number
  /** What those events are, in words, for the notice ("leads created"). */
  events: string
}

export interface ReportSnapshot {
  figures: ReportFigures
  history: RecordedHistory
}

const usd = new Intl.NumberFormat('en-US', { style: 'currency', currency: 'USD', maximumFractionDigits: 0 })

/** A figure as the PDF prints it. */
export function formatFigure(value: number | null, unit: FigureUnit): string {
  if (value === null || !Number.isFinite(value)) return '—'
  if (unit === 'usd') return usd.format(value)
  if (unit === 'percent') return `${Math.round(value * 1000) / 10}%`
  if (unit === 'seconds') return `${Math.round(value)} s`
  return String(Math.round(value * 100) / 100)
}
