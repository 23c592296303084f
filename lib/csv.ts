/** Rows of representations as RFC 4180 CSV; the columns are the first row's fields. */
export function toCsv(rows: Record<string, unknown>[]): string {
  const first = rows[0]
  if (!first) return ''
  const columns = Object.keys(first)
  const lines = [columns.map(quote), ...rows.map((row) => columns.map((column) => quote(cell(row[column]))))]
  return lines.map((line) => line.join(',')).join('\r\n') + '\r\n'
}

function cell(value: unknown): string {
  if (value === null || value === undefined) return ''
  if (typeof value === 'string') return neutraliseFormula(value)
  if (typeof value === 'number' || typeof value === 'boolean') return String(value)
  if (Array.isArray(value) && value.every((item) => typeof item === 'string' || typeof item === 'number')) {
    return neutraliseFormula(value.join('; '))
  }
  return neutraliseFormula(JSON.stringify(value))
}

// A spreadsheet would run a cell starting with = + - @ as a formula (CSV injection); a leading ' keeps it text.
function neutraliseFormula(value: string): string {
  return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value
}

function quote(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value
}
