import type { Database } from '../../lib/db'
import { stagePolicies } from '../../domain/deals/pipeline-policy'

/** The deal's stages, oldest first: when each was entered and left, how long it lasted, who moved it and why. */
export async function dealStageHistory(db: Database, opportunityId: string, now: Date = new Date()) {
  const rows = await db.dealStageTransition.findMany({
    where: { opportunityId },
    orderBy: [{ enteredAt: 'asc' }, { idempotencyKey: 'asc' }],
    select: {
      fromStage: true,
      toStage: true,
      enteredAt: true,
      exitedAt: true,
      reason: true,
      changedBy: { select: { id: true, name: true } },
    },
  })
  return rows.map((row) => ({
    stage: row.toStage,
    label: stagePolicies[row.toStage].label,
    from: row.fromStage,
    enteredAt: row.enteredAt.toISOString(),
    exitedAt: row.exitedAt?.toISOString() ?? null,
    durationMs: (row.exitedAt ?? now).getTime() - row.enteredAt.getTime(),
    changedBy: row.changedBy,
    reason: row.reason,
  }))
}
