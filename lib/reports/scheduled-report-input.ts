// A scheduled report's run as its attachments render it: the figures stored when the run was prepared.
import { isReportKey, reportCatalogue } from '../../domain/reports/report-catalogue'
import type { ReportFigures } from '../../domain/reports/report-figures'
import { toCsv } from '../csv'
import type { Database } from '../db'
import type { ScheduledReportDocument } from './scheduled-report-pdf'

export async function loadScheduledReportDocument(
  db: Database,
  runId: string,
): Promise<ScheduledReportDocument | null> {
  const run = await db.scheduledReportRun.findUnique({
    where: { id: runId },
    select: { report: true, periodLabel: true, timeZone: true, preparedAt: true, figures: true, staleReason: true },
  })
  if (!run || !isReportKey(run.report)) return null
  const definition = reportCatalogue[run.report]
  return {
    title: definition.title,
    audience: definition.audience,
    periodLabel: run.periodLabel,
    timeZone: run.timeZone,
    preparedAt: run.preparedAt,
    figures: (run.figures as ReportFigures | null) ?? null,
    staleReason: run.staleReason,
  }
}

/** The report's table as CSV (a stale report's CSV holds only its header and why). */
export function scheduledReportCsv(report: ScheduledReportDocument): string {
  if (!report.figures || report.staleReason) return toCsv([{ report: report.title, stale: report.staleReason ?? '' }])
  const { columns, rows } = report.figures.table
  if (rows.length === 0) return columns.join(',') + '\r\n'
  return toCsv(rows.map((row) => Object.fromEntries(columns.map((column, index) => [column, row[index] ?? '']))))
}
