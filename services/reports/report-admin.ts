// What an Admin does with the scheduled reports (decision 0039): read them with their recipients and history,
// add and remove recipients, pause and resume, send now. Only Admin may change them; every change is audited.
import { randomUUID } from 'node:crypto'
import { z } from 'zod'
import { settingsGrant } from '../../domain/access/permission-matrix'
import { reportCatalogue, reportKeys, isReportKey, type ReportKey } from '../../domain/reports/report-catalogue'
import { toFieldErrors } from '../../domain/validation/field-errors'
import { ianaTimezone } from '../../domain/validation/timezone'
import type { Actor } from '../auth/actor'
import { recordAudit } from '../auth/audit'
import { Problem } from '../problems/problem'
import type { ScheduledReportInput } from '../../workflows/scheduled-report-messages'
import { scheduledReportWorkflowType } from '../../workflows/scheduled-report-messages'
import {
  deleteReportSchedule,
  ensureReportSchedules,
  setReportSchedulesPaused,
  type ReportScheduleDependencies,
} from './report-schedules'

export interface ReportAdminContext extends ReportScheduleDependencies {
  actor: Actor
  client?: { ipAddress?: string; userAgent?: string }
}

export const manageReports = { resource: 'settings', action: 'manage-reports' } as const

/** Refuses (403, audited) anyone whose role may not manage reports: Admin only (settings Full). */
export async function requireReportAdmin({ db, actor, client }: ReportAdminContext, action: string): Promise<void> {
  // People only: no API key scope covers settings.
  if (actor.kind === 'user' && settingsGrant(actor.role, 'manage-reports') !== 'none') return
  await recordAudit(db, {
    actor,
    action: `reports.${action}`,
    outcome: 'DENIED',
    entityType: 'scheduled-report',
    client,
  })
  throw new Problem('forbidden', 'Only an Admin may change the scheduled reports.')
}

export const recipientInput = z
  .object({
    email: z.string().trim().toLowerCase().email('must be an email address').max(320),
    name: z.string().trim().min(1, 'must not be empty').max(200),
    timeZone: ianaTimezone,
  })
  .strict()

function reportOf(value: unknown): ReportKey {
  if (isReportKey(value)) return value
  throw new Problem('not-found', `No scheduled report "${String(value)}"; the reports are ${reportKeys.join(', ')}`)
}

/** Every report with its recipients, pause and last runs (of one report, when given). */
export async function listScheduledReports(
  db: ReportScheduleDependencies['db'],
  historyLimit = 50,
  historyOf?: ReportKey,
) {
  const [recipients, settings, runs] = await Promise.all([
    db.scheduledReportRecipient.findMany({
      select: { id: true, report: true, email: true, name: true, timeZone: true, createdAt: true },
      orderBy: [{ report: 'asc' }, { email: 'asc' }],
    }),
    db.scheduledReportSetting.findMany({ select: { report: true, paused: true, changedAt: true } }),
    db.scheduledReportRun.findMany({
      select: {
        id: true,
        report: true,
        manual: true,
        timeZone: true,
        periodKey: true,
        periodLabel: true,
        recipients: true,
        status: true,
        staleReason: true,
        outboxMessageIds: true,
        preparedAt: true,
        sentAt: true,
      },
      where: historyOf ? { report: historyOf } : undefined,
      orderBy: { preparedAt: 'desc' },
      take: historyLimit,
    }),
  ])
  return {
    reports: reportKeys.map((key) => ({
      ...reportCatalogue[key],
      paused: settings.find((setting) => setting.report === key)?.paused ?? false,
      recipients: recipients.filter((recipient) => recipient.report === key),
    })),
    history: runs,
  }
}

export async function addReportRecipient(context: ReportAdminContext, reportKey: unknown, body: unknown) {
  await requireReportAdmin(context, 'add-recipient')
  const report = reportOf(reportKey)
  const parsed = recipientInput.safeParse(body)
  if (!parsed.success) {
    throw new Problem('invalid-input', 'The recipient is not valid', {
      fields: toFieldErrors(parsed.error, body, 'recipient'),
    })
  }
  const existing = await context.db.scheduledReportRecipient.findUnique({
    where: { report_email: { report, email: parsed.data.email } },
    select: { id: true },
  })
  if (existing) {
    throw new Problem('conflict', `${parsed.data.email} already receives ${reportCatalogue[report].title}`, {
      fields: [{ field: 'email', message: 'already receives this report' }],
    })
  }
  const recipient = await context.db.scheduledReportRecipient.create({
    data: { report, ...parsed.data, createdById: context.actor.kind === 'user' ? context.actor.userId : null },
    select: { id: true, report: true, email: true, name: true, timeZone: true },
  })
  await recordAudit(context.db, {
    actor: context.actor,
    action: 'reports.add-recipient',
    entityType: 'scheduled-report',
    entityId: report,
    metadata: { recipientId: recipient.id, timeZone: recipient.timeZone },
    client: context.client,
  })
  await ensureReportSchedules(context, [report])
  return recipient
}

export async function removeReportRecipient(context: ReportAdminContext, reportKey: unknown, recipientId: string) {
  await requireReportAdmin(context, 'remove-recipient')
  const report = reportOf(reportKey)
  const recipient = await context.db.scheduledReportRecipient.findFirst({
    where: { id: recipientId, report },
    select: { timeZone: true },
  })
  if (!recipient) throw new Problem('not-found', `No recipient ${recipientId} of ${reportCatalogue[report].title}`)
  await context.db.scheduledReportRecipient.deleteMany({ where: { id: recipientId, report } })
  await recordAudit(context.db, {
    actor: context.actor,
    action: 'reports.remove-recipient',
    entityType: 'scheduled-report',
    entityId: report,
    metadata: { recipientId },
    client: context.client,
  })
  // The zone's schedule goes with its last recipient at once (the sweep below reads a list that may lag).
  const left = await context.db.scheduledReportRecipient.count({ where: { report, timeZone: recipient.timeZone } })
  if (left === 0) await deleteReportSchedule(context.temporal, report, recipient.timeZone)
  await ensureReportSchedules(context, [report])
}

/** Pauses or resumes a report: every time-zone schedule of it (schedule.pause / unpause). */
export async function setReportPaused(context: ReportAdminContext, reportKey: unknown, paused: boolean) {
  await requireReportAdmin(context, paused ? 'pause' : 'resume')
  const report = reportOf(reportKey)
  const changedById = context.actor.kind === 'user' ? context.actor.userId : null
  await context.db.scheduledReportSetting.upsert({
    where: { report },
    create: { report, paused, changedById },
    update: { paused, changedById, changedAt: new Date() },
  })
  const schedules = await setReportSchedulesPaused(
    context,
    report,
    paused,
    `${paused ? 'Paused' : 'Resumed'} by ${context.actor.kind === 'user' ? context.actor.userId : 'an API key'}`,
  )
  await recordAudit(context.db, {
    actor: context.actor,
    action: paused ? 'reports.pause' : 'reports.resume',
    entityType: 'scheduled-report',
    entityId: report,
    metadata: { schedules },
    client: context.client,
  })
  return { report, paused, schedules }
}

/**
 * "Send now": one run per recipient time zone, for the last whole period, beside the scheduled run of that period
 * (its own run key, so both are recorded and neither suppresses the other).
 */
export async function sendReportNow(context: ReportAdminContext, reportKey: unknown, now = new Date()) {
  await requireReportAdmin(context, 'send-now')
  const report = reportOf(reportKey)
  const zones = await context.db.scheduledReportRecipient.findMany({
    where: { report },
    select: { timeZone: true },
    distinct: ['timeZone'],
  })
  if (zones.length === 0) {
    throw new Problem('conflict', `${reportCatalogue[report].title} has no recipients; add one first`)
  }
  const manualRunId = randomUUID()
  const requestedById = context.actor.kind === 'user' ? context.actor.userId : undefined
  const workflowIds: string[] = []
  for (const { timeZone } of zones) {
    const input: ScheduledReportInput = { report, timeZone, at: now.toISOString(), manualRunId, requestedById }
    const workflowId = `scheduled-report-${report}-${timeZone.replaceAll('/', '-')}-manual-${manualRunId}`
    await context.temporal.workflow.start(scheduledReportWorkflowType, {
      workflowId,
      taskQueue: context.taskQueue,
      args: [input],
    })
    workflowIds.push(workflowId)
  }
  await recordAudit(context.db, {
    actor: context.actor,
    action: 'reports.send-now',
    entityType: 'scheduled-report',
    entityId: report,
    metadata: { manualRunId, workflowIds },
    client: context.client,
  })
  return { report, manualRunId, workflowIds }
}
