// Seed 002 §10.2 "Sales Metrics": win rate, average deal size, sales cycle length, pipeline velocity,
// proposal-to-close rate and lost reasons, from closed and open deals as the stage history records them. Pure.

const dayMs = 24 * 60 * 60 * 1000

export interface ClosedDeal {
  won: boolean
  /** Total contract value (decision 0013). */
  value: number
  createdAtMs: number
  closedAtMs: number
  /** The deal was in Proposal Sent at some point (the stage history says so). */
  reachedProposal: boolean
  lostReason: string | null
}

/** Won ÷ closed (won or lost); null while nothing closed. */
export function winRate(deals: readonly ClosedDeal[]): number | null {
  if (deals.length === 0) return null
  return deals.filter((deal) => deal.won).length / deals.length
}

/** The mean contract value of the won deals; null while none was won. */
export function averageDealSize(deals: readonly ClosedDeal[]): number | null {
  const won = deals.filter((deal) => deal.won)
  if (won.length === 0) return null
  return won.reduce((sum, deal) => sum + deal.value, 0) / won.length
}

/** Days from creation to Closed Won, mean and median over the won deals; null while none was won. */
export function salesCycleDays(deals: readonly ClosedDeal[]): { mean: number; median: number } | null {
  const days = deals
    .filter((deal) => deal.won)
    .map((deal) => (deal.closedAtMs - deal.createdAtMs) / dayMs)
    .sort((a, b) => a - b)
  if (days.length === 0) return null
  const middle = Math.floor(days.length / 2)
  const median = days.length % 2 === 1 ? days[middle]! : (days[middle - 1]! + days[middle]!) / 2
  return { mean: days.reduce((sum, value) => sum + value, 0) / days.length, median }
}

/**
 * Pipeline velocity, the money the pipeline turns into per day: open deals × average deal size × win rate ÷
 * sales cycle length (mean days). Null until a deal has been won (there is no size, rate or cycle before).
 */
export function pipelineVelocity(openDeals: number, closed: readonly ClosedDeal[]): number | null {
  const size = averageDealSize(closed)
  const rate = winRate(closed)
  const cycle = salesCycleDays(closed)
  if (size === null || rate === null || cycle === null || cycle.mean === 0) return null
  return (openDeals * size * rate) / cycle.mean
}

/** Of the closed deals that had a proposal, the share won; null while none closed. */
export function proposalToCloseRate(deals: readonly ClosedDeal[]): number | null {
  return winRate(deals.filter((deal) => deal.reachedProposal))
}

/** Lost deals by reason, most frequent first (then by name); a lost deal without a reason counts as "Not given". */
export function lostReasons(deals: readonly ClosedDeal[]): { reason: string; count: number }[] {
  const counts = new Map<string, number>()
  for (const deal of deals) {
    if (deal.won) continue
    const reason = deal.lostReason?.trim() || 'Not given'
    counts.set(reason, (counts.get(reason) ?? 0) + 1)
  }
  return [...counts.entries()]
    .map(([reason, count]) => ({ reason, count }))
    .sort((a, b) => b.count - a.count || a.reason.localeCompare(b.reason))
}
