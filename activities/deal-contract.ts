// What the deal workflow asks of its activities. Types only: workflows import these.
import type { PipelineStage, RequiredAction } from '../domain/deals/pipeline-policy'
import type { Tier } from '../prisma/generated/enums'

/** One done item of the checklist. */
export interface ChecklistEntry {
  action: RequiredAction
  doneAt: string
  /** The person who did it; null when the system saw it happen (an email sent, a call booked). */
  byUserId: string | null
  /** What completed it, e.g. "Call logged", "Booked through Cal.com". */
  how: string
}

/** The deal as its workflow starts from it. */
export interface DealSnapshot {
  opportunityId: string
  name: string
  stage: PipelineStage
  stageEnteredAt: string
  ownerId: string | null
  tier: Tier
  createdAt: string
  lastActivityAt: string | null
  /** The last scheduled activity on the deal not yet done and still ahead (it keeps the deal from stalling). */
  nextScheduledActivityAt: string | null
  checklist: ChecklistEntry[]
  lostFromStage: PipelineStage | null
  /**
   * The Cal.com booking of the deal's contacts still ahead when the run read the deal (domain/deals/booked-discovery.ts);
   * later changes arrive as `discoveryCallBooked` signals under the same booking id. Absent from older histories.
   */
  discoveryCall?: { bookingId: string; startsAt: string } | null
  /** Who the client-facing messages of the deal go to (appointment reminders). Absent from older histories. */
  primaryContactId?: string
  /** How many moves are recorded already (the key of the next one continues from here). */
  transitionCount: number
  /**
   * How many proposals were handed to the outbox already (the key of the next one continues from here). Absent
   * from the histories of runs that began before proposals were sent by the workflow.
   */
  proposalCount?: number
  /** How many emails to the contact were handed to the outbox already (decision 0032). Absent from older histories. */
  emailCount?: number
}

export interface DealTransition {
  opportunityId: string
  /** Unique per move: `deal-<id>/transition/<n>`. */
  idempotencyKey: string
  fromStage: PipelineStage | null
  toStage: PipelineStage
  at: string
  changedById: string | null
  reason: string | null
  lostReason?: string | null
  competitor?: string | null
}

export interface DealChecklistUpdate {
  opportunityId: string
  checklist: ChecklistEntry[]
  lastActivityAt: string | null
}

export interface DealOwnerChange {
  opportunityId: string
  ownerId: string
}

export interface DealProposalSend {
  opportunityId: string
  /** `deal-<id>/proposal/<n>`: every attempt of one send uses it, so the email leaves once. */
  idempotencyKey: string
  /** The workflow's time of sending (ISO 8601): the date on the PDF, the same on every attempt. */
  preparedAt: string
}

export interface SentProposal {
  to: string
  sentAt: string
  outboxMessageId: string
  /** An earlier attempt had already handed it to the mail server. */
  alreadySent: boolean
}

export interface DealEmailSend {
  opportunityId: string
  /** `deal-<id>/email/<n>`: every attempt of one send uses it, so the email leaves once. */
  idempotencyKey: string
  subject: string
  body: string
  /** The workflow's time of sending (ISO 8601). */
  sentAt: string
}

/** The same receipt as a proposal's: to whom, when, the outbox row. */
export type SentDealEmail = SentProposal

export interface DealActivities {
  loadDeal(opportunityId: string): Promise<DealSnapshot>
  recordDealTransition(transition: DealTransition): Promise<void>
  recordDealChecklist(update: DealChecklistUpdate): Promise<void>
  recordDealOwner(change: DealOwnerChange): Promise<void>
  /** Emails the deal's proposal through the outbox; a permanent refusal of the address is `MessageRejected`. */
  sendDealProposal(send: DealProposalSend): Promise<SentProposal>
  /** Emails the deal's primary contact through the outbox; a permanent refusal of the address is `MessageRejected`. */
  sendDealEmail(send: DealEmailSend): Promise<SentDealEmail>
}
