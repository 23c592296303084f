// A lead can exist before its workflow: seeded demo data, an import, a lead captured while Temporal was down.
// Its workflow then starts with part of its life already behind it. What fell due back then is history: the
// run never sends it late ("thanks for reaching out" three days after the form, an alert about a deadline that
// passed before anyone could act). Pure rules, imported by the workflow.

const hour = 60 * 60 * 1000

/**
 * How late a run may still do what fell due before it started. Covers the ordinary gap between capture and the
 * workflow's start (seconds) and a short Temporal outage answered by a webhook's redelivery; beyond it, the
 * moment has passed.
 */
export const lateStartGraceMs = 1 * hour

export interface RunStart {
  /** When this run began (workflow time). */
  startedAtMs: number
  /** Everything due at or before this instant is history already (set by seeding and imports). */
  historyUntilMs: number | null
}

/** The instant before which nothing is sent by this run: the later of "history until" and start minus the grace. */
export function historyCutoffMs({ startedAtMs, historyUntilMs }: RunStart): number {
  return Math.max(startedAtMs - lateStartGraceMs, historyUntilMs ?? Number.NEGATIVE_INFINITY)
}

/** True when something due at `dueAtMs` fell due before this run could act on it: record it, do not send it. */
export function fellDueBeforeRun(dueAtMs: number, run: RunStart): boolean {
  return dueAtMs <= historyCutoffMs(run)
}

/** Why a step was not sent, in the words the lead page shows. */
export const fellDueBeforeRunReason = 'Fell due before the lead’s workflow started: not sent late'
