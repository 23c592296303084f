import { ApplicationFailure } from '@temporalio/activity'
import { discoveryCallAtStart } from '../domain/deals/booked-discovery'
import { requiredActions, stagePolicies, type RequiredAction } from '../domain/deals/pipeline-policy'
import type { Prisma } from '../lib/db'
import { proposalKeyPrefix } from '../domain/deals/proposal-sending'
import { dealEmailKeyPrefix } from '../domain/deals/deal-email'
import type { ChecklistEntry, DealActivities, DealSnapshot } from './deal-contract'
import { createDealEmailActivities } from './deal-email'
import { createDealProposalActivities } from './deal-proposal'
import type { ActivityDependencies } from './dependencies'
import { createPartnershipForWonDeal } from './partnership-hand-off'

function dealNotFound(opportunityId: string) {
  return ApplicationFailure.nonRetryable(`deal ${opportunityId} does not exist`, 'DealNotFound')
}

/** The stored checklist, keeping only entries a deal workflow would have written. */
export function checklistOf(json: unknown): ChecklistEntry[] {
  if (!Array.isArray(json)) return []
  return json.filter(
    (entry): entry is ChecklistEntry =>
      typeof entry === 'object' &&
      entry !== null &&
      requiredActions.includes((entry as ChecklistEntry).action as RequiredAction) &&
      typeof (entry as ChecklistEntry).doneAt === 'string',
  )
}

export function createDealActivities(dependencies: ActivityDependencies): DealActivities {
  const { db } = dependencies
  return {
    ...createDealProposalActivities(dependencies),
    ...createDealEmailActivities(dependencies),

    async loadDeal(opportunityId): Promise<DealSnapshot> {
      const now = new Date()
      const [deal, nextScheduled, bookings, proposalCount, emailCount] = await Promise.all([
        db.opportunity.findUnique({
          where: { id: opportunityId },
          select: {
            id: true,
            name: true,
            stage: true,
            stageEnteredAt: true,
            ownerId: true,
            tier: true,
            createdAt: true,
            lastActivityAt: true,
            checklist: true,
            lostFromStage: true,
            primaryContact: { select: { id: true, email: true } },
            _count: { select: { stageTransitions: true } },
          },
        }),
        // The last planned activity still ahead: until it is due, the deal is not stalled (an overdue one is not).
        db.activity.findFirst({
          where: { opportunityId, scheduledAt: { gt: new Date() }, completedAt: null },
          orderBy: { scheduledAt: 'desc' },
          select: { scheduledAt: true },
        }),
        // Calls booked by the deal's contacts before this run began (a lead that booked, then was converted).
        db.$queryRaw<{ id: string; attendeeEmail: string; startTime: Date }[]>`
          SELECT b.id, b."attendeeEmail", b."startTime" FROM "CalendarBooking" b
           WHERE b.status = 'SCHEDULED' AND b."startTime" > ${now}
             AND lower(b."attendeeEmail") IN (
               SELECT lower(c.email) FROM "Contact" c JOIN "Opportunity" o ON o.id = ${opportunityId}
                WHERE c."companyId" = o."companyId" OR c.id = o."primaryContactId")`,
        // Sent, being sent or refused: each used its key, so the next proposal takes the next one.
        db.outboxMessage.count({ where: { idempotencyKey: { startsWith: proposalKeyPrefix(opportunityId) } } }),
        db.outboxMessage.count({ where: { idempotencyKey: { startsWith: dealEmailKeyPrefix(opportunityId) } } }),
      ])
      if (!deal) throw dealNotFound(opportunityId)
      const discoveryCall = discoveryCallAtStart(
        { stage: deal.stage, primaryContactEmail: deal.primaryContact.email },
        bookings,
        now.getTime(),
      )
      return {
        opportunityId: deal.id,
        name: deal.name,
        stage: deal.stage,
        stageEnteredAt: deal.stageEnteredAt.toISOString(),
        ownerId: deal.ownerId,
        tier: deal.tier,
        createdAt: deal.createdAt.toISOString(),
        lastActivityAt: deal.lastActivityAt?.toISOString() ?? null,
        nextScheduledActivityAt: nextScheduled?.scheduledAt?.toISOString() ?? null,
        checklist: checklistOf(deal.checklist),
        lostFromStage: deal.lostFromStage,
        discoveryCall: discoveryCall && { bookingId: discoveryCall.bookingId, startsAt: discoveryCall.startsAt },
        primaryContactId: deal.primaryContact.id,
        transitionCount: deal._count.stageTransitions,
        proposalCount,
        emailCount,
      }
    },

    /** The move and the deal's stage columns in one transaction; a retried write finds its key and adds nothing. */
    async recordDealTransition(transition) {
      const at = new Date(transition.at)
      const toStage = transition.toStage
      const closing = toStage === 'CLOSED_WON' || toStage === 'CLOSED_LOST'
      const data: Prisma.OpportunityUpdateManyMutationInput = {
        stage: toStage,
        stageEnteredAt: at,
        probability: stagePolicies[toStage].probability,
        actualCloseDate: closing ? at : null,
        ...(toStage === 'CLOSED_LOST'
          ? {
              lostReason: transition.lostReason ?? null,
              competitorInfo: transition.competitor ?? null,
              lostFromStage: transition.fromStage,
            }
          : {}),
        ...(transition.fromStage === 'CLOSED_LOST' ? { lostFromStage: null } : {}),
      }
      await db.$transaction(async (tx) => {
        const recorded = await tx.dealStageTransition.createMany({
          data: [
            {
              opportunityId: transition.opportunityId,
              fromStage: transition.fromStage,
              toStage,
              enteredAt: at,
              changedById: transition.changedById,
              reason: transition.reason ?? transition.lostReason ?? null,
              idempotencyKey: transition.idempotencyKey,
            },
          ],
          skipDuplicates: true,
        })
        if (recorded.count === 0) return
        await tx.dealStageTransition.updateMany({
          where: {
            opportunityId: transition.opportunityId,
            exitedAt: null,
            idempotencyKey: { not: transition.idempotencyKey },
          },
          data: { exitedAt: at },
        })
        const { count } = await tx.opportunity.updateMany({ where: { id: transition.opportunityId }, data })
        if (count === 0) throw dealNotFound(transition.opportunityId)
        if (toStage === 'CLOSED_WON') await createPartnershipForWonDeal(tx, transition.opportunityId, at)
      })
    },

    async recordDealChecklist({ opportunityId, checklist, lastActivityAt }) {
      const { count } = await db.opportunity.updateMany({
        where: { id: opportunityId },
        data: {
          checklist: checklist as unknown as Prisma.InputJsonValue,
          lastActivityAt: lastActivityAt ? new Date(lastActivityAt) : null,
        },
      })
      if (count === 0) throw dealNotFound(opportunityId)
    },

    async recordDealOwner({ opportunityId, ownerId }) {
      const owner = await db.user.findUnique({ where: { id: ownerId }, select: { active: true } })
      if (!owner?.active) throw ApplicationFailure.nonRetryable(`User ${ownerId} cannot own deals`, 'InvalidOwner')
      const { count } = await db.opportunity.updateMany({ where: { id: opportunityId }, data: { ownerId } })
      if (count === 0) throw dealNotFound(opportunityId)
    },
  }
}
