import { ApplicationFailure } from '@temporalio/activity'
import { renderOwnerAlert, stageOfTrigger, type RenderedOwnerAlert } from '../domain/email/owner-alerts'
import { renderRecordAlert, type RecordAlertKind } from '../domain/email/record-alerts'
import type { LeadNotificationKind } from './lead-lifecycle-contract'
import {
  entityPath,
  type EntityReference,
  type LegacyLeadNotifyOwnerInput,
  type NotifyOwnerInput,
  type NotifyOwnerResult,
  taskNotOpenFailureType,
} from './notification-contract'
import { discoveryPrepFacts } from '../domain/deals/discovery-prep'
import { messageRejectedFailureType } from '../domain/email/smtp-reply'
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

const leadKinds: readonly string[] = [
  'LEAD_ASSIGNED',
  'LEAD_NEW_OVERDUE',
  'LEAD_HIGH_SCORE',
  'LEAD_QUALIFIED',
  'LEAD_FOLLOW_UP_DUE',
]
const recordKinds: Record<Exclude<EntityReference['type'], 'lead'>, readonly RecordAlertKind[]> = {
  deal: ['DEAL_ASSIGNED', 'DEAL_STAGE_LIMIT', 'DEAL_STALLED', 'DEAL_PROPOSAL_FOLLOW_UP', 'DEAL_DISCOVERY_PREP'],
  partnership: [
    'PARTNERSHIP_ASSIGNED',
    'PARTNERSHIP_MILESTONE_DUE',
    'PARTNERSHIP_MILESTONE_OVERDUE',
    'PARTNERSHIP_HEALTH_ALERT',
    'PARTNERSHIP_MEETING_MISSED',
    'PARTNERSHIP_SYSTEM_QUIET',
    'PARTNERSHIP_PAYMENT_OVERDUE',
  ],
  task: ['TASK_DUE'],
}

/** What an alert needs from its record: who owns it, the column that links it, and the alert's words. */
interface AlertSubject {
  owner: { id: string; email: string; active: boolean } | null
  link: { leadId: string } | { opportunityId: string } | { partnershipId: string } | Record<string, never>
  alert: RenderedOwnerAlert
  /** The page the notification opens, when it is not the entity's own (a task opens the record it is on). */
  path?: string
}

function taskNotOpen(taskId: string, why: string) {
  return ApplicationFailure.nonRetryable(`The task ${taskId} ${why}: nothing to remind`, taskNotOpenFailureType)
}

const taskTimeFormat = new Intl.DateTimeFormat('en-GB', {
  dateStyle: 'medium',
  timeStyle: 'short',
  timeZone: 'UTC',
})

function recordNotFound(entity: EntityReference) {
  return ApplicationFailure.nonRetryable(`The ${entity.type} ${entity.id} does not exist`, 'RecordNotFound')
}

function wrongKind(input: NotifyOwnerInput) {
  return ApplicationFailure.nonRetryable(`${input.kind} is not an alert about a ${input.entity.type}`, 'InvalidInput')
}

const ownerSelect = { select: { id: true, email: true, active: true } } as const

export function createNotificationActivities(dependencies: ActivityDependencies) {
  const { db, appBaseUrl } = dependencies
  const urlOfPath = (path: string) => `${appBaseUrl.replace(/\/+$/, '')}${path}`
  const url = (entity: EntityReference) => urlOfPath(entityPath(entity))

  const subjects: Record<EntityReference['type'], (input: NotifyOwnerInput) => Promise<AlertSubject>> = {
    async lead(input) {
      if (!leadKinds.includes(input.kind)) throw wrongKind(input)
      const kind = input.kind as LeadNotificationKind
      const lead = await db.lead.findUnique({
        where: { id: input.entity.id },
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
          assignedTo: ownerSelect,
        },
      })
      if (!lead) throw leadNotFound(input.entity.id)
      const detail = input.detail ?? null
      // The trigger names its stage; a stage read from the lead covers words that are not a §3.3 trigger.
      const qualifiedStage =
        stageOfTrigger(detail) ?? (lead.qualificationStage === 'NONE' ? null : lead.qualificationStage)
      const alert = renderOwnerAlert({
        kind,
        lead: {
          name: leadDisplayName(lead),
          companyName: lead.companyName,
          // Read when the alert goes out; a lead that was never scored has no score to show (not "0/100").
          score: isScored(lead.scoringFactors) ? lead.leadScore : null,
          source: lead.source,
        },
        detail,
        qualification: kind === 'LEAD_QUALIFIED' && qualifiedStage ? { stage: qualifiedStage, trigger: detail } : null,
        leadUrl: url(input.entity),
      })
      return { owner: lead.assignedTo, link: { leadId: lead.id }, alert }
    },

    async deal(input) {
      const kind = recordKinds.deal.find((candidate) => candidate === input.kind)
      if (!kind) throw wrongKind(input)
      const deal = await db.opportunity.findUnique({
        where: { id: input.entity.id },
        select: {
          id: true,
          name: true,
          owner: ownerSelect,
          projectedWeeklyValue: true,
          company: { select: { name: true, industry: true, employeeCount: true } },
          sourceLead: {
            select: {
              source: true,
              leadScore: true,
              aiMaturityIndicators: true,
              _count: { select: { voiceSessions: true, roiCalculations: true } },
            },
          },
        },
      })
      if (!deal) throw recordNotFound(input.entity)
      const prep =
        kind === 'DEAL_DISCOVERY_PREP'
          ? discoveryPrepFacts({
              companyName: deal.company.name,
              industry: deal.company.industry,
              employeeCount: deal.company.employeeCount,
              source: deal.sourceLead?.source ?? null,
              leadScore: deal.sourceLead?.leadScore ?? null,
              aiMaturityIndicators: deal.sourceLead?.aiMaturityIndicators ?? [],
              voiceSessions: deal.sourceLead?._count.voiceSessions ?? 0,
              roiCalculations: deal.sourceLead?._count.roiCalculations ?? 0,
              projectedWeeklyValue: deal.projectedWeeklyValue === null ? null : Number(deal.projectedWeeklyValue),
            })
          : []
      const detail = [input.detail, ...prep].filter(Boolean).join('\n') || null
      const alert = renderRecordAlert({ kind, name: deal.name, detail, url: url(input.entity) })
      return { owner: deal.owner, link: { opportunityId: deal.id }, alert }
    },

    async partnership(input) {
      const kind = recordKinds.partnership.find((candidate) => candidate === input.kind)
      if (!kind) throw wrongKind(input)
      const partnership = await db.partnership.findUnique({
        where: { id: input.entity.id },
        select: { id: true, company: { select: { name: true } }, owner: ownerSelect },
      })
      if (!partnership) throw recordNotFound(input.entity)
      const alert = renderRecordAlert({
        kind,
        name: partnership.company.name,
        detail: input.detail ?? null,
        url: url(input.entity),
      })
      return { owner: partnership.owner, link: { partnershipId: partnership.id }, alert }
    },

    async task(input) {
      if (!recordKinds.task.includes(input.kind as RecordAlertKind)) throw wrongKind(input)
      const task = await db.activity.findUnique({
        where: { id: input.entity.id },
        select: {
          id: true,
          type: true,
          subject: true,
          scheduledAt: true,
          completedAt: true,
          leadId: true,
          opportunityId: true,
          companyId: true,
          contactId: true,
          user: ownerSelect,
          lead: { select: { email: true, firstName: true, lastName: true } },
          opportunity: { select: { name: true } },
          company: { select: { name: true } },
          contact: { select: { firstName: true, lastName: true } },
        },
      })
      // The workflow decides from its signals; these guard a completion, deletion or move whose signal was lost.
      if (!task || task.type !== 'TASK') throw taskNotOpen(input.entity.id, 'no longer exists')
      if (task.completedAt) throw taskNotOpen(task.id, 'is completed')
      if (input.taskDueAt && task.scheduledAt?.getTime() !== Date.parse(input.taskDueAt)) {
        throw taskNotOpen(task.id, 'has moved to another due time')
      }
      const on = task.lead
        ? { path: `/leads/${task.leadId}`, name: leadDisplayName(task.lead) }
        : task.opportunity
          ? { path: `/opportunities/${task.opportunityId}`, name: task.opportunity.name }
          : task.company
            ? { path: `/companies/${task.companyId}`, name: task.company.name }
            : task.contact
              ? { path: `/contacts/${task.contactId}`, name: `${task.contact.firstName} ${task.contact.lastName}` }
              : { path: '/my-work', name: null }
      const due = task.scheduledAt ? `due ${taskTimeFormat.format(task.scheduledAt)} UTC` : null
      const alert = renderRecordAlert({
        kind: 'TASK_DUE',
        name: task.subject,
        detail: [on.name ? `On ${on.name}` : null, due].filter(Boolean).join(', ') || null,
        url: urlOfPath(on.path),
      })
      const link: AlertSubject['link'] = task.leadId
        ? { leadId: task.leadId }
        : task.opportunityId
          ? { opportunityId: task.opportunityId }
          : {}
      return { owner: task.user, link, alert, path: on.path }
    },
  }

  return {
    /**
     * An alert about a lead, deal or partnership: an in-app notification and an email for the record's owner, or
     * for every active Sales Manager while nobody owns it (or its owner has left). Each exists once per alert key
     * and person, so a retry adds nothing.
     */
    async notifyOwner(request: NotifyOwnerInput | LegacyLeadNotifyOwnerInput): Promise<NotifyOwnerResult> {
      const input: NotifyOwnerInput =
        'entity' in request
          ? request
          : { ...request, entity: { type: 'lead', id: (request as LegacyLeadNotifyOwnerInput).leadId } }
      const { owner, link, alert, path } = await subjects[input.entity.type](input)

      const managers = () =>
        db.user.findMany({
          where: { role: 'SALES_MANAGER', active: true },
          orderBy: { id: 'asc' },
          select: { id: true, email: true },
        })
      const recipients = input.audience === 'managers' ? await managers() : owner?.active ? [owner] : await managers()
      const createdAt = new Date(input.now)

      await db.notification.createMany({
        data: recipients.map((user) => ({
          idempotencyKey: `${input.idempotencyKey}:${user.id}`,
          userId: user.id,
          ...link,
          kind: input.kind,
          title: alert.title,
          body: alert.body,
          link: path ?? entityPath(input.entity),
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
