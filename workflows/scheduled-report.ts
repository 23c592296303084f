// One run of a §10.3 scheduled report (decision 0039): compute the figures of the period (stored with the run),
// look again an hour later if they are stale, then email each recipient the PDF and CSV through the outbox.
import { SearchAttributeType, defineSearchAttributeKey } from '@temporalio/common'
import { sleep, workflowInfo } from '@temporalio/workflow'
import type { ScheduledReportActivities } from '../activities/scheduled-report-contract'
import { entityActivities } from './entity-run'
import { messageRejectedReply } from './message-rejected'
import { staleRecheckDelayMs, type ScheduledReportInput, type ScheduledReportResult } from './scheduled-report-messages'

const { database, messages } = entityActivities<ScheduledReportActivities>(['ReportRunNotFound'])

const scheduledStartTime = defineSearchAttributeKey('TemporalScheduledStartTime', SearchAttributeType.DATETIME)

/** The instant the run is for: given, or the one its schedule fired for (not when a late worker picked it up). */
function runInstant(input: ScheduledReportInput): string {
  if (input.at) return input.at
  const scheduled = workflowInfo().typedSearchAttributes.get(scheduledStartTime)
  return (scheduled ?? new Date()).toISOString()
}

export async function scheduledReportWorkflow(input: ScheduledReportInput): Promise<ScheduledReportResult> {
  const prepare = (recheck: boolean) =>
    database('Compute the report figures').prepareScheduledReport({
      report: input.report,
      timeZone: input.timeZone,
      at,
      manualRunId: input.manualRunId ?? null,
      requestedById: input.requestedById ?? null,
      workflowId: workflowInfo().workflowId,
      recheck,
    })
  const at = runInstant(input)
  let prepared = await prepare(false)
  if (prepared.alreadyFinished) return { runId: prepared.runId, status: 'ALREADY_SENT', outboxMessageIds: [] }
  if (prepared.recipients.length === 0) return { runId: prepared.runId, status: 'NO_RECIPIENTS', outboxMessageIds: [] }
  // A scheduled run gives a stopped projection an hour to catch up; "send now" answers at once.
  if (prepared.stale && !input.manualRunId) {
    await sleep(staleRecheckDelayMs)
    prepared = await prepare(true)
  }

  const outboxMessageIds: string[] = []
  let refused = 0
  for (const to of prepared.recipients) {
    try {
      const sent = await messages('Email the report').sendScheduledReport({
        runId: prepared.runId,
        runKey: prepared.runKey,
        to,
      })
      outboxMessageIds.push(sent.outboxMessageId)
    } catch (error) {
      // One refused address must not keep the report from the others.
      if (messageRejectedReply(error) === null) throw error
      refused += 1
    }
  }
  const status =
    outboxMessageIds.length === 0
      ? 'NOT_DELIVERED'
      : prepared.stale
        ? 'STALE_NOTICE_SENT'
        : refused > 0
          ? 'PARTIALLY_SENT'
          : 'SENT'
  await database('Record what was sent').finishScheduledReport({
    runId: prepared.runId,
    outboxMessageIds,
    status,
    sentAt: new Date().toISOString(),
  })
  return { runId: prepared.runId, status, outboxMessageIds }
}
