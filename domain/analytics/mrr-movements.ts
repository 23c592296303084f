// Seed 002 §10.1 MRR and §10.2 "Net Revenue Retention": how monthly recurring revenue moved between two instants,
// per partnership, with graduation as a movement of its own so the agency's best outcome is not counted as churn.
// Pure. Decision 0030 gives the readings.

export type MrrMovementKind = 'new' | 'expansion' | 'contraction' | 'churn' | 'reactivation' | 'graduation'

export interface PartnershipMrr {
  partnershipId: string
  /** MRR at the start and the end of the period (0 when not billing). */
  startMrr: number
  endMrr: number
  /** It billed at some time before the period began (a 0 → x move is then a reactivation, not new). */
  billedBefore: boolean
  /** Why it stopped billing, when it did in the period: graduated is not churn. */
  endStatus: 'GRADUATED' | 'CHURNED' | 'PAUSED' | 'OTHER'
}

export interface MrrMovement {
  partnershipId: string
  kind: MrrMovementKind
  /** Signed change of MRR. */
  amount: number
}

export function mrrMovementOf(p: PartnershipMrr): MrrMovement | null {
  const amount = p.endMrr - p.startMrr
  if (amount === 0) return null
  let kind: MrrMovementKind
  if (p.startMrr === 0) kind = p.billedBefore ? 'reactivation' : 'new'
  else if (p.endMrr === 0) kind = p.endStatus === 'GRADUATED' ? 'graduation' : 'churn'
  else kind = amount > 0 ? 'expansion' : 'contraction'
  return { partnershipId: p.partnershipId, kind, amount }
}

export interface MrrSummary {
  startMrr: number
  endMrr: number
  movements: Record<MrrMovementKind, number>
  /**
   * Net revenue retention of the revenue the agency meant to keep: the start MRR of the partnerships that did not
   * graduate, plus their expansion, less their contraction and churn, over that start MRR. Null without a base.
   */
  nrr: number | null
}

export function mrrSummary(partnerships: readonly PartnershipMrr[]): MrrSummary {
  const movements: Record<MrrMovementKind, number> = {
    new: 0,
    expansion: 0,
    contraction: 0,
    churn: 0,
    reactivation: 0,
    graduation: 0,
  }
  let base = 0
  for (const p of partnerships) {
    const movement = mrrMovementOf(p)
    if (movement) movements[movement.kind] += movement.amount
    if (p.startMrr > 0 && movement?.kind !== 'graduation') base += p.startMrr
  }
  const retained = base + movements.expansion + movements.contraction + movements.churn
  return {
    startMrr: partnerships.reduce((sum, p) => sum + p.startMrr, 0),
    endMrr: partnerships.reduce((sum, p) => sum + p.endMrr, 0),
    movements,
    nrr: base === 0 ? null : retained / base,
  }
}
