import { monthRuns } from '../../domain/analytics/cost-per-lead'
import { funnelLabels } from '../../domain/analytics/funnel'
import type { ZonedRange } from '../../domain/analytics/report-period'
import { funnelDrillLinks, leadsListLink, listLink } from './drill-links'
import type { ExecutiveReport, PeriodFigures } from './executive-report'
import { enumWords, enumWordsInline } from '../../domain/records/enum-words'

// Every figure of the Reports page as plain tables: the page prints them under its charts and the CSV export
// writes the same rows, so a chart, its table and the file can never disagree.

export type ColumnKind = 'text' | 'count' | 'money' | 'rate' | 'days' | 'seconds' | 'number'

export interface ReportTable {
  id: string
  title: string
  columns: { label: string; kind: ColumnKind }[]
  rows: (string | number | null)[][]
  /** For tables of mixed metrics: how each row's figures read (overrides a 'number' column). */
  rowKinds?: ColumnKind[]
  /** The records behind each row, where a list can show them. */
  rowLinks?: (string | null)[]
}

const text = (label: string) => ({ label, kind: 'text' as const })
const col = (label: string, kind: ColumnKind) => ({ label, kind })
// Health bands are written with hyphens ('at-risk'): read like every other enum value.
const words = (value: string) => enumWords(value.replaceAll('-', '_'))

export function reportTables(report: ExecutiveReport, period: ZonedRange): ReportTable[] {
  const { current, previous } = report
  type Metric = [string, ColumnKind, (figures: PeriodFigures) => number | null]
  const metricTable = (id: string, title: string, metrics: Metric[]): ReportTable => ({
    id,
    title,
    columns: [text('Metric'), col('This period', 'number'), col('Previous period', 'number')],
    rows: metrics.map(([label, , pick]) => [label, pick(current), pick(previous)]),
    rowKinds: metrics.map(([, kind]) => kind),
  })
  const sourceNames = [...new Set([...current.sources, ...previous.sources].map((row) => row.source))]
  const tables: ReportTable[] = [
    {
      id: 'tiles',
      title: 'Key figures',
      columns: [text('Figure'), col('This period', 'number'), col('Previous period', 'number'), col('Change', 'rate')],
      rows: report.tiles.map((tile) => [tile.label, tile.value, tile.previous, tile.change]),
      rowKinds: report.tiles.map((tile) => tile.format),
      rowLinks: report.tiles.map((tile) => tile.link),
    },
    {
      id: 'funnel',
      title: 'Conversion funnel (leads created in the period)',
      columns: [text('Step'), col('Leads', 'count'), col('Rate from step before', 'rate'), col('Previous', 'count')],
      rows: current.funnel.map((step, index) => [
        funnelLabels[step.stage],
        step.count,
        step.rateFromPrevious,
        previous.funnel[index]?.count ?? null,
      ]),
      rowLinks: funnelDrillLinks(period),
    },
    {
      id: 'pipeline-by-stage',
      title: 'Pipeline by stage (open deals now)',
      columns: [text('Stage'), col('Deals', 'count'), col('Value', 'money')],
      rows: report.pipelineByStage.map((row) => [words(row.stage), row.deals, row.value]),
      rowLinks: report.pipelineByStage.map((row) => listLink('opportunities', { stage: row.stage.toLowerCase() })),
    },
    {
      id: 'revenue-by-tier',
      title: 'Revenue by tier (payments received)',
      columns: [text('Tier'), col('Revenue', 'money'), col('Share', 'rate'), col('Previous', 'money')],
      rows: current.revenueByTier.map((row, index) => [
        words(row.tier),
        row.revenue,
        row.share,
        previous.revenueByTier[index]?.revenue ?? null,
      ]),
      rowLinks: current.revenueByTier.map((row) => listLink('partnerships', { tier: row.tier.toLowerCase() })),
    },
    {
      id: 'lead-sources',
      title: 'Leads by source',
      columns: [
        text('Source'),
        col('Leads', 'count'),
        col('Lead → MQL', 'rate'),
        col('MQL → SQL', 'rate'),
        col('Previous leads', 'count'),
      ],
      rows: sourceNames.map((source) => {
        const row = current.sources.find((entry) => entry.source === source)
        const before = previous.sources.find((entry) => entry.source === source)
        return [
          words(source),
          row?.leads ?? 0,
          row && row.leads > 0 ? row.mql / row.leads : null,
          row && row.mql > 0 ? row.sql / row.mql : null,
          before?.leads ?? 0,
        ]
      }),
      rowLinks: sourceNames.map((source) => leadsListLink(period, { source: source.toLowerCase() })),
    },
    ...costPerLeadTables(current, previous, period),
    metricTable('lead-metrics', 'Lead metrics', [
      ['Lead → MQL', 'rate', (f) => f.funnel[1]?.rateFromPrevious ?? null],
      ['MQL → SQL', 'rate', (f) => f.funnel[2]?.rateFromPrevious ?? null],
      ['Voice agent engagement rate', 'rate', (f) => f.voice.summary.engagementRate],
      ['ROI calculator completion rate', 'rate', (f) => f.roi.rate],
    ]),
    metricTable('sales-metrics', 'Sales metrics (deals closed in the period)', [
      ['Deals closed', 'count', (f) => f.sales.closed],
      ['Deals won', 'count', (f) => f.sales.won],
      ['Win rate', 'rate', (f) => f.sales.winRate],
      ['Average deal size ($)', 'money', (f) => f.sales.averageDealSize],
      ['Sales cycle, mean (days)', 'days', (f) => f.sales.cycleDays?.mean ?? null],
      ['Sales cycle, median (days)', 'days', (f) => f.sales.cycleDays?.median ?? null],
      ['Pipeline velocity ($ a day)', 'money', (f) => f.sales.velocity],
      ['Proposal → close', 'rate', (f) => f.sales.proposalToClose],
    ]),
    {
      id: 'win-rate-by-tier',
      title: 'Win rate by tier',
      columns: [
        text('Tier'),
        col('Won', 'count'),
        col('Closed', 'count'),
        col('Win rate', 'rate'),
        col('Previous', 'rate'),
      ],
      rows: current.sales.winRateByTier.map((row, index) => [
        words(row.tier),
        row.won,
        row.closed,
        row.rate,
        previous.sales.winRateByTier[index]?.rate ?? null,
      ]),
      rowLinks: current.sales.winRateByTier.map((row) =>
        listLink('opportunities', { tier: row.tier.toLowerCase(), stage: 'closed_won' }),
      ),
    },
    {
      id: 'lost-reasons',
      title: 'Lost deal reasons',
      columns: [text('Reason'), col('Deals', 'count')],
      rows: current.sales.lostReasons.map((row) => [row.reason, row.count]),
    },
    metricTable('mrr-movements', 'MRR movements', [
      ['MRR at the start', 'money', (f) => f.partnerships.mrr.startMrr],
      ...(['new', 'expansion', 'contraction', 'churn', 'reactivation', 'graduation'] as const).map((kind): Metric => [
        words(kind),
        'money',
        (f) => f.partnerships.mrr.movements[kind],
      ]),
      ['MRR at the end', 'money', (f) => f.partnerships.mrr.endMrr],
    ]),
    metricTable('partnership-metrics', 'Partnership metrics', [
      ['Net revenue retention', 'rate', (f) => f.partnerships.mrr.nrr],
      ['Partnerships ended (graduated or churned)', 'count', (f) => f.partnerships.ended],
      ['Graduation rate', 'rate', (f) => f.partnerships.graduationRate],
      ['Average duration of ended partnerships (days)', 'days', (f) => f.partnerships.averageDurationDays],
      ['Referral rate', 'rate', (f) => f.partnerships.referralRate],
      ['Testimonial rate', 'rate', (f) => f.partnerships.testimonialRate],
    ]),
    {
      id: 'health',
      title: 'Partnership health (open partnerships now)',
      columns: [text('Band'), col('Partnerships', 'count')],
      rows: (['healthy', 'watch', 'at-risk'] as const).map((band) => [words(band), current.partnerships.health[band]]),
      rowLinks: [null, null, listLink('partnerships', { atRisk: 'true' })],
    },
    metricTable('voice-metrics', 'Voice agent', [
      ['Sessions', 'count', (f) => f.voice.summary.sessions],
      ['Average duration (seconds)', 'seconds', (f) => f.voice.summary.averageDurationSeconds],
      ['Questions per session', 'number', (f) => f.voice.summary.questionsPerSession],
      ['Session → lead', 'rate', (f) => f.voice.summary.sessionToLeadRate],
      ['English sessions', 'count', (f) => f.voice.summary.languages.EN],
      ['Spanish sessions', 'count', (f) => f.voice.summary.languages.ES],
    ]),
    {
      id: 'voice-per-day',
      title: `Voice sessions per day (${period.timeZone})`,
      columns: [text('Day'), col('Sessions', 'count')],
      rows: current.voice.perDay.map((row) => [row.date, row.sessions]),
    },
    {
      id: 'voice-topics',
      title: 'Voice topics and intents',
      columns: [text('Kind'), text('Value'), col('Sessions', 'count')],
      rows: [
        ...current.voice.summary.topics.map((row) => ['Topic', enumWords(row.value), row.count]),
        ...current.voice.summary.intents.map((row) => ['Intent', words(row.value), row.count]),
      ],
    },
    {
      id: 'voice-by-industry',
      title: 'Common questions and objections by industry',
      columns: [text('Industry'), text('Top topics'), text('Top objections')],
      rows: current.voice.byIndustry.map((row) => [
        words(row.industry),
        row.topics.map((entry) => `${enumWordsInline(entry.value)} (${entry.count})`).join(', '),
        row.objections.map((entry) => `${enumWordsInline(entry.value)} (${entry.count})`).join(', '),
      ]),
    },
    {
      id: 'voice-drop-off',
      title: 'Drop-off points (sessions that left the site, by questions asked)',
      columns: [col('Questions asked', 'count'), col('Sessions', 'count')],
      rows: current.voice.dropOff.map((row) => [row.afterQuestions, row.sessions]),
    },
    {
      id: 'voice-peak-hours',
      title: `Peak usage (sessions by hour of day, ${period.timeZone})`,
      columns: [text('Hour'), col('Sessions', 'count')],
      rows: Array.from({ length: 24 }, (_, hour) => [
        `${String(hour).padStart(2, '0')}:00`,
        current.voice.byHour.reduce((sum, day) => sum + (day[hour] ?? 0), 0),
      ]),
    },
    {
      id: 'forecast',
      title: 'Revenue forecast',
      columns: [
        text('Month'),
        col('Weighted pipeline', 'money'),
        col('Contracted fees', 'money'),
        col('Total', 'money'),
      ],
      rows: report.forecast.months.map((row) => [row.month, row.weightedPipeline, row.contracted, row.total]),
    },
  ]
  if (report.team) {
    tables.push({
      id: 'team',
      title: 'Team',
      columns: [
        text('Owner'),
        col('Open deals', 'count'),
        col('Pipeline value', 'money'),
        col('Won', 'count'),
        col('Lost', 'count'),
        col('Won value', 'money'),
      ],
      rows: report.team.map((row) => [row.name, row.openDeals, row.pipelineValue, row.won, row.lost, row.wonValue]),
      rowLinks: report.team.map((row) => listLink('opportunities', { owner: row.ownerId ?? '' })),
    })
  }
  return tables
}

const dollars = (cents: number | null | undefined) => (cents === null || cents === undefined ? null : cents / 100)

/**
 * §10.2 cost per lead by source (decision 0040): this period's spend and cost per lead beside the previous period's.
 * Absent for a Sales Rep's own numbers. A source whose spend is missing for a month has no cost per lead, and says
 * which month.
 */
function costPerLeadTables(current: PeriodFigures, previous: PeriodFigures, period: ZonedRange): ReportTable[] {
  if (current.costPerLead === null) return []
  const before = previous.costPerLead ?? []
  const sources = [...new Set([...current.costPerLead, ...before].map((row) => row.source))]
  return [
    {
      id: 'cost-per-lead',
      title: 'Cost per lead by source',
      columns: [
        text('Source'),
        col('Leads', 'count'),
        col('Spend', 'money'),
        col('Cost per lead', 'money'),
        col('Previous spend', 'money'),
        col('Previous cost per lead', 'money'),
        text('Spend not entered for'),
      ],
      rows: sources.map((source) => {
        const row = current.costPerLead?.find((entry) => entry.source === source)
        const earlier = before.find((entry) => entry.source === source)
        const missing = [...(row?.missingMonths ?? []), ...(earlier?.missingMonths ?? [])]
        return [
          words(source),
          row?.leads ?? 0,
          dollars(row?.spendCents ?? 0),
          dollars(row?.costPerLeadCents),
          earlier ? dollars(earlier.spendCents) : null,
          dollars(earlier?.costPerLeadCents),
          monthRuns(missing),
        ]
      }),
      rowLinks: sources.map((source) => leadsListLink(period, { source: source.toLowerCase() })),
    },
  ]
}

/** The tables as one tidy CSV: one line per figure, named by its table, its row and its column. */
export function reportCsvRows(
  tables: ReportTable[],
): { table: string; row: string; figure: string; value: string | number | null }[] {
  return tables.flatMap((table) =>
    table.rows.flatMap((row) =>
      table.columns.slice(1).map((column, index) => ({
        table: table.title,
        row: String(row[0] ?? ''),
        figure: column.label,
        value: row[index + 1] ?? null,
      })),
    ),
  )
}
