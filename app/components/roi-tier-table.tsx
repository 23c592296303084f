import { Bar } from './lead-score-breakdown'

// The three tiers of one ROI calculation (§7.1) side by side: the lead page shows one table per calculation, the
// deal page the newest with what each tier costs and the deal's own tier marked.

export type RoiTierKey = 'discovery' | 'foundation' | 'architect'

export interface RoiTierInvestment {
  setupFee: number
  monthlyFee: number
  months: number
  total: number
}

export interface RoiTierRow {
  tier: RoiTierKey
  weeklyHoursSaved: number | null
  weeklyValueCreated: number | null
  annualValue: number | null
  annualPercentage: number | null
  paybackWeeks: number | null
  /** What the tier costs (domain/tiers/contract-value.ts); shown as a column when every row has it. */
  investment?: RoiTierInvestment
}

export const roiTierNames: Record<RoiTierKey, string> = {
  discovery: 'Discovery',
  foundation: 'Foundation',
  architect: 'Architect',
}

export const money = new Intl.NumberFormat('en-US', { style: 'currency', currency: 'USD', maximumFractionDigits: 0 })
const show = (value: number | null, format: (value: number) => string) => (value === null ? '—' : format(value))

export function RoiTierTable({
  rows,
  highlight,
  annualLabel = 'Annual ROI',
}: {
  rows: RoiTierRow[]
  /** The tier to mark (the deal's), in words as well as colour. */
  highlight?: RoiTierKey
  annualLabel?: string
}) {
  const withInvestment = rows.length > 0 && rows.every((row) => row.investment)
  return (
    <div className="roi-figures-scroll">
      <table className="roi-figures">
        <thead>
          <tr>
            <th scope="col">Tier</th>
            {withInvestment ? (
              <th scope="col" className="number">
                Investment
              </th>
            ) : null}
            <th scope="col" className="number">
              Hours saved / week
            </th>
            <th scope="col" className="number">
              Value / week
            </th>
            <th scope="col" className="number">
              {annualLabel}
            </th>
            <th scope="col" className="number">
              Payback
            </th>
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => {
            const marked = row.tier === highlight
            return (
              <tr key={row.tier} className={marked ? 'highlight' : undefined} aria-current={marked || undefined}>
                <th scope="row">
                  {roiTierNames[row.tier]}
                  {marked ? <span className="badge tier-mark">This deal</span> : null}
                </th>
                {withInvestment && row.investment ? (
                  <td className="number" data-label="Investment">
                    {money.format(row.investment.total)}
                    <span className="investment-terms">
                      {money.format(row.investment.setupFee)} + {money.format(row.investment.monthlyFee)} ×{' '}
                      {row.investment.months} mo
                    </span>
                  </td>
                ) : null}
                <td className="number" data-label="Hours saved / week">
                  {show(row.weeklyHoursSaved, (value) => value.toFixed(1))}
                </td>
                <td className="number" data-label="Value / week">
                  {show(row.weeklyValueCreated, (value) => money.format(value))}
                </td>
                <td className="number" data-label={annualLabel}>
                  {show(row.annualValue, (value) => money.format(value))}
                  {row.annualPercentage === null ? '' : ` (${Math.round(row.annualPercentage)}%)`}
                </td>
                <td className="number" data-label="Payback">
                  {show(row.paybackWeeks, (value) => `${value.toFixed(1)} weeks`)}
                </td>
              </tr>
            )
          })}
        </tbody>
      </table>
    </div>
  )
}

/**
 * Each tier's first-year value (value per week × 52) beside what it costs, as bars: which tier pays for itself
 * is seen at a glance. Each bar is labelled with its amount, so a screen reader reads the same figures.
 */
export function RoiTierChart({ rows, highlight }: { rows: RoiTierRow[]; highlight?: RoiTierKey }) {
  const bars = rows.flatMap((row) =>
    row.weeklyValueCreated === null || !row.investment
      ? []
      : [{ tier: row.tier, value: row.weeklyValueCreated * 52, investment: row.investment.total }],
  )
  if (bars.length === 0) return null
  const largest = Math.max(...bars.flatMap((bar) => [bar.value, bar.investment]), 1)
  const percent = (amount: number) => Math.max(0.5, (amount / largest) * 100)
  return (
    <figure className="roi-chart">
      <figcaption>First-year value against the investment, per tier</figcaption>
      <ul className="roi-chart-legend" aria-hidden="true">
        <li>
          <span className="swatch value" /> First-year value (value / week × 52)
        </li>
        <li>
          <span className="swatch investment" /> Investment
        </li>
      </ul>
      {bars.map((bar) => (
        <div key={bar.tier} className={`roi-chart-tier${bar.tier === highlight ? ' highlight' : ''}`}>
          <div className="roi-chart-name">
            {roiTierNames[bar.tier]}
            {bar.tier === highlight ? <span className="visually-hidden"> (this deal)</span> : null}
          </div>
          <div className="roi-chart-bars">
            {[
              { tone: 'roi-value', amount: bar.value, label: `First-year value ${money.format(bar.value)}` },
              { tone: 'roi-investment', amount: bar.investment, label: `Investment ${money.format(bar.investment)}` },
            ].map((entry) => (
              <div key={entry.tone} className="roi-bar-row">
                <Bar percent={percent(entry.amount)} label={entry.label} tone={entry.tone} />
                <span className="roi-bar-label" aria-hidden="true">
                  {entry.label}
                </span>
              </div>
            ))}
          </div>
        </div>
      ))}
    </figure>
  )
}
