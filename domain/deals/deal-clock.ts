// A deal's two clocks (time in stage against the stage's limit, time since the last activity) and the §9.2
// reminders they ring. Pure: the deal workflow asks what is due now and when to wake up next.
import {
  discoveryPrepBeforeMs,
  isOpenStage,
  proposalFollowUpAfterMs,
  proposalFollowUpEveryMs,
  stageLimitMs,
  stagePolicies,
  stalledAfterMs,
  type PipelineStage,
} from './pipeline-policy'

export type DealReminderKind = 'stage-limit' | 'stalled' | 'proposal-follow-up' | 'discovery-prep'

export interface DealClock {
  stage: PipelineStage
  stageEnteredAtMs: number
  /** The last logged activity (or the deal's creation when nothing was logged yet). */
  lastActivityAtMs: number
  /** The last scheduled activity not yet done (a booked call, a task); it keeps the deal from counting as stalled until it is due. */
  nextScheduledActivityAtMs: number | null
  /** The discovery call booked for the deal. */
  discoveryCallAtMs: number | null
}

export interface DealReminder {
  kind: DealReminderKind
  /** One reminder per key: a reminder exists once per deal and reason (and day, for the daily follow-up). */
  key: string
  dueAtMs: number
  /** Who hears it: the owner, or (a stalled deal, §9.2) the Sales Managers. */
  audience: 'owner' | 'managers'
  /** What the reminder says to do next. */
  nextStep: string
}

/** The reminders this clock rings next (and may have rung, by key), soonest first. */
export function dealReminders(clock: DealClock, nowMs: number): DealReminder[] {
  if (!isOpenStage(clock.stage)) return []
  const reminders: DealReminder[] = []
  const policy = stagePolicies[clock.stage]

  const limitMs = stageLimitMs(clock.stage)
  if (limitMs !== null) {
    reminders.push({
      kind: 'stage-limit',
      key: `stage-limit/${clock.stage}/${clock.stageEnteredAtMs}`,
      dueAtMs: clock.stageEnteredAtMs + limitMs,
      audience: 'owner',
      nextStep: `${policy.label} is over its ${policy.maxDaysInStage}-day limit: ${policy.exitCriteria.toLowerCase()}, or move the deal on`,
    })
  }

  // A scheduled activity protects the deal only until it is due; one left undone after that no longer does.
  const protectedUntil =
    clock.nextScheduledActivityAtMs !== null && clock.nextScheduledActivityAtMs > nowMs
      ? clock.nextScheduledActivityAtMs
      : 0
  reminders.push({
    kind: 'stalled',
    key: `stalled/${clock.lastActivityAtMs}`,
    dueAtMs: Math.max(clock.lastActivityAtMs + stalledAfterMs, protectedUntil),
    audience: 'managers',
    nextStep: 'No activity for 14 days: talk with the owner and agree the next step, or close the deal',
  })

  if (clock.stage === 'PROPOSAL_SENT') {
    // Seven quiet days after the proposal (or after the last thing that happened since), then one a day.
    const anchor = Math.max(clock.stageEnteredAtMs, clock.lastActivityAtMs)
    const first = anchor + proposalFollowUpAfterMs
    const day = nowMs < first ? 0 : Math.floor((nowMs - first) / proposalFollowUpEveryMs)
    // Today's reminder and tomorrow's: once today's has rung, tomorrow's is what the workflow waits for.
    for (const n of [day, day + 1]) {
      reminders.push({
        kind: 'proposal-follow-up',
        key: `proposal-follow-up/${anchor}/${n}`,
        dueAtMs: first + n * proposalFollowUpEveryMs,
        audience: 'owner',
        nextStep: 'The proposal has had no answer for a week: call the client and ask for their feedback',
      })
    }
  }

  if (clock.discoveryCallAtMs !== null && clock.discoveryCallAtMs > nowMs) {
    reminders.push({
      kind: 'discovery-prep',
      key: `discovery-prep/${clock.discoveryCallAtMs}`,
      dueAtMs: clock.discoveryCallAtMs - discoveryPrepBeforeMs,
      audience: 'owner',
      nextStep: 'Prepare the discovery call: read the lead’s answers, voice sessions and ROI calculation',
    })
  }

  return reminders.sort((a, b) => a.dueAtMs - b.dueAtMs)
}

/** The reminders due at `nowMs` that were not rung yet. */
export function dueReminders(clock: DealClock, nowMs: number, rung: ReadonlySet<string>): DealReminder[] {
  return dealReminders(clock, nowMs).filter((reminder) => reminder.dueAtMs <= nowMs && !rung.has(reminder.key))
}

/** When the workflow must next wake up to ring a reminder; null when nothing is ahead. */
export function nextWakeUpMs(clock: DealClock, nowMs: number, rung: ReadonlySet<string>): number | null {
  const ahead = dealReminders(clock, nowMs).filter((reminder) => !rung.has(reminder.key) && reminder.dueAtMs > nowMs)
  // A scheduled activity falls due: the stalled clock starts counting again from then.
  const candidates = ahead.map((reminder) => reminder.dueAtMs)
  if (clock.nextScheduledActivityAtMs !== null && clock.nextScheduledActivityAtMs > nowMs) {
    candidates.push(clock.nextScheduledActivityAtMs)
  }
  return candidates.length === 0 ? null : Math.min(...candidates)
}

/** Whether the deal counts as stalled now, by the same rule that rings the stalled reminder. */
export function isStalled(clock: Omit<DealClock, 'discoveryCallAtMs'>, nowMs: number): boolean {
  const stalled = dealReminders({ ...clock, discoveryCallAtMs: null }, nowMs).find((r) => r.kind === 'stalled')
  return stalled !== undefined && stalled.dueAtMs <= nowMs
}
