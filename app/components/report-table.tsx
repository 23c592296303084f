import { Link } from '@remix-run/react'
import type { ReportTable } from '../../services/analytics/report-tables'
import { formatMetric } from './metric-format'

/** One report table as the page prints it: the same rows as the chart above it and the CSV. */
export function ReportTableView({ table }: { table: ReportTable }) {
  if (table.rows.length === 0) return <p className="empty">Nothing in this period.</p>
  return (
    <div className="table-scroll">
      <table className="report-table" data-table={table.id}>
        <thead>
          <tr>
            {table.columns.map((column) => (
              <th key={column.label} className={column.kind === 'text' ? undefined : 'number'}>
                {column.label}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {table.rows.map((row, rowIndex) => (
            <tr key={`${table.id}-${rowIndex}`}>
              {table.columns.map((column, index) => {
                // A metric table's row says how its figures read; a change is always a rate.
                const kind = column.kind === 'number' ? (table.rowKinds?.[rowIndex] ?? 'number') : column.kind
                const value = formatMetric(row[index], kind)
                const link = index === 0 ? table.rowLinks?.[rowIndex] : null
                return (
                  <td key={column.label} className={column.kind === 'text' ? undefined : 'number'}>
                    {link ? <Link to={link}>{value}</Link> : value}
                  </td>
                )
              })}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  )
}
