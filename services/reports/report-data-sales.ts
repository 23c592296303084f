// Lead source performance, pipeline status, revenue forecast and industry breakdown from recorded history.
import { conversionFunnel, formatChange, relativeChange } from '../../domain/analytics/funnel'
import { revenueForecast } from '../../domain/analytics/revenue-forecast'
import { averageDealSize, winRate, type ClosedDeal } from '../../domain/analytics/sales-metrics'
import { openStages } from '../../domain/deals/pipeline-policy'
import { costPerLeadBySource, monthsTouched } from '../../domain/analytics/cost-per-lead'
import { formatFigure } from '../../domain/reports/report-figures'
import type { ReportKey } from '../../domain/reports/report-catalogue'
import { historyCounts, toNumber, type ReportLoader } from './report-data'
import { enumWords } from '../../domain/records/enum-words'

const leadSourcePerformance: ReportLoader = async (db, period, window) => {
  const leadsIn = (from: Date, to: Date) =>
    db.lead.findMany({
      where: { createdAt: { gte: from, lt: to } },
      select: {
        source: true,
        marketingQualifiedAt: true,
        salesQualifiedAt: true,
        convertedToOpportunityId: true,
        convertedToOpportunity: { select: { stage: true } },
      },
    })
  const length = period.to.getTime() - period.from.getTime()
  const range = { fromMs: period.from.getTime(), toMs: period.to.getTime() }
  const [leads, previousCount, history, spends] = await Promise.all([
    leadsIn(period.from, period.to),
    db.lead.count({ where: { createdAt: { gte: new Date(period.from.getTime() - length), lt: period.from } } }),
    historyCounts(window, (range) => db.lead.count({ where: { createdAt: range } })),
    db.marketingSpend.findMany({
      where: { month: { in: monthsTouched(range, period.timeZone) } },
      select: { source: true, month: true, amountCents: true },
    }),
  ])
  const sources = [...new Set(leads.map((lead) => lead.source))].sort()
  // §10.2 cost per lead by source, by the rule of the Reports page (decision 0040): the week's share of each month.
  const costs = costPerLeadBySource(
    spends,
    sources.map((source) => ({ source, leads: leads.filter((lead) => lead.source === source).length })),
    range,
    period.timeZone,
  )
  const spendCents = costs.reduce((sum, row) => sum + row.spendCents, 0)
  const rows = sources.map((source) => {
    const of = leads.filter((lead) => lead.source === source)
    const funnel = conversionFunnel({
      leads: of.length,
      mql: of.filter((lead) => lead.marketingQualifiedAt).length,
      sql: of.filter((lead) => lead.salesQualifiedAt).length,
      opportunity: of.filter((lead) => lead.convertedToOpportunityId).length,
      won: of.filter((lead) => lead.convertedToOpportunity?.stage === 'CLOSED_WON').length,
    })
    const cost = costs.find((row) => row.source === source)
    return { source: enumWords(source), funnel, cost }
  })
  const mql = leads.filter((lead) => lead.marketingQualifiedAt).length
  return {
    history: { ...history, events: 'leads created' },
    figures: {
      headline: [
        {
          label: 'Leads',
          value: String(leads.length),
          note: `${formatChange(relativeChange(leads.length, previousCount))} vs the period before (${previousCount})`,
        },
        { label: 'Lead to MQL', value: formatFigure(leads.length === 0 ? null : mql / leads.length, 'percent') },
        { label: 'Sources', value: String(sources.length) },
      ],
      charts: [
        {
          kind: 'bar',
          title: 'Leads and MQLs by source',
          unit: 'count',
          categories: rows.map((row) => row.source),
          series: [
            { name: 'Leads', values: rows.map((row) => row.funnel[0]!.count) },
            { name: 'MQL', values: rows.map((row) => row.funnel[1]!.count) },
          ],
        },
      ],
      table: {
        columns: [
          'Source',
          'Leads',
          'MQL',
          'SQL',
          'Opportunity',
          'Closed Won',
          'Lead to MQL',
          'Spend (USD)',
          'Cost per lead (USD)',
        ],
        rows: rows.map((row) => [
          row.source,
          ...row.funnel.map((step) => step.count),
          row.funnel[1]!.rateFromPrevious === null ? '' : round(row.funnel[1]!.rateFromPrevious),
          row.cost && row.cost.missingMonths.length === 0 ? row.cost.spendCents / 100 : '',
          row.cost?.costPerLeadCents == null ? '' : row.cost.costPerLeadCents / 100,
        ]),
      },
      notes:
        spends.length === 0
          ? []
          : [
              `Marketing spend in the period: ${formatFigure(spendCents / 100, 'usd')} (each month's spend spread over its days); cost per lead is blank where a month's spend is not entered.`,
            ],
    },
  }
}

const pipelineStatus: ReportLoader = async (db, period, window) => {
  const [open, closed, moves, history] = await Promise.all([
    db.opportunity.findMany({
      where: { stage: { in: [...openStages] }, createdAt: { lt: period.to } },
      select: { stage: true, totalContractValue: true, probability: true },
    }),
    db.opportunity.findMany({
      where: { stage: { in: ['CLOSED_WON', 'CLOSED_LOST'] }, actualCloseDate: { gte: period.from, lt: period.to } },
      select: { stage: true, totalContractValue: true, createdAt: true, actualCloseDate: true, lostReason: true },
    }),
    db.dealStageTransition.count({ where: { enteredAt: { gte: period.from, lt: period.to } } }),
    historyCounts(window, (range) => db.dealStageTransition.count({ where: { enteredAt: range } })),
  ])
  const closedDeals: ClosedDeal[] = closed.map((deal) => ({
    won: deal.stage === 'CLOSED_WON',
    value: toNumber(deal.totalContractValue),
    createdAtMs: deal.createdAt.getTime(),
    closedAtMs: deal.actualCloseDate!.getTime(),
    reachedProposal: false,
    lostReason: deal.lostReason,
  }))
  const byStage = openStages.map((stage) => {
    const of = open.filter((deal) => deal.stage === stage)
    const value = of.reduce((sum, deal) => sum + toNumber(deal.totalContractValue), 0)
    const weighted = of.reduce((sum, deal) => sum + (toNumber(deal.totalContractValue) * deal.probability) / 100, 0)
    return { stage: enumWords(stage), deals: of.length, value, weighted }
  })
  const total = byStage.reduce((sum, row) => sum + row.value, 0)
  return {
    history: { ...history, events: 'deal stage moves' },
    figures: {
      headline: [
        { label: 'Open deals', value: String(open.length) },
        { label: 'Pipeline value', value: formatFigure(total, 'usd') },
        { label: 'Stage moves', value: String(moves) },
        { label: 'Win rate (closed this period)', value: formatFigure(winRate(closedDeals), 'percent') },
        { label: 'Average won deal', value: formatFigure(averageDealSize(closedDeals), 'usd') },
      ],
      charts: [
        {
          kind: 'bar',
          title: 'Pipeline value by stage',
          unit: 'usd',
          categories: byStage.map((row) => row.stage),
          series: [
            { name: 'Value', values: byStage.map((row) => row.value) },
            { name: 'Weighted', values: byStage.map((row) => round(row.weighted)) },
          ],
        },
      ],
      table: {
        columns: ['Stage', 'Deals', 'Value', 'Weighted value'],
        rows: byStage.map((row) => [row.stage, row.deals, row.value, round(row.weighted)]),
      },
      notes: [],
    },
  }
}

const revenueForecastReport: ReportLoader = async (db, period, window) => {
  const [deals, payments, history] = await Promise.all([
    db.opportunity.findMany({
      where: { stage: { in: [...openStages] } },
      select: { totalContractValue: true, probability: true, expectedCloseDate: true, createdAt: true },
    }),
    db.payment.findMany({
      where: { status: { in: ['PENDING'] }, dueDate: { gte: period.to } },
      select: { amount: true, dueDate: true },
    }),
    historyCounts(window, async (range) => {
      const [moves, paid] = await Promise.all([
        db.dealStageTransition.count({ where: { enteredAt: range } }),
        db.payment.count({ where: { paidDate: range } }),
      ])
      return moves + paid
    }),
  ])
  const months = revenueForecast(
    deals.map((deal) => ({
      value: toNumber(deal.totalContractValue),
      probability: deal.probability,
      expectedCloseMs: (deal.expectedCloseDate ?? deal.createdAt).getTime(),
    })),
    payments.map((payment) => ({ amount: toNumber(payment.amount), dueAtMs: payment.dueDate.getTime() })),
    period.to.getTime(),
    6,
    period.timeZone,
  )
  const total = months.reduce((sum, month) => sum + month.total, 0)
  return {
    history: { ...history, events: 'deal stage moves or payments' },
    figures: {
      headline: [
        { label: 'Next 6 months', value: formatFigure(total, 'usd') },
        { label: 'Next month', value: formatFigure(months[0]?.total ?? 0, 'usd') },
        { label: 'Open deals weighed', value: String(deals.length) },
      ],
      charts: [
        {
          kind: 'line',
          title: 'Forecast by month',
          unit: 'usd',
          categories: months.map((month) => month.month),
          series: [
            { name: 'Weighted pipeline', values: months.map((month) => round(month.weightedPipeline)) },
            { name: 'Contracted fees', values: months.map((month) => round(month.contracted)) },
            { name: 'Total', values: months.map((month) => round(month.total)) },
          ],
        },
      ],
      table: {
        columns: ['Month', 'Weighted pipeline', 'Contracted fees', 'Total'],
        rows: months.map((month) => [
          month.month,
          round(month.weightedPipeline),
          round(month.contracted),
          round(month.total),
        ]),
      },
      notes: [],
    },
  }
}

const industryBreakdown: ReportLoader = async (db, period, window) => {
  const range = { gte: period.from, lt: period.to }
  const [leads, won, calculations, history] = await Promise.all([
    db.lead.findMany({ where: { createdAt: range }, select: { industry: true, marketingQualifiedAt: true } }),
    db.opportunity.findMany({
      where: { stage: 'CLOSED_WON', actualCloseDate: range },
      select: { totalContractValue: true, company: { select: { industry: true } } },
    }),
    db.rOICalculation.findMany({ where: { createdAt: range }, select: { industry: true } }),
    historyCounts(window, (counted) => db.lead.count({ where: { createdAt: counted } })),
  ])
  const industries = [
    ...new Set([
      ...leads.map((lead) => lead.industry ?? 'OTHER'),
      ...won.map((deal) => deal.company.industry),
      ...calculations.map((calculation) => calculation.industry),
    ]),
  ].sort()
  const rows = industries.map((industry) => {
    const ofLeads = leads.filter((lead) => (lead.industry ?? 'OTHER') === industry)
    const ofWon = won.filter((deal) => deal.company.industry === industry)
    return {
      industry: enumWords(industry),
      leads: ofLeads.length,
      mql: ofLeads.filter((lead) => lead.marketingQualifiedAt).length,
      roiCalculations: calculations.filter((calculation) => calculation.industry === industry).length,
      won: ofWon.length,
      wonValue: ofWon.reduce((sum, deal) => sum + toNumber(deal.totalContractValue), 0),
    }
  })
  return {
    history: { ...history, events: 'leads created' },
    figures: {
      headline: [
        { label: 'Leads', value: String(leads.length) },
        { label: 'Industries', value: String(industries.length) },
        {
          label: 'Won',
          value: formatFigure(
            rows.reduce((sum, row) => sum + row.wonValue, 0),
            'usd',
          ),
        },
      ],
      charts: [
        {
          kind: 'bar',
          title: 'Leads and ROI calculations by industry',
          unit: 'count',
          categories: rows.map((row) => row.industry),
          series: [
            { name: 'Leads', values: rows.map((row) => row.leads) },
            { name: 'ROI calculations', values: rows.map((row) => row.roiCalculations) },
          ],
        },
      ],
      table: {
        columns: ['Industry', 'Leads', 'MQL', 'ROI calculations', 'Deals won', 'Won value'],
        rows: rows.map((row) => [row.industry, row.leads, row.mql, row.roiCalculations, row.won, row.wonValue]),
      },
      notes: [],
    },
  }
}

/** Rates and money to 4 decimals, so the CSV and the figures stay exact enough and JSON-stable. */
export const round = (value: number) => Math.round(value * 10_000) / 10_000

export const salesReports: Record<
  Extract<ReportKey, 'lead-source-performance' | 'pipeline-status' | 'revenue-forecast' | 'industry-breakdown'>,
  ReportLoader
> = {
  'lead-source-performance': leadSourcePerformance,
  'pipeline-status': pipelineStatus,
  'revenue-forecast': revenueForecastReport,
  'industry-breakdown': industryBreakdown,
}
