// What the team sees when a lead needs them (§9.2): the in-app notification and its email, in English (staff).
import type { LeadNotificationKind } from '../../activities/lead-lifecycle-contract'
import { qualificationTriggerTexts } from '../leads/qualification'
import { escapeHtml } from './html'
import { enumWordsInline } from '../records/enum-words'

export type QualifiedStage = 'MQL' | 'SQL'

export interface OwnerAlertInput {
  kind: LeadNotificationKind
  lead: {
    name: string
    companyName: string | null
    /** Null until the lead has been scored for the first time: an alert never shows a score nobody computed. */
    score: number | null
    source: string
  }
  /** Extra words, e.g. "Lead score 84" for a high score. A qualification's trigger goes in `qualification`. */
  detail: string | null
  /** For LEAD_QUALIFIED: the stage the lead reached and the §3.3 trigger that took it there. */
  qualification?: { stage: QualifiedStage; trigger: string | null } | null
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
  LEAD_FOLLOW_UP_DUE: (who) => `Time to follow up with ${who}`,
}

const ask: Record<LeadNotificationKind, string> = {
  LEAD_ASSIGNED: 'Please reach out within one business day.',
  LEAD_NEW_OVERDUE: 'Nobody has marked this lead contacted yet. Please reach out today.',
  LEAD_HIGH_SCORE: 'This lead scores high. Reach out while they are engaged.',
  LEAD_QUALIFIED: 'This lead is ready for a sales conversation.',
  LEAD_FOLLOW_UP_DUE:
    'Nothing has been logged on this lead and the person has not been in touch lately. Reach out, or log what was done.',
}

// Seed 002 §3.3: MQL means marketing has done its part and sales should qualify; SQL means the lead is ready for
// the sales conversation that ends in an opportunity (conversion) or a disqualification.
const stageWords: Record<QualifiedStage, { title: string; stage: string; next: string }> = {
  MQL: {
    title: 'Marketing-qualified lead (MQL)',
    stage: 'Stage: MQL, marketing qualified',
    next: 'Next: reach out to confirm their needs, budget and timeline, and offer a discovery call. A booked call with a score above 50 makes them sales qualified (SQL).',
  },
  SQL: {
    title: 'Sales-qualified lead (SQL)',
    stage: 'Stage: SQL, sales qualified (the lead is now Qualified)',
    next: 'Next: hold the sales conversation, then convert the lead to an opportunity or disqualify it with a reason.',
  },
}

/** What each §3.3 trigger means in plain words, and what to do next when it fired. */
const triggerWords: Record<string, { stage: QualifiedStage; why: string; next: string }> = {
  [qualificationTriggerTexts.highScore]: {
    stage: 'MQL',
    why: 'Their lead score passed 70.',
    next: stageWords.MQL.next,
  },
  [qualificationTriggerTexts.voiceAndRoi]: {
    stage: 'MQL',
    why: 'They asked the voice agent more than 5 questions and completed the ROI calculator.',
    next: 'Next: read their conversation and ROI figures on the lead page, then reach out and offer a discovery call. A booked call with a score above 50 makes them sales qualified (SQL).',
  },
  [qualificationTriggerTexts.bookingWithScore]: {
    stage: 'SQL',
    why: 'They booked a call and their lead score is above 50.',
    next: 'Next: prepare for the booked call with their conversation, ROI figures and score breakdown on the lead page; after the call, convert the lead to an opportunity or disqualify it with a reason.',
  },
  [qualificationTriggerTexts.referralInIndustry]: {
    stage: 'SQL',
    why: 'They were referred to us and work in an industry we serve.',
    next: 'Next: reach out today to book a discovery call; after it, convert the lead to an opportunity or disqualify it with a reason.',
  },
}

/** The stage a §3.3 trigger text leads to, or null for words that are not one of the triggers. */
export function stageOfTrigger(trigger: string | null): QualifiedStage | null {
  return trigger === null ? null : (triggerWords[trigger]?.stage ?? null)
}

export function renderOwnerAlert(input: OwnerAlertInput): RenderedOwnerAlert {
  const who = input.lead.companyName ? `${input.lead.name} (${input.lead.companyName})` : input.lead.name
  const qualification = input.kind === 'LEAD_QUALIFIED' ? (input.qualification ?? null) : null
  const facts = [
    input.lead.score === null ? null : `Score ${input.lead.score}/100`,
    `Source: ${sourceLabel(input.lead.source)}`,
  ]
    .filter((part): part is string => part !== null)
    .join(' · ')

  let title = headline[input.kind](who)
  let paragraphs: string[]
  if (qualification) {
    const stage = stageWords[qualification.stage]
    const trigger = qualification.trigger ? triggerWords[qualification.trigger] : undefined
    title = `${stage.title}: ${who}`
    paragraphs = [
      title,
      facts,
      `${stage.stage}. Trigger: ${qualification.trigger ?? 'marked qualified'}.${trigger ? ` ${trigger.why}` : ''}`,
      ...(input.detail && input.detail !== qualification.trigger ? [input.detail] : []),
      trigger && trigger.stage === qualification.stage ? trigger.next : stage.next,
    ]
  } else {
    paragraphs = [title, facts, ...(input.detail ? [input.detail] : []), ask[input.kind]]
  }
  return {
    title,
    body: paragraphs.slice(1).join(' · '),
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
  return /^[A-Z_]+$/.test(source) ? enumWordsInline(source) : source
}
