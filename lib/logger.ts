// The project's one logger. It never writes secrets or personal data: values under sensitive keys are
// replaced, and e-mail addresses, phone numbers, API keys, bearer tokens and cookies are masked wherever
// they appear in a message (error messages from drivers quote addresses, for example).

const sensitiveKeys =
  /pass(word)?|secret|token|authorization|cookie|api[-_]?key|signature|session|transcript|messages?$|body|text|html|content|phone|email|address/i

const sensitivePatterns: [RegExp, string][] = [
  [/crm_[A-Za-z0-9_-]{8,}/g, 'crm_[redacted]'],
  [/\b(Bearer|Basic)\s+[A-Za-z0-9._~+/=-]+/gi, '$1 [redacted]'],
  [/\bcrm_session=[^;\s]+/g, 'crm_session=[redacted]'],
  [/\b(whsec|sk|pk|rk)_(live|test)_[A-Za-z0-9]+/g, '[redacted-stripe-key]'],
  [/[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}/g, '[email]'],
  [/\+?\d[\d ().-]{7,}\d/g, '[phone]'],
  [/(postgres(?:ql)?|smtps?):\/\/([^:@/\s]+):([^@/\s]+)@/g, '$1://$2:[redacted]@'],
]

export function redactText(text: string): string {
  return sensitivePatterns.reduce((result, [pattern, replacement]) => result.replace(pattern, replacement), text)
}

export function redact(value: unknown, depth = 0): unknown {
  if (depth > 6) return '[depth]'
  if (typeof value === 'string') return redactText(value)
  if (value instanceof Error) {
    return {
      name: value.name,
      message: redactText(value.message),
      stack: value.stack ? redactText(value.stack) : undefined,
    }
  }
  if (Array.isArray(value)) return value.map((item) => redact(item, depth + 1))
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value).map(([key, item]) => [
        key,
        sensitiveKeys.test(key) ? '[redacted]' : redact(item, depth + 1),
      ]),
    )
  }
  return value
}

type Level = 'debug' | 'info' | 'warn' | 'error'
const levelOrder: Record<Level, number> = { debug: 10, info: 20, warn: 30, error: 40 }
const minimumLevel: Level = (process.env.LOG_LEVEL as Level | undefined) ?? 'info'

function write(level: Level, message: string, fields?: Record<string, unknown>) {
  if (levelOrder[level] < levelOrder[minimumLevel]) return
  const line = JSON.stringify({
    time: new Date().toISOString(),
    level,
    message: redactText(message),
    ...(fields ? (redact(fields) as Record<string, unknown>) : {}),
  })
  if (level === 'error' || level === 'warn') process.stderr.write(`${line}\n`)
  else process.stdout.write(`${line}\n`)
}

export const logger = {
  debug: (message: string, fields?: Record<string, unknown>) => write('debug', message, fields),
  info: (message: string, fields?: Record<string, unknown>) => write('info', message, fields),
  warn: (message: string, fields?: Record<string, unknown>) => write('warn', message, fields),
  error: (message: string, fields?: Record<string, unknown>) => write('error', message, fields),
}
