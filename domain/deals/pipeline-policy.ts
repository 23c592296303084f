// The sales pipeline of seed 002 §4, stated once: its stages in order (§4.1), what each is, what lets a deal leave
// it, how long it may stay (§4.2, §4.3) and the probability the forecast weighs it with (§4.1).
import type { PipelineStage } from '../../prisma/generated/enums'

export type { PipelineStage }

/** §4.3's required actions, in the seed's words. */
export const requiredActions = [
  'assign_owner',
  'review_lead_data',
  'initial_email',
  'follow_up_call_attempt',
  'schedule_discovery',
  'complete_discovery',
  'identify_tier',
  'send_proposal',
  'proposal_walkthrough_call',
  'address_objections',
  'final_pricing',
  'contract_prep',
] as const

export type RequiredAction = (typeof requiredActions)[number]

export type OpenStage = Exclude<PipelineStage, 'CLOSED_WON' | 'CLOSED_LOST'>
export type ClosedStage = Extract<PipelineStage, 'CLOSED_WON' | 'CLOSED_LOST'>

export interface StagePolicy {
  label: string
  /** §4.1: the weight of a deal in this stage in the forecast, in percent. */
  probability: number
  /** §4.2's description. */
  description: string
  /** §4.2's exit criteria, as the seed writes them. */
  exitCriteria: string
  /** §4.3 `maxDaysInStage`; null for the closed stages. */
  maxDaysInStage: number | null
  /** §4.3 `requiredActions`: all done is what lets a deal leave the stage forward. */
  requiredActions: readonly RequiredAction[]
}

export const stagePolicies: Record<PipelineStage, StagePolicy> = {
  NEW_LEAD: {
    label: 'New Lead',
    probability: 5,
    description: 'Fresh lead captured',
    exitCriteria: 'First outreach made',
    maxDaysInStage: 1,
    requiredActions: ['assign_owner', 'review_lead_data'],
  },
  CONTACTED: {
    label: 'Contacted',
    probability: 15,
    description: 'Initial contact made',
    exitCriteria: 'Discovery call scheduled',
    maxDaysInStage: 3,
    requiredActions: ['initial_email', 'follow_up_call_attempt'],
  },
  DISCOVERY_CALL: {
    label: 'Discovery Call',
    probability: 30,
    description: 'Understanding needs',
    exitCriteria: 'Call completed, tier identified',
    maxDaysInStage: 7,
    requiredActions: ['schedule_discovery', 'complete_discovery', 'identify_tier'],
  },
  PROPOSAL_SENT: {
    label: 'Proposal Sent',
    probability: 50,
    description: 'Custom proposal delivered',
    exitCriteria: 'Proposal reviewed, feedback received',
    maxDaysInStage: 14,
    requiredActions: ['send_proposal', 'proposal_walkthrough_call'],
  },
  NEGOTIATION: {
    label: 'Negotiation',
    probability: 75,
    description: 'Terms discussion',
    exitCriteria: 'Agreement on tier and start date',
    maxDaysInStage: 7,
    requiredActions: ['address_objections', 'final_pricing', 'contract_prep'],
  },
  CLOSED_WON: {
    label: 'Closed Won',
    probability: 100,
    description: 'Contract signed',
    exitCriteria: 'Payment received',
    maxDaysInStage: null,
    requiredActions: [],
  },
  CLOSED_LOST: {
    label: 'Closed Lost',
    probability: 0,
    description: 'Deal lost',
    exitCriteria: 'Reason documented',
    maxDaysInStage: null,
    requiredActions: [],
  },
}

/** §4.1's order of the open stages; Closed Won and Closed Lost both follow Negotiation. */
export const openStages: readonly OpenStage[] = [
  'NEW_LEAD',
  'CONTACTED',
  'DISCOVERY_CALL',
  'PROPOSAL_SENT',
  'NEGOTIATION',
]

export const pipelineStages: readonly PipelineStage[] = [...openStages, 'CLOSED_WON', 'CLOSED_LOST']

export function isOpenStage(stage: PipelineStage): stage is OpenStage {
  return stage !== 'CLOSED_WON' && stage !== 'CLOSED_LOST'
}

const dayMs = 24 * 60 * 60 * 1000

/** How long a deal may stay in a stage before its owner is alerted; null for the closed stages. */
export function stageLimitMs(stage: PipelineStage): number | null {
  const days = stagePolicies[stage].maxDaysInStage
  return days === null ? null : days * dayMs
}

/** §9.2 "Deal stalled > 14 days": no activity for this long notifies the manager. */
export const stalledAfterMs = 14 * dayMs

/** §9.2 "Proposal sent > 7 days": after this long in Proposal Sent, the owner is reminded daily. */
export const proposalFollowUpAfterMs = 7 * dayMs
export const proposalFollowUpEveryMs = dayMs

/** §9.2 "Discovery call scheduled": the prep reminder goes this long before the call. */
export const discoveryPrepBeforeMs = dayMs

/** The position of a stage in §4.1's order (both closed stages after Negotiation). */
export function stageIndex(stage: PipelineStage): number {
  return stage === 'CLOSED_LOST' ? openStages.length : pipelineStages.indexOf(stage)
}
