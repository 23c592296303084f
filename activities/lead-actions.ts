import { ApplicationFailure } from '@temporalio/activity'
import type { Prisma } from '../lib/db'
import type { LeadActor } from '../workflows/lead-messages'
import type { ApplyLeadActionInput, LeadActionName } from './lead-lifecycle-contract'
import type { ActivityDependencies } from './dependencies'
import { leadNotFound } from './lead-not-found'
import { leadTransactionOptions } from './transactions'

interface LeadRow {
  status: string
  marketingQualifiedAt: Date | null
  salesQualifiedAt: Date | null
  contactedAt: Date | null
}

const timelineSubject: Record<LeadActionName, string> = {
  contacted: 'Marked contacted',
  qualified: 'Qualified as SQL',
  disqualified: 'Disqualified',
  'nurture-paused': 'Nurture paused',
  'nurture-resumed': 'Nurture resumed',
}

function changes(input: ApplyLeadActionInput, lead: LeadRow, at: Date): Prisma.LeadUpdateInput {
  switch (input.action) {
    case 'contacted':
      return { contactedAt: lead.contactedAt ?? at, ...(lead.status === 'NEW' ? { status: 'CONTACTED' } : {}) }
    case 'qualified':
      return {
        status: 'QUALIFIED',
        qualificationStage: 'SQL',
        marketingQualifiedAt: lead.marketingQualifiedAt ?? at,
        salesQualifiedAt: lead.salesQualifiedAt ?? at,
      }
    case 'disqualified':
      return { status: 'UNQUALIFIED', disqualifiedAt: at, disqualifiedReason: input.reason!.trim() }
    case 'nurture-paused':
      return { nurturePausedAt: at }
    case 'nurture-resumed':
      return { nurturePausedAt: null }
  }
}

function auditActor(actor: LeadActor): { actorType: 'USER' | 'API_KEY'; actorId: string | null } {
  return actor.userId ? { actorType: 'USER', actorId: actor.userId } : { actorType: 'API_KEY', actorId: null }
}

export function createLeadActionActivities({ db }: ActivityDependencies) {
  return {
    /**
     * Writes what a person decided about a lead, with its timeline entry and audit row, once: the workflow's
     * `now` makes the action's key, so a retry after the commit finds the entry and changes nothing.
     */
    async applyLeadAction(input: ApplyLeadActionInput): Promise<void> {
      if (input.action === 'disqualified' && !(input.reason && input.reason.trim().length >= 3)) {
        throw ApplicationFailure.nonRetryable('reason: must say why (3 characters or more)', 'InvalidInput')
      }
      const at = new Date(input.now)
      const actionKey = `lead-${input.leadId}/action/${input.action}/${input.now}`
      await db.$transaction(async (tx) => {
        const [lead] = await tx.$queryRaw<LeadRow[]>`
          SELECT status, "marketingQualifiedAt", "salesQualifiedAt", "contactedAt" FROM "Lead"
          WHERE id = ${input.leadId} FOR UPDATE`
        if (!lead) throw leadNotFound(input.leadId)
        const done = await tx.activity.findFirst({
          where: { leadId: input.leadId, type: 'SYSTEM_EVENT', externalId: actionKey },
          select: { id: true },
        })
        if (done) return
        if (lead.status === 'CONVERTED' || lead.status === 'UNQUALIFIED') {
          throw ApplicationFailure.nonRetryable(`The lead is already ${lead.status.toLowerCase()}`, 'LeadClosed')
        }

        await tx.lead.update({ where: { id: input.leadId }, data: changes(input, lead, at), select: { id: true } })
        await tx.activity.create({
          data: {
            leadId: input.leadId,
            type: 'SYSTEM_EVENT',
            subject: timelineSubject[input.action],
            description: input.reason ? `By ${input.actor.name}: ${input.reason.trim()}` : `By ${input.actor.name}`,
            externalId: actionKey,
            userId: input.actor.userId,
            completedAt: at,
          },
          select: { id: true },
        })
        await tx.auditLog.create({
          data: {
            ...auditActor(input.actor),
            action: `leads.${input.action}`,
            entityType: 'leads',
            entityId: input.leadId,
            metadata: { actorName: input.actor.name, ...(input.reason ? { reason: input.reason.trim() } : {}) },
          },
          select: { id: true },
        })
      }, leadTransactionOptions)
    },
  }
}
