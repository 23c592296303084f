// Whether one §9.1 nurture step goes out now, decided from facts read at the moment of sending (seed 002 §9.1,
// seed 003's consent, quiet hours, weekend and weekly cap). Pure: the sending activity loads the facts and acts.
import { marketingSendDecision, type MarketingSendRules } from '../communication/send-window'
import type { NurtureGoal } from './sequences'

export interface NurtureSendFacts {
  now: Date
  step: { transactional: boolean; skipWhen?: NurtureGoal }
  lead: { status: string; nurturePaused: boolean }
  /** Since the sequence started: a live (not cancelled) booking made, an email from the person received. */
  bookedSinceStart: boolean
  repliedSinceStart: boolean
  unsubscribed: boolean
  marketingConsent: boolean
  /** The outbox already sent this very step (an earlier attempt got through). */
  alreadySent: { outboxMessageId: string; sentAt: Date } | null
  /** What makes a step's goal already met (`skipWhen`). */
  goals: { roiCompleted: boolean; activeBooking: boolean; otherCaseStudySent: boolean }
  rules: MarketingSendRules
  /** When the person's capped (non-transactional) nurture emails went out in the cap's window. */
  recentCappedSends: readonly Date[]
}

export type NurtureSendDecision =
  /** The sequence ends: the lead closed, the person booked, replied or unsubscribed. */
  | { decision: 'stop'; reason: string }
  /** Nurture is paused: wait for resume. */
  | { decision: 'pause' }
  /** Sent before (a retry): answer what was sent. */
  | { decision: 'already-sent'; outboxMessageId: string; sentAt: Date }
  /** The step's goal is met: pointless, the sequence goes on. */
  | { decision: 'skip'; reason: string }
  /** Not allowed for this person (no marketing consent); the sequence goes on. */
  | { decision: 'suppress'; reason: string }
  /** Quiet hours, weekend or the weekly cap: ask again at `until`. */
  | { decision: 'defer'; until: Date; reason: string }
  | { decision: 'send' }

const goalReasons: Record<NurtureGoal, { met: (goals: NurtureSendFacts['goals']) => boolean; reason: string }> = {
  'roi-completed': { met: (goals) => goals.roiCompleted, reason: 'ROI calculator already completed' },
  // Only a live booking makes the booking CTA pointless: a no-show or a cancelled call still needs one.
  booked: { met: (goals) => goals.activeBooking, reason: 'Call already booked' },
  'case-study-received': { met: (goals) => goals.otherCaseStudySent, reason: 'Case study already sent' },
}

/** Why the sequence must end now, or null when it may go on. */
export function nurtureStopReason(facts: NurtureSendFacts): string | null {
  if (facts.lead.status === 'CONVERTED') return 'Lead converted'
  if (facts.lead.status === 'UNQUALIFIED') return 'Lead disqualified'
  if (facts.bookedSinceStart) return 'Booked a call'
  if (facts.repliedSinceStart) return 'Replied to an email'
  if (facts.unsubscribed) return 'Unsubscribed'
  return null
}

/**
 * In this order: a stop ends the sequence (even a paused one, so nothing waits on a closed lead); a pause holds it;
 * a step already sent is answered as sent; a met goal skips it; a marketing step needs consent, then the person's
 * hours and weekly cap; a transactional step (a thank-you, the requested report) goes out at once.
 */
export function decideNurtureSend(facts: NurtureSendFacts): NurtureSendDecision {
  const stop = nurtureStopReason(facts)
  if (stop) return { decision: 'stop', reason: stop }
  if (facts.lead.nurturePaused) return { decision: 'pause' }
  if (facts.alreadySent) return { decision: 'already-sent', ...facts.alreadySent }
  const goal = facts.step.skipWhen ? goalReasons[facts.step.skipWhen] : undefined
  if (goal?.met(facts.goals)) return { decision: 'skip', reason: goal.reason }
  if (facts.step.transactional) return { decision: 'send' }
  if (!facts.marketingConsent) return { decision: 'suppress', reason: 'No marketing consent' }
  const window = marketingSendDecision(facts.now, facts.rules, facts.recentCappedSends)
  return window.allowed ? { decision: 'send' } : { decision: 'defer', until: window.until, reason: window.reason }
}
