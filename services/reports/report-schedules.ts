// The §10.3 reports as Temporal Schedules: one per report and recipient time zone, firing at 07:00 on that zone's
// wall clock (decision 0039). Created idempotently from the recipients table, at worker start and whenever an Admin
// changes a report's recipients; paused and resumed with the report.
import {
  ScheduleAlreadyRunning,
  ScheduleNotFoundError,
  ScheduleOverlapPolicy,
  type Client,
  type ScheduleOptions,
} from '@temporalio/client'
import { reportCalendar, reportCatalogue, reportKeys, type ReportKey } from '../../domain/reports/report-catalogue'
import type { Database } from '../../lib/db'
import { scheduledReportWorkflowType, type ScheduledReportInput } from '../../workflows/scheduled-report-messages'

export interface ReportScheduleDependencies {
  db: Database
  temporal: Client
  taskQueue: string
}

const schedulePrefix = 'scheduled-report:'

export const reportScheduleId = (report: ReportKey, timeZone: string) => `${schedulePrefix}${report}:${timeZone}`

/** What a report's schedule for one time zone is: its calendar on that zone's wall clock and the run it starts. */
export function reportScheduleOptions(
  report: ReportKey,
  timeZone: string,
  { taskQueue, paused, startAt }: { taskQueue: string; paused: boolean; startAt?: Date },
): ScheduleOptions {
  const definition = reportCatalogue[report]
  const args: [ScheduledReportInput] = [{ report, timeZone }]
  return {
    scheduleId: reportScheduleId(report, timeZone),
    spec: {
      calendars: [{ ...reportCalendar(definition.frequency), comment: `${definition.frequency} at 07:00 local` }],
      timezone: timeZone,
      startAt,
    },
    action: {
      type: 'startWorkflow',
      workflowType: scheduledReportWorkflowType,
      // The schedule appends the time it fired for, so each period's run has its own ID.
      workflowId: `scheduled-report-${report}-${timeZone.replaceAll('/', '-')}`,
      taskQueue,
      args,
    },
    policies: {
      // A run still waiting for stale data to catch up keeps the next period's run in line instead of dropping it.
      overlap: ScheduleOverlapPolicy.BUFFER_ONE,
      // A server down at 07:00 still sends that morning's report when it is back the same day.
      catchupWindow: '1 day',
      pauseOnFailure: false,
    },
    state: { paused, note: paused ? 'Paused by an Admin' : undefined },
  }
}

/** The time zones each report has recipients in, and whether the report is paused. */
async function wantedSchedules(db: Database, reports: readonly ReportKey[]) {
  const [recipients, settings] = await Promise.all([
    db.scheduledReportRecipient.findMany({
      where: { report: { in: [...reports] } },
      select: { report: true, timeZone: true },
      distinct: ['report', 'timeZone'],
    }),
    db.scheduledReportSetting.findMany({
      where: { report: { in: [...reports] } },
      select: { report: true, paused: true },
    }),
  ])
  const paused = new Set(settings.filter((setting) => setting.paused).map((setting) => setting.report))
  return recipients.map(({ report, timeZone }) => ({
    report: report as ReportKey,
    timeZone,
    paused: paused.has(report),
  }))
}

/**
 * Makes Temporal's schedules match the recipients: one per report and time zone, paused as the report is; a zone
 * whose last recipient left loses its schedule. Safe to call any number of times, from any process.
 */
export async function ensureReportSchedules(
  { db, temporal, taskQueue }: ReportScheduleDependencies,
  reports: readonly ReportKey[] = reportKeys,
): Promise<{ created: string[]; updated: string[]; deleted: string[] }> {
  const wanted = await wantedSchedules(db, reports)
  const created: string[] = []
  const updated: string[] = []
  for (const schedule of wanted) {
    const options = reportScheduleOptions(schedule.report, schedule.timeZone, { taskQueue, paused: schedule.paused })
    try {
      await temporal.schedule.create(options)
      created.push(options.scheduleId)
    } catch (error) {
      if (!(error instanceof ScheduleAlreadyRunning)) throw error
      const handle = temporal.schedule.getHandle(options.scheduleId)
      await handle.update((previous) => ({
        ...previous,
        spec: options.spec,
        action: options.action,
        policies: { ...previous.policies, ...options.policies },
        state: { ...previous.state, paused: schedule.paused },
      }))
      updated.push(options.scheduleId)
    }
  }
  const wantedIds = new Set(wanted.map((schedule) => reportScheduleId(schedule.report, schedule.timeZone)))
  const deleted: string[] = []
  for await (const summary of temporal.schedule.list()) {
    const report = summary.scheduleId.slice(schedulePrefix.length).split(':')[0] as ReportKey
    if (!summary.scheduleId.startsWith(schedulePrefix) || !reports.includes(report)) continue
    if (wantedIds.has(summary.scheduleId)) continue
    await deleteIfPresent(temporal, summary.scheduleId)
    deleted.push(summary.scheduleId)
  }
  return { created, updated, deleted }
}

/** Deletes the schedule of a report in a zone, if there is one. */
export function deleteReportSchedule(temporal: Client, report: ReportKey, timeZone: string): Promise<void> {
  return deleteIfPresent(temporal, reportScheduleId(report, timeZone))
}

async function deleteIfPresent(temporal: Client, scheduleId: string) {
  try {
    await temporal.schedule.getHandle(scheduleId).delete()
  } catch (error) {
    if (!(error instanceof ScheduleNotFoundError)) throw error
  }
}

/** Pauses or resumes every time-zone schedule of a report (schedule.pause / unpause). */
export async function setReportSchedulesPaused(
  { db, temporal }: Pick<ReportScheduleDependencies, 'db' | 'temporal'>,
  report: ReportKey,
  paused: boolean,
  note: string,
): Promise<string[]> {
  const zones = await db.scheduledReportRecipient.findMany({
    where: { report },
    select: { timeZone: true },
    distinct: ['timeZone'],
  })
  const ids = zones.map(({ timeZone }) => reportScheduleId(report, timeZone))
  for (const id of ids) {
    const handle = temporal.schedule.getHandle(id)
    try {
      if (paused) await handle.pause(note)
      else await handle.unpause(note)
    } catch (error) {
      // A zone whose schedule is not there yet gets it, in the right state, from ensureReportSchedules.
      if (!(error instanceof ScheduleNotFoundError)) throw error
    }
  }
  return ids
}
