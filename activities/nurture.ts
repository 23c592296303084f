import { ApplicationFailure } from '@temporalio/activity'
import { frequencyCapWindowMs } from '../domain/communication/frequency-cap'
import { marketingSendDecision, marketingSendRules } from '../domain/communication/send-window'
import { renderNurtureEmail } from '../domain/email/nurture-emails'
import { nurtureIdempotencyKey, nurtureSequenceLabels, nurtureSequences } from '../domain/nurture/sequences'
import { leadEntity } from '../domain/records/entity-reference'
import { listUnsubscribeHeaders, unsubscribeUrl } from '../lib/unsubscribe'
import type { NurtureSendOutcome, SendNurtureStepInput } from './lead-lifecycle-contract'
import type { ActivityDependencies } from './dependencies'
import { leadNotFound } from './lead-not-found'
import {
  nurtureGoalMet,
  nurtureStopReason,
  nurtureTemplate,
  recentCappedSends,
  sendPreferenceSelect,
} from './nurture-conditions'
import { roiFigures, voiceSessionSummary } from './nurture-content'
import { sendThroughOutbox, type OutboxAttachment } from './outbox'

export function createNurtureActivities(dependencies: ActivityDependencies) {
  const { db, appBaseUrl, unsubscribeSecret, bookingUrl, roiCalculatorUrl } = dependencies

  /** A step that will not be sent leaves no pending outbox row behind (one may exist after a crash). */
  async function settleUnsent(idempotencyKey: string, reason: string) {
    await db.outboxMessage.updateMany({
      where: { idempotencyKey, status: { in: ['PENDING', 'SENDING', 'FAILED'] } },
      data: { status: 'SUPPRESSED', lastError: reason },
    })
  }

  return {
    /**
     * One §9.1 step, decided at the moment of sending from what the database says now: stop, pause, skip,
     * suppress or defer it, or send it exactly once through the outbox.
     */
    async sendNurtureStep(input: SendNurtureStepInput): Promise<NurtureSendOutcome> {
      const definition = nurtureSequences[input.sequence]?.find((step) => step.step === input.step)
      if (!definition) {
        throw ApplicationFailure.nonRetryable(`No nurture step ${input.sequence}/${input.step}`, 'UnknownNurtureStep')
      }
      const now = new Date(input.now)
      const idempotencyKey = nurtureIdempotencyKey(input.leadId, input.sequence, input.step)
      const template = nurtureTemplate(input.sequence, input.step)

      const lead = await db.lead.findUnique({
        where: { id: input.leadId },
        select: {
          id: true,
          email: true,
          firstName: true,
          companyName: true,
          industry: true,
          preferredLanguage: true,
          timezone: true,
          status: true,
          nurturePausedAt: true,
          communicationPreference: { select: sendPreferenceSelect },
        },
      })
      if (!lead) throw leadNotFound(input.leadId)
      const preference = lead.communicationPreference

      const stopReason = await nurtureStopReason(
        db,
        { id: lead.id, status: lead.status, unsubscribedAt: preference?.unsubscribedAt ?? null },
        new Date(input.sequenceStartedAt),
      )
      if (stopReason) {
        await settleUnsent(idempotencyKey, stopReason)
        return { outcome: 'stopped', reason: stopReason }
      }
      if (lead.nurturePausedAt) return { outcome: 'paused' }

      const existing = await db.outboxMessage.findUnique({
        where: { idempotencyKey },
        select: { id: true, status: true, sentAt: true },
      })
      if (existing?.status === 'SENT' && existing.sentAt) {
        return {
          outcome: 'sent',
          outboxMessageId: existing.id,
          sentAt: existing.sentAt.toISOString(),
          alreadySent: true,
        }
      }

      const goalMet = await nurtureGoalMet(db, lead.id, definition.skipWhen, template)
      if (goalMet) {
        await settleUnsent(idempotencyKey, goalMet)
        return { outcome: 'skipped', reason: goalMet }
      }

      if (!definition.transactional) {
        if (!preference?.marketingConsent) {
          const reason = 'No marketing consent'
          await settleUnsent(idempotencyKey, reason)
          return { outcome: 'suppressed', reason }
        }
        // The same rule the workflow plans with (upcoming steps), so the plan and the send cannot disagree.
        const decision = marketingSendDecision(
          now,
          marketingSendRules(preference, lead.timezone),
          await recentCappedSends(db, lead.id, now, frequencyCapWindowMs),
        )
        if (!decision.allowed) {
          return { outcome: 'deferred', until: decision.until.toISOString(), reason: decision.reason }
        }
      }

      const language = lead.preferredLanguage
      const isReport = input.sequence === 'roi-calculator' && input.step === 'report'
      const roi = input.sequence === 'roi-calculator' ? await roiFigures(db, input.triggerRefId, bookingUrl) : null
      if (isReport && !roi) {
        const reason = 'The ROI calculation no longer exists'
        await settleUnsent(idempotencyKey, reason)
        return { outcome: 'skipped', reason }
      }
      const transcriptSummary =
        input.sequence === 'voice-with-email' ? await voiceSessionSummary(db, input.triggerRefId, language) : null
      const unsubscribeLink = unsubscribeUrl(appBaseUrl, lead.id, unsubscribeSecret)
      const rendered = renderNurtureEmail({
        sequence: input.sequence,
        step: input.step,
        language,
        firstName: lead.firstName,
        companyName: lead.companyName,
        industry: lead.industry,
        // The report travels as an attachment: the CRM's report page is for staff, not for the person.
        links: { unsubscribeUrl: unsubscribeLink, roiCalculatorUrl, bookingUrl, reportUrl: null },
        transcriptSummary,
        roi,
      })
      const attachments: OutboxAttachment[] | undefined = isReport
        ? [
            {
              kind: 'roi-report',
              roiCalculationId: input.triggerRefId,
              filename: `roi-report-${input.triggerRefId}.pdf`,
            },
          ]
        : undefined

      const sent = await sendThroughOutbox(dependencies, idempotencyKey, {
        entity: leadEntity(lead.id),
        to: lead.email,
        subject: rendered.subject,
        text: rendered.text,
        html: rendered.html,
        template,
        headers: listUnsubscribeHeaders(unsubscribeLink),
        attachments,
        timeline: { description: `${nurtureSequenceLabels[input.sequence]}: ${definition.label}` },
        sentAt: now,
      })
      if (isReport) {
        await db.rOICalculation.updateMany({
          where: { id: input.triggerRefId, reportSentAt: null },
          data: { reportSentAt: new Date(sent.sentAt) },
        })
      }
      return { outcome: 'sent', ...sent }
    },
  }
}
