import type { SatisfactionInput } from '../../domain/partnerships/partnership-work-input'
import { satisfactionScoredSignal } from '../../workflows/partnership-messages'
import { recordAudit } from '../auth/audit'
import { Problem } from '../problems/problem'
import { problemFrom } from '../problems/problem-from-error'
import { requireUpdateGrant } from '../workflows/entity-actions'
import { signalEntityWorkflow } from '../workflows/entity-workflow-client'
import { type PartnershipActionContext, visiblePartnership } from './partnership-actions'
import { endedPartnershipStatuses, partnershipWorkflowOf } from './partnership-workflow'

// §5.2 "satisfaction: NPS/feedback scores" (decision 0035): a score 1–10 from a survey tool (an API key with
// partnerships:update) or a person. The row is written first, then the workflow is told (decision 0016); a survey
// tool's redelivery (same responseId) is recorded and signalled once.

export async function recordSatisfaction(
  context: PartnershipActionContext,
  partnershipId: string,
  input: SatisfactionInput,
): Promise<{ recorded: boolean; score: number }> {
  requireUpdateGrant(context.actor, 'partnerships', 'You may not record feedback on partnerships')
  const partnership = await visiblePartnership(context, partnershipId)
  if ((endedPartnershipStatuses as readonly string[]).includes(partnership.status)) {
    throw new Problem('conflict', 'The partnership has ended: its health is no longer followed')
  }
  const receivedAt = input.receivedAt ? new Date(input.receivedAt) : new Date()
  const known = input.responseId
    ? await context.db.partnershipFeedback.findUnique({
        where: { externalId: input.responseId },
        select: { partnershipId: true },
      })
    : null
  if (known && known.partnershipId !== partnershipId) {
    throw new Problem('conflict', 'This responseId was recorded for another partnership')
  }
  if (!known) {
    await context.db.$transaction([
      context.db.partnershipFeedback.create({
        data: {
          partnershipId,
          score: input.score,
          comment: input.comment || null,
          source: context.actor.name,
          receivedAt,
          externalId: input.responseId ?? null,
        },
        select: { id: true },
      }),
      context.db.partnership.update({
        where: { id: partnershipId },
        data: { satisfactionScore: input.score },
        select: { id: true },
      }),
    ])
  }
  try {
    await signalEntityWorkflow(
      context.temporal,
      partnershipWorkflowOf(partnership),
      context.taskQueue,
      satisfactionScoredSignal,
      { score: input.score, at: receivedAt.toISOString() },
    )
  } catch (error) {
    // The row stands: the workflow reads the partnership's score when it starts again; the caller may retry.
    throw problemFrom(error)
  }
  await recordAudit(context.db, {
    actor: context.actor,
    action: 'partnerships.satisfaction',
    outcome: 'SUCCESS',
    entityType: 'partnerships',
    entityId: partnershipId,
  })
  return { recorded: !known, score: input.score }
}
