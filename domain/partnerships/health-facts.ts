// What the partnership workflow knows, turned into §5.2's health facts at an instant (decision 0028). Pure.
import type { HealthFacts } from './health-score'
import type { Milestone } from './milestone-plan'

const dayMs = 24 * 60 * 60 * 1000

/**
 * Something due counts for the score once its due day is over (the day the overdue reminder rings): a payment or
 * a milestone done on its due day is on time, and a partnership is not marked down at the instant its setup fee
 * falls due.
 */
export const dueGraceMs = dayMs

/** A system counts for adoption once it has been deployed a week; used in the last 7 days means adopted. */
export const adoptionWindowMs = 7 * dayMs

export interface PartnershipEvidence {
  milestones: readonly Pick<Milestone, 'dueAtMs' | 'completedAtMs'>[]
  /** Each meeting held so far, by id (a repeated signal counts once). */
  meetings: ReadonlyMap<string, { attended: boolean }>
  systems: ReadonlyMap<string, { deployedAtMs: number | null; lastUsedAtMs: number | null }>
  satisfaction: number | null
  payments: readonly { dueAtMs: number; paidAtMs: number | null }[]
}

function dueTally(items: readonly { dueAtMs: number; doneAtMs: number | null }[], nowMs: number) {
  const tally = { onTime: 0, late: 0, open: 0 }
  for (const { dueAtMs, doneAtMs } of items) {
    const lateFrom = dueAtMs + dueGraceMs
    if (nowMs < lateFrom && (doneAtMs === null || doneAtMs > nowMs)) continue
    if (doneAtMs !== null && doneAtMs <= nowMs) {
      if (doneAtMs < lateFrom) tally.onTime += 1
      else tally.late += 1
    } else tally.open += 1
  }
  return tally
}

export function healthFactsOf(evidence: PartnershipEvidence, nowMs: number): HealthFacts {
  const meetings = { attended: 0, missed: 0 }
  for (const meeting of evidence.meetings.values()) meetings[meeting.attended ? 'attended' : 'missed'] += 1
  let deployed = 0
  let usedLastWeek = 0
  for (const system of evidence.systems.values()) {
    if (system.deployedAtMs === null || nowMs - system.deployedAtMs < adoptionWindowMs) continue
    deployed += 1
    if (system.lastUsedAtMs !== null && nowMs - system.lastUsedAtMs < adoptionWindowMs) usedLastWeek += 1
  }
  const milestones = dueTally(
    evidence.milestones.map((m) => ({ dueAtMs: m.dueAtMs, doneAtMs: m.completedAtMs })),
    nowMs,
  )
  const payments = dueTally(
    evidence.payments.map((p) => ({ dueAtMs: p.dueAtMs, doneAtMs: p.paidAtMs })),
    nowMs,
  )
  return {
    meetings,
    milestonesDue: milestones,
    systems: { deployed, usedLastWeek },
    satisfaction: evidence.satisfaction,
    paymentsDue: { onTime: payments.onTime, late: payments.late, unpaid: payments.open },
  }
}

/** The next instant at which the facts change by the clock alone (a due day ending, a system's week passing). */
export function nextHealthChangeMs(evidence: PartnershipEvidence, nowMs: number): number | null {
  const instants = [
    ...evidence.milestones.filter((m) => m.completedAtMs === null).map((m) => m.dueAtMs + dueGraceMs),
    ...evidence.payments.filter((p) => p.paidAtMs === null).map((p) => p.dueAtMs + dueGraceMs),
    ...[...evidence.systems.values()].flatMap((s) => [
      s.deployedAtMs === null ? null : s.deployedAtMs + adoptionWindowMs,
      s.lastUsedAtMs === null ? null : s.lastUsedAtMs + adoptionWindowMs,
    ]),
  ].filter((at): at is number => at !== null && at > nowMs)
  return instants.length === 0 ? null : Math.min(...instants)
}
