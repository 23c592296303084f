// Where a partnership is in §5.1's lifecycle and which §2.4 status that is, from its plan and its clock. Pure.
import type { PartnershipPhaseName } from '../tiers/tier-plans'
import { finalMilestone, type MilestonePlan } from './milestone-plan'
import type { PartnershipStatus } from './partnership-changes'

const weekMs = 7 * 24 * 60 * 60 * 1000

export interface PartnershipClock {
  plan: MilestonePlan
  nowMs: number
  /** Time spent paused so far (the engagement's weeks do not count it). */
  pausedMs: number
  /** The kickoff meeting (§5.1 Onboarding: kickoff, access, goals) has been held. */
  kickoffDone: boolean
}

/** Week of the engagement at `nowMs`, week 1 being the first seven days after kickoff, paused time left out. */
export function engagementWeek({ plan, nowMs, pausedMs }: PartnershipClock): number {
  return Math.max(1, Math.floor((nowMs - plan.startMs - pausedMs) / weekMs) + 1)
}

/**
 * §5.1 draws Onboarding (week 1), Discover (weeks 1–2), Co-Create (3–6), Deploy (7+), Independent (ongoing).
 * Onboarding and Discover share week 1: Onboarding lasts until the kickoff is held (at most week 1). Deploy lasts
 * until the tier's final milestone is done, however late; Independent follows it.
 */
export function phaseOf(clock: PartnershipClock): PartnershipPhaseName {
  if (finalMilestone(clock.plan).completedAtMs !== null) return 'INDEPENDENT'
  const week = engagementWeek(clock)
  if (week === 1 && !clock.kickoffDone) return 'ONBOARDING'
  if (week <= 2) return 'DISCOVER'
  if (week <= 6) return 'CO_CREATE'
  return 'DEPLOY'
}

/** The last two weeks before the final milestone (or past it) are "completing" (§2.4). */
export const completingWithinMs = 2 * weekMs

export type RunningStatus = 'ONBOARDING' | 'ACTIVE' | 'COMPLETING'

/** The §2.4 status of a partnership that is neither paused, graduated nor churned (those are people's decisions). */
export function runningStatusOf(clock: PartnershipClock): RunningStatus {
  const phase = phaseOf(clock)
  if (phase === 'ONBOARDING') return 'ONBOARDING'
  if (phase === 'INDEPENDENT' || finalMilestone(clock.plan).dueAtMs - clock.nowMs <= completingWithinMs) {
    return 'COMPLETING'
  }
  return 'ACTIVE'
}

/** What a status change says when nobody gave a reason of their own: the clock's moves and the first status. */
export const partnershipStatusReasons: Record<PartnershipStatus, string> = {
  ONBOARDING: 'Partnership started',
  ACTIVE: 'Kickoff held',
  COMPLETING: 'Two weeks before graduation',
  GRADUATED: 'Graduated',
  PAUSED: 'Paused',
  CHURNED: 'Churned',
}
