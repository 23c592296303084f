// Seed 002 §10.1's conversion funnel (Leads → MQL → SQL → Opportunity → Closed Won, each step's rate from the one
// before) and the month-over-month changes of its tiles. Pure: the queries count, these functions judge.

export const funnelStages = ['leads', 'mql', 'sql', 'opportunity', 'won'] as const
export type FunnelStage = (typeof funnelStages)[number]

export const funnelLabels: Record<FunnelStage, string> = {
  leads: 'Leads',
  mql: 'MQL',
  sql: 'SQL',
  opportunity: 'Opportunity',
  won: 'Closed Won',
}

export interface FunnelStep {
  stage: FunnelStage
  count: number
  /** Share of the step before that reached this one, 0–1; null for the first step or when the one before is 0. */
  rateFromPrevious: number | null
}

/**
 * A cohort funnel: `counts` are the leads of one period and how many of them ever reached each stage, so every
 * step is a subset of the one before and no rate passes 100 %.
 */
export function conversionFunnel(counts: Record<FunnelStage, number>): FunnelStep[] {
  return funnelStages.map((stage, index) => {
    const previous = index === 0 ? null : counts[funnelStages[index - 1]!]
    return {
      stage,
      count: counts[stage],
      rateFromPrevious: previous === null || previous === 0 ? null : counts[stage] / previous,
    }
  })
}

/** The relative change from the previous period ("+23% MoM"), or null when there was nothing to compare with. */
export function relativeChange(current: number, previous: number): number | null {
  return previous === 0 ? null : (current - previous) / previous
}

/** A whole percentage as the dashboard prints it: "+23%", "−8%", "0%". */
export function formatChange(change: number | null): string {
  if (change === null) return 'new'
  const percent = Math.round(change * 100)
  if (percent === 0) return '0%'
  return `${percent > 0 ? '+' : '−'}${Math.abs(percent)}%`
}
