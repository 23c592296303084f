// A §10.3 scheduled report as a PDF: the band with the report and its period, the headline figures, its charts,
// notes and the table (whole in the CSV). A stale report says so on its first page and carries no figures.
import type { ReportFigures } from '../../domain/reports/report-figures'
import { drawChart, chartHeight } from './report-charts'
import {
  addPage,
  bodyBottom,
  colors,
  contentWidth,
  createDocument,
  drawBand,
  drawFooters,
  heading,
  page,
  write,
  type Doc,
} from './pdf-layout'

export interface ScheduledReportDocument {
  title: string
  audience: string
  periodLabel: string
  timeZone: string
  /** When the figures were computed: the document's date, so every retry renders the same bytes. */
  preparedAt: Date
  figures: ReportFigures | null
  staleReason: string | null
}

const brand = 'Durable CRM'
const tableRowsInPdf = 30

export function renderScheduledReportPdf(report: ScheduledReportDocument): Promise<Buffer> {
  const { doc, bytes } = createDocument({
    language: 'EN',
    title: report.title,
    brand,
    subject: `${report.title} · ${report.periodLabel}`,
    date: report.preparedAt,
  })
  let y = drawHeader(doc, report)
  if (report.staleReason || !report.figures) {
    y = heading(doc, 'No figures this time', y + 24)
    doc.rect(page.margin, y, contentWidth, 64).fill('#fef2f2')
    write(doc, report.staleReason ?? 'The figures could not be computed.', page.margin + 12, y + 10, {
      width: contentWidth - 24,
      size: 10,
      color: colors.negative,
    })
  } else {
    y = drawHeadline(doc, report.figures, y + 20)
    for (const chart of report.figures.charts) {
      if (y + chartHeight > bodyBottom) y = newPage(doc)
      y = drawChart(doc, chart, y + 10)
    }
    if (report.figures.notes.length > 0) {
      if (y + 60 > bodyBottom) y = newPage(doc)
      y = heading(doc, 'Notes', y + 8)
      for (const note of report.figures.notes)
        y = write(doc, `• ${note}`, page.margin, y, { width: contentWidth, size: 9 }) + 3
    }
    drawTable(doc, report.figures.table, y + 14)
  }
  drawFooters(
    doc,
    `${report.title} for ${report.audience}, ${report.periodLabel} (${report.timeZone}). The CSV has every row.`,
    (number, pages) => `Page ${number} of ${pages}`,
  )
  doc.end()
  return bytes
}

function newPage(doc: Doc): number {
  addPage(doc)
  return page.margin
}

function drawHeader(doc: Doc, report: ScheduledReportDocument): number {
  const height = 78
  drawBand(doc, height)
  write(doc, report.title, page.margin, 18, {
    width: contentWidth,
    size: 20,
    bold: true,
    color: colors.white,
    lines: 1,
  })
  write(doc, `${report.periodLabel} · for ${report.audience}`, page.margin, 46, {
    width: contentWidth,
    size: 10.5,
    color: colors.accentLight,
    lines: 1,
  })
  return height + 4
}

function drawHeadline(doc: Doc, figures: ReportFigures, top: number): number {
  const tiles = figures.headline
  const gap = 8
  const width = (contentWidth - gap * (tiles.length - 1)) / Math.max(1, tiles.length)
  const height = 58
  tiles.forEach((tile, index) => {
    const x = page.margin + index * (width + gap)
    doc.rect(x, top, width, height).fill(colors.panel)
    write(doc, tile.label.toUpperCase(), x + 8, top + 7, { width: width - 16, size: 7, color: colors.muted, lines: 1 })
    write(doc, tile.value, x + 8, top + 19, { width: width - 16, size: 15, bold: true, color: colors.navy, lines: 1 })
    if (tile.note)
      write(doc, tile.note, x + 8, top + 40, { width: width - 16, size: 6.5, color: colors.muted, lines: 1 })
  })
  return top + height + 10
}

function drawTable(doc: Doc, table: ReportFigures['table'], top: number) {
  let y = top + 40 > bodyBottom ? newPage(doc) : top
  y = heading(doc, 'Figures', y)
  const width = contentWidth / table.columns.length
  const row = (cells: (string | number)[], bold: boolean) => {
    cells.forEach((cell, index) => {
      write(
        doc,
        typeof cell === 'number' ? cell.toLocaleString('en-US', { maximumFractionDigits: 4 }) : cell,
        page.margin + index * width,
        y,
        {
          width: width - 4,
          size: 8,
          bold,
          align: index === 0 ? 'left' : 'right',
          lines: 1,
        },
      )
    })
    y += 14
  }
  row(table.columns, true)
  for (const cells of table.rows.slice(0, tableRowsInPdf)) {
    if (y + 14 > bodyBottom) y = newPage(doc)
    row(cells, false)
  }
  if (table.rows.length > tableRowsInPdf) {
    write(doc, `… and ${table.rows.length - tableRowsInPdf} more rows in the CSV.`, page.margin, y + 2, {
      width: contentWidth,
      size: 8,
      color: colors.muted,
    })
  }
}
