// Seed 002 §9.1, step by step. Pure data, imported by the workflow (no Node built-ins here).

export type NurtureSequenceName = 'voice-with-email' | 'roi-calculator'

/**
 * What makes a step pointless, checked again by the sending activity at the moment of sending:
 * - `roi-completed`: the person has completed an ROI calculation (no calculator link);
 * - `booked`: the person has an active calendar booking (no booking CTA);
 * - `case-study-received`: a case study email already went to the person (the other sequence sent it).
 */
export type NurtureGoal = 'roi-completed' | 'booked' | 'case-study-received'

export interface NurtureStepDefinition {
  /** Stable key, part of the outbox idempotency key `lead-<id>/nurture/<sequence>/<step>`. */
  step: string
  /** Delay after the sequence started (ms). */
  offsetMs: number
  label: string
  /**
   * Transactional steps deliver what the person asked for (the report, the summary of their conversation):
   * they need no marketing consent and ignore quiet hours and the frequency cap. Unsubscribed still stops them.
   */
  transactional: boolean
  skipWhen?: NurtureGoal
}

const hour = 60 * 60 * 1000
const day = 24 * hour

export const nurtureSequences: Record<NurtureSequenceName, readonly NurtureStepDefinition[]> = {
  'voice-with-email': [
    { step: 'thank-you', offsetMs: 0, label: 'Thank-you email with transcript summary', transactional: true },
    {
      step: 'roi-link',
      offsetMs: 2 * hour,
      label: 'ROI calculator link',
      transactional: false,
      skipWhen: 'roi-completed',
    },
    {
      step: 'case-study',
      offsetMs: 24 * hour,
      label: 'Industry case study',
      transactional: false,
      skipWhen: 'case-study-received',
    },
    {
      step: 'booking-cta',
      offsetMs: 72 * hour,
      label: 'Calendar booking CTA',
      transactional: false,
      skipWhen: 'booked',
    },
    { step: 'check-in', offsetMs: 7 * day, label: '"Questions?" check-in', transactional: false },
  ],
  'roi-calculator': [
    { step: 'report', offsetMs: 0, label: 'ROI report PDF', transactional: true },
    {
      step: 'report-questions',
      offsetMs: 4 * hour,
      label: '"Have questions about your report?"',
      transactional: false,
    },
    {
      step: 'booking-cta',
      offsetMs: 24 * hour,
      label: 'Calendar booking CTA',
      transactional: false,
      skipWhen: 'booked',
    },
    {
      step: 'case-study',
      offsetMs: 3 * day,
      label: 'Industry case study',
      transactional: false,
      skipWhen: 'case-study-received',
    },
    { step: 'final-push', offsetMs: 7 * day, label: '"Ready to discuss?" final push', transactional: false },
  ],
}

export const nurtureSequenceLabels: Record<NurtureSequenceName, string> = {
  'voice-with-email': 'Voice agent follow-up',
  'roi-calculator': 'ROI calculator follow-up',
}

/** How a step is named wherever it appears alone (timeline, Temporal UI): its sequence, then the step. */
export function nurtureStepTitle(sequence: NurtureSequenceName, step: string): string {
  const label = nurtureSequences[sequence].find((definition) => definition.step === step)?.label ?? step
  return `${nurtureSequenceLabels[sequence]}: ${label}`
}

/** §9.1 "Voice Agent Follow-up (No Email Captured)": the retargeting event fires 24 hours after the session. */
export const anonymousSessionRetargetingDelayMs = 24 * hour

/** Sources whose own integration sends the first email (nurture's first step, or Cal.com's confirmation). */
const sourcesWithoutAcknowledgement: ReadonlySet<string> = new Set([
  'VOICE_AGENT',
  'ROI_CALCULATOR',
  'CALENDAR_BOOKING',
])

/** Whether a lead from this source gets the "thanks for reaching out" email from the CRM. */
export function sendsAcknowledgement(source: string): boolean {
  return !sourcesWithoutAcknowledgement.has(source)
}

/** §9.2: a lead still New this long after capture alerts its owner. */
export const newLeadFollowUpDeadlineMs = 24 * hour

/** §9.2: a score above this notifies the owner at once. */
export const highValueLeadScore = 80

export function nurtureIdempotencyKey(leadId: string, sequence: NurtureSequenceName, step: string): string {
  return `lead-${leadId}/nurture/${sequence}/${step}`
}

export function parseNurtureIdempotencyKey(
  leadId: string,
  key: string,
): { sequence: NurtureSequenceName; step: string } | null {
  const prefix = `lead-${leadId}/nurture/`
  if (!key.startsWith(prefix)) return null
  const [sequence, step, ...rest] = key.slice(prefix.length).split('/')
  if (rest.length > 0 || !step || !(sequence && sequence in nurtureSequences)) return null
  return { sequence: sequence as NurtureSequenceName, step }
}
