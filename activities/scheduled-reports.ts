import { ApplicationFailure } from '@temporalio/activity'
import { isReportKey, reportCatalogue } from '../domain/reports/report-catalogue'
import { reportEmail, reportFilename } from '../domain/reports/report-email'
import type { ReportFigures } from '../domain/reports/report-figures'
import { reportPeriod } from '../domain/reports/report-period'
import { stalenessOf, stalenessWindow } from '../domain/reports/report-staleness'
import type { Prisma } from '../lib/db'
import { createRecordedReportData } from '../services/reports/report-data'
import type { ActivityDependencies } from './dependencies'
import { sendThroughOutbox } from './outbox'
import type { ScheduledReportActivities } from './scheduled-report-contract'

const runSelect = {
  id: true,
  runKey: true,
  report: true,
  status: true,
  recipients: true,
  staleReason: true,
  periodKey: true,
  periodLabel: true,
  timeZone: true,
  figures: true,
} as const

/** §10.3 scheduled reports (decision 0039): figures stored with the run, emailed through the outbox. */
export function createScheduledReportActivities(dependencies: ActivityDependencies): ScheduledReportActivities {
  const { db, appBaseUrl } = dependencies
  const reportData = dependencies.reportData ?? createRecordedReportData(db)
  return {
    async prepareScheduledReport(input) {
      const definition = reportCatalogue[input.report]
      const period = reportPeriod(definition.frequency, new Date(input.at), input.timeZone)
      const runKey = [input.report, input.timeZone, period.key, input.manualRunId && `manual-${input.manualRunId}`]
        .filter(Boolean)
        .join('/')
      const existing = await db.scheduledReportRun.findUnique({ where: { runKey }, select: runSelect })
      if (existing && existing.status !== 'PREPARED') {
        return {
          runId: existing.id,
          runKey,
          stale: existing.staleReason !== null,
          recipients: existing.recipients,
          alreadyFinished: true,
        }
      }
      const sentAlready =
        existing !== null &&
        (await db.outboxMessage.count({ where: { idempotencyKey: { startsWith: `scheduled-report/${runKey}/` } } })) > 0
      if (existing && (!input.recheck || sentAlready)) {
        return {
          runId: existing.id,
          runKey,
          stale: existing.staleReason !== null,
          recipients: existing.recipients,
          alreadyFinished: false,
        }
      }

      const recipients = existing
        ? existing.recipients
        : (
            await db.scheduledReportRecipient.findMany({
              where: { report: input.report, timeZone: input.timeZone },
              select: { email: true },
              orderBy: { email: 'asc' },
            })
          ).map((recipient) => recipient.email)
      const snapshot = await reportData.snapshot(input.report, period)
      const window = stalenessWindow(period)
      const staleness = stalenessOf(
        snapshot.history,
        window.from.getTime() === period.from.getTime() ? `in ${period.label}` : `in the three days to ${period.label}`,
      )
      const data = {
        staleReason: staleness.stale ? staleness.reason : null,
        figures: staleness.stale ? undefined : (snapshot.figures as unknown as Prisma.InputJsonValue),
        preparedAt: new Date(),
      }
      const run = await db.scheduledReportRun.upsert({
        where: { runKey },
        create: {
          runKey,
          report: input.report,
          manual: input.manualRunId !== null,
          timeZone: input.timeZone,
          periodKey: period.key,
          periodLabel: period.label,
          periodFrom: period.from,
          periodTo: period.to,
          recipients,
          status: recipients.length === 0 ? 'NO_RECIPIENTS' : 'PREPARED',
          workflowId: input.workflowId,
          requestedById: input.requestedById,
          ...data,
        },
        update: data,
        select: { id: true },
      })
      return { runId: run.id, runKey, stale: staleness.stale, recipients, alreadyFinished: false }
    },

    async sendScheduledReport({ runId, runKey, to }) {
      const run = await db.scheduledReportRun.findUnique({ where: { id: runId }, select: runSelect })
      if (!run || !isReportKey(run.report)) {
        throw ApplicationFailure.nonRetryable(`No scheduled report run ${runId}`, 'ReportRunNotFound')
      }
      const recipient = await db.scheduledReportRecipient.findUnique({
        where: { report_email: { report: run.report, email: to } },
        select: { name: true },
      })
      const figures = run.figures as ReportFigures | null
      const message = reportEmail({
        definition: reportCatalogue[run.report],
        periodLabel: run.periodLabel,
        timeZone: run.timeZone,
        recipientName: recipient?.name ?? to,
        figures,
        staleReason: run.staleReason,
        manageUrl: `${appBaseUrl}/admin/reports`,
      })
      const stale = run.staleReason !== null || figures === null
      const attachments = stale
        ? []
        : (['pdf', 'csv'] as const).map((format) => ({
            kind: 'scheduled-report' as const,
            runId,
            format,
            filename: reportFilename(run.report, run.periodKey, format),
          }))
      const sent = await sendThroughOutbox(dependencies, `scheduled-report/${runKey}/${to}`, {
        to,
        ...message,
        template: `scheduled-report:${run.report}`,
        attachments,
      })
      return { outboxMessageId: sent.outboxMessageId }
    },

    async finishScheduledReport({ runId, outboxMessageIds, status, sentAt }) {
      await db.scheduledReportRun.updateMany({
        where: { id: runId, status: 'PREPARED' },
        data: { status, outboxMessageIds, sentAt: status === 'NOT_DELIVERED' ? null : new Date(sentAt) },
      })
    },
  }
}
