/** Rows as RFC 4180 CSV; the columns are the first row's fields. */
export function toCsv(rows: Record<string, unknown>[]): string {
  const first = rows[0]
  if (!first) return ''
  const columns = Object.keys(first)
  return [csvLine(columns), ...rows.map((row) => csvLine(columns.map((column) => row[column])))].join('\r\n') + '\r\n'
}

/** One CSV line (no line break) of already-ordered values. */
export function csvLine(values: unknown[]): string {
  return values.map((value) => quote(cell(value))).join(',')
}

function cell(value: unknown): string {
  if (value === null || value === undefined) return ''
  if (typeof value === 'string') return neutraliseFormula(value)
  if (typeof value === 'number' || typeof value === 'boolean') return String(value)
  if (value instanceof Date) return value.toISOString()
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
