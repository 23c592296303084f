import { newLeadFollowUpDeadlineMs, nurtureSequences } from '../domain/nurture/sequences'
import type { LeadStatusName, UpcomingStep } from './lead-messages'
import type { NurtureRunner } from './nurture-runner'

export interface UpcomingStepsInput {
  leadId: string
  closed: boolean
  status: LeadStatusName
  createdAt: string | null
  newLeadAlertSent: boolean
  nurture: NurtureRunner
}

/** Every step the workflow still has ahead, soonest first, with whether it will fire and why (or why not). */
export function upcomingSteps({
  closed,
  status,
  createdAt,
  newLeadAlertSent,
  nurture,
}: UpcomingStepsInput): UpcomingStep[] {
  if (closed) return []
  const steps: UpcomingStep[] = []

  if (status === 'NEW' && !newLeadAlertSent && createdAt) {
    steps.push({
      key: 'reminder/new-overdue',
      kind: 'reminder',
      label: 'Alert the owner: lead still New after 24 hours',
      dueAt: new Date(Date.parse(createdAt) + newLeadFollowUpDeadlineMs).toISOString(),
      willFire: true,
      reason: 'Fires unless the lead is marked contacted or qualified first',
    })
  }

  const facts = nurture.facts
  for (const sequence of nurture.statuses()) {
    for (const definition of nurtureSequences[sequence.sequence]) {
      const step = sequence.steps.find((candidate) => candidate.step === definition.step)
      if (!step || (step.state !== 'scheduled' && step.state !== 'waiting')) continue
      const dueAtMs = nurture.dueAtMs(sequence.sequence, definition)
      const blocker =
        nurture.stopped ??
        (facts.unsubscribed ? 'Unsubscribed' : null) ??
        (nurture.paused ? 'Nurture paused' : null) ??
        (definition.skipWhen === 'roi-completed' && facts.hasRoiCalculation
          ? 'ROI calculator already completed'
          : null) ??
        (definition.skipWhen === 'booked' && facts.hasActiveBooking ? 'A call is already booked' : null) ??
        (definition.skipWhen === 'case-study-received' && facts.caseStudySent
          ? 'The case study was already sent'
          : null) ??
        (!definition.transactional && !facts.marketingConsent ? 'No marketing consent' : null)
      steps.push({
        key: `nurture/${sequence.sequence}/${definition.step}`,
        kind: 'nurture',
        label: definition.label,
        dueAt: dueAtMs === null ? step.dueAt : new Date(dueAtMs).toISOString(),
        willFire: blocker === null,
        reason:
          blocker ??
          (step.state === 'waiting' && step.reason
            ? step.reason
            : definition.transactional
              ? 'Sends when due (asked for by the person)'
              : 'Sends when due, within the contact’s hours and weekly limit'),
      })
    }
  }
  return steps.sort((a, b) => Date.parse(a.dueAt) - Date.parse(b.dueAt))
}
