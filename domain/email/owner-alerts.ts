// What the team sees when a lead needs them (§9.2): the in-app notification and its email, in English (staff).
import type { LeadNotificationKind } from '../../activities/lead-lifecycle-contract'
import { escapeHtml } from './html'

export interface OwnerAlertInput {
  kind: LeadNotificationKind
  lead: { name: string; companyName: string | null; score: number; source: string }
  /** Extra words, e.g. the qualification trigger "Lead score > 70 → MQL". */
  detail: string | null
  leadUrl: string
}

export interface RenderedOwnerAlert {
  /** In-app notification title and body. */
  title: string
  body: string
  /** The email. */
  subject: string
  text: string
  html: string
}

const headline: Record<LeadNotificationKind, (who: string) => string> = {
  LEAD_ASSIGNED: (who) => `New lead assigned to you: ${who}`,
  LEAD_NEW_OVERDUE: (who) => `Follow up with ${who}: still new after 24 hours`,
  LEAD_HIGH_SCORE: (who) => `High-value lead: ${who}`,
  LEAD_QUALIFIED: (who) => `Lead qualified: ${who}`,
}

const ask: Record<LeadNotificationKind, string> = {
  LEAD_ASSIGNED: 'Please reach out within one business day.',
  LEAD_NEW_OVERDUE: 'Nobody has marked this lead contacted yet. Please reach out today.',
  LEAD_HIGH_SCORE: 'This lead scores high. Reach out while they are engaged.',
  LEAD_QUALIFIED: 'This lead is ready for a sales conversation.',
}

export function renderOwnerAlert(input: OwnerAlertInput): RenderedOwnerAlert {
  const who = input.lead.companyName ? `${input.lead.name} (${input.lead.companyName})` : input.lead.name
  const title = headline[input.kind](who)
  const facts = `Score ${input.lead.score}/100 · Source: ${sourceLabel(input.lead.source)}`
  const body = [facts, input.detail, ask[input.kind]].filter((part): part is string => Boolean(part)).join(' · ')
  const paragraphs = [title, facts, ...(input.detail ? [input.detail] : []), ask[input.kind]]
  return {
    title,
    body,
    subject: `[Durable CRM] ${title}`,
    text: [...paragraphs, `Open the lead: ${input.leadUrl}`].join('\n\n'),
    html: [
      ...paragraphs.map((paragraph) => `<p>${escapeHtml(paragraph)}</p>`),
      `<p><a href="${escapeHtml(input.leadUrl)}">Open the lead</a></p>`,
    ].join('\n'),
  }
}

/** "VOICE_AGENT" → "voice agent"; anything already readable stays as it is. */
function sourceLabel(source: string): string {
  return /^[A-Z_]+$/.test(source) ? source.toLowerCase().replace(/_/g, ' ') : source
}
