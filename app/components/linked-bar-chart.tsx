import { useNavigate } from '@remix-run/react'
import { useEffect, useState } from 'react'
import { Bar, BarChart, CartesianGrid, Cell, LabelList, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts'
import type { ColumnKind } from '../../services/analytics/report-tables'
import { formatMetric } from './metric-format'

export interface ChartPoint {
  label: string
  value: number
  /** The records behind the bar: a click opens them. */
  link?: string | null
  /** A second series drawn stacked on the first (the forecast's contracted fees). */
  stacked?: number
}

const palette = ['#2456d6', '#4f7be0', '#7a9cea', '#a5bdf3', '#1c7c4a', '#a15c00', '#b42318']

// Recharts measures the page and writes style attributes: drawn in the browser only (the CSP allows no inline
// styles in the served HTML), with a box of the same height in its place until then.
function useInBrowser(): boolean {
  const [ready, setReady] = useState(false)
  useEffect(() => setReady(true), [])
  return ready
}

/** A bar chart whose every bar is labelled with its figure and opens the list of records behind it. */
export function LinkedBarChart({
  data,
  kind,
  horizontal = false,
  height = 260,
  name,
  stackedName,
  colorByBar = false,
}: {
  data: ChartPoint[]
  kind: ColumnKind
  horizontal?: boolean
  height?: number
  name: string
  stackedName?: string
  colorByBar?: boolean
}) {
  const navigate = useNavigate()
  const inBrowser = useInBrowser()
  const format = (value: unknown) => formatMetric(typeof value === 'number' ? value : Number(value), kind)
  if (!inBrowser) return <div className={`chart-placeholder h${height}`} aria-hidden="true" />
  const open = (point: ChartPoint | undefined) => {
    if (point?.link) navigate(point.link)
  }
  return (
    <div
      className="chart"
      role="img"
      aria-label={`${name}: ${data.map((d) => `${d.label} ${format(d.value)}`).join(', ')}`}
    >
      <ResponsiveContainer width="100%" height={height}>
        <BarChart
          data={data}
          layout={horizontal ? 'vertical' : 'horizontal'}
          margin={{ top: 18, right: horizontal ? 64 : 12, bottom: 4, left: 4 }}
        >
          <CartesianGrid strokeDasharray="3 3" horizontal={!horizontal} vertical={horizontal} />
          {horizontal ? (
            <>
              <XAxis type="number" tickFormatter={format} allowDecimals={kind !== 'count'} hide />
              <YAxis type="category" dataKey="label" width={110} tick={{ fontSize: 12 }} />
            </>
          ) : (
            <>
              <XAxis dataKey="label" tick={{ fontSize: 12 }} interval="preserveStartEnd" />
              <YAxis tickFormatter={format} allowDecimals={kind !== 'count'} width={72} tick={{ fontSize: 12 }} />
            </>
          )}
          <Tooltip formatter={(value) => format(value)} />
          <Bar
            dataKey="value"
            name={name}
            stackId={stackedName ? 'stack' : undefined}
            fill={palette[0]}
            cursor="pointer"
            onClick={(entry) => open(entry.payload as ChartPoint)}
            isAnimationActive={false}
          >
            {colorByBar
              ? data.map((point, index) => <Cell key={point.label} fill={palette[index % palette.length]} />)
              : null}
            {stackedName ? null : (
              <LabelList dataKey="value" position={horizontal ? 'right' : 'top'} formatter={format} fontSize={12} />
            )}
          </Bar>
          {stackedName ? (
            <Bar
              dataKey="stacked"
              name={stackedName}
              stackId="stack"
              fill={palette[4]}
              cursor="pointer"
              onClick={(entry) => open(entry.payload as ChartPoint)}
              isAnimationActive={false}
            />
          ) : null}
        </BarChart>
      </ResponsiveContainer>
    </div>
  )
}
