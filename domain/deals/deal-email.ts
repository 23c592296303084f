// A rep's email to the deal's primary contact, sent by the deal's workflow through the outbox (decision 0032): who
// may send it, its outbox key, and its plain text and HTML bodies.
import { escapeHtml } from '../email/html'
import { mayMoveDeal, type DealForMove, type MoveActor } from './deal-moves'
import { isOpenStage, stagePolicies, type PipelineStage } from './pipeline-policy'

export interface DealEmailRefusal {
  code: 'closed' | 'not-allowed'
  message: string
}

/** Why a closed deal's contact is not emailed from it; null for an open deal. Asked before the workflow is. */
export function closedDealEmailRefusal(stage: PipelineStage): DealEmailRefusal | null {
  if (isOpenStage(stage)) return null
  return {
    code: 'closed',
    message: `The deal is ${stagePolicies[stage].label}: its contact is no longer emailed from the deal`,
  }
}

/** Null when `actor` may email the deal's contact from the deal; otherwise why not. */
export function dealEmailRefusal(
  deal: Pick<DealForMove, 'stage' | 'ownerId'>,
  actor: MoveActor,
): DealEmailRefusal | null {
  const closed = closedDealEmailRefusal(deal.stage)
  if (closed) return closed
  if (!mayMoveDeal(actor, deal)) {
    return { code: 'not-allowed', message: 'Only the deal’s owner, a Sales Manager or an Admin may email its contact' }
  }
  return null
}

/** What every email key of a deal starts with (counting the emails sent before a run began). */
export function dealEmailKeyPrefix(opportunityId: string): string {
  return `deal-${opportunityId}/email/`
}

/** The outbox key of the deal's n-th email (n from 1): a retried attempt finds it and sends nothing twice. */
export function dealEmailIdempotencyKey(opportunityId: string, n: number): string {
  return `${dealEmailKeyPrefix(opportunityId)}${n}`
}

/** The plain text as the rep wrote it, and the same text as HTML: escaped, paragraphs at blank lines. */
export function dealEmailBodies(body: string): { text: string; html: string } {
  const paragraphs = body
    .replace(/\r\n?/g, '\n')
    .split(/\n{2,}/)
    .map((paragraph) => paragraph.trim())
    .filter((paragraph) => paragraph.length > 0)
    .map((paragraph) => `<p>${escapeHtml(paragraph).replace(/\n/g, '<br>')}</p>`)
  return { text: body, html: `<!doctype html><html><body>${paragraphs.join('')}</body></html>` }
}
