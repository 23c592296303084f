import type { LeadSnapshot } from '../activities/lead-lifecycle-contract'
import { expectedSendTime, localWeekdayTime } from '../domain/communication/send-window'
import { isFollowedUp, leadQuietPeriodDays } from '../domain/leads/lead-follow-up'
import { newLeadFollowUpDeadlineMs, nurtureSequences } from '../domain/nurture/sequences'
import type { LeadStatusName, UpcomingStep } from './lead-messages'
import type { NurtureRunner } from './nurture-runner'

export interface UpcomingStepsInput {
  leadId: string
  closed: boolean
  status: LeadStatusName
  createdAt: string | null
  newLeadAlertSent: boolean
  /** When the follow-up reminder is due (decision 0089), while the lead has one. */
  followUpDueAt: number | null
  nurture: NurtureRunner
  /** The contact's hours and weekly limit, and their earlier capped emails; null before the lead is read. */
  contact: Pick<LeadSnapshot, 'sendRules' | 'cappedSendsAt'> | null
}

/**
 * Every step the workflow still has ahead, soonest first, with whether it will fire and why (or why not), and
 * when it will really go out: a marketing email due inside the contact's quiet hours, on their weekend or over
 * their weekly limit waits, by the same rule the sending activity applies (`marketingSendDecision`).
 */
export function upcomingSteps({
  closed,
  status,
  createdAt,
  newLeadAlertSent,
  followUpDueAt,
  nurture,
  contact,
}: UpcomingStepsInput): UpcomingStep[] {
  if (closed) return []
  const steps: UpcomingStep[] = []

  if (status === 'NEW' && !newLeadAlertSent && createdAt) {
    const dueAt = new Date(Date.parse(createdAt) + newLeadFollowUpDeadlineMs).toISOString()
    steps.push({
      key: 'reminder/new-overdue',
      kind: 'reminder',
      label: 'Alert the owner: lead still New after 24 hours',
      dueAt,
      // An alert to the team: the contact's hours do not apply.
      expectedSendAt: dueAt,
      willFire: true,
      reason: 'Fires unless the lead is marked contacted or qualified first',
    })
  }

  if (followUpDueAt !== null && isFollowedUp(status)) {
    const dueAt = new Date(followUpDueAt).toISOString()
    const days = leadQuietPeriodDays[status]
    steps.push({
      key: 'reminder/follow-up',
      kind: 'reminder',
      label: 'Remind the owner to follow up',
      dueAt,
      expectedSendAt: dueAt,
      willFire: true,
      reason: `Fires unless someone logs work on the lead or the person gets in touch first (every ${days} days while it is ${status.toLowerCase()} and quiet)`,
    })
  }

  const facts = nurture.facts
  const rules = contact?.sendRules ?? null
  const statuses = nurture.statuses()
  // The weekly limit counts what already went out and what this plan sends before each step.
  const cappedSends = new Set<number>((contact?.cappedSendsAt ?? []).map((sentAt) => Date.parse(sentAt)))
  for (const sequence of statuses) {
    for (const definition of nurtureSequences[sequence.sequence]) {
      const step = sequence.steps.find((candidate) => candidate.step === definition.step)
      if (step?.state === 'sent' && step.sentAt && !definition.transactional) cappedSends.add(Date.parse(step.sentAt))
    }
  }

  const planned: { sequenceIndex: number; step: UpcomingStep; transactional: boolean; state: string }[] = []
  statuses.forEach((sequence, sequenceIndex) => {
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
      planned.push({
        sequenceIndex,
        transactional: definition.transactional,
        state: step.state,
        step: {
          key: `nurture/${sequence.sequence}/${definition.step}`,
          kind: 'nurture',
          label: definition.label,
          dueAt: dueAtMs === null ? step.dueAt : new Date(dueAtMs).toISOString(),
          expectedSendAt: null,
          willFire: blocker === null,
          reason:
            blocker ??
            (step.state === 'waiting' && step.reason
              ? step.reason
              : definition.transactional
                ? 'Sends when due (asked for by the person)'
                : 'Sends when due, within the contact’s hours and weekly limit'),
        },
      })
    }
  })

  // A sequence sends its steps one after another: a step never goes out before the one ahead of it.
  const sequenceReadyAt = new Map<number, number>()
  for (const entry of planned.sort((a, b) => Date.parse(a.step.dueAt) - Date.parse(b.step.dueAt))) {
    const { step } = entry
    if (!step.willFire) continue
    const readyAtMs = Math.max(Date.parse(step.dueAt), sequenceReadyAt.get(entry.sequenceIndex) ?? 0)
    if (entry.transactional) {
      step.expectedSendAt = new Date(readyAtMs).toISOString()
    } else if (rules) {
      const expected = expectedSendTime(
        new Date(readyAtMs),
        rules,
        [...cappedSends].map((sentAt) => new Date(sentAt)),
      )
      step.expectedSendAt = expected.at?.toISOString() ?? null
      if (expected.at === null) {
        step.willFire = false
        step.reason = expected.waits.join(' and ')
      } else {
        cappedSends.add(expected.at.getTime())
        const goesAt = `goes at ${localWeekdayTime(expected.at, rules.window.timezone)}`
        if (expected.waits.length > 0) step.reason = `${expected.waits.join(', then ')}: ${goesAt}`
        // Already deferred once: its due time is the deferral's end, and the reason is the deferral's.
        else if (entry.state === 'waiting') step.reason = `${step.reason}: ${goesAt}`
        else if (expected.at.getTime() !== Date.parse(step.dueAt)) step.reason = `After the step before it: ${goesAt}`
      }
    }
    if (step.expectedSendAt) sequenceReadyAt.set(entry.sequenceIndex, Date.parse(step.expectedSendAt))
  }

  steps.push(...planned.map((entry) => entry.step))
  return steps.sort((a, b) => Date.parse(a.dueAt) - Date.parse(b.dueAt))
}
