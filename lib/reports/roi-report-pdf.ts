// The ROI report of seed 002 §7.2 as a two-page PDF: the personalised breakdown by tier with a chart, the
// industry's use cases and systems (§8), the implementation timeline and the next-step call to action.
import { industryProfile, localize } from '../../domain/industries/industry-profiles'
import type { AssumableInput } from '../../domain/integrations/roi-calculator'
import { roiTierKeys, type RoiCalculationResult, type RoiInputs } from '../../domain/roi/roi-calculator'
import { tierNameIn, tierOrder, tierTerms } from '../../domain/tiers/tier-terms'
import type { Tier } from '../../prisma/generated/enums'
import {
  addPage,
  colors,
  contentWidth,
  createDocument,
  drawBand,
  drawFooters,
  drawTierLabel as drawTierName,
  fonts,
  heading,
  page,
  write,
  type Doc,
} from './pdf-layout'
import { reportNumberFormats, roiReportCopy, type RoiReportCopy } from './roi-report-copy'
import { toWinAnsi } from './win-ansi'

export interface RoiReportInput {
  calculationId: string
  createdAt: Date
  language: 'EN' | 'ES'
  recipient: { firstName: string | null; companyName: string | null }
  inputs: RoiInputs
  /** Inputs the person did not give, for which the calculation used the industry average (§7.1). */
  assumedInputs?: AssumableInput[]
  result: RoiCalculationResult
  selectedTier: Tier | null
  bookingUrl: string
}

type Formats = ReturnType<typeof reportNumberFormats>

/** The report as PDF bytes. The same input always gives the same bytes (the dates inside are the calculation's). */
export function renderRoiReportPdf(input: RoiReportInput): Promise<Buffer> {
  const copy = roiReportCopy(input.language)
  const format = reportNumberFormats(input.language)
  const { doc, bytes } = createDocument({
    language: input.language,
    title: copy.title,
    brand: copy.brand,
    subject: `ROI ${input.calculationId}`,
    date: input.createdAt,
  })
  const context: Context = { doc, input, copy, format }

  let y = drawHeader(context)
  y = drawInputs(context, y + 22)
  y = drawTierTable(context, y + 22)
  drawValueChart(context, y + 22)

  addPage(doc)
  y = drawIndustry(context, page.margin)
  y = drawTimeline(context, y + 24)
  y = drawCallToAction(context, y + 24)
  drawMethod(context, y + 18)

  drawFooters(doc, copy.disclaimer, copy.page)
  doc.end()
  return bytes
}

interface Context {
  doc: Doc
  input: RoiReportInput
  copy: RoiReportCopy
  format: Formats
}

const tierKey = (tier: Tier) => roiTierKeys[tier]

const tierName = tierNameIn

/** A tier's name (and translation) in a label column; returns where the text ends. */
function drawTierLabel(
  doc: Doc,
  tier: Tier,
  language: RoiReportInput['language'],
  x: number,
  y: number,
  width: number,
): number {
  return drawTierName(doc, tierName(tier, language), x, y, width)
}

function drawHeader({ doc, input, copy, format }: Context): number {
  const bandHeight = 132
  drawBand(doc, bandHeight)
  write(doc, copy.brand.toUpperCase(), page.margin, 34, {
    width: contentWidth,
    size: 9,
    bold: true,
    color: colors.accentLight,
  })
  write(doc, copy.title, page.margin, 50, { width: contentWidth, size: 26, bold: true, color: colors.white })
  // A name the fonts cannot draw is left out rather than shown as question marks.
  const firstName = input.recipient.firstName === null ? null : toWinAnsi(input.recipient.firstName)
  const companyName = input.recipient.companyName === null ? null : toWinAnsi(input.recipient.companyName)
  write(doc, copy.preparedFor(firstName, companyName), page.margin, 84, {
    width: contentWidth,
    size: 13,
    color: colors.white,
    lines: 1,
  })
  write(doc, copy.calculatedOn(format.date(input.createdAt)), page.margin, 104, {
    width: contentWidth,
    size: 9.5,
    color: colors.accentLight,
  })
  const introY = bandHeight + 22
  return write(doc, copy.intro, page.margin, introY, { width: contentWidth, size: 10.5, color: colors.ink })
}

function drawInputs({ doc, input, copy, format }: Context, top: number): number {
  const y = heading(doc, copy.inputsHeading, top)
  const { inputs } = input
  const assumed = new Set(input.assumedInputs ?? [])
  const cells = [
    {
      label: copy.inputLabels.industry,
      value: localize(industryProfile(inputs.industry).displayName, input.language),
      unit: '',
    },
    {
      label: copy.inputLabels.employeeCount,
      value: copy.employeeCount[inputs.employeeCount],
      unit: copy.employees,
      input: 'employeeCount' as const,
    },
    {
      label: copy.inputLabels.hourlyRate,
      value: format.exactMoney(inputs.hourlyRate),
      unit: copy.perHour,
      input: 'hourlyRate' as const,
    },
    {
      label: copy.inputLabels.weeklyAdminHours,
      value: format.decimal(inputs.weeklyAdminHours),
      unit: copy.hoursPerWeek,
      input: 'weeklyAdminHours' as const,
    },
  ].map((cell) => (cell.input && assumed.has(cell.input) ? { ...cell, value: `${cell.value} *` } : cell))
  const gap = 10
  const width = (contentWidth - gap * (cells.length - 1)) / cells.length
  const height = 58
  cells.forEach((cell, index) => {
    const x = page.margin + index * (width + gap)
    doc.roundedRect(x, y, width, height, 4).fill(colors.panel)
    write(doc, cell.label.toUpperCase(), x + 10, y + 9, {
      width: width - 20,
      size: 7.5,
      bold: true,
      color: colors.muted,
      lines: 1,
    })
    write(doc, cell.value, x + 10, y + 22, { width: width - 20, size: 12.5, bold: true, color: colors.ink, lines: 1 })
    if (cell.unit) write(doc, cell.unit, x + 10, y + 40, { width: width - 20, size: 8, color: colors.muted, lines: 1 })
  })
  if (assumed.size === 0) return y + height
  return write(doc, copy.assumedNote, page.margin, y + height + 6, {
    width: contentWidth,
    size: 8,
    color: colors.muted,
  })
}

function drawTierTable({ doc, input, copy, format }: Context, top: number): number {
  let y = heading(doc, copy.tableHeading, top)
  const { result } = input
  const columns = [
    { title: copy.columns.tier, width: 96, align: 'left' as const },
    { title: copy.columns.hoursSaved, width: 60, align: 'right' as const },
    { title: copy.columns.weeklyValue, width: 64, align: 'right' as const },
    { title: copy.columns.annualRoi, width: 78, align: 'right' as const },
    { title: copy.columns.roiPercentage, width: 54, align: 'right' as const },
    { title: copy.columns.payback, width: 78, align: 'right' as const },
    { title: copy.columns.firstYearCost, width: 86, align: 'right' as const },
  ]
  const padding = 7
  const headerHeight = 38
  doc.rect(page.margin, y, contentWidth, headerHeight).fill(colors.navy)
  let x = page.margin
  for (const column of columns) {
    write(doc, column.title, x + padding, y + 6, {
      width: column.width - 2 * padding,
      size: 7.5,
      bold: true,
      color: colors.white,
      align: column.align,
      lines: 3,
    })
    x += column.width
  }
  y += headerHeight

  const rowHeight = 42
  for (const tier of tierOrder) {
    const key = tierKey(tier)
    const selected = input.selectedTier === tier
    doc.rect(page.margin, y, contentWidth, rowHeight).fill(selected ? colors.selected : colors.white)
    doc
      .moveTo(page.margin, y + rowHeight)
      .lineTo(page.margin + contentWidth, y + rowHeight)
      .lineWidth(0.5)
      .strokeColor(colors.rule)
      .stroke()
    if (selected) doc.rect(page.margin, y, 3, rowHeight).fill(colors.accent)
    const roi = result.annualROI[key]
    const payback = result.paybackPeriod[key]
    const negative = roi.value < 0
    const cells = [
      format.decimal(result.weeklyHoursSaved[key]),
      format.money(result.weeklyValueCreated[key]),
      format.money(roi.value),
      format.percentage(roi.percentage),
      Number.isFinite(payback) && payback > 0 ? copy.weeks(format.decimal(payback)) : copy.notReached,
      format.money(result.firstYearCost[key]),
    ]
    const labelWidth = columns[0]!.width - padding
    const { translation } = tierName(tier, input.language)
    const lines = 1 + (translation ? 1 : 0) + (selected ? 1 : 0)
    const labelBottom = drawTierLabel(
      doc,
      tier,
      input.language,
      page.margin + padding,
      y + (rowHeight - lines * 10.5) / 2,
      labelWidth,
    )
    if (selected)
      write(doc, copy.selectedTier, page.margin + padding, labelBottom + 1, {
        width: labelWidth,
        size: 7.5,
        bold: true,
        color: colors.accent,
        lines: 1,
      })
    x = page.margin + columns[0]!.width
    cells.forEach((cell, index) => {
      const column = columns[index + 1]!
      const isReturn = index === 2 || index === 3
      write(doc, cell, x + padding, y + rowHeight / 2 - 5, {
        width: column.width - 2 * padding,
        size: 9.5,
        bold: isReturn,
        color: isReturn && negative ? colors.negative : colors.ink,
        align: column.align,
        lines: 1,
      })
      x += column.width
    })
    y += rowHeight
  }
  return y
}

function drawValueChart({ doc, input, copy, format }: Context, top: number): number {
  let y = heading(doc, copy.chartHeading, top)
  const { result } = input
  const bars = tierOrder.map((tier) => {
    const key = tierKey(tier)
    return { tier, value: Math.max(0, result.weeklyValueCreated[key] * 52), cost: result.firstYearCost[key] }
  })
  const largest = Math.max(1, ...bars.flatMap((bar) => [bar.value, bar.cost]))
  const labelWidth = 104
  const amountWidth = 70
  const trackX = page.margin + labelWidth
  const trackWidth = contentWidth - labelWidth - amountWidth
  const barHeight = 13

  // Legend.
  doc.rect(page.margin, y + 1, 9, 9).fill(colors.accent)
  write(doc, copy.chartLegend.value, page.margin + 14, y, { width: 180, size: 8.5, color: colors.muted, lines: 1 })
  doc.rect(page.margin + 200, y + 1, 9, 9).fill(colors.cost)
  write(doc, copy.chartLegend.cost, page.margin + 214, y, { width: 180, size: 8.5, color: colors.muted, lines: 1 })
  y += 20

  for (const bar of bars) {
    drawTierLabel(doc, bar.tier, input.language, page.margin, y + 6, labelWidth - 8)
    const rows = [
      { amount: bar.value, color: colors.accent },
      { amount: bar.cost, color: colors.cost },
    ]
    rows.forEach((row, index) => {
      const rowY = y + index * (barHeight + 3)
      doc.rect(trackX, rowY, trackWidth, barHeight).fill(colors.panel)
      const width = Math.max(1.5, (row.amount / largest) * trackWidth)
      doc.rect(trackX, rowY, width, barHeight).fill(row.color)
      write(doc, format.money(row.amount), trackX + trackWidth + 6, rowY + 2.5, {
        width: amountWidth - 6,
        size: 8.5,
        bold: index === 0,
        lines: 1,
      })
    })
    y += 2 * barHeight + 16
  }
  return y
}

function drawMethod({ doc, input, copy }: Context, top: number): number {
  const ranges = tierOrder
    .map((tier) => `${tierName(tier, input.language).name} ${tierTerms[tier].hoursSaved.join('–')} h`)
    .join(', ')
  const y = write(doc, copy.methodHeading, page.margin, top, {
    width: contentWidth,
    size: 8.5,
    bold: true,
    color: colors.muted,
  })
  return write(doc, copy.method(ranges), page.margin, y + 2, { width: contentWidth, size: 8, color: colors.muted })
}

function drawIndustry({ doc, input, copy }: Context, top: number): number {
  const profile = industryProfile(input.inputs.industry)
  const say = (text: Parameters<typeof localize>[0]) => localize(text, input.language)
  let y = heading(doc, copy.industryHeading(say(profile.displayName)), top)

  const columnGap = 20
  const leftWidth = 200
  const rightX = page.margin + leftWidth + columnGap
  const rightWidth = contentWidth - leftWidth - columnGap

  let left =
    write(doc, copy.useCasesHeading, page.margin, y, { width: leftWidth, size: 10, bold: true, color: colors.accent }) +
    6
  for (const useCase of profile.useCases) {
    doc.circle(page.margin + 3, left + 5, 2).fill(colors.accent)
    left = write(doc, say(useCase), page.margin + 12, left, { width: leftWidth - 12, size: 9.5 }) + 6
  }

  let right =
    write(doc, copy.systemsHeading, rightX, y, { width: rightWidth, size: 10, bold: true, color: colors.accent }) + 6
  for (const system of profile.recommendedSystems) {
    write(doc, say(system.name), rightX, right, { width: rightWidth - 130, size: 10, bold: true, lines: 1 })
    write(doc, copy.hoursSavedPerWeek(String(system.typicalHoursSaved)), rightX + rightWidth - 130, right + 1, {
      width: 130,
      size: 8.5,
      color: colors.accent,
      align: 'right',
      lines: 1,
    })
    right =
      write(doc, say(system.description), rightX, right + 14, { width: rightWidth, size: 9, color: colors.muted }) + 8
  }

  y = Math.max(left, right) + 8
  const caseStudy = profile.caseStudy
  const innerWidth = contentWidth - 28
  const blocks = [
    { text: copy.caseStudyHeading.toUpperCase(), size: 7.5, bold: true, color: colors.muted, gap: 0 },
    { text: say(caseStudy.title), size: 11, bold: true, color: colors.ink, gap: 3 },
    { text: say(caseStudy.summary), size: 9.5, bold: false, color: colors.ink, gap: 3 },
    { text: say(caseStudy.result), size: 9.5, bold: true, color: colors.accent, gap: 5 },
  ]
  const padding = 12
  const boxHeight =
    2 * padding +
    blocks.reduce((total, block) => {
      doc.font(block.bold ? fonts.bold : fonts.regular).fontSize(block.size)
      return total + block.gap + doc.heightOfString(block.text, { width: innerWidth })
    }, 0)
  doc.roundedRect(page.margin, y, contentWidth, boxHeight, 4).fill(colors.panel)
  doc.rect(page.margin, y, 3, boxHeight).fill(colors.accent)
  let inner = y + padding
  for (const block of blocks) {
    inner = write(doc, block.text, page.margin + 14, inner + block.gap, {
      width: innerWidth,
      size: block.size,
      bold: block.bold,
      color: block.color,
    })
  }
  return y + boxHeight
}

function drawTimeline({ doc, input, copy }: Context, top: number): number {
  let y = heading(doc, copy.timelineHeading, top)
  y = write(doc, copy.timelineIntro, page.margin, y, { width: contentWidth, size: 9.5, color: colors.muted }) + 12
  const labelWidth = 104
  const trackX = page.margin + labelWidth
  const trackWidth = contentWidth - labelWidth
  const longest = Math.max(...tierOrder.map((tier) => tierTerms[tier].weeks))
  const axisWeeks = Math.ceil(longest / 4) * 4
  const weekWidth = trackWidth / axisWeeks
  const barHeight = 20

  for (let week = 0; week <= axisWeeks; week += 4) {
    const x = trackX + week * weekWidth
    doc
      .moveTo(x, y + 12)
      .lineTo(x, y + 16 + tierOrder.length * (barHeight + 10))
      .lineWidth(0.5)
      .strokeColor(colors.rule)
      .stroke()
    const label = week === 0 ? copy.week : String(week)
    write(doc, label, x - 20, y, { width: 40, size: 7.5, color: colors.muted, align: 'center', lines: 1 })
  }
  y += 16
  for (const tier of tierOrder) {
    const terms = tierTerms[tier]
    const selected = input.selectedTier === tier
    drawTierLabel(
      doc,
      tier,
      input.language,
      page.margin,
      y + (tierName(tier, input.language).translation ? 1 : 5),
      labelWidth - 8,
    )
    const width = terms.weeks * weekWidth
    doc.roundedRect(trackX, y, width, barHeight, 3).fill(selected ? colors.accent : colors.navy)
    const text = copy.timelineBar(terms.weeks, terms.systems)
    doc.font(fonts.bold).fontSize(8.5)
    // A short bar cannot hold its label: the label then follows the bar instead.
    const fitsInside = doc.widthOfString(text) + 16 <= width
    write(doc, text, fitsInside ? trackX + 8 : trackX + width + 6, y + 6, {
      width: fitsInside ? width - 12 : trackWidth - width - 6,
      size: 8.5,
      bold: true,
      color: fitsInside ? colors.white : colors.ink,
      lines: 1,
    })
    y += barHeight + 10
  }
  return y
}

function drawCallToAction({ doc, input, copy }: Context, top: number): number {
  const buttonWidth = 150
  const textX = page.margin + 20
  const textWidth = contentWidth - 40 - buttonWidth - 20
  doc.font(fonts.bold).fontSize(14)
  const headingHeight = doc.heightOfString(copy.ctaHeading, { width: textWidth })
  doc.font(fonts.regular).fontSize(9.5)
  const bodyHeight = doc.heightOfString(copy.ctaBody, { width: textWidth })
  const height = 20 + headingHeight + 6 + bodyHeight + 12 + 12 + 20
  doc.roundedRect(page.margin, top, contentWidth, height, 6).fill(colors.navy)
  let y = write(doc, copy.ctaHeading, textX, top + 20, { width: textWidth, size: 14, bold: true, color: colors.white })
  y = write(doc, copy.ctaBody, textX, y + 6, { width: textWidth, size: 9.5, color: colors.white })
  write(doc, input.bookingUrl, textX, y + 12, {
    width: textWidth,
    size: 9,
    color: colors.accentLight,
    lines: 1,
    link: input.bookingUrl,
  })

  const buttonX = page.margin + contentWidth - 20 - buttonWidth
  const buttonY = top + (height - 36) / 2
  doc.roundedRect(buttonX, buttonY, buttonWidth, 36, 18).fill(colors.accent)
  write(doc, copy.ctaButton, buttonX, buttonY + 12, {
    width: buttonWidth,
    size: 11,
    bold: true,
    color: colors.white,
    align: 'center',
    lines: 1,
  })
  doc.link(buttonX, buttonY, buttonWidth, 36, input.bookingUrl)
  return top + height
}
