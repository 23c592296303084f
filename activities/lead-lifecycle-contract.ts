// The contract between the lead workflow and its activities (types only; the workflow imports these).
import type { MarketingSendRules } from '../domain/communication/send-window'
import type { NurtureSequenceName } from '../domain/nurture/sequences'
import type { LegacyLeadNotifyOwnerInput, NotifyOwnerInput, NotifyOwnerResult } from './notification-contract'
import type { WorkflowStateUpdate } from './records'
import type {
  ConvertLeadInput,
  LeadActor,
  LeadConversion,
  LeadStatusName,
  QualificationStageName,
} from '../workflows/lead-messages'

/** The lead as the workflow needs it when a run starts (a restarted run resumes from the database). */
export interface LeadSnapshot {
  leadId: string
  status: LeadStatusName
  qualificationStage: QualificationStageName
  score: number
  ownerId: string | null
  source: string
  createdAt: string
  nurturePaused: boolean
  unsubscribed: boolean
  marketingConsent: boolean
  hasRoiCalculation: boolean
  hasActiveBooking: boolean
  /** Voice sessions with the lead, ended, newest first: the workflow starts "voice-with-email" from the first. */
  endedVoiceSessionIds: string[]
  /** ROI calculations of the lead, oldest first. */
  roiCalculationIds: string[]
  /** What already began each sequence (the first ended voice session, the first ROI calculation), for a run that
   * starts after it happened. */
  nurtureTriggers: NurtureTrigger[]
  /** Nurture emails the outbox has already sent to this lead. */
  sentNurtureSteps: SentNurtureStep[]
  /**
   * The contact's hours and weekly limit (preference, else lead timezone, else seed 003's defaults), so upcoming
   * steps show when a marketing email will really go out. Absent from snapshots recorded before it existed.
   */
  sendRules?: MarketingSendRules
  /** When the lead's capped (non-transactional) nurture emails went out, oldest first (at most a few). */
  cappedSendsAt?: string[]
  /**
   * The lead's last touch: the newest work someone logged on it or the person's own newest contact, else its
   * capture (decision 0089). Absent from snapshots recorded before it existed.
   */
  lastTouchedAt?: string
}

export interface NurtureTrigger {
  sequence: NurtureSequenceName
  refId: string
  occurredAt: string
}

export interface SentNurtureStep {
  sequence: NurtureSequenceName
  step: string
  outboxMessageId: string
  sentAt: string
}

export interface ScoringFactorValue {
  factor: string
  weight: number
  value: number
  contribution: number
}

export interface RescoreResult {
  score: number
  /** 'cold' < 40 ≤ 'warm' < 70 ≤ 'hot' (CrmScoreBand). */
  band: 'cold' | 'warm' | 'hot'
  factors: ScoringFactorValue[]
  status: LeadStatusName
  qualificationStage: QualificationStageName
  /** The §3.3 trigger that justifies the stage (its words), the same on every retry; null for NONE. */
  qualificationTrigger?: string | null
  /**
   * Recorded by rescorings before v4 ("this rescoring raised the stage"); a retry after a lost result said null.
   * No longer answered: the workflow compares the stage before and after.
   */
  qualifiedNow?: { stage: 'MQL' | 'SQL'; trigger: string } | null
}

/** The lead's owner after assignment: the same on every retry, whether this attempt assigned it or an earlier one. */
export interface OwnerAssignment {
  ownerId: string | null
  /** Recorded by assignments before v4; no longer answered (the workflow compares the owner before and after). */
  assignedNow?: boolean
}

/** What v6's start-up did: the owner, the first score, and the lead read after both. */
export interface LeadStart {
  ownerId: string | null
  scoring: RescoreResult
  snapshot: LeadSnapshot
}

export interface AssignLeadOwnerInput {
  leadId: string
  now: string
  /** The lead's projection, written in the assignment's transaction (v5's start-up: one activity, not two). */
  projection?: Omit<WorkflowStateUpdate, 'entity'>
}

/** v6's start-up; v7 hands it the plan the run expects, written in its transaction too (decision 0065). */
export type StartLeadInput = AssignLeadOwnerInput

export interface SendNurtureStepInput {
  leadId: string
  sequence: NurtureSequenceName
  step: string
  /** The voice session or ROI calculation that started the sequence. */
  triggerRefId: string
  sequenceStartedAt: string
  /** The workflow's "now" (time-skipping tests run ahead of the wall clock). */
  now: string
}

export type NurtureSendOutcome =
  | { outcome: 'sent'; outboxMessageId: string; sentAt: string; alreadySent: boolean }
  /** Quiet hours, weekend or frequency cap: try again at `until`. */
  | { outcome: 'deferred'; until: string; reason: string }
  /** The step's goal is already met (`skipWhen`). */
  | { outcome: 'skipped'; reason: string }
  /** Not allowed for this person (no marketing consent); the sequence goes on. */
  | { outcome: 'suppressed'; reason: string }
  /** Found at send time: booking, reply, unsubscribe, disqualified, converted. The sequence ends. */
  | { outcome: 'stopped'; reason: string }
  /** Nurture is paused in the database: wait for resume. */
  | { outcome: 'paused' }

export type { NotifyOwnerInput } from './notification-contract'

export type LeadNotificationKind =
  'LEAD_ASSIGNED' | 'LEAD_NEW_OVERDUE' | 'LEAD_HIGH_SCORE' | 'LEAD_QUALIFIED' | 'LEAD_FOLLOW_UP_DUE'

export type LeadActionName = 'contacted' | 'qualified' | 'disqualified' | 'nurture-paused' | 'nurture-resumed'

export interface ApplyLeadActionInput {
  leadId: string
  action: LeadActionName
  actor: LeadActor
  reason?: string
  now: string
}

export interface LeadLifecycleActivities {
  loadLeadSnapshot(input: { leadId: string }): Promise<LeadSnapshot>
  /** Round-robin among active Sales Reps; keeps an owner already set. Null when nobody can take it. */
  assignLeadOwner(input: AssignLeadOwnerInput): Promise<OwnerAssignment>
  rescoreLead(input: { leadId: string; now: string }): Promise<RescoreResult>
  startLead(input: StartLeadInput): Promise<LeadStart>
  sendNurtureStep(input: SendNurtureStepInput): Promise<NurtureSendOutcome>
  notifyOwner(input: NotifyOwnerInput | LegacyLeadNotifyOwnerInput): Promise<NotifyOwnerResult>
  applyLeadAction(input: ApplyLeadActionInput): Promise<void>
  convertLead(input: ConvertLeadInput & { leadId: string; now: string }): Promise<LeadConversion>
  fireRetargetingEvent(input: { voiceSessionId: string; now: string }): Promise<{ fired: boolean; reason: string }>
}
