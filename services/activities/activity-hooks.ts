// What else must learn that work was logged. The deal workflow's "time since last activity" clock (seed 002 §9.2
// "Deal stalled > 14 days") and the lead workflow's follow-up reminder (decision 0089) are wired here: one function,
// called by the activity service after every change it makes, so the API, the pages and any script tell the
// workflows the same way.
import { randomUUID } from 'node:crypto'
import type { Client } from '@temporalio/client'
import type { Database } from '../../lib/db'
import { openLeadStatuses } from '../../domain/leads/workflow-due'
import type { DealActivityLogged } from '../../workflows/deal-messages'
import { leadEventSignal } from '../../workflows/lead-messages'
import { notifyDealOfActivity } from '../deals/deal-actions'
import { leadWorkflowOf, leadWorkflowTargetSelect } from '../leads/lead-workflow'
import { signalEntityWorkflow } from '../workflows/entity-workflow-client'

export type ActivityChange = 'logged' | 'completed' | 'rescheduled' | 'deleted'

export interface ActivityLoggedEvent {
  change: ActivityChange
  activityId: string
  /** CALL, EMAIL, MEETING, NOTE or TASK. */
  type: string
  /** INBOUND or OUTBOUND when told (an inbound email is not the rep's initial email). */
  direction: string | null
  /** The record the work is on (exactly one is set). */
  leadId: string | null
  opportunityId: string | null
  companyId: string | null
  contactId: string | null
  /** When it happened (a done call, note, meeting; a completed task); null while it is still to come. */
  completedAt: Date | null
  /** A task's due time or a meeting still to come (a scheduled activity keeps a deal from counting as stalled). */
  scheduledAt: Date | null
}

export interface ActivityHooks {
  onActivityLogged(event: ActivityLoggedEvent): Promise<void>
}

/**
 * The hooks the web process uses: work on a deal is told to the deal's workflow (its activity clock and the
 * required actions it sees done), and work on an open lead to the lead's (it touches the lead, so its follow-up
 * reminder waits again). A failure is logged by the service, not answered: the work is recorded.
 */
export function defaultActivityHooks({
  db,
  temporal,
  taskQueue,
}: {
  db: Database
  temporal: Client
  taskQueue: string
}): ActivityHooks {
  return {
    async onActivityLogged(event) {
      if (event.leadId && event.change !== 'deleted') {
        const lead = await db.lead.findUnique({ where: { id: event.leadId }, select: leadWorkflowTargetSelect })
        if (lead && (openLeadStatuses as readonly string[]).includes(lead.status)) {
          await signalEntityWorkflow(temporal, leadWorkflowOf(lead), taskQueue, leadEventSignal, {
            eventId: `activity:${event.activityId}:${event.change}:${randomUUID()}`,
            kind: 'activity.logged',
            occurredAt: new Date().toISOString(),
            refId: event.activityId,
          })
        }
      }
      if (!event.opportunityId) return
      const gone = event.change === 'deleted'
      await notifyDealOfActivity(temporal, event.opportunityId, {
        activityId: event.activityId,
        type: event.type as DealActivityLogged['type'],
        direction: directionOf(event.direction),
        completedAt: gone ? null : (event.completedAt?.toISOString() ?? null),
        scheduledAt: gone ? null : (event.scheduledAt?.toISOString() ?? null),
      })
    },
  }
}

function directionOf(direction: string | null): DealActivityLogged['direction'] {
  return direction === 'INBOUND' || direction === 'OUTBOUND' ? direction : null
}
