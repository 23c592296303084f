// Which leads must have a running workflow. Pure rules, used by the seed and by the reconciler that starts the
// workflows a request could not (Temporal down).

/** Statuses whose lead is still worked by its workflow; a converted or disqualified lead has nothing left to run. */
export const openLeadStatuses = ['NEW', 'CONTACTED', 'QUALIFIED'] as const

/**
 * How old a lead without a workflow must be before the reconciler starts one: the request that captured it starts
 * it within its own deadline, so a younger lead is most likely being started right now. Starting it twice would be
 * harmless (the start is idempotent), only wasted.
 */
export const pendingWorkflowMinAgeMs = 5_000

/**
 * How long the reconciler leaves a lead alone after starting its workflow: the workflow writes its first
 * projection only when a worker runs it, so behind a backlog the lead still reads NOT_STARTED for a while.
 */
export const pendingWorkflowRestartAfterMs = 5 * 60_000

/** True when the reconciler should start this record's (a lead's, a deal's) workflow now. */
export function entityWorkflowDue(
  record: { open: boolean; workflowStatus: string; createdAtMs: number },
  nowMs: number,
  lastStartedAtMs: number | undefined,
): boolean {
  if (record.workflowStatus !== 'NOT_STARTED' || !record.open) return false
  if (nowMs - record.createdAtMs < pendingWorkflowMinAgeMs) return false
  return lastStartedAtMs === undefined || nowMs - lastStartedAtMs >= pendingWorkflowRestartAfterMs
}

/** True when the reconciler should start this lead's workflow now. */
export function leadWorkflowDue(
  lead: { status: string; workflowStatus: string; createdAtMs: number },
  nowMs: number,
  lastStartedAtMs: number | undefined,
): boolean {
  const open = (openLeadStatuses as readonly string[]).includes(lead.status)
  return entityWorkflowDue({ ...lead, open }, nowMs, lastStartedAtMs)
}
