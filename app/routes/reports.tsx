import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import type { ReactNode } from 'react'
import { Form, Link, useLoaderData, useLocation } from '@remix-run/react'
import { periodLengths } from '../../domain/analytics/report-period'
import { countOf, plural } from '../../domain/formatting/plural'
import type { ReportTable } from '../../services/analytics/report-tables'
import { loadReports } from '../dashboard.server'
import dashboardStylesheet from '../components/dashboard.css?url'
import { LinkedBarChart, type ChartPoint } from '../components/linked-bar-chart'
import { formatRate } from '../components/metric-format'
import { MetricTiles } from '../components/metric-tiles'
import { ReportTableView } from '../components/report-table'
import { RouteError } from '../components/route-error'

// The executive dashboard and key metrics (seed 002 §10.1 in full, §10.2): every figure for a period against the
// one before it, charts whose bars open the records behind them, each chart's figures as a table, and as CSV.

export const links: LinksFunction = () => [{ rel: 'stylesheet', href: dashboardStylesheet }]

export function loader(args: LoaderFunctionArgs) {
  return loadReports(args)
}

export const meta: MetaFunction = () => [{ title: 'Reports · Durable CRM' }]

const lengthLabels: Record<number, string> = { 1: '1 month', 3: '3 months', 6: '6 months', 12: '12 months' }

/** A chart's bars from a table's rows: the chart and the table print the same figures. */
function pointsOf(table: ReportTable, column: number, label = (row: ReportTable['rows'][number]) => String(row[0])) {
  return table.rows.map((row, index): ChartPoint => ({
    label: label(row),
    value: Number(row[column] ?? 0),
    link: table.rowLinks?.[index] ?? null,
  }))
}

export default function ReportsPage() {
  const { period, report, tables, ownNumbersOnly, canExport, canEnterSpend } = useLoaderData<typeof loader>()
  const location = useLocation()
  const table = (id: string) => tables.find((entry) => entry.id === id)!
  const funnel = table('funnel')
  const mrr = table('mrr-movements')
  const forecast = table('forecast')
  const csvLink = `/reports.csv${location.search}`
  return (
    <>
      <div className="page-head report-head">
        <div>
          <h1>Reports</h1>
          <p className="subtitle">
            {period.label} against {period.previousLabel} · months and days of {period.timeZone}
            {ownNumbersOnly ? ' · your own leads, deals and the partnerships they became' : ''}
          </p>
        </div>
        <Form method="get" className="period-picker" aria-label="Period">
          <label>
            From
            <input type="month" name="month" defaultValue={period.month} required />
          </label>
          <label>
            Length
            <select name="months" defaultValue={String(period.months)}>
              {periodLengths.map((length) => (
                <option key={length} value={length}>
                  {lengthLabels[length]}
                </option>
              ))}
            </select>
          </label>
          <button type="submit">Show</button>
          {canExport ? (
            <a href={csvLink} className="csv-link" download>
              Download CSV
            </a>
          ) : null}
        </Form>
      </div>
      <MetricTiles tiles={report.tiles} previousLabel={period.previousLabel} />

      <section className="report-section" id="overview" aria-labelledby="overview-title">
        <h2 id="overview-title">Executive dashboard</h2>
        <div className="report-grid">
          <Panel title="Conversion funnel" note="Leads created in the period, and how many of them went on">
            <LinkedBarChart
              name="Leads"
              kind="count"
              horizontal
              data={pointsOf(funnel, 1, (row) =>
                row[2] === null ? String(row[0]) : `${String(row[0])} · ${formatRate(Number(row[2]))}`,
              )}
            />
            <ReportTableView table={funnel} />
          </Panel>
          <Panel title="Pipeline by stage" note="Open deals now">
            <LinkedBarChart name="Value" kind="money" horizontal data={pointsOf(table('pipeline-by-stage'), 2)} />
            <ReportTableView table={table('pipeline-by-stage')} />
          </Panel>
          <Panel title="Revenue by tier" note="Payments received in the period">
            <LinkedBarChart name="Revenue" kind="money" colorByBar data={pointsOf(table('revenue-by-tier'), 1)} />
            <ReportTableView table={table('revenue-by-tier')} />
          </Panel>
          <Panel title="Revenue forecast" note="Weighted pipeline by expected close month, plus contracted fees">
            <LinkedBarChart
              name="Weighted pipeline"
              stackedName="Contracted fees"
              kind="money"
              data={forecast.rows.map((row) => ({
                label: String(row[0]),
                value: Number(row[1]),
                stacked: Number(row[2]),
                link: '/pipeline',
              }))}
            />
            <ReportTableView table={forecast} />
            {report.forecast.undatedDeals > 0 ? (
              <p className="muted">
                {countOf(report.forecast.undatedDeals, 'open deal')}{' '}
                {plural(report.forecast.undatedDeals, 'has', 'have')} no expected close date and{' '}
                {plural(report.forecast.undatedDeals, 'is', 'are')} not forecast.
              </p>
            ) : null}
          </Panel>
        </div>
      </section>

      <section className="report-section" id="leads" aria-labelledby="leads-title">
        <h2 id="leads-title">Leads</h2>
        <div className="report-grid">
          <Panel title="Leads by source">
            <LinkedBarChart name="Leads" kind="count" horizontal data={pointsOf(table('lead-sources'), 1)} />
            <ReportTableView table={table('lead-sources')} />
          </Panel>
          <Panel title="Lead metrics">
            <ReportTableView table={table('lead-metrics')} />
          </Panel>
          {tables.some((entry) => entry.id === 'cost-per-lead') ? (
            <Panel
              title="Cost per lead by source"
              note="The month's spend per source, spread over its days, divided by the leads it brought"
            >
              <LinkedBarChart name="Cost per lead" kind="money" horizontal data={pointsOf(table('cost-per-lead'), 3)} />
              <ReportTableView table={table('cost-per-lead')} />
              {canEnterSpend ? (
                <p className="muted">
                  <Link to={`/reports/spend?month=${period.month}`}>Enter or change the marketing spend</Link>
                </p>
              ) : null}
            </Panel>
          ) : null}
        </div>
      </section>

      <section className="report-section" id="sales" aria-labelledby="sales-title">
        <h2 id="sales-title">Sales</h2>
        <div className="report-grid">
          <Panel title="Sales metrics">
            <ReportTableView table={table('sales-metrics')} />
          </Panel>
          <Panel title="Win rate by tier">
            <LinkedBarChart name="Win rate" kind="rate" data={pointsOf(table('win-rate-by-tier'), 3)} />
            <ReportTableView table={table('win-rate-by-tier')} />
          </Panel>
          <Panel title="Lost deal reasons">
            <ReportTableView table={table('lost-reasons')} />
          </Panel>
          {tables.some((entry) => entry.id === 'team') ? (
            <Panel title="Team">
              <ReportTableView table={table('team')} />
            </Panel>
          ) : null}
        </div>
      </section>

      <section className="report-section" id="partnerships" aria-labelledby="partnerships-title">
        <h2 id="partnerships-title">Partnerships</h2>
        <div className="report-grid">
          <Panel title="MRR movements" note="Graduation is its own movement, not churn">
            <LinkedBarChart
              name="Change of MRR"
              kind="money"
              data={mrr.rows
                .slice(1, -1)
                .map((row) => ({ label: String(row[0]), value: Number(row[1]), link: '/partnerships' }))}
            />
            <ReportTableView table={mrr} />
          </Panel>
          <Panel title="Partnership metrics">
            <ReportTableView table={table('partnership-metrics')} />
          </Panel>
          <Panel title="Health" note="Open partnerships now, by §9.3 band">
            <LinkedBarChart name="Partnerships" kind="count" colorByBar data={pointsOf(table('health'), 1)} />
            <ReportTableView table={table('health')} />
          </Panel>
        </div>
      </section>

      <section className="report-section" id="voice" aria-labelledby="voice-title">
        <h2 id="voice-title">Voice agent</h2>
        <div className="report-grid">
          <Panel title="Sessions per day">
            <LinkedBarChart
              name="Sessions"
              kind="count"
              data={table('voice-per-day').rows.map((row) => ({
                label: String(row[0]).slice(5),
                value: Number(row[1]),
                link: '/voice-sessions',
              }))}
            />
            <details>
              <summary>As a table</summary>
              <ReportTableView table={table('voice-per-day')} />
            </details>
          </Panel>
          <Panel title="Voice agent metrics">
            <ReportTableView table={table('voice-metrics')} />
          </Panel>
          <Panel title="Peak usage times">
            <LinkedBarChart
              name="Sessions"
              kind="count"
              data={table('voice-peak-hours').rows.map((row) => ({
                label: String(row[0]).slice(0, 2),
                value: Number(row[1]),
                link: '/voice-sessions',
              }))}
            />
            <details>
              <summary>As a table</summary>
              <ReportTableView table={table('voice-peak-hours')} />
            </details>
          </Panel>
          <Panel title="Topics and intents">
            <ReportTableView table={table('voice-topics')} />
          </Panel>
          <Panel title="Questions and objections by industry">
            <ReportTableView table={table('voice-by-industry')} />
          </Panel>
          <Panel title="Drop-off points">
            <ReportTableView table={table('voice-drop-off')} />
          </Panel>
        </div>
      </section>
      <p className="muted">
        <Link to="/">Back to the dashboard</Link>
      </p>
    </>
  )
}

function Panel({ title, note, children }: { title: string; note?: string; children: ReactNode }) {
  return (
    <section className="panel report-panel" aria-label={title}>
      <h3>{title}</h3>
      {note ? <p className="muted panel-note">{note}</p> : null}
      {children}
    </section>
  )
}

export function ErrorBoundary() {
  return <RouteError back={{ to: '/reports', label: 'Back to this month' }} />
}
