// A deal's proposal as the app hands it out: narrowed to the deals the reader may see, ready to send.
import type { Database } from '../../lib/db'
import { loadProposal } from '../../lib/reports/proposal-input'
import { renderProposalPdf } from '../../lib/reports/proposal-pdf'
import { ownedBy } from '../auth/ownership'

export interface ProposalFile {
  filename: string
  pdf: Buffer
  headers: Record<string, string>
}

export function proposalFilename(opportunityId: string): string {
  return `proposal-${opportunityId}.pdf`
}

/**
 * The proposal of a deal as of `preparedAt`, or null when there is none the reader may see. `ownDealsOf` is the
 * user of an "own" opportunities grant (a Sales Rep): anyone else's deal is answered like a missing one, so its
 * existence does not leak.
 */
export async function proposalFor(
  db: Database,
  opportunityId: string,
  { ownDealsOf, preparedAt }: { ownDealsOf: string | null; preparedAt: Date },
): Promise<ProposalFile | null> {
  const scope = ownDealsOf === null ? {} : ownedBy('opportunities', ownDealsOf)
  const visible = await db.opportunity.findFirst({ where: { id: opportunityId, ...scope }, select: { id: true } })
  if (!visible) return null
  const proposal = await loadProposal(db, visible.id, preparedAt)
  if (!proposal) return null
  const pdf = await renderProposalPdf(proposal)
  const filename = proposalFilename(visible.id)
  return {
    filename,
    pdf,
    headers: {
      'Content-Type': 'application/pdf',
      'Content-Length': String(pdf.length),
      'Content-Disposition': `inline; filename="${filename}"`,
      // A client's prices and figures: never kept by shared caches.
      'Cache-Control': 'private, no-store',
    },
  }
}
