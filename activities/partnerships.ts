import { ApplicationFailure } from '@temporalio/activity'
import type { HealthBand } from '../domain/partnerships/health-score'
import type { Milestone } from '../domain/partnerships/milestone-plan'
import type { Prisma } from '../lib/db'
import type { PartnershipActivities, PartnershipSnapshot } from './partnership-contract'
import type { ActivityDependencies } from './dependencies'

function partnershipNotFound(partnershipId: string) {
  return ApplicationFailure.nonRetryable(`partnership ${partnershipId} does not exist`, 'PartnershipNotFound')
}

const bands: readonly string[] = ['healthy', 'watch', 'at-risk'] satisfies HealthBand[]

export function createPartnershipActivities({ db }: ActivityDependencies): PartnershipActivities {
  return {
    async loadPartnership(partnershipId): Promise<PartnershipSnapshot> {
      const partnership = await db.partnership.findUnique({
        where: { id: partnershipId },
        select: {
          id: true,
          tier: true,
          startDate: true,
          targetEndDate: true,
          status: true,
          ownerId: true,
          pausedAt: true,
          pausedMs: true,
          satisfactionScore: true,
          opportunity: { select: { setupFee: true, monthlyFee: true, estimatedMonths: true } },
          milestones: {
            orderBy: [{ dueAt: 'asc' }, { key: 'asc' }],
            select: {
              key: true,
              label: true,
              week: true,
              plannedAt: true,
              dueAt: true,
              completedAt: true,
              dependsOn: true,
              movedBecause: true,
              systemsLive: true,
            },
          },
          payments: {
            orderBy: { dueDate: 'asc' },
            select: { id: true, idempotencyKey: true, dueDate: true, paidDate: true },
          },
          healthSnapshots: { orderBy: { at: 'desc' }, take: 1, select: { band: true } },
          _count: { select: { statusChanges: true, healthSnapshots: true, healthAlerts: true } },
        },
      })
      if (!partnership) throw partnershipNotFound(partnershipId)
      const lastBand = partnership.healthSnapshots[0]?.band
      return {
        partnershipId: partnership.id,
        tier: partnership.tier,
        startMs: partnership.startDate.getTime(),
        targetEndMs: partnership.targetEndDate.getTime(),
        status: partnership.status,
        ownerId: partnership.ownerId,
        terms: {
          setupFee: Number(partnership.opportunity.setupFee),
          monthlyFee: Number(partnership.opportunity.monthlyFee),
          estimatedMonths: partnership.opportunity.estimatedMonths,
        },
        milestones: partnership.milestones.map((m): Milestone => ({
          key: m.key,
          label: m.label,
          week: m.week,
          plannedAtMs: m.plannedAt.getTime(),
          dueAtMs: m.dueAt.getTime(),
          completedAtMs: m.completedAt?.getTime() ?? null,
          dependsOn: m.dependsOn,
          movedBecause: m.movedBecause,
          systemsLive: m.systemsLive,
        })),
        payments: partnership.payments.map((payment) => ({
          // Planned payments by their plan key; rows from before the workflow (seeded) by their id.
          key: payment.idempotencyKey?.split('/payment/')[1] ?? `row-${payment.id}`,
          dueAtMs: payment.dueDate.getTime(),
          paidAtMs: payment.paidDate?.getTime() ?? null,
        })),
        pausedAtMs: partnership.pausedAt?.getTime() ?? null,
        pausedMs: Number(partnership.pausedMs),
        satisfactionScore: partnership.satisfactionScore,
        lastBand: lastBand && bands.includes(lastBand) ? (lastBand as HealthBand) : null,
        statusChanges: partnership._count.statusChanges,
        healthSnapshots: partnership._count.healthSnapshots,
        healthAlerts: partnership._count.healthAlerts,
      }
    },

    /** The whole plan, upserted by key: a retry writes the same rows again. */
    async recordMilestones({ partnershipId, milestones, targetEndMs }) {
      await db.$transaction(async (tx) => {
        const { count } = await tx.partnership.updateMany({
          where: { id: partnershipId },
          data: { targetEndDate: new Date(targetEndMs) },
        })
        if (count === 0) throw partnershipNotFound(partnershipId)
        for (const m of milestones) {
          const data = {
            label: m.label,
            week: m.week,
            plannedAt: new Date(m.plannedAtMs),
            dueAt: new Date(m.dueAtMs),
            completedAt: m.completedAtMs === null ? null : new Date(m.completedAtMs),
            dependsOn: m.dependsOn,
            movedBecause: m.movedBecause,
            systemsLive: m.systemsLive,
          }
          await tx.partnershipMilestone.upsert({
            where: { partnershipId_key: { partnershipId, key: m.key } },
            create: { partnershipId, key: m.key, ...data },
            update: data,
          })
        }
      })
    },

    async planPayments({ partnershipId, payments }) {
      await db.payment.createMany({
        data: payments.map((payment) => ({
          partnershipId,
          idempotencyKey: `partnership-${partnershipId}/payment/${payment.key}`,
          type: payment.type,
          amount: payment.amount,
          dueDate: new Date(payment.dueAtMs),
          status: 'PENDING' as const,
        })),
        skipDuplicates: true,
      })
    },

    /** The change and the partnership's status columns in one transaction; a retried write adds nothing. */
    async recordPartnershipStatus(change) {
      await db.$transaction(async (tx) => {
        const recorded = await tx.partnershipStatusChange.createMany({
          data: [
            {
              partnershipId: change.partnershipId,
              idempotencyKey: change.idempotencyKey,
              fromStatus: change.fromStatus,
              toStatus: change.toStatus,
              at: new Date(change.atMs),
              byId: change.byId,
              reason: change.reason,
            },
          ],
          skipDuplicates: true,
        })
        if (recorded.count === 0) return
        const { count } = await tx.partnership.updateMany({
          where: { id: change.partnershipId },
          data: {
            status: change.toStatus,
            pausedAt: change.pausedAtMs === null ? null : new Date(change.pausedAtMs),
            pausedMs: BigInt(change.pausedMs),
          },
        })
        if (count === 0) throw partnershipNotFound(change.partnershipId)
      })
    },

    async recordPartnershipProgress({ partnershipId, phase, healthScore, atRisk, riskReasons }) {
      const { count } = await db.partnership.updateMany({
        where: { id: partnershipId },
        data: { currentPhase: phase, healthScore, atRisk, riskReasons },
      })
      if (count === 0) throw partnershipNotFound(partnershipId)
    },

    async recordHealthSnapshot({ partnershipId, idempotencyKey, overall, components, band, atMs }) {
      await db.partnershipHealthSnapshot.createMany({
        data: [
          {
            partnershipId,
            idempotencyKey,
            overall,
            components: components as unknown as Prisma.InputJsonValue,
            band,
            at: new Date(atMs),
          },
        ],
        skipDuplicates: true,
      })
    },

    async raiseHealthAlert({ partnershipId, idempotencyKey, alert, atMs }) {
      const at = new Date(atMs)
      await db.$transaction(async (tx) => {
        const known = await tx.partnershipHealthAlert.findUnique({ where: { idempotencyKey }, select: { id: true } })
        if (known) return
        // The band changed: the alerts about the band it left are over.
        await tx.partnershipHealthAlert.updateMany({
          where: { partnershipId, resolvedAt: null, type: { not: alert.type } },
          data: { resolvedAt: at, openKey: null },
        })
        await tx.partnershipHealthAlert.createMany({
          data: [
            {
              partnershipId,
              idempotencyKey,
              openKey: `${partnershipId}/${alert.type}`,
              severity: alert.severity,
              type: alert.type,
              message: alert.message,
              recommendedAction: alert.recommendedAction,
              createdAt: at,
            },
          ],
          // One open alert per partnership and type: an open one of this type stands.
          skipDuplicates: true,
        })
      })
    },
  }
}
