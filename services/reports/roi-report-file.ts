// The ROI report as the API and the app hand it out: narrowed to what the reader may see, ready to send.
import type { Database } from '../../lib/db'
import { loadRoiReportInput } from '../../lib/reports/roi-report-input'
import { renderRoiReportPdf } from '../../lib/reports/roi-report-pdf'
import { ownedBy } from '../auth/ownership'

export interface RoiReportFile {
  filename: string
  pdf: Buffer
  headers: Record<string, string>
}

/**
 * The report of a calculation, or null when there is none the reader may see. `ownLeadsOf` is the user of an
 * "own" leads grant (a Sales Rep): only calculations of leads assigned to them count, and anyone else's are
 * answered like missing ones so their existence does not leak.
 */
export async function roiReportFor(
  db: Database,
  roiCalculationId: string,
  { ownLeadsOf, bookingUrl }: { ownLeadsOf: string | null; bookingUrl: string },
): Promise<RoiReportFile | null> {
  const scope = ownLeadsOf === null ? {} : { lead: { is: ownedBy('leads', ownLeadsOf) } }
  const visible = await db.rOICalculation.findFirst({ where: { id: roiCalculationId, ...scope }, select: { id: true } })
  if (!visible) return null
  const input = await loadRoiReportInput(db, visible.id, bookingUrl)
  if (!input) return null
  const pdf = await renderRoiReportPdf(input)
  const filename = `roi-report-${visible.id}.pdf`
  return {
    filename,
    pdf,
    headers: {
      'Content-Type': 'application/pdf',
      'Content-Length': String(pdf.length),
      'Content-Disposition': `inline; filename="${filename}"`,
      // Personal figures: never kept by shared caches.
      'Cache-Control': 'private, no-store',
    },
  }
}
