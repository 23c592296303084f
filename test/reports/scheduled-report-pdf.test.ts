import type { Browser } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { reportCatalogue, reportKeys } from '../../domain/reports/report-catalogue'
import { reportPeriod } from '../../domain/reports/report-period'
import { scheduledReportCsv } from '../../lib/reports/scheduled-report-input'
import { renderScheduledReportPdf } from '../../lib/reports/scheduled-report-pdf'
import { createRecordedReportData } from '../../services/reports/report-data'
import { launchBrowser } from '../support/browser'
import { voiceSession } from '../support/analytics-records'
import { createTestDatabase, type TestDatabase } from '../support/database'
import { parsePdf, renderPdfPageInChromium } from '../support/pdf-render'

// Every §10.3 report computed from recorded history on real PostgreSQL and rendered (decision 0039). The revenue
// forecast's figures are worked out by hand; its PDF, with its line chart, is rendered in Chromium to be looked at.

const ny = 'America/New_York'
let database: TestDatabase
let browser: Browser

beforeAll(async () => {
  ;[database, browser] = await Promise.all([createTestDatabase(), launchBrowser()])
  const { db } = database
  const company = await db.company.create({
    data: {
      name: 'Bayside HVAC',
      industry: 'HVAC',
      employeeCount: 'RANGE_10_25',
      businessModel: 'SERVICE',
      source: 'REFERRAL',
    },
    select: { id: true },
  })
  const contact = await db.contact.create({
    data: { companyId: company.id, firstName: 'Jo', lastName: 'Reyes', email: 'jo@bayside.example', role: 'OWNER' },
    select: { id: true },
  })
  const deal = (data: { stage: 'PROPOSAL_SENT' | 'CLOSED_WON'; value: number; probability: number; close: string }) =>
    db.opportunity.create({
      data: {
        name: `Deal ${data.stage}`,
        companyId: company.id,
        primaryContactId: contact.id,
        tier: 'FOUNDATION',
        stage: data.stage,
        setupFee: 5000,
        monthlyFee: 3500,
        totalContractValue: data.value,
        probability: data.probability,
        expectedCloseDate: new Date(data.close),
        actualCloseDate: data.stage === 'CLOSED_WON' ? new Date(data.close) : null,
        createdAt: new Date('2027-01-10T15:00:00Z'),
      },
      select: { id: true },
    })
  await deal({ stage: 'PROPOSAL_SENT', value: 20_000, probability: 50, close: '2027-04-10T15:00:00Z' })
  const won = await deal({ stage: 'CLOSED_WON', value: 26_000, probability: 100, close: '2027-03-05T15:00:00Z' })
  const partnership = await db.partnership.create({
    data: {
      opportunityId: won.id,
      companyId: company.id,
      tier: 'FOUNDATION',
      status: 'ACTIVE',
      startDate: new Date('2027-03-06T15:00:00Z'),
      targetEndDate: new Date('2027-06-06T15:00:00Z'),
      monthlyFee: 3500,
      healthScore: 45,
      atRisk: true,
      riskReasons: ['Missed two weekly meetings'],
      createdAt: new Date('2027-03-06T15:00:00Z'),
    },
    select: { id: true },
  })
  await db.payment.create({
    data: { partnershipId: partnership.id, type: 'MONTHLY', amount: 3500, dueDate: new Date('2027-05-01T15:00:00Z') },
  })
  await db.dealStageTransition.create({
    data: {
      opportunityId: won.id,
      toStage: 'CLOSED_WON',
      enteredAt: new Date('2027-03-05T15:00:00Z'),
      idempotencyKey: 'won',
    },
  })
})

afterAll(async () => {
  await browser?.close()
  await database?.drop()
})

describe('the seven scheduled reports', () => {
  it('each computes from recorded history and renders a PDF and a CSV', async () => {
    const data = createRecordedReportData(database.db)
    for (const report of reportKeys) {
      const definition = reportCatalogue[report]
      const period = reportPeriod(definition.frequency, new Date('2027-04-01T11:00:00Z'), ny)
      const { figures } = await data.snapshot(report, period)
      const document = {
        title: definition.title,
        audience: definition.audience,
        periodLabel: period.label,
        timeZone: ny,
        preparedAt: new Date('2027-04-01T11:00:05Z'),
        figures,
        staleReason: null,
      }
      const pdf = await parsePdf(await renderScheduledReportPdf(document))
      expect(pdf.pages[0], report).toContain(definition.title)
      expect(scheduledReportCsv(document).split('\r\n')[0], report).toBe(figures.table.columns.join(','))
    }
  })

  it('forecasts April and May from the open deal and the contracted fee, and draws it as a line chart', async () => {
    const period = reportPeriod('Monthly', new Date('2027-04-01T11:00:00Z'), ny)
    const { figures } = await createRecordedReportData(database.db).snapshot('revenue-forecast', period)
    // April: $20,000 × 50 % = $10,000 weighted; May: the $3,500 monthly fee due 1 May; six months from April.
    expect(figures.table.rows).toEqual([
      ['2027-04', 10_000, 0, 10_000],
      ['2027-05', 0, 3_500, 3_500],
      ['2027-06', 0, 0, 0],
      ['2027-07', 0, 0, 0],
      ['2027-08', 0, 0, 0],
      ['2027-09', 0, 0, 0],
    ])
    expect(figures.headline[0]).toEqual({ label: 'Next 6 months', value: '$13,500' })
    const bytes = await renderScheduledReportPdf({
      title: 'Revenue Forecast',
      audience: 'Executive',
      periodLabel: period.label,
      timeZone: ny,
      preparedAt: new Date('2027-04-01T11:00:05Z'),
      figures,
      staleReason: null,
    })
    const page = await renderPdfPageInChromium(browser, bytes, { page: 1, name: 'scheduled-report-revenue-forecast' })
    expect(page.inkedShare).toBeGreaterThan(0.05)
  })

  it('lists the partnership at risk with its reason', async () => {
    const period = reportPeriod('Weekly', new Date('2027-03-15T11:00:00Z'), ny)
    const { figures } = await createRecordedReportData(database.db).snapshot('partnership-health', period)
    expect(figures.charts[0]!.series[0]!.values).toEqual([0, 0, 1, 0])
    expect(figures.notes).toEqual(['Bayside HVAC: Missed two weekly meetings'])
  })

  it('names the voice agent’s common topics in words, as the session page does', async () => {
    await voiceSession(database.db, {
      startTime: new Date('2027-03-10T15:00:00Z'),
      totalQuestions: 2,
      topics: ['real_estate', 'roi'],
    })
    // The week before Monday, March 15.
    const period = reportPeriod('Weekly', new Date('2027-03-15T11:00:00Z'), ny)
    const { figures } = await createRecordedReportData(database.db).snapshot('voice-agent-analytics', period)
    const topics = figures.charts.find((chart) => chart.title === 'Common topics')!
    expect(topics.categories).toEqual(['Real estate', 'ROI'])
  })
})
