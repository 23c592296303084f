// The building blocks of the documents the CRM sends people (the ROI report, the proposal): a US Letter page
// laid out by hand with the PDF standard fonts, one palette, text that fits where it is put, section headings and
// the footer. Each document only decides what goes where.
import PDFDocument from 'pdfkit'
import { drawableText } from './win-ansi'

export type Doc = PDFKit.PDFDocument

export const page = { width: 612, height: 792, margin: 48 }
export const contentWidth = page.width - 2 * page.margin
export const colors = {
  ink: '#1e293b',
  muted: '#64748b',
  navy: '#1f2a44',
  accent: '#0f766e',
  accentLight: '#ccfbf1',
  cost: '#94a3b8',
  negative: '#b91c1c',
  panel: '#f1f5f9',
  rule: '#cbd5e1',
  selected: '#ecfdf5',
  white: '#ffffff',
}
export const fonts = { regular: 'Helvetica', bold: 'Helvetica-Bold' }

/**
 * A document and the promise of its bytes. Dated by `date` (not the clock), so the same input always gives the
 * same bytes.
 */
export function createDocument({
  language,
  title,
  brand,
  subject,
  date,
}: {
  language: 'EN' | 'ES'
  title: string
  brand: string
  subject: string
  date: Date
}): { doc: Doc; bytes: Promise<Buffer> } {
  const doc = new PDFDocument({
    size: 'LETTER',
    // Layout positions everything itself; zero margins keep pdfkit from starting pages of its own.
    margin: 0,
    bufferPages: true,
    lang: language === 'ES' ? 'es-US' : 'en-US',
    displayTitle: true,
    info: {
      Title: `${title} · ${brand}`,
      Author: brand,
      Subject: subject,
      Creator: brand,
      Producer: brand,
      CreationDate: date,
      ModDate: date,
    },
  })
  const bytes = new Promise<Buffer>((resolve, reject) => {
    const chunks: Uint8Array[] = []
    doc.on('data', (chunk: Uint8Array) => chunks.push(chunk))
    doc.on('end', () => resolve(Buffer.concat(chunks)))
    doc.on('error', reject)
  })
  return { doc, bytes }
}

export function addPage(doc: Doc) {
  doc.addPage({ size: 'LETTER', margin: 0 })
}

/**
 * Writes text; returns where it ends. With `lines`, the text must fit in that many lines: it is set smaller (down
 * to 60% of its size) until it does, and a value is never cut short — past that it wraps onto another line.
 */
export function write(
  doc: Doc,
  text: string,
  x: number,
  y: number,
  options: {
    width: number
    size: number
    bold?: boolean
    color?: string
    align?: 'left' | 'center' | 'right'
    lines?: number
    link?: string
  },
): number {
  const drawable = drawableText(text)
  doc
    .font(options.bold ? fonts.bold : fonts.regular)
    .fontSize(options.size)
    .fillColor(options.color ?? colors.ink)
  if (options.lines) {
    const smallest = options.size * 0.6
    let size = options.size
    const fits = () =>
      doc.heightOfString(drawable, { width: options.width }) <= doc.currentLineHeight(true) * options.lines! + 0.01
    while (size > smallest && !fits()) {
      size = Math.max(smallest, size - 0.25)
      doc.fontSize(size)
    }
  }
  doc.text(drawable, x, y, {
    width: options.width,
    align: options.align ?? 'left',
    link: options.link,
    underline: options.link !== undefined,
  })
  return doc.y
}

/** The height `write` would take for wrapped text (no `lines`). */
export function heightOf(doc: Doc, text: string, options: { width: number; size: number; bold?: boolean }): number {
  doc.font(options.bold ? fonts.bold : fonts.regular).fontSize(options.size)
  return doc.heightOfString(drawableText(text), { width: options.width })
}

/** A section heading with its rule; returns where the section's content starts. */
export function heading(doc: Doc, text: string, y: number): number {
  write(doc, text, page.margin, y, { width: contentWidth, size: 13, bold: true, color: colors.navy })
  doc
    .moveTo(page.margin, y + 19)
    .lineTo(page.margin + contentWidth, y + 19)
    .lineWidth(0.75)
    .strokeColor(colors.rule)
    .stroke()
  return y + 28
}

/** The navy band at the top of the first page with the accent rule under it. */
export function drawBand(doc: Doc, height: number) {
  doc.rect(0, 0, page.width, height).fill(colors.navy)
  doc.rect(0, height, page.width, 4).fill(colors.accent)
}

/** A tier's name (and translation) in a label column; returns where the text ends. */
export function drawTierLabel(
  doc: Doc,
  { name, translation }: { name: string; translation: string | null },
  x: number,
  y: number,
  width: number,
): number {
  let bottom = write(doc, name, x, y, { width, size: 9.5, bold: true, lines: 1 })
  if (translation) bottom = write(doc, translation, x, bottom, { width, size: 7.5, color: colors.muted, lines: 1 })
  return bottom
}

/** A rule, the disclaimer and "Page n of m" at the foot of every page. */
export function drawFooters(doc: Doc, disclaimer: string, pageLabel: (page: number, pages: number) => string) {
  const range = doc.bufferedPageRange()
  for (let index = range.start; index < range.start + range.count; index += 1) {
    doc.switchToPage(index)
    const y = page.height - 34
    doc
      .moveTo(page.margin, y - 8)
      .lineTo(page.margin + contentWidth, y - 8)
      .lineWidth(0.5)
      .strokeColor(colors.rule)
      .stroke()
    write(doc, disclaimer, page.margin, y, { width: contentWidth - 90, size: 7.5, color: colors.muted, lines: 1 })
    write(doc, pageLabel(index + 1, range.count), page.margin + contentWidth - 90, y, {
      width: 90,
      size: 7.5,
      color: colors.muted,
      align: 'right',
      lines: 1,
    })
  }
}

/** Where body text must end: above the footer rule, with room to spare. */
export const bodyBottom = page.height - 50
