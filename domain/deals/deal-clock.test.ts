import { describe, expect, it } from 'vitest'
import { dealReminders, dueReminders, nextWakeUpMs, type DealClock } from './deal-clock'

const day = 24 * 60 * 60 * 1000
const t0 = Date.parse('2026-03-02T09:00:00Z')

const clock = (overrides: Partial<DealClock> = {}): DealClock => ({
  stage: 'CONTACTED',
  stageEnteredAtMs: t0,
  lastActivityAtMs: t0,
  nextScheduledActivityAtMs: null,
  discoveryCallAtMs: null,
  ...overrides,
})

const dueTimes = (c: DealClock, now: number) =>
  Object.fromEntries(dealReminders(c, now).map((reminder) => [reminder.key, reminder.dueAtMs - t0]))

describe('a deal’s clocks (§4.3 limits, §9.2 reminders)', () => {
  it('alerts the owner when the stage limit is reached: Contacted after 3 days', () => {
    expect(dueTimes(clock(), t0)[`stage-limit/CONTACTED/${t0}`]).toBe(3 * day)
    expect(dueReminders(clock(), t0 + 3 * day - 1, new Set()).map((r) => r.kind)).toEqual([])
    expect(dueReminders(clock(), t0 + 3 * day, new Set()).map((r) => r.kind)).toEqual(['stage-limit'])
  })

  it('notifies the managers after 14 days without activity, counted from the last activity', () => {
    const quiet = clock({ stage: 'NEGOTIATION', lastActivityAtMs: t0 + 5 * day })
    const stalled = dealReminders(quiet, t0).find((reminder) => reminder.kind === 'stalled')
    expect(stalled).toMatchObject({ dueAtMs: t0 + 19 * day, audience: 'managers' })
  })

  it('does not count a deal with a scheduled activity not yet overdue as stalled', () => {
    const booked = clock({ nextScheduledActivityAtMs: t0 + 20 * day })
    const now = t0 + 14 * day
    expect(dueReminders(booked, now, new Set(['stage-limit/CONTACTED/' + t0])).map((r) => r.kind)).toEqual([])
    expect(dealReminders(booked, now).find((r) => r.kind === 'stalled')?.dueAtMs).toBe(t0 + 20 * day)
    // Once the activity is overdue (due and still not done), it protects no longer.
    expect(dueReminders(booked, t0 + 20 * day, new Set(['stage-limit/CONTACTED/' + t0])).map((r) => r.kind)).toEqual([
      'stalled',
    ])
  })

  it('reminds the owner daily once a proposal has been out 7 days, until something happens', () => {
    const sent = clock({ stage: 'PROPOSAL_SENT' })
    const rung = new Set<string>()
    const rings: number[] = []
    for (let now = t0; now <= t0 + 10 * day;) {
      for (const reminder of dueReminders(sent, now, rung)) {
        if (reminder.kind === 'proposal-follow-up') rings.push((now - t0) / day)
        rung.add(reminder.key)
      }
      const next = nextWakeUpMs(sent, now, rung)
      if (next === null) break
      now = next
    }
    expect(rings).toEqual([7, 8, 9, 10])
    // A call logged on day 9 restarts the count: the next reminder is 7 days after it.
    const called = clock({ stage: 'PROPOSAL_SENT', lastActivityAtMs: t0 + 9 * day })
    expect(dealReminders(called, t0 + 9 * day).find((r) => r.kind === 'proposal-follow-up')?.dueAtMs).toBe(
      t0 + 16 * day,
    )
  })

  it('sends the discovery prep reminder one day before the booked call', () => {
    const booked = clock({ stage: 'DISCOVERY_CALL', discoveryCallAtMs: t0 + 4 * day })
    expect(dealReminders(booked, t0).find((r) => r.kind === 'discovery-prep')?.dueAtMs).toBe(t0 + 3 * day)
    // A call already past needs no preparation.
    expect(dealReminders(booked, t0 + 5 * day).some((r) => r.kind === 'discovery-prep')).toBe(false)
  })

  it('rings nothing for a closed deal', () => {
    expect(dealReminders(clock({ stage: 'CLOSED_WON' }), t0)).toEqual([])
    expect(nextWakeUpMs(clock({ stage: 'CLOSED_LOST' }), t0, new Set())).toBeNull()
  })

  it('wakes up for the soonest reminder not rung yet', () => {
    const fresh = clock({ stage: 'NEW_LEAD' })
    expect(nextWakeUpMs(fresh, t0, new Set())).toBe(t0 + 1 * day)
    expect(nextWakeUpMs(fresh, t0 + day, new Set([`stage-limit/NEW_LEAD/${t0}`]))).toBe(t0 + 14 * day)
  })
})

it('calls a deal stalled by the same rule the reminder rings by: a task still ahead protects it', async () => {
  const { isStalled } = await import('./deal-clock')
  const quiet = { stage: 'CONTACTED' as const, stageEnteredAtMs: t0, lastActivityAtMs: t0 }
  expect(isStalled({ ...quiet, nextScheduledActivityAtMs: null }, t0 + 14 * day - 1)).toBe(false)
  expect(isStalled({ ...quiet, nextScheduledActivityAtMs: null }, t0 + 14 * day)).toBe(true)
  expect(isStalled({ ...quiet, nextScheduledActivityAtMs: t0 + 20 * day }, t0 + 15 * day)).toBe(false)
  expect(isStalled({ ...quiet, stage: 'CLOSED_WON', nextScheduledActivityAtMs: null }, t0 + 30 * day)).toBe(false)
})
