// Seed 002 §5.2 "Health Scoring": an overall score 0–100 from five components, and the alerts its band changes
// raise (§9.3 "Health score < 50 → Escalate to manager"). Pure: the partnership workflow recomputes it on every
// event from what it holds, and raises an alert only when the band changes. Decision 0027 gives the readings.

export type HealthComponent = 'engagement' | 'progress' | 'adoption' | 'satisfaction' | 'paymentHealth'

/** Each component's share of the overall score, in percent. Progress and engagement first: they predict churn. */
export const healthWeights: Record<HealthComponent, number> = {
  engagement: 25,
  progress: 25,
  adoption: 20,
  satisfaction: 15,
  paymentHealth: 15,
}

export const healthComponents = Object.keys(healthWeights) as HealthComponent[]

export interface HealthFacts {
  /** Meetings held so far (weekly meetings and Cal.com events that have ended): attended and missed by the client. */
  meetings: { attended: number; missed: number }
  /** Milestones whose planned date has passed: done by that date, done after it, still open. */
  milestonesDue: { onTime: number; late: number; open: number }
  /** Systems deployed for at least a week, and how many of them were used in the last 7 days. */
  systems: { deployed: number; usedLastWeek: number }
  /** The client's latest satisfaction score, 1–10 (§2.4 `satisfactionScore`), or null before any feedback. */
  satisfaction: number | null
  /** Payments whose due date has passed: paid by the due date, paid after it, not paid. */
  paymentsDue: { onTime: number; late: number; unpaid: number }
}

/** A component's score 0–100, or null while there is nothing to judge it by. */
export type HealthComponents = Record<HealthComponent, number | null>

export interface HealthScore {
  /** Null until at least one component has data: a partnership is not unhealthy for being new. */
  overall: number | null
  components: HealthComponents
}

// Something done, but late, is worth less than on time and more than not at all.
const lateCredit = 0.5

function share(parts: number, whole: number): number | null {
  return whole === 0 ? null : Math.round((100 * parts) / whole)
}

export function healthComponentsOf(facts: HealthFacts): HealthComponents {
  const { meetings, milestonesDue, systems, satisfaction, paymentsDue } = facts
  return {
    engagement: share(meetings.attended, meetings.attended + meetings.missed),
    progress: share(
      milestonesDue.onTime + lateCredit * milestonesDue.late,
      milestonesDue.onTime + milestonesDue.late + milestonesDue.open,
    ),
    adoption: share(systems.usedLastWeek, systems.deployed),
    // 1 is the worst answer and 10 the best: 1 → 0, 10 → 100.
    satisfaction: satisfaction === null ? null : Math.round(((satisfaction - 1) * 100) / 9),
    paymentHealth: share(
      paymentsDue.onTime + lateCredit * paymentsDue.late,
      paymentsDue.onTime + paymentsDue.late + paymentsDue.unpaid,
    ),
  }
}

/** The weighted mean of the components that have data, their weights scaled up to 100 %. */
export function healthScoreOf(facts: HealthFacts): HealthScore {
  const components = healthComponentsOf(facts)
  let weighted = 0
  let weights = 0
  for (const component of healthComponents) {
    const value = components[component]
    if (value === null) continue
    weighted += value * healthWeights[component]
    weights += healthWeights[component]
  }
  return { overall: weights === 0 ? null : Math.round(weighted / weights), components }
}

export type HealthBand = 'healthy' | 'watch' | 'at-risk'

/** §9.3 escalates below 50; 70 and above needs nothing; in between the owner watches. */
export function healthBandOf(overall: number | null): HealthBand {
  if (overall === null || overall >= 70) return 'healthy'
  return overall >= 50 ? 'watch' : 'at-risk'
}

export interface HealthAlertDecision {
  /** §5.2 `HealthAlert`. */
  severity: 'critical' | 'warning' | 'info'
  type: 'health-at-risk' | 'health-watch' | 'health-recovered'
  message: string
  recommendedAction: string
  /** The owner always; the Sales Managers too when the score falls below 50 (§9.3). */
  audience: 'owner' | 'owner-and-managers'
}

const componentLabels: Record<HealthComponent, string> = {
  engagement: 'engagement (meetings attended)',
  progress: 'progress (milestones on plan)',
  adoption: 'adoption (systems in use)',
  satisfaction: 'satisfaction',
  paymentHealth: 'payments on time',
}

/** The component dragging the score down most (by weighted shortfall), for the alert's advice. */
export function weakestComponent(components: HealthComponents): HealthComponent | null {
  let weakest: HealthComponent | null = null
  let shortfall = 0
  for (const component of healthComponents) {
    const value = components[component]
    if (value === null) continue
    const missing = (100 - value) * healthWeights[component]
    if (missing > shortfall) {
      shortfall = missing
      weakest = component
    }
  }
  return weakest
}

const advice: Record<HealthComponent, string> = {
  engagement: 'Call the client to re-book the missed meetings and agree a standing weekly slot',
  progress: 'Review the plan with the team: re-date the slipped milestones and tell the client',
  adoption: 'Book a training session on the systems that are not in use',
  satisfaction: 'Ask the client what is not working, and agree one thing to fix this week',
  paymentHealth: 'Check the overdue invoices with the client’s accounts contact',
}

/**
 * The alert a new score raises: only when its band differs from the last band (not on every recalculation).
 * Falling into a worse band warns (watch) or escalates (at risk); climbing back to healthy is news too.
 */
export function healthAlertFor(previous: HealthBand, score: HealthScore): HealthAlertDecision | null {
  const band = healthBandOf(score.overall)
  if (band === previous) return null
  const weakest = weakestComponent(score.components)
  const cause = weakest ? `, mostly ${componentLabels[weakest]} at ${score.components[weakest]}` : ''
  const action = weakest ? advice[weakest] : 'Review the partnership with the client'
  if (band === 'at-risk') {
    return {
      severity: 'critical',
      type: 'health-at-risk',
      message: `Health fell to ${score.overall}${cause}`,
      recommendedAction: action,
      audience: 'owner-and-managers',
    }
  }
  if (band === 'watch' && previous === 'healthy') {
    return {
      severity: 'warning',
      type: 'health-watch',
      message: `Health fell to ${score.overall}${cause}`,
      recommendedAction: action,
      audience: 'owner',
    }
  }
  return {
    severity: 'info',
    type: 'health-recovered',
    message: `Health recovered to ${score.overall}`,
    recommendedAction: band === 'healthy' ? 'Nothing to do: keep the cadence' : action,
    audience: 'owner',
  }
}
