import type { ColumnKind } from '../../services/analytics/report-tables'

// How the dashboards print a figure: whole dollars, whole percents, one decimal for days; "—" for no figure.

const money = new Intl.NumberFormat('en-US', { style: 'currency', currency: 'USD', maximumFractionDigits: 0 })
const count = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 })
const decimal = new Intl.NumberFormat('en-US', { maximumFractionDigits: 1 })

export function formatMetric(value: string | number | null | undefined, kind: ColumnKind): string {
  if (value === null || value === undefined) return '—'
  if (typeof value === 'string') return value
  switch (kind) {
    case 'money':
      return money.format(value)
    case 'rate':
      return `${Math.round(value * 100)}%`
    case 'count':
      return count.format(value)
    case 'days':
    case 'seconds':
    case 'number':
    case 'text':
      return Number.isInteger(value) ? count.format(value) : decimal.format(value)
  }
}

export const formatMoney = (value: number) => money.format(value)
export const formatCount = (value: number) => count.format(value)
export const formatRate = (value: number | null) => (value === null ? '—' : `${Math.round(value * 100)}%`)
