// When a scheduled report must not send its numbers: the history it reads went silent. Pure (decision 0039).
import type { RecordedHistory } from './report-figures'
import type { ReportPeriod } from './report-period'

/** How many windows before the report's window count as "the system had them before". */
export const stalenessLookbackWindows = 4

const minimumWindowMs = 3 * 24 * 60 * 60 * 1000

/**
 * The window checked for silence, ending with the period: the report's own period, but at least three days, so a
 * quiet Sunday does not make the daily pipeline report stale while three silent days with a live pipeline do;
 * and the lookback before it, `stalenessLookbackWindows` windows long.
 */
export function stalenessWindow(period: Pick<ReportPeriod, 'from' | 'to'>): {
  from: Date
  to: Date
  lookbackFrom: Date
} {
  const length = Math.max(period.to.getTime() - period.from.getTime(), minimumWindowMs)
  const from = period.to.getTime() - length
  return { from: new Date(from), to: period.to, lookbackFrom: new Date(from - stalenessLookbackWindows * length) }
}

export type Staleness = { stale: false } | { stale: true; reason: string }

/**
 * Stale when nothing the report reads was recorded in its window although the windows before had some: a
 * recording that stopped (webhooks not arriving, workflows not writing their projection) looks exactly like that,
 * and zeros sent as facts would be wrong numbers. A system that never recorded anything is new, not stale.
 */
export function stalenessOf(history: RecordedHistory, windowLabel: string): Staleness {
  if (history.inWindow > 0 || history.before === 0) return { stale: false }
  return {
    stale: true,
    reason:
      `No ${history.events} were recorded ${windowLabel}, although ${history.before} were in the ` +
      `${stalenessLookbackWindows} periods before. The recording may have stopped (webhooks not arriving, ` +
      `workflows not writing), so this report does not send numbers that could be wrong.`,
  }
}
