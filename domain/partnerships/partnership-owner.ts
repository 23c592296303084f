// Who owns a partnership when a deal is won (decision 0028). Pure.

export interface OwnerCandidate {
  id: string
  /** Partnerships the person owns that have neither graduated nor churned. */
  openPartnerships: number
}

/**
 * The active Customer Success manager with the fewest open partnerships (§14.2: Customer Success runs them); a
 * tie goes to the lowest id, so two hand-offs at once pick the same way. Nobody in Customer Success: no owner,
 * and the partnership's alerts go to the Sales Managers until one is assigned.
 */
export function partnershipOwnerOf(candidates: readonly OwnerCandidate[]): string | null {
  let best: OwnerCandidate | null = null
  for (const candidate of candidates) {
    if (
      best === null ||
      candidate.openPartnerships < best.openPartnerships ||
      (candidate.openPartnerships === best.openPartnerships && candidate.id < best.id)
    ) {
      best = candidate
    }
  }
  return best?.id ?? null
}
