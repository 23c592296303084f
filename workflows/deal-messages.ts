// The deal workflow's messages, defined once and shared by the workflow and every client (API, app, scripts).
import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow'
import type { ChecklistEntry } from '../activities/deal-contract'
import type { DealMove, MoveActor } from '../domain/deals/deal-moves'
import type { PipelineStage, RequiredAction } from '../domain/deals/pipeline-policy'
import type { LoggedActivity } from '../domain/deals/checklist'
import type { UpcomingStep } from './lead-messages'

export interface DealWorkflowInput {
  opportunityId: string
  /** Everything due at or before this instant is history (seeded deals): reminders about it are not sent. */
  historyUntil?: string
}

export interface MoveDealInput extends DealMove {
  actor: MoveActor
}

export interface CompleteActionInput {
  action: RequiredAction
  actor: MoveActor
}

export interface AssignDealOwnerInput {
  ownerId: string
  actor: MoveActor
}

/** Something logged on the deal (a call, an email, a meeting, a note, a task); neither time set: it was deleted. */
export interface DealActivityLogged {
  activityId: string
  type: LoggedActivity['type']
  direction?: 'INBOUND' | 'OUTBOUND' | null
  /** When it happened; null for something scheduled and not done yet. */
  completedAt: string | null
  /** When something planned is due (a task, a booked call). */
  scheduledAt: string | null
}

export interface DiscoveryCallBooked {
  bookingId: string
  startsAt: string
  cancelled: boolean
}

export interface DealWorkflowStatus {
  opportunityId: string
  stage: PipelineStage
  stageEnteredAt: string
  ownerId: string | null
  checklist: ChecklistEntry[]
  lastActivityAt: string
  discoveryCallAt: string | null
  upcomingSteps: UpcomingStep[]
}

export interface SendProposalInput {
  actor: MoveActor
}

/** A proposal emailed: to whom, when, the deal's stage afterwards, and whether sending it moved the deal. */
export interface ProposalSendResult {
  sentTo: string
  sentAt: string
  /** 1 for the deal's first proposal, 2 for the first revision, … */
  proposalNumber: number
  stage: PipelineStage
  moved: boolean
}

/** A rep's email to the deal's primary contact (decision 0032), checked by domain/deals/deal-input.ts. */
export interface EmailDealContactInput {
  subject: string
  body: string
  actor: MoveActor
}

export interface DealEmailResult {
  sentTo: string
  sentAt: string
  /** 1 for the first email sent from the deal, 2 for the next, … */
  emailNumber: number
}

export interface DealMoveResult {
  stage: PipelineStage
  stageEnteredAt: string
}

export const moveDealUpdate = defineUpdate<DealMoveResult, [MoveDealInput]>('moveDeal')
export const completeDealActionUpdate = defineUpdate<ChecklistEntry[], [CompleteActionInput]>('completeDealAction')
export const assignDealOwnerUpdate = defineUpdate<void, [AssignDealOwnerInput]>('assignDealOwner')
export const sendDealProposalUpdate = defineUpdate<ProposalSendResult, [SendProposalInput]>('sendDealProposal')
export const emailDealContactUpdate = defineUpdate<DealEmailResult, [EmailDealContactInput]>('emailDealContact')
export const dealActivityLoggedSignal = defineSignal<[DealActivityLogged]>('dealActivityLogged')
export const discoveryCallBookedSignal = defineSignal<[DiscoveryCallBooked]>('discoveryCallBooked')
/** Null while the run is still reading its deal. */
export const dealStatusQuery = defineQuery<DealWorkflowStatus | null>('dealStatus')

/** The failure type of a move or action the workflow refuses (its message says why; nothing was written). */
export const dealRefusedFailureType = 'DealChangeRefused'

/** The failure type of a proposal that could not be handed to the mail server in time (a 503: try again). */
export const proposalNotSentFailureType = 'ProposalNotSent'

/** The failure type of an email to the contact the mail server did not take in time (a 503: try again). */
export const dealEmailNotSentFailureType = 'DealEmailNotSent'
