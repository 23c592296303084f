import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { reportPeriod } from '../../domain/analytics/report-period'
import { everything, type AnalyticsScope } from '../../services/analytics/analytics-scope'
import { executiveReport, type ExecutiveReport } from '../../services/analytics/executive-report'
import { reportCsvRows, reportTables } from '../../services/analytics/report-tables'
import { createUser, type TestUser } from '../support/actors'
import { novemberBusiness, utc } from '../support/analytics-records'
import { createTestDatabase, type TestDatabase } from '../support/database'

// The analytics queries (services/analytics) against a real PostgreSQL holding the November of
// test/support/analytics-records.ts `novemberBusiness`. Every expected figure is worked out by hand here.

let database: TestDatabase
let rep: TestUser
let other: TestUser
let all: ExecutiveReport
let repOnly: ExecutiveReport

const day = 24 * 60 * 60 * 1000
const november = reportPeriod('2026-11', 1, 'UTC')
const now = utc('2026-11-20T12:00:00').getTime()

beforeAll(async () => {
  database = await createTestDatabase()
  rep = await createUser(database.db, { role: 'SALES_REP', name: 'Riley Rep' })
  other = await createUser(database.db, { role: 'SALES_REP', name: 'Oscar Other' })
  await novemberBusiness(database.db, { repId: rep.id, otherId: other.id })
  const repScope: AnalyticsScope = { ownerId: rep.id, full: false }
  ;[all, repOnly] = await Promise.all([
    executiveReport(database.db, everything, november, now),
    executiveReport(database.db, repScope, november, now),
  ])
})

afterAll(async () => {
  await database?.drop()
})

const tile = (report: ExecutiveReport, key: string) => report.tiles.find((entry) => entry.key === key)!

describe('the four tiles, November against October', () => {
  it('new leads: 4 created in November, 1 in October (+300 %)', () => {
    expect(tile(all, 'newLeads')).toMatchObject({ value: 4, previous: 1, change: 3 })
  })

  it('pipeline value as it stood: on Nov 1 deals A, C, D were open (20,000 + 50,000 + 30,000), now only B', () => {
    expect(tile(all, 'pipelineValue')).toMatchObject({ value: 5_000, previous: 100_000 })
    expect(tile(all, 'pipelineValue').change).toBeCloseTo((5_000 - 100_000) / 100_000)
  })

  it('active partners and MRR: Q, R, S billed on Nov 1 (6,000 + 2,000 + 3,000); P and S now (3,500 + 3,000)', () => {
    expect(tile(all, 'activePartners')).toMatchObject({ value: 2, previous: 3 })
    expect(tile(all, 'mrr')).toMatchObject({ value: 6_500, previous: 11_000 })
  })
})

describe('the funnel and the lead metrics', () => {
  it('the November cohort: 4 leads, 3 reached MQL, 2 SQL, 2 became deals, 1 was won', () => {
    expect(all.current.funnel.map((step) => step.count)).toEqual([4, 3, 2, 2, 1])
    expect(all.current.funnel.map((step) => step.rateFromPrevious)).toEqual([null, 3 / 4, 2 / 3, 2 / 2, 1 / 2])
  })

  it('volume by source, each with its MQL and SQL counts', () => {
    expect(all.current.sources).toEqual(
      expect.arrayContaining([
        { source: 'VOICE_AGENT', leads: 2, mql: 2, sql: 1 },
        { source: 'REFERRAL', leads: 1, mql: 1, sql: 1 },
        { source: 'WEBSITE', leads: 1, mql: 0, sql: 0 },
      ]),
    )
    expect(all.current.sources).toHaveLength(3)
  })

  it('ROI calculator completion: 1 of 2 calculations left an email', () => {
    expect(all.current.roi).toEqual({ calculations: 2, completed: 1, rate: 1 / 2 })
  })
})

describe('sales metrics from the stage history', () => {
  it('A and D won, C lost in November: win rate 2/3, by tier Foundation 2/2 and Architect 0/1', () => {
    expect(all.current.sales).toMatchObject({ closed: 3, won: 2, winRate: 2 / 3 })
    expect(all.current.sales.winRateByTier).toEqual([
      { tier: 'DISCOVERY', won: 0, closed: 0, rate: null },
      { tier: 'FOUNDATION', won: 2, closed: 2, rate: 1 },
      { tier: 'ARCHITECT', won: 0, closed: 1, rate: 0 },
    ])
  })

  it('average deal size (20,000 + 30,000) / 2; cycle A Oct 1 → Nov 10 = 40 days, D Oct 10 → Nov 16 = 37 days', () => {
    expect(all.current.sales.averageDealSize).toBe(25_000)
    expect(all.current.sales.cycleDays).toEqual({ mean: 38.5, median: 38.5 })
  })

  it('velocity = 1 open deal × 25,000 × 2/3 ÷ 38.5 days; proposal to close: A won, C lost = 1/2; lost reason Budget', () => {
    expect(all.current.sales.velocity).toBeCloseTo((1 * 25_000 * (2 / 3)) / 38.5, 6)
    expect(all.current.sales.proposalToClose).toBe(1 / 2)
    expect(all.current.sales.lostReasons).toEqual([{ reason: 'Budget', count: 1 }])
  })

  it('pipeline by stage now: B alone, in Discovery Call', () => {
    expect(all.pipelineByStage.find((row) => row.stage === 'DISCOVERY_CALL')).toEqual({
      stage: 'DISCOVERY_CALL',
      deals: 1,
      value: 5_000,
    })
    expect(all.pipelineByStage.reduce((sum, row) => sum + row.deals, 0)).toBe(1)
  })

  it('revenue by tier: Foundation 9,500 + 3,000, Architect 6,000, of 18,500 received', () => {
    expect(all.current.revenueByTier).toEqual([
      { tier: 'DISCOVERY', revenue: 0, share: 0 },
      { tier: 'FOUNDATION', revenue: 12_500, share: 12_500 / 18_500 },
      { tier: 'ARCHITECT', revenue: 6_000, share: 6_000 / 18_500 },
    ])
  })
})

describe('partnerships and MRR', () => {
  it('movements: P new +3,500, Q graduated −6,000, R churned −2,000; S unchanged', () => {
    expect(all.current.partnerships.mrr).toMatchObject({
      startMrr: 11_000,
      endMrr: 6_500,
      movements: { new: 3_500, expansion: 0, contraction: 0, churn: -2_000, reactivation: 0, graduation: -6_000 },
    })
  })

  it('NRR leaves the graduation out of its base: (2,000 + 3,000 − 2,000) / (2,000 + 3,000) = 60 %', () => {
    expect(all.current.partnerships.mrr.nrr).toBeCloseTo(3_000 / 5_000)
  })

  it('graduation rate 1 of 2 ended; average duration of Q (Feb 1 → Nov 14) and R (Mar 1 → Nov 18)', () => {
    const q = (utc('2026-11-14T00:00:00').getTime() - utc('2026-02-01T00:00:00').getTime()) / day
    const r = (utc('2026-11-18T00:00:00').getTime() - utc('2026-03-01T00:00:00').getTime()) / day
    expect(all.current.partnerships).toMatchObject({ ended: 2, graduated: 1, graduationRate: 1 / 2 })
    expect(all.current.partnerships.averageDurationDays).toBeCloseTo((q + r) / 2)
  })

  it('health of the open ones (P no score yet: healthy; S 45: at risk); referral and testimonial 1 of 4', () => {
    expect(all.current.partnerships.health).toEqual({ healthy: 1, watch: 0, 'at-risk': 1 })
    expect(all.current.partnerships).toMatchObject({ ran: 4, referralRate: 1 / 4, testimonialRate: 1 / 4 })
  })
})

describe('voice agent and forecast', () => {
  it('2 sessions: 1 asked questions, 1 became a lead, mean 75 s, 1.5 questions; one English, one Spanish', () => {
    expect(all.current.voice.summary).toMatchObject({
      sessions: 2,
      engagementRate: 1 / 2,
      sessionToLeadRate: 1 / 2,
      averageDurationSeconds: (120 + 30) / 2,
      questionsPerSession: (3 + 0) / 2,
      languages: { EN: 1, ES: 1 },
    })
    expect(all.current.voice.perDay).toHaveLength(30)
    expect(all.current.voice.perDay.filter((row) => row.sessions > 0)).toEqual([
      { date: '2026-11-04', sessions: 1 },
      { date: '2026-11-06', sessions: 1 },
    ])
  })

  it('the same 2 sessions as the previous period of December: the headline figures only', async () => {
    const december = await executiveReport(database.db, everything, reportPeriod('2026-12', 1, 'UTC'), now + 20 * day)
    expect(december.previous.voice).toEqual({
      summary: {
        sessions: 2,
        averageDurationSeconds: (120 + 30) / 2,
        questionsPerSession: (3 + 0) / 2,
        engagementRate: 1 / 2,
        sessionToLeadRate: 1 / 2,
        languages: { EN: 1, ES: 1 },
      },
    })
  })

  it('December: B 5,000 × 30 % weighted plus P’s 3,500 fee due Dec 12', () => {
    const december = all.forecast.months.find((month) => month.month === '2026-12')!
    expect(december).toMatchObject({ weightedPipeline: 1_500, contracted: 3_500, total: 5_000 })
    expect(all.forecast.months).toHaveLength(6)
  })
})

describe('a Sales Rep’s Limited analytics count only their own records', () => {
  it('tiles: their 2 November leads against 1 in October; deal A open on Nov 1, none now; P billing now', () => {
    expect(tile(repOnly, 'newLeads')).toMatchObject({ value: 2, previous: 1 })
    expect(tile(repOnly, 'pipelineValue')).toMatchObject({ value: 0, previous: 20_000 })
    expect(tile(repOnly, 'activePartners')).toMatchObject({ value: 1, previous: 0 })
    expect(tile(repOnly, 'mrr')).toMatchObject({ value: 3_500, previous: 0, change: null })
  })

  it('their funnel, sales and voice: 2 leads → 2 MQL → 1 SQL → 1 deal → 1 won; A won; the one session of their lead', () => {
    expect(repOnly.current.funnel.map((step) => step.count)).toEqual([2, 2, 1, 1, 1])
    expect(repOnly.current.sales).toMatchObject({ closed: 1, won: 1, winRate: 1 })
    expect(repOnly.current.voice.summary.sessions).toBe(1)
    expect(repOnly.current.roi).toEqual({ calculations: 1, completed: 1, rate: 1 })
    expect(repOnly.team).toBeNull()
  })

  it('Full analytics has the team: the rep won A (20,000), the other rep carries B', () => {
    expect(all.team).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ name: 'Riley Rep', won: 1, wonValue: 20_000, openDeals: 0 }),
        expect.objectContaining({ name: 'Oscar Other', won: 1, lost: 1, openDeals: 1, pipelineValue: 5_000 }),
      ]),
    )
  })
})

describe('the page’s tables and the CSV hold the same figures', () => {
  it('the funnel table and its CSV lines', () => {
    const tables = reportTables(all, november)
    const funnel = tables.find((table) => table.id === 'funnel')!
    expect(funnel.rows.map((row) => row[1])).toEqual([4, 3, 2, 2, 1])
    const csv = reportCsvRows(tables).filter((line) => line.table === funnel.title && line.figure === 'Leads')
    expect(csv.map((line) => line.value)).toEqual([4, 3, 2, 2, 1])
    expect(funnel.rowLinks?.[0]).toBe('/leads?createdFrom=2026-11-01&createdTo=2026-11-30')
  })

  it('reads enum values as the pages do: acronyms and brands spelled, hyphenated bands in words', () => {
    // The fixture's sources, and one more whose name holds an acronym.
    const roi = { ...all.current.sources[0]!, source: 'ROI_CALCULATOR' as const }
    const tables = reportTables(
      { ...all, current: { ...all.current, sources: [...all.current.sources, roi] } },
      november,
    )
    const sources = tables.find((table) => table.id === 'lead-sources')!.rows.map((row) => row[0])
    expect(sources).toEqual(['Voice agent', 'Referral', 'Website', 'ROI calculator'])
    const health = tables.find((table) => table.id === 'health')!.rows.map((row) => row[0])
    expect(health).toEqual(['Healthy', 'Watch', 'At risk'])
  })

  it('reads the voice agent’s topic and objection tags in words, as the session page does', () => {
    const voice = {
      ...all.current.voice,
      summary: {
        ...all.current.voice.summary,
        topics: [
          { value: 'real_estate', count: 2 },
          { value: 'hvac', count: 1 },
        ],
      },
      byIndustry: [
        {
          industry: 'PROPERTY_MANAGEMENT',
          topics: [{ value: 'real_estate', count: 2 }],
          objections: [{ value: 'too_expensive', count: 1 }],
        },
      ],
    }
    const tables = reportTables({ ...all, current: { ...all.current, voice } }, november)
    const topics = tables.find((table) => table.id === 'voice-topics')!.rows.filter((row) => row[0] === 'Topic')
    expect(topics).toEqual([
      ['Topic', 'Real estate', 2],
      ['Topic', 'HVAC', 1],
    ])
    expect(tables.find((table) => table.id === 'voice-by-industry')!.rows).toEqual([
      ['Property management', 'real estate (2)', 'too expensive (1)'],
    ])
  })
})
