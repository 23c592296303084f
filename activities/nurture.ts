import { ApplicationFailure } from '@temporalio/activity'
import { frequencyCapWindowMs } from '../domain/communication/frequency-cap'
import { marketingSendRules } from '../domain/communication/send-window'
import { hasActiveBooking } from '../domain/leads/lead-scoring'
import { renderNurtureEmail } from '../domain/email/nurture-emails'
import { decideNurtureSend } from '../domain/nurture/send-decision'
import { nurtureIdempotencyKey, nurtureSequences, nurtureStepTitle } from '../domain/nurture/sequences'
import { leadEntity } from '../domain/records/entity-reference'
import { listUnsubscribeHeaders, unsubscribeUrl } from '../lib/unsubscribe'
import type { NurtureSendOutcome, SendNurtureStepInput } from './lead-lifecycle-contract'
import type { ActivityDependencies } from './dependencies'
import { leadNotFound } from './lead-not-found'
import { cappedNurtureTemplates, caseStudyTemplates, nurtureTemplate, sendPreferenceSelect } from './nurture-conditions'
import { loadVoiceSessionSummary, roiFigures } from './nurture-content'
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

      // Every fact the decision needs, read in one query at the moment of sending.
      const sequenceStartedAt = new Date(input.sequenceStartedAt)
      const capWindowStart = new Date(now.getTime() - frequencyCapWindowMs)
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
          calendarBookings: { select: { status: true, externalUid: true, rescheduledFromUid: true, createdAt: true } },
          activities: {
            where: {
              type: 'EMAIL',
              direction: 'INBOUND',
              OR: [
                { completedAt: { gt: sequenceStartedAt } },
                { completedAt: null, createdAt: { gt: sequenceStartedAt } },
              ],
            },
            select: { id: true },
            take: 1,
          },
          _count: { select: { roiCalculations: true } },
          outboxMessages: {
            where: {
              OR: [
                { idempotencyKey },
                { status: 'SENT', template: { in: caseStudyTemplates.filter((other) => other !== template) } },
                {
                  status: 'SENT',
                  template: { in: [...cappedNurtureTemplates] },
                  sentAt: { gt: capWindowStart, lte: now },
                },
              ],
            },
            select: { id: true, idempotencyKey: true, status: true, template: true, sentAt: true },
          },
        },
      })
      if (!lead) throw leadNotFound(input.leadId)
      const preference = lead.communicationPreference
      const thisStep = lead.outboxMessages.find((message) => message.idempotencyKey === idempotencyKey)
      const sentBefore = lead.outboxMessages.filter((message) => message.status === 'SENT' && message.sentAt)

      const decision = decideNurtureSend({
        now,
        step: definition,
        lead: { status: lead.status, nurturePaused: lead.nurturePausedAt !== null },
        bookedSinceStart: lead.calendarBookings.some(
          (booking) => booking.status !== 'CANCELLED' && booking.createdAt > sequenceStartedAt,
        ),
        repliedSinceStart: lead.activities.length > 0,
        unsubscribed: Boolean(preference?.unsubscribedAt),
        marketingConsent: preference?.marketingConsent ?? false,
        alreadySent:
          thisStep?.status === 'SENT' && thisStep.sentAt
            ? { outboxMessageId: thisStep.id, sentAt: thisStep.sentAt }
            : null,
        goals: {
          roiCompleted: lead._count.roiCalculations > 0,
          activeBooking: hasActiveBooking(lead.calendarBookings),
          otherCaseStudySent: sentBefore.some((message) => caseStudyTemplates.includes(message.template)),
        },
        // The same rule the workflow plans with (upcoming steps), so the plan and the send cannot disagree.
        rules: marketingSendRules(preference, lead.timezone),
        recentCappedSends: sentBefore.flatMap((message) =>
          cappedNurtureTemplates.includes(message.template) && message.sentAt && message.sentAt > capWindowStart
            ? [message.sentAt]
            : [],
        ),
      })
      switch (decision.decision) {
        case 'stop':
          await settleUnsent(idempotencyKey, decision.reason)
          return { outcome: 'stopped', reason: decision.reason }
        case 'pause':
          return { outcome: 'paused' }
        case 'already-sent':
          return {
            outcome: 'sent',
            outboxMessageId: decision.outboxMessageId,
            sentAt: decision.sentAt.toISOString(),
            alreadySent: true,
          }
        case 'skip':
          await settleUnsent(idempotencyKey, decision.reason)
          return { outcome: 'skipped', reason: decision.reason }
        case 'suppress':
          await settleUnsent(idempotencyKey, decision.reason)
          return { outcome: 'suppressed', reason: decision.reason }
        case 'defer':
          return { outcome: 'deferred', until: decision.until.toISOString(), reason: decision.reason }
        case 'send':
          break
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
        input.sequence === 'voice-with-email' ? await loadVoiceSessionSummary(db, input.triggerRefId, language) : null
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
        timeline: { description: nurtureStepTitle(input.sequence, input.step) },
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
