import { describe, expect, it } from 'vitest'
import {
  byIndustry,
  dropOffPoints,
  sessionsPerDay,
  usageByHour,
  voiceSummary,
  type VoiceSessionFacts,
} from './voice-metrics'

const session = (iso: string, extra: Partial<VoiceSessionFacts> = {}): VoiceSessionFacts => ({
  startMs: Date.parse(iso),
  durationSeconds: 0,
  ended: true,
  language: 'EN',
  totalQuestions: 0,
  identified: false,
  industry: null,
  topics: [],
  intents: [],
  objections: [],
  outcome: 'LEFT_SITE',
  ...extra,
})

// Four sessions, New York time: 1 Dec 09:30 (Tue), 1 Dec 23:30 (Tue; 04:30 UTC on the 2nd), 3 Dec 14:10 (Thu), and
// one not yet ended.
const sessions = [
  session('2026-12-01T14:30:00Z', {
    durationSeconds: 120,
    totalQuestions: 3,
    identified: true,
    industry: 'HVAC',
    topics: ['pricing', 'scheduling'],
    intents: ['pricing_inquiry'],
    objections: ['too expensive'],
    outcome: 'CALENDAR_BOOKING',
  }),
  session('2026-12-02T04:30:00Z', { durationSeconds: 60, totalQuestions: 1, industry: 'HVAC', topics: ['pricing'] }),
  session('2026-12-03T19:10:00Z', {
    durationSeconds: 300,
    language: 'ES',
    totalQuestions: 5,
    identified: true,
    industry: 'PLUMBING',
    topics: ['dispatch'],
    intents: ['pricing_inquiry', 'ready_to_proceed'],
    outcome: 'ROI_CALCULATOR',
  }),
  session('2026-12-03T20:00:00Z', { ended: false, durationSeconds: 0, outcome: null }),
]

describe('voice agent metrics (§10.2, §6.2)', () => {
  it('summarises the sessions', () => {
    const summary = voiceSummary(sessions)
    expect(summary.sessions).toBe(4)
    // Ended sessions only: (120 + 60 + 300) / 3 = 160.
    expect(summary.averageDurationSeconds).toBe(160)
    // (3 + 1 + 5 + 0) / 4 = 2.25
    expect(summary.questionsPerSession).toBe(2.25)
    expect(summary.engagementRate).toBe(3 / 4)
    expect(summary.sessionToLeadRate).toBe(2 / 4)
    expect(summary.languages).toEqual({ EN: 3, ES: 1 })
    expect(summary.topics).toEqual([
      { value: 'pricing', count: 2 },
      { value: 'dispatch', count: 1 },
      { value: 'scheduling', count: 1 },
    ])
    expect(summary.intents[0]).toEqual({ value: 'pricing_inquiry', count: 2 })
  })

  it('groups questions and objections by industry', () => {
    expect(
      byIndustry(sessions).map((row) => [row.industry, row.topics[0]?.value ?? null, row.objections.length]),
    ).toEqual([
      ['HVAC', 'pricing', 1],
      ['PLUMBING', 'dispatch', 0],
      ['Unknown', null, 0],
    ])
  })

  it('counts where visitors leave: after 1 question (one session)', () => {
    expect(dropOffPoints(sessions)).toEqual([{ afterQuestions: 1, sessions: 1 }])
  })

  it('counts sessions per day on the agency’s calendar, empty days included', () => {
    const days = sessionsPerDay(
      sessions,
      { fromMs: Date.parse('2026-12-01T05:00:00Z'), toMs: Date.parse('2026-12-05T05:00:00Z') },
      'America/New_York',
    )
    expect(days).toEqual([
      { date: '2026-12-01', sessions: 2 },
      { date: '2026-12-02', sessions: 0 },
      { date: '2026-12-03', sessions: 2 },
      { date: '2026-12-04', sessions: 0 },
    ])
  })

  it('finds the peak hours on the agency’s wall clock', () => {
    const grid = usageByHour(sessions, 'America/New_York')
    // Tuesday (1) at 09 and 23; Thursday (3) at 14 and 15.
    expect(grid[1]![9]).toBe(1)
    expect(grid[1]![23]).toBe(1)
    expect(grid[3]![14]).toBe(1)
    expect(grid[3]![15]).toBe(1)
    expect(grid.flat().reduce((a, b) => a + b, 0)).toBe(4)
  })
})
