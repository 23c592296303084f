import { describe, expect, it } from 'vitest'
import {
  byIndustry,
  dropOffPoints,
  ranked,
  sessionsPerDay,
  usageByHour,
  voiceHeadline,
  voiceSummary,
  type VoiceTotals,
} from './voice-metrics'

// The figures from counts (the counting itself runs in SQL: test/analytics/voice-counts.test.ts).

const totals: VoiceTotals = {
  sessions: 4,
  ended: 3,
  endedSeconds: 120 + 60 + 300,
  questions: 3 + 1 + 5 + 0,
  engaged: 3,
  identified: 2,
  languages: { EN: 3, ES: 1 },
}

describe('voice agent metrics (§10.2, §6.2)', () => {
  it('the headline: averages over the sessions they concern', () => {
    expect(voiceHeadline(totals)).toEqual({
      sessions: 4,
      averageDurationSeconds: 480 / 3, // ended sessions only
      questionsPerSession: 9 / 4,
      engagementRate: 3 / 4,
      sessionToLeadRate: 2 / 4,
      languages: { EN: 3, ES: 1 },
    })
  })

  it('no sessions: no rates rather than zeros', () => {
    const none = { ...totals, sessions: 0, ended: 0, endedSeconds: 0, questions: 0, engaged: 0, identified: 0 }
    expect(voiceHeadline(none)).toMatchObject({
      averageDurationSeconds: null,
      questionsPerSession: null,
      engagementRate: null,
      sessionToLeadRate: null,
    })
  })

  it('ranks the most heard first, then alphabetically, at most ten', () => {
    const topics = [
      { value: 'scheduling', count: 1 },
      { value: 'pricing', count: 2 },
      { value: 'dispatch', count: 1 },
      ...Array.from({ length: 10 }, (_, index) => ({ value: `z${index}`, count: 1 })),
    ]
    const summary = voiceSummary(totals, { topics, intents: [], outcomes: [] })
    expect(summary.topics.slice(0, 3)).toEqual([
      { value: 'pricing', count: 2 },
      { value: 'dispatch', count: 1 },
      { value: 'scheduling', count: 1 },
    ])
    expect(summary.topics).toHaveLength(10)
    expect(ranked(topics, 1)).toEqual([{ value: 'pricing', count: 2 }])
  })

  it('lists every industry with sessions, alphabetically, "Unknown" for none, its top 5 of each kind', () => {
    const rows = byIndustry(
      ['PLUMBING', null, 'HVAC'],
      [
        { industry: 'HVAC', kind: 'topic', value: 'pricing', count: 2 },
        { industry: 'HVAC', kind: 'topic', value: 'scheduling', count: 1 },
        { industry: 'HVAC', kind: 'objection', value: 'too expensive', count: 1 },
        { industry: 'PLUMBING', kind: 'topic', value: 'dispatch', count: 1 },
      ],
    )
    expect(rows.map((row) => [row.industry, row.topics[0]?.value ?? null, row.objections.length])).toEqual([
      ['HVAC', 'pricing', 1],
      ['PLUMBING', 'dispatch', 0],
      ['Unknown', null, 0],
    ])
  })

  it('lists drop-off points by questions asked, fewest first', () => {
    expect(
      dropOffPoints([
        { afterQuestions: 3, sessions: 1 },
        { afterQuestions: 0, sessions: 4 },
      ]),
    ).toEqual([
      { afterQuestions: 0, sessions: 4 },
      { afterQuestions: 3, sessions: 1 },
    ])
  })

  it('lists every day of the period on its zone’s calendar, empty days included', () => {
    const days = sessionsPerDay(
      [
        { date: '2026-12-01', sessions: 2 },
        { date: '2026-12-03', sessions: 2 },
      ],
      // 1 to 4 December in New York (EST, UTC−5).
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

  it('puts ISO weekdays and hours on a 7 × 24 grid, Monday first', () => {
    const grid = usageByHour([
      { isoWeekday: 2, hour: 9, sessions: 1 },
      { isoWeekday: 7, hour: 23, sessions: 2 },
    ])
    expect(grid[1]![9]).toBe(1)
    expect(grid[6]![23]).toBe(2)
    expect(grid.flat().reduce((a, b) => a + b, 0)).toBe(3)
  })
})
