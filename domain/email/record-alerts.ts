// Alerts about a deal, a partnership or a task for its owner (the lead's own §9.2 alerts are in owner-alerts.ts).
import type { RenderedOwnerAlert } from './owner-alerts'
import { escapeHtml } from './html'

export type RecordAlertKind =
  | 'DEAL_ASSIGNED'
  | 'DEAL_STAGE_LIMIT'
  | 'DEAL_STALLED'
  | 'DEAL_PROPOSAL_FOLLOW_UP'
  | 'DEAL_DISCOVERY_PREP'
  | 'PARTNERSHIP_ASSIGNED'
  | 'PARTNERSHIP_MILESTONE_DUE'
  | 'PARTNERSHIP_MILESTONE_OVERDUE'
  | 'PARTNERSHIP_HEALTH_ALERT'
  | 'PARTNERSHIP_MEETING_MISSED'
  | 'PARTNERSHIP_SYSTEM_QUIET'
  | 'PARTNERSHIP_PAYMENT_OVERDUE'
  | 'TASK_DUE'

const words: Record<RecordAlertKind, { headline: (name: string) => string; ask: string; open: string }> = {
  DEAL_ASSIGNED: {
    headline: (name) => `Deal assigned to you: ${name}`,
    ask: 'Please review the deal and plan the next step.',
    open: 'Open the deal',
  },
  DEAL_STAGE_LIMIT: {
    headline: (name) => `Deal over its stage limit: ${name}`,
    ask: 'Please move the deal on, or record why it waits.',
    open: 'Open the deal',
  },
  DEAL_STALLED: {
    headline: (name) => `Deal stalled for 14 days: ${name}`,
    ask: 'Please agree the next step with the deal’s owner.',
    open: 'Open the deal',
  },
  DEAL_PROPOSAL_FOLLOW_UP: {
    headline: (name) => `Follow up the proposal: ${name}`,
    ask: 'Please call the client about the proposal and log what they said.',
    open: 'Open the deal',
  },
  DEAL_DISCOVERY_PREP: {
    headline: (name) => `Discovery call tomorrow: ${name}`,
    ask: 'Please prepare the call with what the lead told us.',
    open: 'Open the deal',
  },
  PARTNERSHIP_ASSIGNED: {
    headline: (name) => `Partnership assigned to you: ${name}`,
    ask: 'Please review the partnership and its next milestone.',
    open: 'Open the partnership',
  },
  PARTNERSHIP_MILESTONE_DUE: {
    headline: (name) => `Milestone due soon: ${name}`,
    ask: 'Please make sure it is done on time, or re-plan it with the client.',
    open: 'Open the partnership',
  },
  PARTNERSHIP_MILESTONE_OVERDUE: {
    headline: (name) => `Milestone overdue: ${name}`,
    ask: 'Please complete it, or tell the client when it will be done.',
    open: 'Open the partnership',
  },
  PARTNERSHIP_HEALTH_ALERT: {
    headline: (name) => `Partnership health changed: ${name}`,
    ask: 'Please follow the recommended action on the partnership page.',
    open: 'Open the partnership',
  },
  PARTNERSHIP_MEETING_MISSED: {
    headline: (name) => `Meeting missed: ${name}`,
    ask: 'The client was emailed; please call them and find a new time this week.',
    open: 'Open the partnership',
  },
  PARTNERSHIP_SYSTEM_QUIET: {
    headline: (name) => `System not used for 7 days: ${name}`,
    ask: 'The client was sent a check-in email; please follow up on what keeps them from using it.',
    open: 'Open the partnership',
  },
  PARTNERSHIP_PAYMENT_OVERDUE: {
    headline: (name) => `Payment needs attention: ${name}`,
    ask: 'Please call the client, or mark the payment received on the partnership page.',
    open: 'Open the partnership',
  },
  TASK_DUE: {
    headline: (name) => `Task due: ${name}`,
    ask: 'Do it now, or move its due time on the record.',
    open: 'Open the record',
  },
}

export function renderRecordAlert(input: {
  kind: RecordAlertKind
  name: string
  detail: string | null
  url: string
}): RenderedOwnerAlert {
  const text = words[input.kind]
  const title = text.headline(input.name)
  const paragraphs = [title, ...(input.detail ? [input.detail] : []), text.ask]
  return {
    title,
    body: paragraphs.slice(1).join(' · '),
    subject: `[Durable CRM] ${title}`,
    text: [...paragraphs, `${text.open}: ${input.url}`].join('\n\n'),
    html: [
      ...paragraphs.map((paragraph) => `<p>${escapeHtml(paragraph)}</p>`),
      `<p><a href="${escapeHtml(input.url)}">${escapeHtml(text.open)}</a></p>`,
    ].join('\n'),
  }
}
