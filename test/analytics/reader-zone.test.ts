import { randomUUID } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { currentMonth, reportPeriod } from '../../domain/analytics/report-period'
import { everything } from '../../services/analytics/analytics-scope'
import { executiveReport } from '../../services/analytics/executive-report'
import { homeDashboard } from '../../services/analytics/home-dashboard'
import { reportTables } from '../../services/analytics/report-tables'
import { createUser } from '../support/actors'
import { createTestDatabase, type TestDatabase } from '../support/database'

// The Reports page and the home dashboard read months, days and hours on the reader's wall clock (decision 0057),
// on a real PostgreSQL. Records sit a few hours either side of a UTC month's edge; every figure is worked out here.

let database: TestDatabase
let userId: string
const chicago = 'America/Chicago'

async function paidAdsLead(createdAt: string) {
  await database.db.lead.create({
    data: { email: `zone-${randomUUID()}@example.com`, source: 'PAID_ADS', createdAt: new Date(createdAt) },
    select: { id: true },
  })
}

beforeAll(async () => {
  database = await createTestDatabase()
  userId = (await createUser(database.db, { role: 'SALES_MANAGER' })).id
  await paidAdsLead('2026-11-01T03:00:00Z') // 10 p.m. on 31 October in Chicago (CDT, UTC−5)
  await paidAdsLead('2026-11-15T12:00:00Z')
  await paidAdsLead('2026-12-01T03:00:00Z') // 9 p.m. on Monday 30 November in Chicago (CST, UTC−6)
  await database.db.voiceSession.create({
    data: {
      externalSessionId: `vs-${randomUUID()}`,
      startTime: new Date('2026-12-01T03:00:00Z'),
      language: 'EN',
      totalQuestions: 1,
      topics: ['pricing'],
    },
    select: { id: true },
  })
  await database.db.marketingSpend.create({ data: { source: 'PAID_ADS', month: '2026-11', amountCents: 300_000 } })
})

afterAll(async () => {
  await database?.drop()
})

describe('a period read in Chicago', () => {
  const afterNovember = Date.parse('2026-12-10T12:00:00Z')

  it('counts the leads of Chicago’s November, against Chicago’s October', async () => {
    const period = reportPeriod('2026-11', 1, chicago)
    const report = await executiveReport(database.db, everything, period, afterNovember)
    const newLeads = report.tiles.find((tile) => tile.key === 'newLeads')!
    // The 15th and the evening of the 30th; the evening of 31 October is October's.
    expect([newLeads.value, newLeads.previous]).toEqual([2, 1])
    expect(newLeads.link).toBe('/leads?createdFrom=2026-11-01&createdTo=2026-11-30')
    // November's $3,000 over its 2 leads; the period touches no other Chicago month, so nothing is missing.
    expect(report.current.costPerLead).toEqual([
      { source: 'PAID_ADS', leads: 2, spendCents: 300_000, costPerLeadCents: 150_000, missingMonths: [] },
    ])
  })

  it('puts the voice session on Chicago’s 30 November at 9 p.m., a Monday', async () => {
    const period = reportPeriod('2026-11', 1, chicago)
    const report = await executiveReport(database.db, everything, period, afterNovember)
    const perDay = report.current.voice.perDay
    expect(perDay).toHaveLength(30)
    expect(perDay.filter((row) => row.sessions > 0)).toEqual([{ date: '2026-11-30', sessions: 1 }])
    expect(report.current.voice.byHour[0]![21]).toBe(1)
    expect(reportTables(report, period).find((table) => table.id === 'voice-per-day')?.title).toBe(
      'Voice sessions per day (America/Chicago)',
    )
  })

  it('is another set of leads read in UTC: the UTC November has the 1st and the 15th', async () => {
    const report = await executiveReport(database.db, everything, reportPeriod('2026-11', 1, 'UTC'), afterNovember)
    const newLeads = report.tiles.find((tile) => tile.key === 'newLeads')!
    expect([newLeads.value, newLeads.previous]).toEqual([2, 0])
    expect(report.current.voice.perDay.some((row) => row.sessions > 0)).toBe(false)
  })

  it('the home dashboard’s "this month" is still November at 9 p.m. on the 30th in Chicago', async () => {
    const evening = Date.parse('2026-12-01T03:00:00Z')
    expect(currentMonth(evening, 'UTC').month).toBe('2026-12')
    const dashboard = await homeDashboard(database.db, { userId }, everything, evening, chicago)
    expect(dashboard.monthLabel).toBe('Nov 2026')
    expect(dashboard.tiles.find((tile) => tile.key === 'newLeads')?.value).toBe(2)
    // Today in Chicago began at 06:00Z on 30 November: the session is today's.
    expect(dashboard.voice.sessionsToday).toBe(1)
  })
})
