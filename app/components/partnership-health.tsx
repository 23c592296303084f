import { CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts'
import { Bar } from './lead-score-breakdown'
import { useHydrated } from './use-hydrated'
import { healthComponents, healthWeights, type HealthComponent } from '../../domain/partnerships/health-score'

// §5.2's health: the overall score, its five components with their weights, and every recorded score as a chart.

export const healthComponentLabels: Record<HealthComponent, string> = {
  engagement: 'Engagement',
  progress: 'Progress',
  adoption: 'Adoption',
  satisfaction: 'Satisfaction',
  paymentHealth: 'Payment health',
}

const componentHints: Record<HealthComponent, string> = {
  engagement: 'meetings attended',
  progress: 'milestones done against planned',
  adoption: 'systems in use',
  satisfaction: 'NPS / feedback',
  paymentHealth: 'payments on time',
}

const colors: Record<HealthComponent | 'overall', string> = {
  overall: '#1d2330',
  engagement: '#2456d6',
  progress: '#1c7c4a',
  adoption: '#7a3fc4',
  satisfaction: '#c2410c',
  paymentHealth: '#0e7490',
}

const axisDate = new Intl.DateTimeFormat('en-US', { month: 'short', day: 'numeric', timeZone: 'UTC' })

export const bandOf = (score: number | null) =>
  score === null ? 'none' : score >= 70 ? 'healthy' : score >= 50 ? 'watch' : 'at-risk'

type HistoryPoint = { at: string; overall: number | null } & Record<HealthComponent, number | null>

export function PartnershipHealth({
  overall,
  components,
  history,
}: {
  overall: number | null
  components: Record<HealthComponent, number | null>
  history: HistoryPoint[]
}) {
  const points = history.map((point) => ({ ...point, time: Date.parse(point.at) }))
  // Recharts measures its box with layout effects, which do nothing on the server: the chart is drawn once hydrated.
  const hydrated = useHydrated()
  return (
    <div className="health">
      <div className="health-now">
        <p className={`health-score band-${bandOf(overall)}`}>
          <span className="health-number">{overall ?? '—'}</span>
          <span className="muted">{overall === null ? 'no data yet' : 'of 100'}</span>
        </p>
        <ul className="health-components">
          {healthComponents.map((component) => {
            const value = components[component]
            return (
              <li key={component}>
                <span className="component-name">
                  {healthComponentLabels[component]}{' '}
                  <span className="muted">
                    {componentHints[component]} · weight {healthWeights[component]} %
                  </span>
                </span>
                <Bar
                  percent={value ?? 0}
                  label={`${healthComponentLabels[component]} ${value ?? 'no data'}`}
                  tone={`band-${bandOf(value)}`}
                />
                <span className="component-value">{value === null ? 'no data' : value}</span>
              </li>
            )
          })}
        </ul>
      </div>
      <div className="health-chart" aria-label="Health history">
        {points.length < 2 ? (
          <p className="empty">The chart starts once the score has been recorded twice.</p>
        ) : !hydrated ? null : (
          <ResponsiveContainer width="100%" height={280} initialDimension={{ width: 800, height: 280 }}>
            <LineChart data={points} margin={{ top: 8, right: 24, bottom: 8, left: 0 }}>
              <CartesianGrid stroke="#e3e6ec" />
              <XAxis
                dataKey="time"
                type="number"
                scale="time"
                domain={['dataMin', 'dataMax']}
                tickFormatter={(time: number) => axisDate.format(new Date(time))}
              />
              <YAxis domain={[0, 100]} ticks={[0, 25, 50, 70, 100]} />
              <Tooltip labelFormatter={(time) => axisDate.format(new Date(Number(time)))} />
              <Legend />
              <Line
                type="monotone"
                dataKey="overall"
                name="Overall"
                stroke={colors.overall}
                strokeWidth={3}
                dot={false}
                connectNulls
                isAnimationActive={false}
              />
              {healthComponents.map((component) => (
                <Line
                  key={component}
                  type="monotone"
                  dataKey={component}
                  name={healthComponentLabels[component]}
                  stroke={colors[component]}
                  strokeWidth={1.5}
                  strokeDasharray="4 3"
                  dot={false}
                  connectNulls
                  isAnimationActive={false}
                />
              ))}
            </LineChart>
          </ResponsiveContainer>
        )}
      </div>
    </div>
  )
}
