import { nurtureSequences, type NurtureSequenceName } from '../domain/nurture/sequences'

/** What of a person's communication preference decides whether and when a nurture email may go out. */
export const sendPreferenceSelect = {
  unsubscribedAt: true,
  marketingConsent: true,
  timezone: true,
  quietHoursStart: true,
  quietHoursEnd: true,
  weekendContact: true,
  maxMessagesPerWeek: true,
} as const

/** The outbox `template` of a nurture step; the frequency cap and the case-study goal read it back. */
export function nurtureTemplate(sequence: NurtureSequenceName, step: string): string {
  return `nurture:${sequence}/${step}`
}

/** Templates of every non-transactional step: the messages the weekly frequency cap counts. */
export const cappedNurtureTemplates: readonly string[] = Object.entries(nurtureSequences).flatMap(([sequence, steps]) =>
  steps
    .filter((step) => !step.transactional)
    .map((step) => nurtureTemplate(sequence as NurtureSequenceName, step.step)),
)

/** Templates of the steps that send a case study (either sequence's counts as received). */
export const caseStudyTemplates: readonly string[] = Object.entries(nurtureSequences).flatMap(([sequence, steps]) =>
  steps
    .filter((step) => step.skipWhen === 'case-study-received')
    .map((step) => nurtureTemplate(sequence as NurtureSequenceName, step.step)),
)
