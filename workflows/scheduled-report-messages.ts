// What starts a scheduled report run, shared by the schedules, "send now" and tests.
import type { ReportKey } from '../domain/reports/report-catalogue'

export interface ScheduledReportInput {
  report: ReportKey
  /** The recipients' IANA time zone: one schedule per report and zone (decision 0039). */
  timeZone: string
  /** ISO instant the run is for. Omitted by schedules: the run reads the time its schedule fired for. */
  at?: string
  /** "Send now": a run of its own, not the period's scheduled one. */
  manualRunId?: string
  requestedById?: string
}

export interface ScheduledReportResult {
  runId: string
  status: 'SENT' | 'STALE_NOTICE_SENT' | 'PARTIALLY_SENT' | 'NOT_DELIVERED' | 'NO_RECIPIENTS' | 'ALREADY_SENT'
  outboxMessageIds: string[]
}

export const scheduledReportWorkflowType = 'scheduledReportWorkflow'

/** How long a stale scheduled run waits before it looks again (a projection catching up after an outage). */
export const staleRecheckDelayMs = 60 * 60 * 1000
