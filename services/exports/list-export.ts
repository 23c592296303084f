import { once } from 'node:events'
import { PassThrough, type Writable } from 'node:stream'
import ExcelJS from 'exceljs'
import type { Database } from '../../lib/db'
import type { Actor } from '../auth/actor'
import { recordAudit } from '../auth/audit'
import { csvLine } from '../../lib/csv'
import type { ExportCell, ExportSource } from './export-source'
import { exportProgress } from './export-progress'

// The one export module of issue 12 (decision 0038): every list (leads, each record list, the pipeline's deals,
// partnerships) hands it an ExportSource and gets a CSV or XLSX stream. Rows are read in batches and written as they
// come, so memory does not grow with the export; progress (rows written of the counted total) is published under
// the caller's token for the page's progress bar; the finished export is written to the audit log.

export const exportFormats = ['csv', 'xlsx'] as const
export type ExportFormat = (typeof exportFormats)[number]

export const exportBatchSize = 1_000

const contentTypes: Record<ExportFormat, string> = {
  csv: 'text/csv; charset=utf-8',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
}

export interface ExportRequest {
  db: Database
  actor: Actor
  client: { ipAddress?: string; userAgent?: string }
  format: ExportFormat
  /** Chosen by the page so it can poll the progress of this download (export-progress.ts). */
  progressToken?: string
}

export interface StartedExport {
  total: number
  filename: string
  contentType: string
  body: PassThrough
}

/** Counts the rows, then streams the file into `body` (started, not awaited: the response reads as it is written). */
export async function startExport(
  request: ExportRequest,
  source: ExportSource,
  now = new Date(),
): Promise<StartedExport> {
  const total = await source.count()
  // Audited before the first byte, with the rows counted: the row exists whether or not the download completes.
  await audit(request, source, total, 'SUCCESS')
  const body = new PassThrough()
  const progress = exportProgress.begin(request.actor, request.progressToken, total)
  void writeExport(source, request.format, body, (written) => progress.update(written)).then(
    (written) => progress.finish(written),
    async (error: unknown) => {
      progress.fail()
      body.destroy(error instanceof Error ? error : new Error(String(error)))
      await audit(request, source, total, 'FAILURE').catch(() => undefined)
    },
  )
  return {
    total,
    filename: `${source.list}-${now.toISOString().slice(0, 10)}.${request.format}`,
    contentType: contentTypes[request.format],
    body,
  }
}

/** Writes every row of the source to `out` in the format; resolves with the number of rows written. */
export async function writeExport(
  source: ExportSource,
  format: ExportFormat,
  out: Writable,
  onProgress: (written: number) => void = () => undefined,
): Promise<number> {
  return format === 'csv' ? writeCsv(source, out, onProgress) : writeXlsx(source, out, onProgress)
}

async function write(out: Writable, chunk: string): Promise<void> {
  if (!out.write(chunk)) await once(out, 'drain')
}

async function writeCsv(source: ExportSource, out: Writable, onProgress: (written: number) => void) {
  let written = 0
  let columns = source.columns
  if (columns) await write(out, `${csvLine(columns)}\r\n`)
  for await (const rows of source.batches(exportBatchSize)) {
    if (!columns) {
      columns = Object.keys(rows[0] ?? {})
      await write(out, `${csvLine(columns)}\r\n`)
    }
    const known = columns
    await write(out, rows.map((row) => `${csvLine(known.map((column) => row[column]))}\r\n`).join(''))
    written += rows.length
    onProgress(written)
  }
  out.end()
  return written
}

async function writeXlsx(source: ExportSource, out: Writable, onProgress: (written: number) => void) {
  // The streaming writer commits each row to the zip as it goes; inline strings keep no table of every string.
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: true, useSharedStrings: false })
  const sheet = workbook.addWorksheet(source.list)
  let columns: string[] | null = null
  const head = (names: string[]) => {
    columns = names
    sheet.columns = names.map((header) => ({ header, key: header, width: Math.max(12, header.length + 2) }))
    sheet.getRow(1).font = { bold: true }
    sheet.getRow(1).commit()
    return names
  }
  if (source.columns) head(source.columns)
  let written = 0
  for await (const rows of source.batches(exportBatchSize)) {
    const known = columns ?? head(Object.keys(rows[0] ?? {}))
    for (const row of rows) sheet.addRow(known.map((column) => xlsxCell(row[column]))).commit()
    written += rows.length
    onProgress(written)
  }
  sheet.commit()
  await workbook.commit()
  return written
}

function xlsxCell(value: ExportCell): string | number | boolean | Date | null {
  if (value === null || value === undefined) return null
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return value
  if (value instanceof Date) return value
  if (Array.isArray(value) && value.every((item) => typeof item === 'string' || typeof item === 'number')) {
    return value.join('; ')
  }
  return JSON.stringify(value)
}

async function audit(request: ExportRequest, source: ExportSource, rows: number, outcome: 'SUCCESS' | 'FAILURE') {
  await recordAudit(request.db, {
    actor: request.actor,
    action: `${source.list}.export`,
    outcome,
    entityType: source.list,
    metadata: { list: source.list, format: request.format, filters: source.filters, rows },
    client: request.client,
  })
}
