// The email a scheduled report arrives in: the headline figures in the body, the PDF and CSV attached; a stale
// report's email says why there are no numbers and attaches nothing. Pure.
import { escapeHtml } from '../email/html'
import type { ReportDefinition } from './report-catalogue'
import type { ReportFigures } from './report-figures'

export interface ReportEmailInput {
  definition: ReportDefinition
  periodLabel: string
  timeZone: string
  recipientName: string
  figures: ReportFigures | null
  staleReason: string | null
  /** Where an Admin manages the report (recipients, pause), linked at the foot. */
  manageUrl: string
}

export function reportEmail(input: ReportEmailInput): { subject: string; text: string; html: string } {
  const { definition, periodLabel } = input
  const stale = input.staleReason !== null || input.figures === null
  const subject = `${stale ? '[Not sent: data stale] ' : ''}${definition.title} · ${periodLabel}`
  const lines = stale
    ? [
        `The ${definition.title} report for ${periodLabel} has no figures this time.`,
        '',
        input.staleReason ?? 'The figures could not be computed.',
        '',
        'Nothing is attached. Once the recording is running again, "Send now" on the reports page sends it.',
      ]
    : [
        `The ${definition.title} report for ${periodLabel} (${definition.frequency.toLowerCase()}, for ${definition.audience}).`,
        '',
        ...input.figures!.headline.map((tile) => `${tile.label}: ${tile.value}${tile.note ? ` (${tile.note})` : ''}`),
        '',
        'The PDF has the charts; the CSV has every row.',
      ]
  const footer = `Times are ${input.timeZone}. Recipients and pauses: ${input.manageUrl}`
  const text = [`Hello ${input.recipientName},`, '', ...lines, '', footer].join('\n')
  const html = [
    `<p>Hello ${escapeHtml(input.recipientName)},</p>`,
    ...lines.filter((line) => line !== '').map((line) => `<p>${escapeHtml(line)}</p>`),
    `<p style="color:#64748b;font-size:12px">${escapeHtml(footer)}</p>`,
  ].join('\n')
  return { subject, text, html }
}

/** The attachment file names of a run: `lead-source-performance-2027-W10.pdf`. */
export function reportFilename(report: string, periodKey: string, format: 'pdf' | 'csv'): string {
  return `${report}-${periodKey}.${format}`
}
