import type { Client } from '@temporalio/client'
import { startAnonymousVoiceSessionWorkflow } from '../services/voice/anonymous-session-client'
import { dealWorkflowOf, dealWorkflowTargetSelect } from '../services/deals/deal-workflow'
import { leadWorkflowOf, leadWorkflowTargetSelect } from '../services/leads/lead-workflow'
import {
  endedPartnershipStatuses,
  partnershipWorkflowOf,
  partnershipWorkflowTargetSelect,
} from '../services/partnerships/partnership-workflow'
import { entityWorkflowStartOptions } from '../services/workflows/entity-workflow-client'
import { openLeadStatuses } from '../domain/leads/workflow-due'
import { anonymousSessionRetargetingDelayMs } from '../domain/nurture/sequences'
import type { Database } from '../lib/db'

// Seeded records are alive: every open lead, deal and partnership gets its running workflow, in the state its data says. Everything
// before the seeding instant is history (`historyUntil`): the workflows schedule what is still ahead and send
// nothing about the past.

export interface SeededWorkflows {
  leads: number
  deals: number
  partnerships: number
  anonymousVoiceSessions: number
}

export async function startSeededWorkflows(
  temporal: Client,
  db: Database,
  {
    taskQueue,
    seededAt,
    leadIds,
    opportunityIds = [],
    partnershipIds = [],
    voiceSessionIds,
  }: {
    taskQueue: string
    seededAt: Date
    leadIds: string[]
    opportunityIds?: string[]
    partnershipIds?: string[]
    voiceSessionIds: string[]
  },
): Promise<SeededWorkflows> {
  const leads = await db.lead.findMany({
    where: { id: { in: leadIds }, status: { in: [...openLeadStatuses] } },
    select: leadWorkflowTargetSelect,
    orderBy: { id: 'asc' },
  })
  const historyUntil = seededAt.toISOString()
  await inBatches(leads, async (lead) => {
    // Seeding is a batch job, not a person waiting: no request deadline, the SDK's own retries.
    const workflow = leadWorkflowOf(lead, { historyUntil })
    await temporal.workflow.start(workflow.workflowType, entityWorkflowStartOptions(workflow, taskQueue))
  })

  // Every open deal runs its workflow: its clocks count from the stage and activity its row records.
  const deals = await db.opportunity.findMany({
    where: { id: { in: opportunityIds }, stage: { notIn: ['CLOSED_WON', 'CLOSED_LOST'] } },
    select: dealWorkflowTargetSelect,
    orderBy: { id: 'asc' },
  })
  await inBatches(deals, async (deal) => {
    const workflow = dealWorkflowOf(deal, { historyUntil })
    await temporal.workflow.start(workflow.workflowType, entityWorkflowStartOptions(workflow, taskQueue))
  })

  // Every partnership that has neither graduated nor churned runs its workflow, from its stored plan.
  const partnerships = await db.partnership.findMany({
    where: { id: { in: partnershipIds }, status: { notIn: [...endedPartnershipStatuses] } },
    select: partnershipWorkflowTargetSelect,
    orderBy: { id: 'asc' },
  })
  await inBatches(partnerships, async (partnership) => {
    const workflow = partnershipWorkflowOf(partnership, { historyUntil })
    await temporal.workflow.start(workflow.workflowType, entityWorkflowStartOptions(workflow, taskQueue))
  })

  // An anonymous session's retargeting wait is alive only while its 24 hours are not over.
  const sessions = await db.voiceSession.findMany({
    where: {
      id: { in: voiceSessionIds },
      leadId: null,
      endedAt: { gt: new Date(seededAt.getTime() - anonymousSessionRetargetingDelayMs) },
    },
    select: { id: true, endedAt: true },
  })
  await inBatches(sessions, (session) =>
    startAnonymousVoiceSessionWorkflow(
      temporal,
      { voiceSessionId: session.id, endedAt: session.endedAt!.toISOString() },
      taskQueue,
    ),
  )
  return {
    leads: leads.length,
    deals: deals.length,
    partnerships: partnerships.length,
    anonymousVoiceSessions: sessions.length,
  }
}

async function inBatches<T>(items: T[], work: (item: T) => Promise<void>, size = 10) {
  for (let index = 0; index < items.length; index += size) await Promise.all(items.slice(index, index + size).map(work))
}
