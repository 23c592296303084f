// Bar and line charts drawn with pdfkit's vector graphics: an axis with round steps, gridlines, a legend, values
// on the bars. Vector, so they print sharp and their labels stay text a reader (and a test) can find.
import { formatFigure, type ReportChart } from '../../domain/reports/report-figures'
import { colors, contentWidth, page, write, type Doc } from './pdf-layout'

export const seriesColors = [colors.accent, colors.navy, '#d97706', colors.cost]

export const chartHeight = 210

/** The smallest of 1, 2, 4, 8, 10 × 10ⁿ at or above `value`: its quarters (the gridlines) are readable steps. */
export function niceCeiling(value: number): number {
  if (value <= 0) return 4
  const power = 10 ** Math.floor(Math.log10(value))
  const step = [1, 2, 4, 8, 10].find((candidate) => candidate * power >= value)!
  return step * power
}

/** Draws the chart with its title at `top`; returns where it ends. */
export function drawChart(doc: Doc, chart: ReportChart, top: number): number {
  write(doc, chart.title, page.margin, top, { width: contentWidth, size: 10.5, bold: true, color: colors.navy })
  let y = top + 18
  chart.series.forEach((series, index) => {
    const x = page.margin + index * 150
    doc.rect(x, y + 1, 9, 9).fill(seriesColors[index % seriesColors.length]!)
    write(doc, series.name, x + 13, y, { width: 130, size: 8, color: colors.muted, lines: 1 })
  })
  y += 18

  const axisWidth = 62
  const plot = { x: page.margin + axisWidth, y, width: contentWidth - axisWidth, height: chartHeight - 70 }
  const largest = niceCeiling(Math.max(0, ...chart.series.flatMap((series) => series.values)))
  const steps = 4
  for (let step = 0; step <= steps; step += 1) {
    const value = (largest * step) / steps
    const lineY = plot.y + plot.height - (plot.height * step) / steps
    doc
      .moveTo(plot.x, lineY)
      .lineTo(plot.x + plot.width, lineY)
      .lineWidth(step === 0 ? 0.9 : 0.4)
      .strokeColor(step === 0 ? colors.muted : colors.rule)
      .stroke()
    write(doc, formatFigure(value, chart.unit), page.margin, lineY - 4, {
      width: axisWidth - 6,
      size: 7,
      color: colors.muted,
      align: 'right',
      lines: 1,
    })
  }

  const count = Math.max(1, chart.categories.length)
  const slot = plot.width / count
  const yOf = (value: number) => plot.y + plot.height - (Math.max(0, value) / largest) * plot.height
  if (chart.kind === 'bar') drawBars(doc, chart, plot, slot, yOf)
  else drawLines(doc, chart, slot, plot, yOf)

  const labelEvery = Math.max(1, Math.ceil(count / 12))
  chart.categories.forEach((category, index) => {
    if (index % labelEvery !== 0) return
    write(doc, category, plot.x + index * slot, plot.y + plot.height + 4, {
      width: slot * labelEvery,
      size: 7,
      color: colors.ink,
      align: 'center',
      lines: 2,
    })
  })
  if (chart.categories.length === 0) {
    write(doc, 'Nothing recorded in this period.', plot.x, plot.y + plot.height / 2 - 6, {
      width: plot.width,
      size: 9,
      color: colors.muted,
      align: 'center',
    })
  }
  return plot.y + plot.height + 34
}

type Plot = { x: number; y: number; width: number; height: number }

function drawBars(doc: Doc, chart: ReportChart, plot: Plot, slot: number, yOf: (value: number) => number) {
  const groupWidth = slot * 0.72
  const barWidth = groupWidth / Math.max(1, chart.series.length)
  chart.categories.forEach((_, index) => {
    chart.series.forEach((series, seriesIndex) => {
      const value = series.values[index] ?? 0
      const x = plot.x + index * slot + (slot - groupWidth) / 2 + seriesIndex * barWidth
      const top = yOf(value)
      const height = plot.y + plot.height - top
      if (height > 0) doc.rect(x, top, barWidth - 1, height).fill(seriesColors[seriesIndex % seriesColors.length]!)
      write(doc, formatFigure(value, chart.unit), x - 8, top - 10, {
        width: barWidth + 15,
        size: 6.5,
        color: colors.ink,
        align: 'center',
        lines: 1,
      })
    })
  })
}

function drawLines(doc: Doc, chart: ReportChart, slot: number, plot: Plot, yOf: (value: number) => number) {
  chart.series.forEach((series, seriesIndex) => {
    const color = seriesColors[seriesIndex % seriesColors.length]!
    const points = series.values.map((value, index) => [plot.x + index * slot + slot / 2, yOf(value)] as const)
    if (points.length === 0) return
    doc.moveTo(points[0]![0], points[0]![1])
    for (const [x, y] of points.slice(1)) doc.lineTo(x, y)
    doc.lineWidth(1.6).strokeColor(color).stroke()
    points.forEach(([x, y], index) => {
      doc.circle(x, y, 2.2).fill(color)
      if (chart.series.length === 1 || seriesIndex === chart.series.length - 1) {
        write(doc, formatFigure(series.values[index]!, chart.unit), x - 30, y - 12, {
          width: 60,
          size: 6.5,
          align: 'center',
          lines: 1,
        })
      }
    })
  })
}
