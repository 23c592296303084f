// A deal's proposal (seed 002 §13.1) as a PDF: the partnership and what it includes, the investment, the
// projected return, the proposed systems, the §5 timeline and the next steps. `buildProposal` decides what it
// says; this only lays it out, with the ROI report's building blocks.
import type { Proposal } from '../../domain/deals/proposal'
import { proposalCopy, type ProposalCopy } from '../../domain/deals/proposal-copy'
import { numberFormats, type NumberFormats } from '../../domain/formatting/number-formats'
import {
  addPage,
  bodyBottom,
  colors,
  contentWidth,
  createDocument,
  drawBand,
  drawFooters,
  heading,
  heightOf,
  page,
  write,
  type Doc,
} from './pdf-layout'

interface Context {
  doc: Doc
  proposal: Proposal
  copy: ProposalCopy
  format: NumberFormats
}

/** The proposal as PDF bytes; the same proposal (its date included) always gives the same bytes. */
export function renderProposalPdf(proposal: Proposal): Promise<Buffer> {
  const copy = proposalCopy(proposal.language)
  const { doc, bytes } = createDocument({
    language: proposal.language,
    title: copy.title,
    brand: copy.brand,
    subject: `Proposal ${proposal.opportunityId}`,
    date: proposal.preparedAt,
  })
  const context: Context = { doc, proposal, copy, format: numberFormats(proposal.language) }

  let y = drawHeader(context)
  y = drawTier(context, y + 20)
  y = drawInvestment(context, y + 20)
  drawReturn(context, y + 20)

  addPage(doc)
  y = drawSystems(context, page.margin)
  y = drawTimeline(context, y + 22)
  drawNextSteps(context, y + 22)

  drawFooters(doc, copy.disclaimer, copy.page)
  doc.end()
  return bytes
}

/** Starts a new page when `height` more would run into the footer; returns where to draw. */
function room(doc: Doc, y: number, height: number): number {
  if (y + height <= bodyBottom) return y
  addPage(doc)
  return page.margin
}

function drawHeader({ doc, proposal, copy }: Context): number {
  const bandHeight = 140
  drawBand(doc, bandHeight)
  write(doc, copy.brand.toUpperCase(), page.margin, 30, {
    width: contentWidth,
    size: 9,
    bold: true,
    color: colors.accentLight,
  })
  write(doc, proposal.title, page.margin, 46, { width: contentWidth, size: 26, bold: true, color: colors.white })
  write(doc, proposal.header.preparedFor, page.margin, 80, {
    width: contentWidth,
    size: 13,
    color: colors.white,
    lines: 1,
  })
  write(doc, proposal.header.preparedOn, page.margin, 100, {
    width: contentWidth,
    size: 9.5,
    color: colors.accentLight,
    lines: 1,
  })
  if (proposal.header.preparedBy)
    write(doc, proposal.header.preparedBy, page.margin, 115, {
      width: contentWidth,
      size: 9.5,
      color: colors.accentLight,
      lines: 1,
    })
  return write(doc, proposal.intro, page.margin, bandHeight + 20, { width: contentWidth, size: 10.5 })
}

function drawTier({ doc, proposal, copy }: Context, top: number): number {
  const y = heading(doc, copy.tierHeading, top)
  const { tier } = proposal
  const leftWidth = 170
  const padding = 14
  const rightX = page.margin + leftWidth + 10
  const rightWidth = contentWidth - leftWidth - 10 - padding
  const listHeight = tier.includes.reduce(
    (total, line) => total + heightOf(doc, line, { width: rightWidth - 14, size: 10 }) + 6,
    0,
  )
  const height = Math.max(86, listHeight + 2 * padding - 6)
  doc.roundedRect(page.margin, y, contentWidth, height, 4).fill(colors.panel)
  doc.rect(page.margin, y, leftWidth, height).fill(colors.navy)
  let left = write(doc, tier.name, page.margin + padding, y + padding, {
    width: leftWidth - 2 * padding,
    size: 20,
    bold: true,
    color: colors.white,
    lines: 1,
  })
  if (tier.translation)
    left = write(doc, tier.translation, page.margin + padding, left, {
      width: leftWidth - 2 * padding,
      size: 9.5,
      color: colors.accentLight,
      lines: 1,
    })
  write(doc, tier.summary, page.margin + padding, left + 6, {
    width: leftWidth - 2 * padding,
    size: 10.5,
    bold: true,
    color: colors.accentLight,
    lines: 1,
  })
  let right = y + padding
  for (const line of tier.includes) {
    doc.circle(rightX + 4, right + 6, 2.5).fill(colors.accent)
    right = write(doc, line, rightX + 14, right, { width: rightWidth - 14, size: 10 }) + 6
  }
  return y + height
}

/** A row of labelled figures in panels; returns where the row ends. */
function drawCells(
  doc: Doc,
  cells: { label: string; value: string; unit: string; highlight?: boolean }[],
  y: number,
): number {
  const gap = 10
  const width = (contentWidth - gap * (cells.length - 1)) / cells.length
  const height = 60
  cells.forEach((cell, index) => {
    const x = page.margin + index * (width + gap)
    doc.roundedRect(x, y, width, height, 4).fill(cell.highlight ? colors.accent : colors.panel)
    const labelColor = cell.highlight ? colors.accentLight : colors.muted
    write(doc, cell.label.toUpperCase(), x + 10, y + 9, {
      width: width - 20,
      size: 7.5,
      bold: true,
      color: labelColor,
      lines: 1,
    })
    write(doc, cell.value, x + 10, y + 22, {
      width: width - 20,
      size: 15,
      bold: true,
      color: cell.highlight ? colors.white : colors.ink,
      lines: 1,
    })
    if (cell.unit) write(doc, cell.unit, x + 10, y + 42, { width: width - 20, size: 8, color: labelColor, lines: 1 })
  })
  return y + height
}

function drawInvestment({ doc, proposal, copy, format }: Context, top: number): number {
  const y = heading(doc, copy.investmentHeading, top)
  const { fees } = proposal
  const bottom = drawCells(
    doc,
    [
      { label: copy.feeLabels.setupFee, value: format.exactMoney(fees.setupFee), unit: '' },
      { label: copy.feeLabels.monthlyFee, value: format.exactMoney(fees.monthlyFee), unit: copy.perMonth },
      { label: copy.feeLabels.months, value: String(fees.estimatedMonths), unit: copy.months(fees.estimatedMonths) },
      { label: copy.feeLabels.contractValue, value: format.exactMoney(fees.contractValue), unit: '', highlight: true },
    ],
    y,
  )
  return write(doc, fees.terms, page.margin, bottom + 8, { width: contentWidth, size: 9, color: colors.muted })
}

function drawReturn({ doc, proposal, copy, format }: Context, top: number): number {
  const y = heading(doc, copy.roiHeading, top)
  const { roi } = proposal
  const cells = [
    roi.hoursSaved === null
      ? null
      : { label: copy.roiLabels.hoursSaved, value: format.decimal(roi.hoursSaved), unit: copy.hoursAWeek },
    roi.weeklyValue === null
      ? null
      : { label: copy.roiLabels.weeklyValue, value: format.money(roi.weeklyValue), unit: copy.aWeek },
    roi.yearlyValue === null
      ? null
      : { label: copy.roiLabels.yearlyValue, value: format.money(roi.yearlyValue), unit: copy.aYear },
    roi.roiPercentage === null
      ? null
      : { label: copy.roiLabels.roi, value: format.percentage(roi.roiPercentage), unit: copy.firstYear },
    roi.paybackWeeks === null
      ? null
      : { label: copy.roiLabels.payback, value: copy.weeks(format.decimal(roi.paybackWeeks)), unit: '' },
  ].filter((cell) => cell !== null)
  if (cells.length === 0) {
    // No figures to show: the note (the tier's typical hours) stands in a panel of its own.
    const height = heightOf(doc, roi.note, { width: contentWidth - 28, size: 10.5 }) + 24
    doc.roundedRect(page.margin, y, contentWidth, height, 4).fill(colors.panel)
    doc.rect(page.margin, y, 3, height).fill(colors.accent)
    write(doc, roi.note, page.margin + 14, y + 12, { width: contentWidth - 28, size: 10.5 })
    return y + height
  }
  const bottom = drawCells(doc, cells, y)
  return write(doc, roi.note, page.margin, bottom + 8, { width: contentWidth, size: 9, color: colors.muted })
}

function drawSystems({ doc, proposal, copy, format }: Context, top: number): number {
  let y = heading(doc, copy.systemsHeading, top)
  const { systems } = proposal
  const columns = [
    { title: copy.systemColumns.system, width: 246, align: 'left' as const },
    { title: copy.systemColumns.category, width: 124, align: 'left' as const },
    { title: copy.systemColumns.complexity, width: 64, align: 'left' as const },
    { title: copy.systemColumns.hoursSaved, width: contentWidth - 246 - 124 - 64, align: 'right' as const },
  ]
  const padding = 7
  const drawColumnHeads = (at: number) => {
    doc.rect(page.margin, at, contentWidth, 30).fill(colors.navy)
    let x = page.margin
    for (const column of columns) {
      write(doc, column.title, x + padding, at + 6, {
        width: column.width - 2 * padding,
        size: 7.5,
        bold: true,
        color: colors.white,
        align: column.align,
        lines: 2,
      })
      x += column.width
    }
    return at + 30
  }
  if (systems.items.length > 0) {
    y = drawColumnHeads(y)
    for (const system of systems.items) {
      const nameWidth = columns[0]!.width - 2 * padding
      const descriptionHeight = system.description
        ? heightOf(doc, system.description, { width: nameWidth, size: 8.5 }) + 2
        : 0
      const rowHeight = Math.max(32, 20 + descriptionHeight + 8)
      const next = room(doc, y, rowHeight)
      if (next !== y) y = drawColumnHeads(next)
      let x = page.margin
      const nameBottom = write(doc, system.name, x + padding, y + 9, {
        width: nameWidth,
        size: 10,
        bold: true,
        lines: 1,
      })
      if (system.description)
        write(doc, system.description, x + padding, nameBottom + 2, {
          width: nameWidth,
          size: 8.5,
          color: colors.muted,
        })
      x += columns[0]!.width
      const cells = [system.category, system.complexity, copy.hoursPerWeek(format.decimal(system.hoursSaved))]
      cells.forEach((cell, index) => {
        const column = columns[index + 1]!
        write(doc, cell, x + padding, y + 10, {
          width: column.width - 2 * padding,
          size: 9,
          align: column.align,
          lines: 2,
        })
        x += column.width
      })
      y += rowHeight
      doc
        .moveTo(page.margin, y)
        .lineTo(page.margin + contentWidth, y)
        .lineWidth(0.5)
        .strokeColor(colors.rule)
        .stroke()
    }
    y = room(doc, y, 24)
    write(doc, copy.systemsTotal(format.decimal(systems.totalHoursSaved)), page.margin, y + 8, {
      width: contentWidth - padding,
      size: 9.5,
      bold: true,
      color: colors.accent,
      align: 'right',
    })
    y += 24
  }
  if (systems.note) {
    const height = heightOf(doc, systems.note, { width: contentWidth - 28, size: 9.5 }) + 20
    y = room(doc, y + 4, height)
    doc.roundedRect(page.margin, y, contentWidth, height, 4).fill(colors.selected)
    doc.rect(page.margin, y, 3, height).fill(colors.accent)
    write(doc, systems.note, page.margin + 14, y + 10, { width: contentWidth - 28, size: 9.5 })
    y += height
  }
  return y
}

function drawTimeline({ doc, proposal, copy, format }: Context, top: number): number {
  const { timeline } = proposal
  const labelWidth = 150
  const trackX = page.margin + labelWidth
  const trackWidth = contentWidth - labelWidth
  const barHeight = 16
  const rowGap = 8
  const chartHeight = 16 + timeline.phases.length * (barHeight + rowGap)
  let y = heading(doc, copy.timelineHeading, room(doc, top, 28 + 20 + chartHeight))
  y = write(doc, timeline.intro, page.margin, y, { width: contentWidth, size: 9.5, color: colors.muted }) + 10

  // One column per week of the engagement and one more for what follows it (the Independent phase).
  const columnsShown = timeline.weeks + 1
  const weekWidth = trackWidth / columnsShown
  // Short engagements label every week; long ones every fourth (the §5.3 cadence). The last column is "after".
  const step = timeline.weeks <= 12 ? 1 : 4
  for (let week = 0; week <= timeline.weeks; week += 1) {
    const x = trackX + week * weekWidth
    const labelled = step === 1 || (week + 1) % step === 0 || week === 0 || week === timeline.weeks
    if (week % step === 0 || week === timeline.weeks)
      doc
        .moveTo(x, y + 12)
        .lineTo(x, y + chartHeight)
        .lineWidth(0.5)
        .strokeColor(colors.rule)
        .stroke()
    if (labelled)
      write(doc, week === timeline.weeks ? `${week + 1}+` : String(week + 1), x - 6, y, {
        width: weekWidth + 12,
        size: 7.5,
        color: colors.muted,
        align: 'center',
        lines: 1,
      })
  }
  y += 16
  for (const phase of timeline.phases) {
    write(doc, phase.name, page.margin, y + 1, { width: labelWidth - 8, size: 9.5, bold: true, lines: 1 })
    write(doc, phase.when, page.margin, y + 12, { width: labelWidth - 8, size: 7.5, color: colors.muted, lines: 1 })
    const first = phase.firstWeek - 1
    const last = phase.lastWeek ?? columnsShown
    const x = trackX + first * weekWidth
    const width = (last - first) * weekWidth
    const independent = phase.lastWeek === null && phase.firstWeek > timeline.weeks
    doc.roundedRect(x + 1, y, width - 2, barHeight, 3).fill(independent ? colors.accent : colors.navy)
    const activities = phase.activities.join(' · ')
    doc.font('Helvetica').fontSize(7.5)
    const fitsInside = doc.widthOfString(activities) + 10 <= width
    if (fitsInside)
      write(doc, activities, x + 5, y + 4.5, { width: width - 10, size: 7.5, color: colors.white, lines: 1 })
    else if (x > trackX + trackWidth / 2)
      write(doc, activities, trackX, y + 4.5, {
        width: x - trackX - 6,
        size: 7.5,
        color: colors.muted,
        align: 'right',
        lines: 1,
      })
    else
      write(doc, activities, x + width + 5, y + 4.5, {
        width: trackX + trackWidth - x - width - 5,
        size: 7.5,
        color: colors.muted,
        lines: 1,
      })
    y += barHeight + rowGap
  }

  // Milestones (§5.3): a mark per week on one line, then the list.
  const listHeight = 22 + timeline.milestones.length * 16 + (timeline.recurring ? 16 : 0)
  y = room(doc, y + 8, listHeight)
  y =
    write(doc, copy.milestonesHeading, page.margin, y, {
      width: contentWidth,
      size: 10,
      bold: true,
      color: colors.accent,
    }) + 4
  for (const milestone of timeline.milestones) {
    doc.circle(page.margin + 4, y + 5.5, 3).fill(colors.accent)
    write(doc, copy.week(milestone.week), page.margin + 14, y, { width: 70, size: 9.5, bold: true, lines: 1 })
    write(doc, milestone.text, page.margin + 84, y, { width: contentWidth - 84 - 150, size: 9.5, lines: 1 })
    if (milestone.date)
      write(doc, copy.by(format.date(milestone.date)), page.margin + contentWidth - 150, y, {
        width: 150,
        size: 9,
        color: colors.muted,
        align: 'right',
        lines: 1,
      })
    y += 16
  }
  if (timeline.recurring) {
    doc
      .circle(page.margin + 4, y + 5.5, 3)
      .lineWidth(1)
      .strokeColor(colors.accent)
      .stroke()
    write(doc, timeline.recurring, page.margin + 14, y, { width: contentWidth - 14, size: 9.5, lines: 1 })
    y += 16
  }
  return y
}

function drawNextSteps({ doc, proposal, copy }: Context, top: number): number {
  const textWidth = contentWidth - 40 - 26
  const stepsHeight = proposal.nextSteps.reduce(
    (total, step) => total + heightOf(doc, step, { width: textWidth, size: 10 }) + 8,
    0,
  )
  const height = 20 + 22 + stepsHeight + 12
  const y = room(doc, top, height)
  doc.roundedRect(page.margin, y, contentWidth, height, 6).fill(colors.navy)
  let inner = write(doc, copy.nextStepsHeading, page.margin + 20, y + 18, {
    width: contentWidth - 40,
    size: 14,
    bold: true,
    color: colors.white,
  })
  inner += 8
  proposal.nextSteps.forEach((step, index) => {
    doc.circle(page.margin + 29, inner + 6, 8).fill(colors.accent)
    write(doc, String(index + 1), page.margin + 21, inner + 1.5, {
      width: 16,
      size: 9,
      bold: true,
      color: colors.white,
      align: 'center',
      lines: 1,
    })
    inner = write(doc, step, page.margin + 46, inner, { width: textWidth, size: 10, color: colors.white }) + 8
  })
  return y + height
}
