import { describe, expect, it } from 'vitest'
import { fellDueBeforeRun, historyCutoffMs } from './late-start'

const at = (iso: string) => Date.parse(iso)
const minute = 60_000

describe('what a late-starting lead workflow treats as history', () => {
  const startedAtMs = at('2026-03-10T12:00:00Z')

  it.each([
    // [due, historyUntil, history?]
    ['2026-03-10T12:00:00Z', null, false], // due as the run starts: the ordinary capture
    ['2026-03-10T11:30:00Z', null, false], // 30 minutes late (Temporal was down): still sent
    ['2026-03-10T11:00:00Z', null, true], // exactly an hour late: history
    ['2026-03-07T12:00:00Z', null, true], // captured three days before the run (an import)
    ['2026-03-10T11:59:00Z', '2026-03-10T12:00:00Z', true], // seeded: anything before seeding is history
    ['2026-03-10T12:00:00Z', '2026-03-10T12:00:00Z', true], // due at the seeding instant itself
    ['2026-03-10T12:01:00Z', '2026-03-10T12:00:00Z', false], // due after seeding: a live timer
    ['2026-03-11T12:00:00Z', null, false], // due tomorrow
  ] as const)('due %s, history until %s → history: %s', (due, historyUntil, expected) => {
    const run = { startedAtMs, historyUntilMs: historyUntil === null ? null : at(historyUntil) }
    expect(fellDueBeforeRun(at(due), run)).toBe(expected)
  })

  it('takes the later of the grace and "history until"', () => {
    expect(historyCutoffMs({ startedAtMs, historyUntilMs: null })).toBe(startedAtMs - 60 * minute)
    expect(historyCutoffMs({ startedAtMs, historyUntilMs: startedAtMs - 90 * minute })).toBe(startedAtMs - 60 * minute)
    expect(historyCutoffMs({ startedAtMs, historyUntilMs: startedAtMs + 5 * minute })).toBe(startedAtMs + 5 * minute)
  })
})
