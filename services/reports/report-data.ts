// The narrow seam between scheduled reports and where their numbers come from: one snapshot (figures + how much
// history there was) per report and period. Today it reads recorded history with the domain/analytics functions
// (report-data-*.ts); it can be pointed at the dashboards' queries without touching the workflow or the PDF.
import type { ReportKey } from '../../domain/reports/report-catalogue'
import type { ReportSnapshot } from '../../domain/reports/report-figures'
import type { ReportPeriod } from '../../domain/reports/report-period'
import { stalenessWindow } from '../../domain/reports/report-staleness'
import type { Database } from '../../lib/db'
import { engagementReports } from './report-data-engagement'
import { salesReports } from './report-data-sales'

export interface ReportData {
  snapshot(report: ReportKey, period: ReportPeriod): Promise<ReportSnapshot>
}

/** The window the staleness rule counts in, and the lookback before it. */
export type StalenessWindow = ReturnType<typeof stalenessWindow>

export type ReportLoader = (db: Database, period: ReportPeriod, window: StalenessWindow) => Promise<ReportSnapshot>

const loaders: Record<ReportKey, ReportLoader> = { ...salesReports, ...engagementReports }

/** Figures computed from what the CRM recorded (stage transitions, sessions, calculations, payments). */
export function createRecordedReportData(db: Database): ReportData {
  return {
    snapshot: (report, period) => loaders[report](db, period, stalenessWindow(period)),
  }
}

/** Counts in the staleness window and in the lookback before it, from one counting query per range. */
export async function historyCounts(
  window: StalenessWindow,
  count: (range: { gte: Date; lt: Date }) => Promise<number>,
): Promise<{ inWindow: number; before: number }> {
  const [inWindow, before] = await Promise.all([
    count({ gte: window.from, lt: window.to }),
    count({ gte: window.lookbackFrom, lt: window.from }),
  ])
  return { inWindow, before }
}

export const toNumber = (value: { toString(): string } | number | null | undefined): number =>
  value === null || value === undefined ? 0 : Number(value.toString())
