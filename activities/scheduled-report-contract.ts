import type { ReportKey } from '../domain/reports/report-catalogue'

export interface PrepareReportInput {
  report: ReportKey
  timeZone: string
  /** ISO instant the run is for (the schedule's time); its period is the whole one before it. */
  at: string
  /** Set for "send now": a run of its own beside the scheduled one of the same period. */
  manualRunId: string | null
  requestedById: string | null
  workflowId: string
  /** Compute the figures again (the second look after a stale first one), unless an email already left. */
  recheck: boolean
}

export interface PreparedReport {
  runId: string
  runKey: string
  stale: boolean
  recipients: string[]
  /** The run of this period had already finished (the schedule fired twice for one period): send nothing. */
  alreadyFinished: boolean
}

export interface ScheduledReportActivities {
  prepareScheduledReport(input: PrepareReportInput): Promise<PreparedReport>
  sendScheduledReport(input: { runId: string; runKey: string; to: string }): Promise<{ outboxMessageId: string }>
  finishScheduledReport(input: {
    runId: string
    outboxMessageIds: string[]
    status: 'SENT' | 'STALE_NOTICE_SENT' | 'PARTIALLY_SENT' | 'NOT_DELIVERED' | 'NO_RECIPIENTS'
    sentAt: string
  }): Promise<void>
}
