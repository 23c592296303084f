import { ApplicationFailure } from '@temporalio/activity'
import { renderOwnerAlert, stageOfTrigger } from '../domain/email/owner-alerts'
import { messageRejectedFailureType } from '../domain/email/smtp-reply'
import type { NotifyOwnerInput } from './lead-lifecycle-contract'
import type { ActivityDependencies } from './dependencies'
import { leadNotFound } from './lead-not-found'
import { sendThroughOutbox } from './outbox'

export function leadDisplayName(lead: { firstName: string | null; lastName: string | null; email: string }): string {
  return [lead.firstName, lead.lastName].filter(Boolean).join(' ') || lead.email
}

/**
 * Whether the lead has been scored: scoring always stores the breakdown of every §3.3 factor, and a lead never
 * scored keeps the empty default, so a 0 with a breakdown is a real score and a 0 without one is not a score.
 */
function isScored(scoringFactors: unknown): boolean {
  return Array.isArray(scoringFactors) && scoringFactors.length > 0
}

export function createNotificationActivities(dependencies: ActivityDependencies) {
  const { db, appBaseUrl } = dependencies
  return {
    /**
     * §9.2 alerts: an in-app notification and an email for the lead's owner, or for every active Sales Manager
     * while nobody owns the lead (or its owner has left). Each exists once per alert key and person.
     */
    async notifyOwner(input: NotifyOwnerInput): Promise<{ notified: boolean; recipients: number }> {
      const lead = await db.lead.findUnique({
        where: { id: input.leadId },
        select: {
          id: true,
          email: true,
          firstName: true,
          lastName: true,
          companyName: true,
          leadScore: true,
          scoringFactors: true,
          qualificationStage: true,
          source: true,
          assignedTo: { select: { id: true, email: true, active: true } },
        },
      })
      if (!lead) throw leadNotFound(input.leadId)

      const recipients = lead.assignedTo?.active
        ? [lead.assignedTo]
        : await db.user.findMany({
            where: { role: 'SALES_MANAGER', active: true },
            orderBy: { id: 'asc' },
            select: { id: true, email: true },
          })

      const leadUrl = `${appBaseUrl.replace(/\/+$/, '')}/leads/${lead.id}`
      const detail = input.detail ?? null
      // The trigger names its stage; a stage read from the lead covers words that are not a §3.3 trigger.
      const qualifiedStage =
        stageOfTrigger(detail) ?? (lead.qualificationStage === 'NONE' ? null : lead.qualificationStage)
      const alert = renderOwnerAlert({
        kind: input.kind,
        lead: {
          name: leadDisplayName(lead),
          companyName: lead.companyName,
          // Read when the alert goes out; a lead that was never scored has no score to show (not "0/100").
          score: isScored(lead.scoringFactors) ? lead.leadScore : null,
          source: lead.source,
        },
        detail,
        qualification:
          input.kind === 'LEAD_QUALIFIED' && qualifiedStage ? { stage: qualifiedStage, trigger: detail } : null,
        leadUrl,
      })
      const createdAt = new Date(input.now)

      await db.notification.createMany({
        data: recipients.map((user) => ({
          idempotencyKey: `${input.idempotencyKey}:${user.id}`,
          userId: user.id,
          leadId: lead.id,
          kind: input.kind,
          title: alert.title,
          body: alert.body,
          link: `/leads/${lead.id}`,
          createdAt,
        })),
        skipDuplicates: true,
      })
      for (const user of recipients) {
        await sendThroughOutbox(dependencies, `${input.idempotencyKey}/email/${user.id}`, {
          to: user.email,
          subject: alert.subject,
          text: alert.text,
          html: alert.html,
          template: `owner-alert:${input.kind}`,
        }).catch(unlessMessageRejected)
      }
      return { notified: recipients.length > 0, recipients: recipients.length }
    },
  }
}

/** A staff address the mail server refuses is recorded FAILED in the outbox; the in-app alert still stands. */
function unlessMessageRejected(error: unknown): void {
  if (error instanceof ApplicationFailure && error.type === messageRejectedFailureType) return
  throw error
}
