// Voice agent analytics, partnership health and ROI calculator analytics from recorded history.
import { everything } from '../analytics/analytics-scope'
import { voiceReport } from '../analytics/voice-metrics'
import { healthBandOf } from '../../domain/partnerships/health-score'
import type { ReportKey } from '../../domain/reports/report-catalogue'
import { formatFigure } from '../../domain/reports/report-figures'
import { historyCounts, type ReportLoader } from './report-data'
import { round } from './report-data-sales'
import { enumWords } from '../../domain/records/enum-words'

const voiceAgentAnalytics: ReportLoader = async (db, period, window) => {
  const range = { fromMs: period.from.getTime(), toMs: period.to.getTime(), timeZone: period.timeZone }
  const [{ summary, perDay: days }, history] = await Promise.all([
    voiceReport(db, everything, range),
    historyCounts(window, (range) => db.voiceSession.count({ where: { startTime: range } })),
  ])
  return {
    history: { ...history, events: 'voice agent sessions' },
    figures: {
      headline: [
        { label: 'Sessions', value: String(summary.sessions) },
        { label: 'Engagement rate', value: formatFigure(summary.engagementRate, 'percent') },
        { label: 'Session to lead', value: formatFigure(summary.sessionToLeadRate, 'percent') },
        { label: 'Average duration', value: formatFigure(summary.averageDurationSeconds, 'seconds') },
        { label: 'Questions per session', value: formatFigure(summary.questionsPerSession, 'count') },
      ],
      charts: [
        {
          kind: 'line',
          title: 'Sessions per day',
          unit: 'count',
          categories: days.map((day) => day.date.slice(5)),
          series: [{ name: 'Sessions', values: days.map((day) => day.sessions) }],
        },
        {
          kind: 'bar',
          title: 'Common topics',
          unit: 'count',
          categories: summary.topics.slice(0, 6).map((topic) => enumWords(topic.value)),
          series: [{ name: 'Sessions', values: summary.topics.slice(0, 6).map((topic) => topic.count) }],
        },
      ],
      table: { columns: ['Date', 'Sessions'], rows: days.map((day) => [day.date, day.sessions]) },
      notes: [
        `Languages: English ${summary.languages.EN}, Spanish ${summary.languages.ES}.`,
        `Intents: ${summary.intents.map((intent) => `${enumWords(intent.value)} ${intent.count}`).join(', ') || 'none'}.`,
      ],
    },
  }
}

const healthBands = ['Healthy', 'Watch', 'At risk', 'Not scored'] as const
/** The bands of §5.2 as the partnership workflow judges them (healthBandOf); a partnership not yet scored apart. */
function bandOf(score: number | null): (typeof healthBands)[number] {
  if (score === null) return 'Not scored'
  return ({ healthy: 'Healthy', watch: 'Watch', 'at-risk': 'At risk' } as const)[healthBandOf(score)]
}

const partnershipHealth: ReportLoader = async (db, period, window) => {
  const [partnerships, history] = await Promise.all([
    db.partnership.findMany({
      where: { status: { in: ['ONBOARDING', 'ACTIVE', 'COMPLETING', 'PAUSED'] }, createdAt: { lt: period.to } },
      select: {
        tier: true,
        status: true,
        healthScore: true,
        atRisk: true,
        riskReasons: true,
        monthlyFee: true,
        company: { select: { name: true } },
      },
      orderBy: [{ healthScore: 'asc' }],
    }),
    historyCounts(window, async (range) => {
      const [snapshots, changes, payments, activities] = await Promise.all([
        db.partnershipHealthSnapshot.count({ where: { at: range } }),
        db.partnershipStatusChange.count({ where: { at: range } }),
        db.payment.count({ where: { paidDate: range } }),
        db.activity.count({ where: { partnershipId: { not: null }, createdAt: range } }),
      ])
      return snapshots + changes + payments + activities
    }),
  ])
  const counts = healthBands.map((band) => partnerships.filter((p) => bandOf(p.healthScore) === band).length)
  const atRisk = partnerships.filter((p) => p.atRisk)
  return {
    history: { ...history, events: 'partnership events (health scores, status changes, payments, activities)' },
    figures: {
      headline: [
        { label: 'Open partnerships', value: String(partnerships.length) },
        { label: 'At risk', value: String(atRisk.length) },
        { label: 'Healthy', value: String(counts[0]) },
      ],
      charts: [
        {
          kind: 'bar',
          title: 'Partnerships by health',
          unit: 'count',
          categories: [...healthBands],
          series: [{ name: 'Partnerships', values: counts }],
        },
      ],
      table: {
        columns: ['Company', 'Tier', 'Status', 'Health score', 'At risk', 'Monthly fee'],
        rows: partnerships.map((p) => [
          p.company.name,
          enumWords(p.tier),
          enumWords(p.status),
          p.healthScore ?? '',
          p.atRisk ? 'yes' : 'no',
          Number(p.monthlyFee.toString()),
        ]),
      },
      notes: atRisk.map((p) => `${p.company.name}: ${p.riskReasons.join('; ') || 'at risk'}`),
    },
  }
}

const roiCalculatorAnalytics: ReportLoader = async (db, period, window) => {
  const [calculations, history] = await Promise.all([
    db.rOICalculation.findMany({
      where: { createdAt: { gte: period.from, lt: period.to } },
      select: {
        industry: true,
        emailCaptured: true,
        reportRequested: true,
        timeOnCalculator: true,
        selectedTier: true,
      },
    }),
    historyCounts(window, (range) => db.rOICalculation.count({ where: { createdAt: range } })),
  ])
  const industries = [...new Set(calculations.map((calculation) => calculation.industry))].sort()
  const rows = industries.map((industry) => {
    const of = calculations.filter((calculation) => calculation.industry === industry)
    return {
      industry: enumWords(industry),
      calculations: of.length,
      emails: of.filter((calculation) => calculation.emailCaptured).length,
      reports: of.filter((calculation) => calculation.reportRequested).length,
    }
  })
  const share = (part: number) => (calculations.length === 0 ? null : part / calculations.length)
  const emails = calculations.filter((calculation) => calculation.emailCaptured).length
  const reports = calculations.filter((calculation) => calculation.reportRequested).length
  const seconds = calculations.reduce((sum, calculation) => sum + calculation.timeOnCalculator, 0)
  return {
    history: { ...history, events: 'ROI calculations' },
    figures: {
      headline: [
        { label: 'Calculations', value: String(calculations.length) },
        { label: 'Email captured', value: formatFigure(share(emails), 'percent') },
        { label: 'Report requested', value: formatFigure(share(reports), 'percent') },
        {
          label: 'Average time on calculator',
          value: formatFigure(calculations.length === 0 ? null : seconds / calculations.length, 'seconds'),
        },
      ],
      charts: [
        {
          kind: 'bar',
          title: 'Calculations by industry',
          unit: 'count',
          categories: rows.map((row) => row.industry),
          series: [
            { name: 'Calculations', values: rows.map((row) => row.calculations) },
            { name: 'Email captured', values: rows.map((row) => row.emails) },
          ],
        },
      ],
      table: {
        columns: ['Industry', 'Calculations', 'Email captured', 'Report requested', 'Email capture rate'],
        rows: rows.map((row) => [
          row.industry,
          row.calculations,
          row.emails,
          row.reports,
          round(row.emails / row.calculations),
        ]),
      },
      notes: [],
    },
  }
}

export const engagementReports: Record<
  Extract<ReportKey, 'voice-agent-analytics' | 'partnership-health' | 'roi-calculator-analytics'>,
  ReportLoader
> = {
  'voice-agent-analytics': voiceAgentAnalytics,
  'partnership-health': partnershipHealth,
  'roi-calculator-analytics': roiCalculatorAnalytics,
}
