import { paymentCallTaskClosedOutcome } from '../../domain/partnerships/payment-plan'
import type { Database, Prisma } from '../../lib/db'

/**
 * Completes the owner's open call task about a payment that has arrived (decisions 0042, 0047): completed, not
 * deleted, so the timeline says why nobody needs to call. Found by its id (the running workflow knows it) or by its
 * dunning step key (after the end, when no run does). Answers whether it was open until now.
 */
export async function completePaymentCallTask(
  db: Pick<Database, 'activity'> | Pick<Prisma.TransactionClient, 'activity'>,
  task: { partnershipId: string } & ({ id: string } | { externalId: string }),
  paidAtMs: number,
): Promise<boolean> {
  const { count } = await db.activity.updateMany({
    where: { ...task, type: 'TASK', completedAt: null },
    data: { completedAt: new Date(paidAtMs), outcome: paymentCallTaskClosedOutcome },
  })
  return count > 0
}
