// What the partnership workflow's work modules (meetings, systems, knowledge transfer, testimonial) are given by the
// run. Workflow code.
import type { PartnershipWorkSnapshot } from '../activities/partnership-work-contract'
import type { RunStart } from '../domain/leads/late-start'
import type { ClientMessenger } from './partnership-client-messages'

export interface WorkContext {
  partnershipId: string
  runStart: RunStart
  snapshot: PartnershipWorkSnapshot
  messenger: ClientMessenger
  /** Neither paused nor ended: automations may act. */
  running(): boolean
  /** The kickoff: no weekly meeting before it. */
  kickoffMs(): number
  /** Something the projection shows changed. */
  changed(): void
}

export const iso = (ms: number) => new Date(ms).toISOString()
