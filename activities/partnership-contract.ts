// What the partnership workflow asks of its activities. Types only: workflows import these.
import type { HealthAlertDecision, HealthBand, HealthComponents } from '../domain/partnerships/health-score'
import type { Milestone } from '../domain/partnerships/milestone-plan'
import type { PlannedPayment } from '../domain/partnerships/payment-plan'
import type { ContractTerms } from '../domain/tiers/contract-value'
import type { PartnershipPhaseName } from '../domain/tiers/tier-plans'
import type { PartnershipStatus, Tier } from '../prisma/generated/enums'

/** A payment as the workflow follows it: planned ones by their plan key, older rows by `row-<id>`. */
export interface PaymentFacts {
  key: string
  dueAtMs: number
  paidAtMs: number | null
}

/** The partnership as its workflow starts from it. */
export interface PartnershipSnapshot {
  partnershipId: string
  tier: Tier
  startMs: number
  targetEndMs: number
  status: PartnershipStatus
  ownerId: string | null
  /** The won deal's contract (its fees and the months it bills). */
  terms: ContractTerms
  /** Stored milestones; empty before the first run planned them. */
  milestones: Milestone[]
  /** Stored payments; empty before the first run planned them. */
  payments: PaymentFacts[]
  pausedAtMs: number | null
  pausedMs: number
  satisfactionScore: number | null
  /** The band of the last recorded score, or null before any. */
  lastBand: HealthBand | null
  /** Counts of what is recorded already (the keys of the next ones continue from here). */
  statusChanges: number
  healthSnapshots: number
  healthAlerts: number
}

export interface MilestonesUpdate {
  partnershipId: string
  milestones: Milestone[]
  targetEndMs: number
}

export interface PaymentsPlanned {
  partnershipId: string
  payments: PlannedPayment[]
}

export interface PartnershipStatusChangeRecord {
  partnershipId: string
  /** `partnership-<id>/status/<n>`. */
  idempotencyKey: string
  fromStatus: PartnershipStatus | null
  toStatus: PartnershipStatus
  atMs: number
  byId: string | null
  reason: string | null
  pausedAtMs: number | null
  pausedMs: number
}

export interface PartnershipProgress {
  partnershipId: string
  phase: PartnershipPhaseName
  healthScore: number | null
  atRisk: boolean
  riskReasons: string[]
}

export interface HealthSnapshotRecord {
  partnershipId: string
  /** `partnership-<id>/health/<n>`. */
  idempotencyKey: string
  overall: number | null
  components: HealthComponents
  band: HealthBand
  atMs: number
}

export interface HealthAlertRecord {
  partnershipId: string
  /** `partnership-<id>/alert/<n>`. */
  idempotencyKey: string
  alert: Omit<HealthAlertDecision, 'audience'>
  atMs: number
}

export interface PartnershipActivities {
  loadPartnership(partnershipId: string): Promise<PartnershipSnapshot>
  recordMilestones(update: MilestonesUpdate): Promise<void>
  planPayments(planned: PaymentsPlanned): Promise<void>
  recordPartnershipStatus(change: PartnershipStatusChangeRecord): Promise<void>
  recordPartnershipProgress(progress: PartnershipProgress): Promise<void>
  recordHealthSnapshot(snapshot: HealthSnapshotRecord): Promise<void>
  /** Resolves the open health alerts of other types and opens this one, unless one of its type is open already. */
  raiseHealthAlert(alert: HealthAlertRecord): Promise<void>
}
