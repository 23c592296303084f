// What the partnership page and the client portal draw on their timeline, from the rows the partnership workflow
// writes: where each §5.1 phase falls in calendar time once pauses are counted, how far each milestone moved or
// slipped against the signed plan, and whether a payment is due, paid or overdue. Pure.
import type { PaymentStatus, PartnershipStatus } from '../../prisma/generated/enums'
import { partnershipPhases, type PartnershipPhaseName } from '../tiers/tier-plans'

const dayMs = 24 * 60 * 60 * 1000
const weekMs = 7 * dayMs

/** A stretch of time the partnership stood paused: from the pause until the next status change (or now). */
export interface PauseSpan {
  fromMs: number
  toMs: number
}

/** Pauses from the status history (oldest first): each PAUSED lasts until the next change, the last one until now. */
export function pausesOf(changes: { toStatus: PartnershipStatus; atMs: number }[], nowMs: number): PauseSpan[] {
  const ordered = [...changes].sort((a, b) => a.atMs - b.atMs)
  return ordered.flatMap((change, index) =>
    change.toStatus === 'PAUSED' ? [{ fromMs: change.atMs, toMs: ordered[index + 1]?.atMs ?? nowMs }] : [],
  )
}

/**
 * The calendar instant at which `engagementMs` of engagement time has passed since kickoff: the clock stands still
 * while paused, so every pause that begins before that instant pushes it later by its length.
 */
export function calendarTimeOf(startMs: number, engagementMs: number, pauses: PauseSpan[]): number {
  let at = startMs + engagementMs
  for (const pause of [...pauses].sort((a, b) => a.fromMs - b.fromMs)) {
    if (pause.fromMs >= at) break
    at += pause.toMs - pause.fromMs
  }
  return at
}

export interface PhaseSpan {
  phase: PartnershipPhaseName
  label: string
  activities: string[]
  fromMs: number
  /** Null for "Ongoing" (Independent). */
  toMs: number | null
}

/**
 * §5.1's phases in calendar time: Onboarding week 1, Discover weeks 1–2, Co-Create 3–6, Deploy from week 7 until
 * the final milestone is due (however it moved), Independent after it. Onboarding and Discover share week 1.
 */
export function phaseSpansOf(startMs: number, finalDueMs: number, pauses: PauseSpan[]): PhaseSpan[] {
  const at = (week: number) => calendarTimeOf(startMs, week * weekMs, pauses)
  return partnershipPhases.map((phase) => {
    const base = { phase: phase.phase, label: phase.name.en, activities: phase.activities.map((a) => a.en) }
    switch (phase.phase) {
      case 'DEPLOY':
        return { ...base, fromMs: at(6), toMs: Math.max(at(6), finalDueMs) }
      case 'INDEPENDENT':
        return { ...base, fromMs: Math.max(at(6), finalDueMs), toMs: null }
      default:
        return { ...base, fromMs: at((phase.firstWeek ?? 1) - 1), toMs: at(phase.lastWeek ?? 1) }
    }
  })
}

export type MilestoneState = 'done' | 'done-late' | 'open' | 'overdue' | 'not-reached'

export interface MilestoneRow {
  plannedAtMs: number
  dueAtMs: number
  completedAtMs: number | null
}

export interface MilestoneProgress {
  state: MilestoneState
  /** Whole days the due date moved from the signed plan (slips and pauses); 0 when it never moved. */
  movedDays: number
  /** Whole days it was done after its due date, or is past it and open; 0 when on time or not yet due. */
  lateDays: number
}

const wholeDays = (ms: number) => Math.floor(ms / dayMs)

/** `ended`: the partnership graduated or churned; what it left open was not reached, and is late no more. */
export function milestoneProgressOf(milestone: MilestoneRow, nowMs: number, ended = false): MilestoneProgress {
  const movedDays = wholeDays(Math.max(0, milestone.dueAtMs - milestone.plannedAtMs))
  if (milestone.completedAtMs !== null) {
    const late = milestone.completedAtMs - milestone.dueAtMs
    return { state: late > 0 ? 'done-late' : 'done', movedDays, lateDays: late > 0 ? wholeDays(late) : 0 }
  }
  if (ended) return { state: 'not-reached', movedDays, lateDays: 0 }
  if (nowMs > milestone.dueAtMs) {
    return { state: 'overdue', movedDays, lateDays: wholeDays(nowMs - milestone.dueAtMs) }
  }
  return { state: 'open', movedDays, lateDays: 0 }
}

export type PaymentState = 'paid' | 'due' | 'overdue' | 'failed' | 'refunded' | 'cancelled'

/** A payment as people read it: PENDING past its due date (before the workflow marks it) is overdue already. */
export function paymentStateOf(payment: { status: PaymentStatus; dueMs: number }, nowMs: number): PaymentState {
  switch (payment.status) {
    case 'PAID':
      return 'paid'
    case 'REFUNDED':
      return 'refunded'
    case 'CANCELLED':
      return 'cancelled'
    case 'FAILED':
      return 'failed'
    case 'OVERDUE':
      return 'overdue'
    case 'PENDING':
      return nowMs > payment.dueMs ? 'overdue' : 'due'
  }
}

/** Still owed: a person may record it received (also after the partnership ended, decision 0050). */
export function isOwed(state: PaymentState): boolean {
  return state === 'due' || state === 'overdue' || state === 'failed'
}

/** The window the timeline strip draws: kickoff to the latest date it shows, a week of air either side. */
export function timelineWindowOf(startMs: number, latestMs: number[]): { fromMs: number; toMs: number } {
  return { fromMs: startMs - weekMs, toMs: Math.max(startMs + weekMs, ...latestMs) + weekMs }
}
