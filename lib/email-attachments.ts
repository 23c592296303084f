import type { Database } from './db'
import type { EmailAttachment } from './mail-driver'
import { loadRoiReportInput } from './reports/roi-report-input'
import { renderRoiReportPdf } from './reports/roi-report-pdf'

/**
 * What the outbox stores for an attachment: a reference, not the bytes. The bytes are rendered again at send
 * time from the same record (the ROI report PDF is deterministic), so every retry sends the same file.
 */
export type AttachmentReference = { kind: 'roi-report'; roiCalculationId: string; filename: string }

/** One renderer per kind of attachment; null when the record it renders no longer exists. */
export type AttachmentRenderers = {
  [Kind in AttachmentReference['kind']]: (
    reference: Extract<AttachmentReference, { kind: Kind }>,
  ) => Promise<EmailAttachment | null>
}

/** Reads a stored reference back; anything the outbox would not have written is ignored. */
export function parseAttachmentReference(value: unknown): AttachmentReference | null {
  if (!value || typeof value !== 'object' || Array.isArray(value)) return null
  const { kind, roiCalculationId, filename } = value as Record<string, unknown>
  return kind === 'roi-report' && typeof roiCalculationId === 'string' && typeof filename === 'string'
    ? { kind, roiCalculationId, filename }
    : null
}

/** The renderers the worker injects into the outbox (activities/dependencies.ts). */
export function createAttachmentRenderers({
  db,
  bookingUrl,
}: {
  db: Database
  bookingUrl: string
}): AttachmentRenderers {
  return {
    async 'roi-report'({ roiCalculationId, filename }) {
      const input = await loadRoiReportInput(db, roiCalculationId, bookingUrl)
      if (!input) return null
      return { filename, content: await renderRoiReportPdf(input), contentType: 'application/pdf' }
    },
  }
}
