// What the partnership workflow asks of its activities for the work of the engagement (decision 0035): meetings,
// delivered systems, knowledge transfer, the testimonial. Types only: workflows import these.
import type { KnowledgeTransfer } from '../domain/partnerships/knowledge-transfer'
import type {
  MeetingOutcome,
  MeetingRecordedBy,
  MeetingSource,
  WeeklySchedule,
} from '../domain/partnerships/partnership-meetings'
import type { SystemCategory, SystemStatus } from '../prisma/generated/enums'

export interface DeliveredSystemFacts {
  systemId: string
  name: string
  status: SystemStatus
  deployedAtMs: number | null
  lastUsedAtMs: number | null
}

export interface RecordedMeetingFacts {
  meetingId: string
  source: MeetingSource
  title: string
  startsAtMs: number
  outcome: MeetingOutcome | null
  recordedBy: MeetingRecordedBy | null
}

/** What the workflow starts from, besides the partnership itself. */
export interface PartnershipWorkSnapshot {
  /** The won deal's primary contact: who the client emails go to (null: none, the owner is still told). */
  contactId: string | null
  companyName: string
  schedule: WeeklySchedule | null
  /** The client's zone, the weekly meeting's clock (decision 0046); absent from snapshots recorded before it. */
  clientTimeZone?: string
  systems: DeliveredSystemFacts[]
  /** Meetings recorded already (a later run carries on from them). */
  meetings: RecordedMeetingFacts[]
  knowledgeTransfer: KnowledgeTransfer
  testimonialProvided: boolean
}

export interface MeetingRecord extends RecordedMeetingFacts {
  partnershipId: string
  /** The person who recorded the outcome, when a person did. */
  byId: string | null
  /** A booking Cal.com cancelled: the meeting is kept as cancelled, not counted. */
  cancelled: boolean
}

export interface NewDeliveredSystem {
  partnershipId: string
  /** `partnership-<id>/system/<n>`: a retried write creates the system once. */
  idempotencyKey: string
  name: string
  category: SystemCategory
  hoursSavedPerWeek: number
}

export interface SystemStatusRecord {
  partnershipId: string
  systemId: string
  status: SystemStatus
  /** Set when the system is deployed now (§2.4 `deploymentDate`). */
  deployedAtMs: number | null
}

export interface KnowledgeTransferRecord extends KnowledgeTransfer {
  partnershipId: string
}

export interface PartnershipWorkActivities {
  loadPartnershipWork(partnershipId: string): Promise<PartnershipWorkSnapshot>
  recordPartnershipMeeting(meeting: MeetingRecord): Promise<void>
  addDeliveredSystem(system: NewDeliveredSystem): Promise<{ systemId: string }>
  recordSystemStatus(change: SystemStatusRecord): Promise<void>
  recordKnowledgeTransfer(record: KnowledgeTransferRecord): Promise<void>
  recordTestimonialProvided(partnershipId: string): Promise<void>
}
