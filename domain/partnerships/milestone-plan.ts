// The tier plans of seed 002 §5.3 as dated milestones, and how they move: a milestone done late moves the ones that
// depend on it by the same slip (and says so); a pause moves every open one by the paused time. Pure: the
// partnership workflow holds the plan and asks what is due. Decision 0027 gives the readings.
import type { Tier } from '../../prisma/generated/enums'
import { tierPlans } from '../tiers/tier-plans'
import { countOf } from '../formatting/plural'

const dayMs = 24 * 60 * 60 * 1000
const weekMs = 7 * dayMs

export interface Milestone {
  key: string
  label: string
  /** Week of the engagement it was planned for (§5.3), counted from kickoff; a monthly review has its month. */
  week: number
  /** When the signed plan put it. */
  plannedAtMs: number
  /** When it is due now, after slips and pauses. */
  dueAtMs: number
  completedAtMs: number | null
  /** The milestone it waits for (systems are built one after another), or null. */
  dependsOn: string | null
  /** Why it moved, when it did: the plan says so wherever it is shown. */
  movedBecause: string | null
  /** Systems live once it is reached (0 for a review). */
  systemsLive: number
}

export interface MilestonePlan {
  startMs: number
  /** The end of the engagement (§2.4 `targetEndDate`), moved by pauses and by a slip of the final milestone. */
  targetEndMs: number
  milestones: Milestone[]
}

/** The end of week `week` of an engagement that started at `startMs` (week 1 is the first seven days). */
export function endOfWeek(startMs: number, week: number): number {
  return startMs + week * weekMs
}

/** The same day of the month `months` later (the last day when the month is shorter), at the same time, in UTC. */
export function addMonths(ms: number, months: number): number {
  const date = new Date(ms)
  const target = new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth() + months, 1))
  const lastDay = new Date(Date.UTC(target.getUTCFullYear(), target.getUTCMonth() + 1, 0)).getUTCDate()
  target.setUTCDate(Math.min(date.getUTCDate(), lastDay))
  target.setUTCHours(date.getUTCHours(), date.getUTCMinutes(), date.getUTCSeconds(), date.getUTCMilliseconds())
  return target.getTime()
}

/**
 * The plan a tier signs up to: each §5.3 milestone due at the end of its week, each system after the one before it;
 * Architect's "Monthly: ROI review" on the same day of every month within the 24 weeks, depending on nothing.
 */
export function initialPlan(tier: Tier, startMs: number): MilestonePlan {
  const plan = tierPlans[tier]
  const milestones: Milestone[] = plan.milestones.map((milestone, index) => {
    const dueAtMs = endOfWeek(startMs, milestone.week)
    return {
      key: `week-${milestone.week}`,
      label: milestone.text.en,
      week: milestone.week,
      plannedAtMs: dueAtMs,
      dueAtMs,
      completedAtMs: null,
      dependsOn: index === 0 ? null : `week-${plan.milestones[index - 1]!.week}`,
      movedBecause: null,
      systemsLive: milestone.systemsLive,
    }
  })
  const targetEndMs = endOfWeek(startMs, plan.weeks)
  if (plan.recurring) {
    for (let month = 1; addMonths(startMs, month) <= targetEndMs; month++) {
      const dueAtMs = addMonths(startMs, month)
      milestones.push({
        key: `roi-review-${month}`,
        label: `ROI review, month ${month}`,
        week: Math.ceil((dueAtMs - startMs) / weekMs),
        plannedAtMs: dueAtMs,
        dueAtMs,
        completedAtMs: null,
        dependsOn: null,
        movedBecause: null,
        systemsLive: 0,
      })
    }
  }
  milestones.sort((a, b) => a.dueAtMs - b.dueAtMs || a.key.localeCompare(b.key))
  return { startMs, targetEndMs, milestones }
}

function days(ms: number): string {
  const count = Math.round(ms / dayMs)
  return countOf(count, 'day')
}

/** Everything that waits, directly or not, for `key`. */
function dependentsOf(plan: MilestonePlan, key: string): Milestone[] {
  const found: Milestone[] = []
  let frontier = [key]
  while (frontier.length > 0) {
    const next = plan.milestones.filter((m) => m.dependsOn !== null && frontier.includes(m.dependsOn))
    found.push(...next)
    frontier = next.map((m) => m.key)
  }
  return found
}

/**
 * Records a milestone done at `atMs`. Done late, every open milestone depending on it moves by the slip, and so
 * does the target end when the last of the chain moves; done early, nothing is pulled in (the client planned
 * around those dates). Done again, nothing changes.
 */
export function completeMilestone(plan: MilestonePlan, key: string, atMs: number): MilestonePlan {
  const done = plan.milestones.find((m) => m.key === key)
  if (!done || done.completedAtMs !== null) return plan
  const slipMs = Math.max(0, atMs - done.dueAtMs)
  const moved = new Set(slipMs > 0 ? dependentsOf(plan, key).map((m) => m.key) : [])
  const milestones = plan.milestones.map((m) => {
    if (m.key === key) return { ...m, completedAtMs: atMs }
    if (!moved.has(m.key) || m.completedAtMs !== null) return m
    return {
      ...m,
      dueAtMs: m.dueAtMs + slipMs,
      movedBecause: `${days(slipMs)} later: “${done.label}” was done ${days(slipMs)} late`,
    }
  })
  const lastOfChain = Math.max(...milestones.filter((m) => moved.has(m.key)).map((m) => m.dueAtMs), 0)
  return { ...plan, milestones, targetEndMs: Math.max(plan.targetEndMs, lastOfChain) }
}

/** A pause of `pausedMs` ended: every open milestone and the end move by it (the plan's clock stood still). */
export function shiftForPause(plan: MilestonePlan, pausedMs: number, why: string): MilestonePlan {
  if (pausedMs <= 0) return plan
  return {
    ...plan,
    targetEndMs: plan.targetEndMs + pausedMs,
    milestones: plan.milestones.map((m) =>
      m.completedAtMs !== null
        ? m
        : { ...m, dueAtMs: m.dueAtMs + pausedMs, movedBecause: `${days(pausedMs)} later: ${why}` },
    ),
  }
}

/** The milestone whose completion ends the engagement: the last one of the tier's table. */
export function finalMilestone(plan: MilestonePlan): Milestone {
  const table = plan.milestones.filter((m) => m.key.startsWith('week-'))
  return table.reduce((last, m) => (m.week > last.week ? m : last))
}

export type MilestoneReminderKind = 'due-soon' | 'overdue'

export interface MilestoneReminder {
  kind: MilestoneReminderKind
  milestoneKey: string
  /** One reminder per key: per milestone, due date (a moved milestone is reminded again) and occurrence. */
  key: string
  dueAtMs: number
  message: string
}

/** Reminded three days before, the day after an open due date, and every week it stays open. */
export const dueSoonBeforeMs = 3 * dayMs
export const overdueAfterMs = dayMs
export const overdueEveryMs = weekMs

/** The reminders the open milestones ring from `nowMs` on (the next overdue one per milestone), soonest first. */
export function milestoneReminders(plan: MilestonePlan, nowMs: number): MilestoneReminder[] {
  const reminders: MilestoneReminder[] = []
  for (const m of plan.milestones) {
    if (m.completedAtMs !== null) continue
    const soon = m.dueAtMs - dueSoonBeforeMs
    reminders.push({
      kind: 'due-soon',
      milestoneKey: m.key,
      key: `milestone/${m.key}/${m.dueAtMs}/due-soon`,
      dueAtMs: soon,
      message: `“${m.label}” is due in 3 days`,
    })
    const first = m.dueAtMs + overdueAfterMs
    const occurrence = nowMs <= first ? 0 : Math.ceil((nowMs - first) / overdueEveryMs)
    const at = first + occurrence * overdueEveryMs
    reminders.push({
      kind: 'overdue',
      milestoneKey: m.key,
      key: `milestone/${m.key}/${m.dueAtMs}/overdue/${occurrence}`,
      dueAtMs: at,
      message: `“${m.label}” is ${days(at - m.dueAtMs)} overdue`,
    })
  }
  return reminders.sort((a, b) => a.dueAtMs - b.dueAtMs)
}

/**
 * An extension of `weeks` (decision 0028): the engagement runs longer, so the tier's final milestone (graduation or
 * the independence check) and the end move by it; the milestones before it keep their dates.
 */
export function extendPlan(plan: MilestonePlan, weeks: number, why: string): MilestonePlan {
  const final = finalMilestone(plan)
  if (weeks <= 0 || final.completedAtMs !== null) return plan
  const byMs = weeks * weekMs
  return {
    ...plan,
    targetEndMs: plan.targetEndMs + byMs,
    milestones: plan.milestones.map((m) =>
      m.key === final.key
        ? { ...m, dueAtMs: m.dueAtMs + byMs, movedBecause: `${countOf(weeks, 'week')} later: ${why}` }
        : m,
    ),
  }
}
