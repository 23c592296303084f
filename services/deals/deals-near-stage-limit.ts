import { openStages, stageLimitMs, stagePolicies } from '../../domain/deals/pipeline-policy'
import type { Database } from '../../lib/db'

export interface DealNearLimit {
  id: string
  name: string
  stage: string
  /** When the deal passes (or passed) its stage's limit. */
  limitAt: string
  overdue: boolean
  nextStep: string | null
}

/**
 * A person's open deals that pass their stage's limit (§4.3) within `windowMs` of now, or have already passed it:
 * one condition per stage, since each stage has its own limit. Soonest first.
 */
export async function dealsNearStageLimit(
  db: Database,
  ownerId: string,
  now: Date,
  windowMs = 24 * 60 * 60 * 1000,
): Promise<DealNearLimit[]> {
  const rows = await db.opportunity.findMany({
    where: {
      ownerId,
      OR: openStages.map((stage) => ({
        stage,
        stageEnteredAt: { lte: new Date(now.getTime() + windowMs - stageLimitMs(stage)!) },
      })),
    },
    select: { id: true, name: true, stage: true, stageEnteredAt: true, nextStep: true },
    orderBy: { stageEnteredAt: 'asc' },
    take: 100,
  })
  return rows
    .map((row) => {
      const limitAt = row.stageEnteredAt.getTime() + stageLimitMs(row.stage)!
      return {
        id: row.id,
        name: row.name,
        stage: stagePolicies[row.stage].label,
        limitAt: new Date(limitAt).toISOString(),
        overdue: limitAt <= now.getTime(),
        nextStep: row.nextStep,
      }
    })
    .sort((a, b) => Date.parse(a.limitAt) - Date.parse(b.limitAt))
}
