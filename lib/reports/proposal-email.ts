// The proposal email of a deal, ready for the outbox: to the primary contact, in their language, replies to the
// deal's owner, the proposal PDF attached by reference (rendered at send time, dated `preparedAt`).
import { renderProposalEmail } from '../../domain/email/proposal-email'
import type { Database } from '../db'
import { proposalAttachment, type AttachmentReference } from '../email-attachments'
import { loadProposalDeal } from './proposal-input'

export interface ProposalEmailMessage {
  to: string
  contactId: string
  subject: string
  text: string
  html: string
  /** The outbox template name. */
  template: 'deal-proposal'
  headers: Record<string, string> | undefined
  attachments: AttachmentReference[]
}

/** The proposal email of a deal, or null when there is no deal with that id. */
export async function loadProposalEmail(
  db: Database,
  opportunityId: string,
  { preparedAt, bookingUrl }: { preparedAt: Date; bookingUrl: string | null },
): Promise<ProposalEmailMessage | null> {
  const deal = await loadProposalDeal(db, opportunityId, preparedAt)
  if (!deal) return null
  const contact = await db.opportunity.findUnique({
    where: { id: opportunityId },
    select: { primaryContact: { select: { id: true, email: true } } },
  })
  if (!contact) return null
  const email = renderProposalEmail(deal, { bookingUrl })
  return {
    to: contact.primaryContact.email,
    contactId: contact.primaryContact.id,
    ...email,
    template: 'deal-proposal',
    headers: deal.owner ? { 'Reply-To': `${deal.owner.name} <${deal.owner.email}>` } : undefined,
    attachments: [proposalAttachment(opportunityId, preparedAt)],
  }
}
