import { randomUUID } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { everything } from '../../services/analytics/analytics-scope'
import { voiceReport, voiceTotals, type VoiceReport } from '../../services/analytics/voice-metrics'
import type { Prisma } from '../../lib/db'
import { companyAndContact } from '../support/analytics-records'
import { createTestDatabase, type TestDatabase } from '../support/database'

// §10.2 voice metrics and §6.2 conversation analytics counted in SQL (services/analytics/voice-metrics.ts) on a
// real PostgreSQL: four sessions built here, every figure worked out by hand.

let database: TestDatabase
let report: VoiceReport
const newYork = 'America/New_York'
// 1 to 4 December 2026 in New York (EST, UTC−5).
const period = {
  fromMs: Date.parse('2026-12-01T05:00:00Z'),
  toMs: Date.parse('2026-12-05T05:00:00Z'),
  timeZone: newYork,
}

async function session(startTime: string, data: Partial<Prisma.VoiceSessionUncheckedCreateInput>) {
  await database.db.voiceSession.create({
    data: { externalSessionId: `vs-${randomUUID()}`, startTime: new Date(startTime), ...data },
    select: { id: true },
  })
}

beforeAll(async () => {
  database = await createTestDatabase()
  const hvacLead = await database.db.lead.create({
    data: { email: `hvac-${randomUUID()}@example.com`, source: 'VOICE_AGENT', industry: 'HVAC' },
    select: { id: true },
  })
  // A plumbing company's contact (analytics-records' company is in plumbing).
  const { contactId } = await companyAndContact(database.db)
  // Tue 1 Dec 09:30 in New York: an HVAC lead's session that booked a call.
  await session('2026-12-01T14:30:00Z', {
    leadId: hvacLead.id,
    endedAt: new Date('2026-12-01T14:32:00Z'),
    duration: 120,
    totalQuestions: 3,
    topics: ['pricing', 'scheduling'],
    intents: ['PRICING_INQUIRY'],
    objections: ['too expensive'],
    outcome: 'CALENDAR_BOOKING',
  })
  // Tue 1 Dec 23:30 in New York (04:30 UTC on the 2nd): the same lead again, left after one question.
  await session('2026-12-02T04:30:00Z', {
    leadId: hvacLead.id,
    endedAt: new Date('2026-12-02T04:31:00Z'),
    duration: 60,
    totalQuestions: 1,
    topics: ['pricing'],
    outcome: 'LEFT_SITE',
  })
  // Thu 3 Dec 14:10 in New York: a plumbing customer (a contact), in Spanish.
  await session('2026-12-03T19:10:00Z', {
    contactId,
    endedAt: new Date('2026-12-03T19:15:00Z'),
    duration: 300,
    language: 'ES',
    totalQuestions: 5,
    topics: ['dispatch'],
    intents: ['PRICING_INQUIRY', 'READY_TO_PROCEED'],
    outcome: 'ROI_CALCULATOR',
  })
  // Thu 3 Dec 15:00 in New York: an anonymous visitor, still talking.
  await session('2026-12-03T20:00:00Z', {})
  // Outside the period: Fri 4 Dec at 11:30 p.m. is inside, Sat 5 Dec 00:30 (05:30 UTC) is not.
  await session('2026-12-05T05:30:00Z', { totalQuestions: 9 })
  report = await voiceReport(database.db, everything, period)
})

afterAll(async () => {
  await database?.drop()
})

describe('voice agent metrics counted in SQL', () => {
  it('the headline and what was heard', () => {
    expect(report.summary).toEqual({
      sessions: 4,
      averageDurationSeconds: (120 + 60 + 300) / 3, // the three that ended
      questionsPerSession: (3 + 1 + 5 + 0) / 4,
      engagementRate: 3 / 4,
      sessionToLeadRate: 3 / 4, // the lead's two and the contact's; not the anonymous one
      languages: { EN: 3, ES: 1 },
      topics: [
        { value: 'pricing', count: 2 },
        { value: 'dispatch', count: 1 },
        { value: 'scheduling', count: 1 },
      ],
      intents: [
        { value: 'PRICING_INQUIRY', count: 2 },
        { value: 'READY_TO_PROCEED', count: 1 },
      ],
      outcomes: [
        { value: 'CALENDAR_BOOKING', count: 1 },
        { value: 'LEFT_SITE', count: 1 },
        { value: 'NOT_ENDED', count: 1 },
        { value: 'ROI_CALCULATOR', count: 1 },
      ],
    })
  })

  it('by industry: the lead’s, the contact’s company’s, or Unknown', () => {
    expect(report.byIndustry).toEqual([
      {
        industry: 'HVAC',
        topics: [
          { value: 'pricing', count: 2 },
          { value: 'scheduling', count: 1 },
        ],
        objections: [{ value: 'too expensive', count: 1 }],
      },
      { industry: 'PLUMBING', topics: [{ value: 'dispatch', count: 1 }], objections: [] },
      { industry: 'Unknown', topics: [], objections: [] },
    ])
  })

  it('where visitors left: after 1 question, once', () => {
    expect(report.dropOff).toEqual([{ afterQuestions: 1, sessions: 1 }])
  })

  it('per day and hour on New York’s wall clock', () => {
    expect(report.perDay).toEqual([
      { date: '2026-12-01', sessions: 2 },
      { date: '2026-12-02', sessions: 0 },
      { date: '2026-12-03', sessions: 2 },
      { date: '2026-12-04', sessions: 0 },
    ])
    // Tuesday (index 1) at 09 and 23; Thursday (3) at 14 and 15.
    expect(report.byHour[1]![9]).toBe(1)
    expect(report.byHour[1]![23]).toBe(1)
    expect(report.byHour[3]![14]).toBe(1)
    expect(report.byHour[3]![15]).toBe(1)
    expect(report.byHour.flat().reduce((a, b) => a + b, 0)).toBe(4)
  })

  it('a Sales Rep counts only the sessions of their own leads', async () => {
    expect((await voiceTotals(database.db, { ownerId: 'nobody', full: false }, period)).sessions).toBe(0)
  })
})
