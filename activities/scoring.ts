import { nextQualification, qualificationTriggers } from '../domain/leads/qualification'
import { scoreBand, scoreLead, scoringFactorLabels, type LeadScoringFacts } from '../domain/leads/lead-scoring'
import type { Prisma } from '../lib/db'
import type { RescoreResult } from './lead-lifecycle-contract'
import type { ActivityDependencies } from './dependencies'
import { leadTransactionOptions, lockLead, type Transaction } from './transactions'

/** The lead's new score and qualification, and the timeline entries they call for. */
export interface ScoringStep {
  result: RescoreResult
  timeline: Prisma.ActivityCreateManyInput[]
}

/** What the score and the qualification are computed from. */
export const scoringSelect = {
  industry: true,
  employeeCount: true,
  source: true,
  status: true,
  qualificationStage: true,
  leadScore: true,
  marketingQualifiedAt: true,
  salesQualifiedAt: true,
  voiceSessions: { select: { totalQuestions: true, duration: true, intents: true } },
  roiCalculations: { select: { reportRequested: true } },
  calendarBookings: { select: { status: true, externalUid: true, rescheduledFromUid: true } },
  _count: { select: { activities: { where: { type: 'EMAIL', direction: 'INBOUND' } } } },
} satisfies Prisma.LeadSelect

export type ScoringRead = Prisma.LeadGetPayload<{ select: typeof scoringSelect }>

/**
 * Scores the lead from what the database knows now (§3.3) and raises its qualification when a trigger fires, inside
 * `tx`: `lead` is what the caller read (`scoringSelect`, or more) after locking the row. The timeline gets an entry
 * only when the band or the stage changes, so a retry writes none.
 */
export async function scoreInTransaction(
  tx: Transaction,
  leadId: string,
  now: string,
  lead: ScoringRead,
  /** Other columns of the lead written by the same statement (the start-up's projection). */
  alsoWrite: Prisma.LeadUpdateInput = {},
): Promise<ScoringStep> {
  const at = new Date(now)

  const facts: LeadScoringFacts = {
    industry: lead.industry,
    employeeCount: lead.employeeCount,
    source: lead.source,
    voiceSessions: lead.voiceSessions.map((session) => ({
      totalQuestions: session.totalQuestions,
      durationSeconds: session.duration,
      intents: session.intents,
    })),
    roiCalculations: lead.roiCalculations,
    bookings: lead.calendarBookings,
    emailReplies: lead._count.activities,
  }
  const { score, factors } = scoreLead(facts)
  const qualification = nextQualification({ stage: lead.qualificationStage, status: lead.status }, facts, score)
  const reachedMql = qualification.stage !== 'NONE'
  const reachedSql = qualification.stage === 'SQL'

  await tx.lead.update({
    where: { id: leadId },
    data: {
      ...alsoWrite,
      leadScore: score,
      scoringFactors: factors as unknown as Prisma.InputJsonValue,
      qualificationStage: qualification.stage,
      status: qualification.status,
      // SQL implies the lead passed MQL, even when one trigger took it straight to SQL.
      marketingQualifiedAt: lead.marketingQualifiedAt ?? (reachedMql ? at : null),
      salesQualifiedAt: lead.salesQualifiedAt ?? (reachedSql ? at : null),
    },
    select: { id: true },
  })

  const previousBand = scoreBand(lead.leadScore)
  const band = scoreBand(score)
  const timeline: Prisma.ActivityCreateManyInput[] = []
  if (band !== previousBand) {
    timeline.push({
      leadId,
      type: 'SYSTEM_EVENT',
      subject: `Score ${lead.leadScore} → ${score}: ${previousBand} → ${band}`,
      description: factors
        .filter((factor) => factor.contribution > 0)
        .map((factor) => `${scoringFactorLabels[factor.factor].en} +${factor.contribution}`)
        .join(', '),
      completedAt: at,
    })
  }
  if (qualification.qualifiedNow) {
    timeline.push({
      leadId,
      type: 'SYSTEM_EVENT',
      subject: `Qualified as ${qualification.qualifiedNow.stage}`,
      description: qualification.qualifiedNow.trigger,
      completedAt: at,
    })
  }
  return {
    result: {
      score,
      band,
      factors,
      status: qualification.status,
      qualificationStage: qualification.stage,
      // Whether the stage rose is the workflow's to tell (stage before vs after): a retry would say "no".
      qualificationTrigger:
        qualificationTriggers(facts, score).find((trigger) => trigger.stage === qualification.stage)?.trigger ?? null,
    },
    timeline,
  }
}

export function createScoringActivities({ db }: ActivityDependencies) {
  return {
    /** Scores the lead (`scoreInTransaction`) in a transaction of its own. */
    async rescoreLead({ leadId, now }: { leadId: string; now: string }): Promise<RescoreResult> {
      return db.$transaction(async (tx) => {
        await lockLead(tx, leadId)
        const lead = await tx.lead.findUniqueOrThrow({ where: { id: leadId }, select: scoringSelect })
        const scoring = await scoreInTransaction(tx, leadId, now, lead)
        if (scoring.timeline.length > 0) await tx.activity.createMany({ data: scoring.timeline })
        return scoring.result
      }, leadTransactionOptions)
    },
  }
}
