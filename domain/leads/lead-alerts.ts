// Whether a §9.2 owner alert is due, decided from what the lead workflow held before and after an activity. An
// activity that changes state answers the same on every retry, so "did it just now" is never its to say.
import type { QualificationStage } from '../../prisma/generated/enums'

const stageRank: Record<QualificationStage, number> = { NONE: 0, MQL: 1, SQL: 2 }

/** "Lead assigned" is due when the lead has an owner it did not have before. */
export function assignedAlertDue(ownerBefore: string | null, ownerAfter: string | null): boolean {
  return ownerAfter !== null && ownerAfter !== ownerBefore
}

/**
 * "Lead qualified" is due when the stage rose; it names the stage reached and the §3.3 trigger that justifies it.
 * A stage that stayed or fell (a manual qualification already past it) is not news.
 */
export function qualifiedAlertDue(
  stageBefore: QualificationStage,
  after: { qualificationStage: QualificationStage; qualificationTrigger?: string | null },
): { stage: 'MQL' | 'SQL'; trigger: string } | null {
  const stage = after.qualificationStage
  if (stage === 'NONE' || stageRank[stage] <= stageRank[stageBefore]) return null
  return { stage, trigger: after.qualificationTrigger ?? `Qualified as ${stage}` }
}
