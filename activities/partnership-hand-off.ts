import { initialPlan } from '../domain/partnerships/milestone-plan'
import { endedPartnershipStatuses } from '../domain/partnerships/partnership-changes'
import { partnershipOwnerOf } from '../domain/partnerships/partnership-owner'
import type { Transaction } from './transactions'

/**
 * The single place where a won deal becomes a partnership (decision 0028): written in the transaction that records
 * the move to Closed Won, so a won deal always has its partnership. Its workflow, `partnership-<id>`, is started
 * from the row (the request that won the deal tries first, the reconciler makes sure). Once per deal. Its status
 * and phase are the schema's defaults, onboarding, until its workflow places it.
 */
export async function createPartnershipForWonDeal(tx: Transaction, opportunityId: string, wonAt: Date): Promise<void> {
  const known = await tx.partnership.findUnique({ where: { opportunityId }, select: { id: true } })
  if (known) return
  const deal = await tx.opportunity.findUniqueOrThrow({
    where: { id: opportunityId },
    select: { companyId: true, tier: true, monthlyFee: true, implementationStart: true },
  })
  const candidates = await tx.user.findMany({
    where: { role: 'CUSTOMER_SUCCESS', active: true },
    select: {
      id: true,
      _count: { select: { partnerships: { where: { status: { notIn: [...endedPartnershipStatuses] } } } } },
    },
  })
  const startDate = deal.implementationStart ?? wonAt
  await tx.partnership.create({
    data: {
      opportunityId,
      companyId: deal.companyId,
      tier: deal.tier,
      startDate,
      targetEndDate: new Date(initialPlan(deal.tier, startDate.getTime()).targetEndMs),
      monthlyFee: deal.monthlyFee,
      ownerId: partnershipOwnerOf(
        candidates.map((user) => ({ id: user.id, openPartnerships: user._count.partnerships })),
      ),
    },
  })
}
