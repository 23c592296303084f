// The partnership workflow's messages, defined once and shared by the workflow and every client (API, app, scripts).
import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow'
import type { MoveActor } from '../domain/deals/deal-moves'
import type { PartnershipChange, PartnershipStatus } from '../domain/partnerships/partnership-changes'
import type { HealthScore } from '../domain/partnerships/health-score'
import type { Milestone } from '../domain/partnerships/milestone-plan'
import type { PartnershipPhaseName } from '../domain/tiers/tier-plans'
import type { UpcomingStep } from './lead-messages'
import type { PartnershipWorkView } from './partnership-work'

export interface PartnershipWorkflowInput {
  partnershipId: string
  /** Everything due at or before this instant is history (seeded partnerships): reminders about it are not sent. */
  historyUntil?: string
}

export type ChangePartnershipInput = PartnershipChange & { actor: MoveActor }

export interface CompleteMilestoneInput {
  key: string
  actor: MoveActor
}

/** A weekly meeting or Cal.com event that has ended, attended by the client or missed. */
export interface MeetingHeld {
  meetingId: string
  attended: boolean
  at: string
}

/** A delivered system deployed, or used (decision 0028: reported per system by an authenticated endpoint). */
export interface SystemUsage {
  systemId: string
  deployedAt: string | null
  usedAt: string | null
}

export interface SatisfactionScored {
  /** 1–10 (§2.4 `satisfactionScore`). */
  score: number
  at: string
}

/** A payment recorded as received (by a person, or Stripe's webhook): the row is written before the signal. */
export interface PaymentReceived {
  paymentKey: string
  paidAt: string
}

export interface PartnershipWorkflowStatus {
  partnershipId: string
  status: PartnershipStatus
  phase: PartnershipPhaseName
  ownerId: string | null
  health: HealthScore
  milestones: Milestone[]
  targetEnd: string
  pausedAt: string | null
  upcomingSteps: UpcomingStep[]
  /** Events received but not handled yet (and the one being handled). */
  pendingEvents: number
  /** Meetings, systems, knowledge transfer and the testimonial (decision 0035); null in runs from before them. */
  work?: PartnershipWorkView | null
}

export const changePartnershipUpdate = defineUpdate<PartnershipWorkflowStatus, [ChangePartnershipInput]>(
  'changePartnership',
)
export const completeMilestoneUpdate = defineUpdate<PartnershipWorkflowStatus, [CompleteMilestoneInput]>(
  'completeMilestone',
)
export const meetingHeldSignal = defineSignal<[MeetingHeld]>('partnershipMeetingHeld')
export const systemUsageSignal = defineSignal<[SystemUsage]>('partnershipSystemUsage')
export const satisfactionScoredSignal = defineSignal<[SatisfactionScored]>('partnershipSatisfactionScored')
export const paymentReceivedSignal = defineSignal<[PaymentReceived]>('partnershipPaymentReceived')
/** Null while the run is still reading its partnership. */
export const partnershipStatusQuery = defineQuery<PartnershipWorkflowStatus | null>('partnershipStatus')

/** The failure type of a change the workflow refuses (its message says why; nothing was written). */
export const partnershipRefusedFailureType = 'PartnershipChangeRefused'
