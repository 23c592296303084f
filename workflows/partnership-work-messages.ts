// The partnership workflow's messages about the work of the engagement (decision 0035): meetings, delivered
// systems, knowledge transfer, the testimonial. Defined once, shared by the workflow and every client.
import { defineSignal, defineUpdate } from '@temporalio/workflow'
import type { MoveActor } from '../domain/deals/deal-moves'
import type { KnowledgeTransferChange } from '../domain/partnerships/knowledge-transfer'
import type { MeetingOutcome, WeeklySchedule } from '../domain/partnerships/partnership-meetings'
import type { SystemCategory, SystemStatus } from '../domain/partnerships/delivered-systems'
import type { PartnershipWorkflowStatus } from './partnership-messages'

/** What a person records about the engagement, through the workflow (its validator answers for every client). */
export type PartnershipWork =
  | { kind: 'meeting'; meetingId: string; outcome: MeetingOutcome }
  | { kind: 'add-system'; name: string; category: SystemCategory; hoursSavedPerWeek: number }
  | { kind: 'system-status'; systemId: string; status: SystemStatus }
  | ({ kind: 'knowledge-transfer' } & KnowledgeTransferChange)
  | { kind: 'testimonial' }

export type RecordPartnershipWorkInput = PartnershipWork & { actor: MoveActor }

/** A Cal.com booking by one of the partnership's contacts: a partnership meeting (or, cancelled, no longer one). */
export interface MeetingBooked {
  meetingId: string
  title: string
  startsAt: string
  cancelled: boolean
}

/** The weekly slot, the client's clock, or both changed; what is absent stays as it was. */
export interface MeetingScheduleChanged {
  schedule?: WeeklySchedule | null
  /** The client's zone (decision 0046), sent when their contact's or company's zone changes (decision 0051). */
  timeZone?: string
}

export const recordPartnershipWorkUpdate = defineUpdate<PartnershipWorkflowStatus, [RecordPartnershipWorkInput]>(
  'recordPartnershipWork',
)
export const meetingBookedSignal = defineSignal<[MeetingBooked]>('partnershipMeetingBooked')
export const meetingScheduleChangedSignal = defineSignal<[MeetingScheduleChanged]>('partnershipMeetingScheduleChanged')
