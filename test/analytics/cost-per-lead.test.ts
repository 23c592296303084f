import { randomUUID } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { reportPeriod } from '../../domain/analytics/report-period'
import { everything } from '../../services/analytics/analytics-scope'
import { executiveReport } from '../../services/analytics/executive-report'
import { reportCsvRows, reportTables } from '../../services/analytics/report-tables'
import { reportPeriod as scheduledPeriod } from '../../domain/reports/report-period'
import { createRecordedReportData } from '../../services/reports/report-data'
import type { LeadSource } from '../../prisma/generated/enums'
import { createUser } from '../support/actors'
import { createTestDatabase, type TestDatabase } from '../support/database'

// §10.2 cost per lead by source on the Reports page, from leads and spend built here on a real PostgreSQL. Every
// expected figure is worked out by hand in the comments (decision 0040: a month's spend spread over its days).

let database: TestDatabase
const novemberEnd = Date.parse('2027-01-15T00:00:00Z')

async function lead(source: LeadSource, createdAt: string, assignedToId: string | null = null) {
  await database.db.lead.create({
    data: { email: `spend-${randomUUID()}@example.com`, source, createdAt: new Date(createdAt), assignedToId },
    select: { id: true },
  })
}

async function spend(source: LeadSource, month: string, amountCents: number) {
  await database.db.marketingSpend.create({ data: { source, month, amountCents }, select: { id: true } })
}

let repId: string

beforeAll(async () => {
  database = await createTestDatabase()
  repId = (await createUser(database.db, { role: 'SALES_REP' })).id
  // October: 2 paid-ads leads. November: 4 paid-ads leads (one of them the rep's), 3 referrals. December: 1 event lead.
  await lead('PAID_ADS', '2026-10-03T09:00:00Z')
  await lead('PAID_ADS', '2026-10-28T15:00:00Z')
  await lead('PAID_ADS', '2026-11-01T00:00:00Z')
  await lead('PAID_ADS', '2026-11-09T10:00:00Z', repId)
  await lead('PAID_ADS', '2026-11-17T10:00:00Z')
  await lead('PAID_ADS', '2026-11-30T23:59:00Z')
  await lead('REFERRAL', '2026-11-02T10:00:00Z')
  await lead('REFERRAL', '2026-11-12T10:00:00Z')
  await lead('REFERRAL', '2026-11-22T10:00:00Z')
  await lead('INDUSTRY_EVENT', '2026-12-05T10:00:00Z')
  await spend('PAID_ADS', '2026-10', 155_000) // $1,550
  await spend('PAID_ADS', '2026-11', 300_000) // $3,000
  await spend('INDUSTRY_EVENT', '2026-11', 90_000) // $900
  await spend('INDUSTRY_EVENT', '2026-12', 310_000) // $3,100
})

afterAll(async () => {
  await database?.drop()
})

describe('cost per lead by source on the Reports page', () => {
  it('November against October, whole months', async () => {
    const report = await executiveReport(database.db, everything, reportPeriod('2026-11', 1, 'UTC'), novemberEnd)
    expect(report.current.costPerLead).toEqual([
      // $3,000 ÷ 4 leads = $750
      { source: 'PAID_ADS', leads: 4, spendCents: 300_000, costPerLeadCents: 75_000, missingMonths: [] },
      // $900 and no lead: no cost per lead
      { source: 'INDUSTRY_EVENT', leads: 0, spendCents: 90_000, costPerLeadCents: null, missingMonths: [] },
      // 3 leads and no spend entered: unknown
      { source: 'REFERRAL', leads: 3, spendCents: 0, costPerLeadCents: null, missingMonths: ['2026-11'] },
    ])
    // $1,550 ÷ 2 leads = $775
    expect(report.previous.costPerLead).toEqual([
      { source: 'PAID_ADS', leads: 2, spendCents: 155_000, costPerLeadCents: 77_500, missingMonths: [] },
    ])
  })

  it('a running month counts the spend of its days so far: 10 of December’s 31 days', async () => {
    const tenthOfDecember = Date.parse('2026-12-11T00:00:00Z')
    const report = await executiveReport(database.db, everything, reportPeriod('2026-12', 1, 'UTC'), tenthOfDecember)
    // 10/31 × $3,100 = $1,000 for the one event lead; paid ads entered nothing for December.
    expect(report.current.costPerLead).toEqual([
      { source: 'INDUSTRY_EVENT', leads: 1, spendCents: 100_000, costPerLeadCents: 100_000, missingMonths: [] },
    ])
  })

  it('three months: October to December, with December’s paid-ads spend missing', async () => {
    const report = await executiveReport(database.db, everything, reportPeriod('2026-10', 3, 'UTC'), novemberEnd)
    expect(report.current.costPerLead).toEqual([
      // $1,550 + $3,000 = $4,550 known; December not entered, so no cost per lead
      { source: 'PAID_ADS', leads: 6, spendCents: 455_000, costPerLeadCents: null, missingMonths: ['2026-12'] },
      // $900 + $3,100 = $4,000; October not entered
      { source: 'INDUSTRY_EVENT', leads: 1, spendCents: 400_000, costPerLeadCents: null, missingMonths: ['2026-10'] },
      {
        source: 'REFERRAL',
        leads: 3,
        spendCents: 0,
        costPerLeadCents: null,
        missingMonths: ['2026-10', '2026-11', '2026-12'],
      },
    ])
    // With October's event spend entered as 0, the event lead cost $4,000.
    await spend('INDUSTRY_EVENT', '2026-10', 0)
    const again = await executiveReport(database.db, everything, reportPeriod('2026-10', 3, 'UTC'), novemberEnd)
    expect(again.current.costPerLead?.find((row) => row.source === 'INDUSTRY_EVENT')?.costPerLeadCents).toBe(400_000)
    await database.db.marketingSpend.deleteMany({ where: { source: 'INDUSTRY_EVENT', month: '2026-10' } })
  })

  it('is the same figure in the page’s table and in the CSV, in dollars, with the link to the source’s leads', async () => {
    const period = reportPeriod('2026-11', 1, 'UTC')
    const tables = reportTables(await executiveReport(database.db, everything, period, novemberEnd), period)
    const table = tables.find((entry) => entry.id === 'cost-per-lead')!
    expect(table.rows[0]).toEqual(['Paid ads', 4, 3000, 750, 1550, 775, ''])
    expect(table.rowLinks?.[0]).toBe('/leads?source=paid_ads&createdFrom=2026-11-01&createdTo=2026-11-30')
    expect(
      reportCsvRows(tables).filter((line) => line.table === 'Cost per lead by source' && line.row === 'Paid ads'),
    ).toEqual([
      { table: 'Cost per lead by source', row: 'Paid ads', figure: 'Leads', value: 4 },
      { table: 'Cost per lead by source', row: 'Paid ads', figure: 'Spend', value: 3000 },
      { table: 'Cost per lead by source', row: 'Paid ads', figure: 'Cost per lead', value: 750 },
      { table: 'Cost per lead by source', row: 'Paid ads', figure: 'Previous spend', value: 1550 },
      { table: 'Cost per lead by source', row: 'Paid ads', figure: 'Previous cost per lead', value: 775 },
      { table: 'Cost per lead by source', row: 'Paid ads', figure: 'Spend not entered for', value: '' },
    ])
  })

  it('is not part of a Sales Rep’s own numbers: the spend buys the agency’s leads, not theirs', async () => {
    const period = reportPeriod('2026-11', 1, 'UTC')
    const report = await executiveReport(database.db, { ownerId: repId, full: false }, period, novemberEnd)
    expect(report.current.costPerLead).toBeNull()
    expect(reportTables(report, period).some((table) => table.id === 'cost-per-lead')).toBe(false)
  })
})

describe('cost per lead in the weekly Lead Source Performance report', () => {
  it('week 47 of 2026 (16–22 November, UTC) carries 7 of November’s 30 days of spend', async () => {
    const period = scheduledPeriod('Weekly', new Date('2026-11-23T07:00:00Z'), 'UTC')
    expect(period.key).toBe('2026-W47')
    const { figures } = await createRecordedReportData(database.db).snapshot('lead-source-performance', period)
    expect(figures.table.columns.slice(-2)).toEqual(['Spend (USD)', 'Cost per lead (USD)'])
    // Paid ads: 1 lead (17 Nov); 7/30 × $3,000 = $700. Referral: 1 lead (22 Nov), no spend entered: blank.
    expect(figures.table.rows).toEqual([
      ['Paid ads', 1, 0, 0, 0, 0, 0, 700, 700],
      ['Referral', 1, 0, 0, 0, 0, 0, '', ''],
    ])
    // The week's share of the event spend counts too: 7/30 × $900 = $210, so $910 in all.
    expect(figures.notes[0]).toMatch(/^Marketing spend in the period: \$910 /)
  })
})
