import { startEntityWorkflow } from '../../services/workflows/entity-workflow-client'
import { partnershipWorkflowOf } from '../../services/partnerships/partnership-workflow'
import { randomUUID } from 'node:crypto'
import type { Database } from '../../lib/db'
import type { CrmStack } from './stack'
import { createDealWithPartnership } from './deal-records'

const weekMs = 7 * 24 * 60 * 60 * 1000

/**
 * A Foundation partnership (12 weeks) that started `weeksAgo` weeks ago, its workflow running on the stack's worker
 * and done planning: its milestones and payments written, its first status recorded. What lies before now is
 * history to the workflow (as for a seeded partnership): it sends no reminder about it.
 */
export async function runningPartnership(
  stack: Pick<CrmStack, 'database' | 'env' | 'taskQueue'>,
  options: { ownerId: string | null; weeksAgo: number; companyName?: string },
) {
  const db = stack.database.db
  const startDate = new Date(Date.now() - options.weeksAgo * weekMs)
  const records = await createDealWithPartnership(db, {
    ownerId: options.ownerId,
    companyName: options.companyName,
    startDate,
    targetEndDate: new Date(startDate.getTime() + 12 * weekMs),
  })
  const target = { id: records.partnership.id, tier: 'FOUNDATION', status: 'ONBOARDING', ownerId: options.ownerId }
  await startEntityWorkflow(
    stack.env.client,
    partnershipWorkflowOf(target, { historyUntil: new Date().toISOString() }),
    stack.taskQueue,
  )
  await partnershipSettled(stack, records.partnership.id)
  return records
}

/** Waits until the partnership's workflow has written its plan, payments and first status, and its projection. */
export async function partnershipSettled(stack: Pick<CrmStack, 'database'>, partnershipId: string) {
  for (let attempt = 0; attempt < 600; attempt += 1) {
    const row = await stack.database.db.partnership.findUniqueOrThrow({
      where: { id: partnershipId },
      select: {
        workflowStatus: true,
        upcomingSteps: true,
        _count: { select: { milestones: true, payments: true, statusChanges: true } },
      },
    })
    const counts = row._count
    if (
      row.workflowStatus === 'RUNNING' &&
      row.upcomingSteps !== null &&
      counts.milestones > 0 &&
      counts.payments > 0 &&
      counts.statusChanges > 0
    ) {
      return
    }
    await new Promise((resolve) => setTimeout(resolve, 50))
  }
  throw new Error(`The workflow of partnership ${partnershipId} did not settle`)
}

/**
 * A partnership that churned on 1 March 2027 with no run left (decision 0050): February's fee (billed 1 February,
 * key `monthly-2`) still owed, March's (`monthly-3`) cancelled by the end.
 */
export async function churnedPartnershipOwing(db: Database, ownerId: string) {
  const { partnership } = await createDealWithPartnership(db, {
    companyName: `Churned Co ${randomUUID()}`,
    ownerId,
    startDate: new Date('2027-01-01T15:00:00Z'),
    targetEndDate: new Date('2027-04-01T15:00:00Z'),
  })
  const partnershipId = partnership.id
  await db.partnership.update({ where: { id: partnershipId }, data: { status: 'CHURNED' }, select: { id: true } })
  const month = (key: string, dueDate: string, status: 'OVERDUE' | 'CANCELLED') =>
    db.payment.create({
      data: {
        partnershipId,
        type: 'MONTHLY',
        amount: 3_500,
        dueDate: new Date(dueDate),
        status,
        idempotencyKey: `partnership-${partnershipId}/payment/${key}`,
      },
      select: { id: true },
    })
  return {
    partnershipId,
    owed: await month('monthly-2', '2027-02-01T15:00:00Z', 'OVERDUE'),
    cancelled: await month('monthly-3', '2027-03-01T15:00:00Z', 'CANCELLED'),
  }
}
