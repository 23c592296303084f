import type { Database } from './db'
import type { EmailAttachment } from './mail-driver'
import { loadProposal } from './reports/proposal-input'
import { renderProposalPdf } from './reports/proposal-pdf'
import { loadRoiReportInput } from './reports/roi-report-input'
import { renderRoiReportPdf } from './reports/roi-report-pdf'
import { loadScheduledReportDocument, scheduledReportCsv } from './reports/scheduled-report-input'
import { renderScheduledReportPdf } from './reports/scheduled-report-pdf'

/**
 * What the outbox stores for an attachment: a reference, not the bytes. The bytes are rendered again at send
 * time from the same record (the ROI report PDF is deterministic), so every retry sends the same file. A proposal
 * carries the moment it was prepared, so every retry dates it the same; its figures are the deal's at send time.
 */
export type AttachmentReference =
  | { kind: 'roi-report'; roiCalculationId: string; filename: string }
  | { kind: 'proposal'; opportunityId: string; filename: string; /** ISO 8601. */ preparedAt: string }
  /** A §10.3 report run, rendered from the figures stored with the run (decision 0039). */
  | { kind: 'scheduled-report'; runId: string; format: 'pdf' | 'csv'; filename: string }

/** One renderer per kind of attachment; null when the record it renders no longer exists. */
export type AttachmentRenderers = {
  [Kind in AttachmentReference['kind']]: (
    reference: Extract<AttachmentReference, { kind: Kind }>,
  ) => Promise<EmailAttachment | null>
}

/** Renders a reference with the renderer of its kind. */
export function renderAttachment(
  renderers: AttachmentRenderers,
  reference: AttachmentReference,
): Promise<EmailAttachment | null> {
  switch (reference.kind) {
    case 'roi-report':
      return renderers['roi-report'](reference)
    case 'proposal':
      return renderers.proposal(reference)
    case 'scheduled-report':
      return renderers['scheduled-report'](reference)
  }
}

/** The proposal of a deal as an attachment, dated `preparedAt` (the workflow's time of sending). */
export function proposalAttachment(opportunityId: string, preparedAt: Date): AttachmentReference {
  return {
    kind: 'proposal',
    opportunityId,
    filename: `proposal-${opportunityId}.pdf`,
    preparedAt: preparedAt.toISOString(),
  }
}

const isInstant = (value: unknown): value is string =>
  typeof value === 'string' && /^\d{4}-\d{2}-\d{2}T/.test(value) && Number.isFinite(Date.parse(value))

/** Reads a stored reference back; anything the outbox would not have written is ignored. */
export function parseAttachmentReference(value: unknown): AttachmentReference | null {
  if (!value || typeof value !== 'object' || Array.isArray(value)) return null
  const { kind, roiCalculationId, opportunityId, filename, preparedAt, runId, format } = value as Record<
    string,
    unknown
  >
  if (typeof filename !== 'string') return null
  if (kind === 'roi-report' && typeof roiCalculationId === 'string') return { kind, roiCalculationId, filename }
  if (kind === 'proposal' && typeof opportunityId === 'string' && isInstant(preparedAt))
    return { kind, opportunityId, filename, preparedAt }
  if (kind === 'scheduled-report' && typeof runId === 'string' && (format === 'pdf' || format === 'csv'))
    return { kind, runId, format, filename }
  return null
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
    async proposal({ opportunityId, filename, preparedAt }) {
      const proposal = await loadProposal(db, opportunityId, new Date(preparedAt))
      if (!proposal) return null
      return { filename, content: await renderProposalPdf(proposal), contentType: 'application/pdf' }
    },
    async 'scheduled-report'({ runId, format, filename }) {
      const report = await loadScheduledReportDocument(db, runId)
      if (!report) return null
      return format === 'pdf'
        ? { filename, content: await renderScheduledReportPdf(report), contentType: 'application/pdf' }
        : { filename, content: Buffer.from(scheduledReportCsv(report), 'utf8'), contentType: 'text/csv; charset=utf-8' }
    },
  }
}
