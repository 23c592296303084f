// Messages of the lead workflow, defined once and shared by the workflow and its clients (API, app, tests).
// Imported by workflow code: types and message definitions only, no Node built-ins or clients.
import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow'
import type { NurtureSequenceName } from '../domain/nurture/sequences'

export const leadTaskQueueDefault = 'durable-crm'

export { anonymousVoiceSessionWorkflowId, leadWorkflowId } from './entity-ids'

export interface LeadWorkflowInput {
  leadId: string
  /**
   * Set when the lead existed before its workflow (seeding, imports): everything that fell due at or before
   * this ISO instant already happened or was missed, and the run never sends it late.
   */
  historyUntil?: string
  /**
   * Set by the run before, when the lead's history grew long and it continued as new: where the lead stood, so
   * this run resumes there and runs no start-up (acknowledgement, assignment, first score) again.
   */
  carried?: CarriedLeadState
  /** Continue as new once the history holds this many events (default in the workflow; tests set it low). */
  continueAsNewAfterEvents?: number
  /**
   * The lead as whoever started this run read it (v6). The run compares its first results with this, never with
   * a read of its own, so a start-up that runs again after its writes committed decides the same alerts.
   */
  atStart?: LeadAtStart
}

export interface LeadAtStart {
  source: string
  createdAt: string
  status: LeadStatusName
  qualificationStage: QualificationStageName
  score: number
  ownerId: string | null
}

/** One nurture sequence as the run before left it: its status, and the times its timers are computed from. */
export interface CarriedNurtureSequence {
  status: NurtureSequenceStatus
  startedAtMs: number
  shiftMs: number
  /** Deferred steps and the instant each waits for. */
  notBeforeMs: [string, number][]
}

export interface CarriedNurtureState {
  sequences: CarriedNurtureSequence[]
  stopReason: string | null
  pausedSinceMs: number | null
  caseStudySent: boolean
}

/** What a lead's run hands to the run it continues as (only while the lead is open). */
export interface CarriedLeadState {
  /** The first run's start, so "fell due before the run" keeps meaning the same instant. */
  runStart: { startedAtMs: number; historyUntilMs: number | null }
  acknowledgement: { outboxMessageId: string; sentAt: string } | null
  status: LeadStatusName
  stage: QualificationStageName
  score: number
  band: 'cold' | 'warm' | 'hot' | null
  ownerId: string | null
  newLeadAlertSent: boolean
  newLeadAlertMissed: boolean
  highScoreAlertSent: boolean
  /** The lead's last touch as the run saw it (decision 0089); absent from runs continued before v8. */
  lastTouchedAtMs?: number | null
  /** The most recent event ids (bounded): a redelivery of a recent event is still ignored. */
  seenEventIds: string[]
  lastSearchAttributes: string | null
  nurture: CarriedNurtureState
}

/** Something that happened to the lead outside the workflow, written to the database before it is signalled. */
export type LeadEventKind =
  /** A form or integration submitted the person again (re-engagement). */
  | 'lead.captured'
  /** Messages were added to a voice session that is still going on. */
  | 'voice.session.updated'
  /** A voice session ended (refId: VoiceSession.id). Starts the "voice with email" sequence. */
  | 'voice.session.ended'
  /** An ROI calculation completed (refId: ROICalculation.id). Starts the "ROI calculator" sequence. */
  | 'roi.calculation.completed'
  /** The person asked for the PDF report of a calculation (refId: ROICalculation.id). */
  | 'roi.report.requested'
  /** Cal.com bookings (refId: CalendarBooking.id). A booking stops nurture. */
  | 'booking.created'
  | 'booking.rescheduled'
  | 'booking.cancelled'
  /** The person answered an email (refId: Activity.id). A reply stops nurture. */
  | 'email.replied'
  /** The person answered by SMS (refId: Activity.id, decision 0048). A reply stops nurture. */
  | 'sms.replied'
  /** The person unsubscribed. Stops nurture. */
  | 'unsubscribed'
  /** Someone logged, completed or moved work on the lead (refId: Activity.id): it touches the lead (decision 0089). */
  | 'activity.logged'

export interface LeadEvent {
  /** Unique per event (e.g. "voice-agent:evt_123"); the workflow ignores an id it has seen. */
  eventId: string
  kind: LeadEventKind
  /** ISO time the event happened at its source. */
  occurredAt: string
  refId?: string
  /**
   * Set when the event was recorded but not yet applied (a webhook delivery, WebhookEvent.id): the workflow applies
   * it first (applyIngestedEvent), which tells the refId.
   */
  webhookEventId?: string
}

export const leadEventSignal = defineSignal<[LeadEvent]>('leadEvent')

/** Who asked for an action, for the timeline. `userId` is null for API keys. */
export interface LeadActor {
  userId: string | null
  name: string
}

export interface LeadActionInput {
  actor: LeadActor
}

export interface DisqualifyLeadInput extends LeadActionInput {
  reason: string
}

export type ConversionTier = 'DISCOVERY' | 'FOUNDATION' | 'ARCHITECT'

export interface ConvertLeadInput extends LeadActionInput {
  tier: ConversionTier
  /** Link to this existing company instead of creating one from the lead's company name. */
  companyId?: string
  opportunityName?: string
}

export interface LeadConversion {
  companyId: string
  contactId: string
  opportunityId: string
}

export const markContactedUpdate = defineUpdate<LeadWorkflowStatus, [LeadActionInput]>('markContacted')
export const qualifyLeadUpdate = defineUpdate<LeadWorkflowStatus, [LeadActionInput]>('qualifyLead')
export const disqualifyLeadUpdate = defineUpdate<LeadWorkflowStatus, [DisqualifyLeadInput]>('disqualifyLead')
export const pauseNurtureUpdate = defineUpdate<LeadWorkflowStatus, [LeadActionInput]>('pauseNurture')
export const resumeNurtureUpdate = defineUpdate<LeadWorkflowStatus, [LeadActionInput]>('resumeNurture')
export const convertLeadUpdate = defineUpdate<LeadConversion, [ConvertLeadInput]>('convertLead')

/** v1 ran 'acknowledging' → 'acknowledged' and completed; v2 is 'open' until converted or disqualified. */
export type LeadWorkflowPhase = 'acknowledging' | 'acknowledged' | 'open' | 'converted' | 'disqualified'

export type LeadStatusName = 'NEW' | 'CONTACTED' | 'QUALIFIED' | 'UNQUALIFIED' | 'CONVERTED'
export type QualificationStageName = 'NONE' | 'MQL' | 'SQL'

export type NurtureStepState = 'scheduled' | 'waiting' | 'sent' | 'skipped' | 'suppressed' | 'cancelled' | 'failed'

export interface NurtureStepStatus {
  step: string
  label: string
  /** When the step is (or was) due; after a deferral, the time it now waits for. */
  dueAt: string
  state: NurtureStepState
  /** Why it is waiting, was skipped or suppressed, or will not fire. */
  reason: string | null
  outboxMessageId: string | null
  sentAt: string | null
}

export interface NurtureSequenceStatus {
  sequence: NurtureSequenceName
  /** What started it: the voice session or ROI calculation id. */
  triggerRefId: string
  startedAt: string
  stoppedAt: string | null
  stopReason: string | null
  steps: NurtureStepStatus[]
}

/** A step the workflow will take (or would, were it not blocked), for the lead page and operators. */
export interface UpcomingStep {
  key: string
  kind: 'nurture' | 'reminder'
  label: string
  dueAt: string
  /**
   * When it will really go out: `dueAt`, or later when the contact's quiet hours, weekend or weekly limit hold a
   * marketing email back (the reason then says so). Null when it will not fire, or the run cannot tell yet.
   */
  expectedSendAt?: string | null
  willFire: boolean
  /** Why it will fire, or why not ("Nurture paused", "No marketing consent", "ROI calculator already completed"). */
  reason: string
}

export interface LeadWorkflowStatus {
  leadId: string
  phase: LeadWorkflowPhase
  acknowledgement: { outboxMessageId: string; sentAt: string } | null
  /** v2 fields (absent from v1 runs). */
  status?: LeadStatusName
  qualificationStage?: QualificationStageName
  score?: number
  ownerId?: string | null
  nurturePaused?: boolean
  sequences?: NurtureSequenceStatus[]
  upcomingSteps?: UpcomingStep[]
  conversion?: LeadConversion | null
  /** Events received but not yet handled (scoring, sequences): the page shows them as "processing". */
  pendingEvents?: number
}

export const leadStatusQuery = defineQuery<LeadWorkflowStatus>('leadStatus')

/** Tells an anonymous session's workflow that its visitor has been identified (merged into a lead). */
export const visitorIdentifiedSignal = defineSignal<[{ leadId: string }]>('visitorIdentified')
