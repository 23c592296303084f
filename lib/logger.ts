// The project's one logger: pino, one JSON object per line. Secrets and personal data are kept out by FIELD: the
// values under the keys below are censored at any depth up to `redactedDepth`, so call sites put an address or a
// phone number in a field, never in the message. Free text is left alone except for error messages and stacks
// (drivers quote what they were given: "550 <ana@x.io> unknown", a connection string with its password), where
// only shapes that cannot be an IP address, a timestamp or a run id are masked.
import pino, { type Logger } from 'pino'

/** Keys whose values never reach a log line (compared exactly; headers as Node lower-cases them). */
export const sensitiveFields = [
  // Credentials
  'password',
  'passwordHash',
  'newPassword',
  'currentPassword',
  'secret',
  'clientSecret',
  'token',
  'accessToken',
  'refreshToken',
  'sessionToken',
  'apiKey',
  'api_key',
  'key',
  'authorization',
  'Authorization',
  'cookie',
  'Cookie',
  'set-cookie',
  'x-api-key',
  'signature',
  'stripe-signature',
  'x-crm-signature',
  'x-cal-signature-256',
  'x-twilio-signature',
  'databaseUrl',
  'DATABASE_URL',
  'smtpUrl',
  'SMTP_URL',
  // The person
  'email',
  'emailAddress',
  'phone',
  'phoneNumber',
  'mobile',
  'firstName',
  'lastName',
  'fullName',
  'address',
  'to',
  'cc',
  'bcc',
  'replyTo',
  'recipient',
  // What they wrote or said
  'body',
  'text',
  'html',
  'content',
  'transcript',
  'messages',
] as const

export const redactedDepth = 4
export const censor = '[redacted]'

function pathOf(prefix: string, key: string): string {
  const segment = /^[A-Za-z_$][\w$]*$/.test(key) ? key : `["${key}"]`
  if (!prefix) return segment
  return segment.startsWith('[') ? `${prefix}${segment}` : `${prefix}.${segment}`
}

/** pino's redact paths: each sensitive key at the top level and under up to `redactedDepth` objects. */
export const redactPaths: string[] = sensitiveFields.flatMap((key) =>
  Array.from({ length: redactedDepth + 1 }, (_, depth) => pathOf(Array(depth).fill('*').join('.'), key)),
)

// Shapes that are always a secret or an address, never an IP, a port, an ISO time or a UUID. A phone number is
// only recognised in international form (a leading +), as Twilio's and SMTP servers' errors quote it.
const secretShapes: [RegExp, string][] = [
  [/crm_[A-Za-z0-9_-]{8,}/g, `crm_${censor}`],
  [/\b(Bearer|Basic)\s+[A-Za-z0-9._~+/=-]+/gi, `$1 ${censor}`],
  [/\bcrm_session=[^;\s]+/g, `crm_session=${censor}`],
  [/\b(whsec|sk|pk|rk)_(live|test)_[A-Za-z0-9]+/g, censor],
  [/[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}/g, '[email]'],
  [/\+\d[\d ().-]{6,}\d/g, '[phone]'],
  [/\b([a-z][a-z0-9+.-]*):\/\/([^:@/\s]+):([^@/\s]+)@/gi, `$1://$2:${censor}@`],
]

/** Masks the secret and personal shapes inside a driver's free text (error messages and stacks). */
export function maskSecretShapes(text: string): string {
  return secretShapes.reduce((result, [pattern, replacement]) => result.replace(pattern, replacement), text)
}

function maskStrings(value: unknown, depth = 0): unknown {
  if (typeof value === 'string') return maskSecretShapes(value)
  if (depth > redactedDepth || value === null || typeof value !== 'object') return value
  if (Array.isArray(value)) return value.map((item) => maskStrings(item, depth + 1))
  return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, maskStrings(item, depth + 1)]))
}

/** pino's error serializer (type, message, stack, cause, own fields), with what the driver quoted masked. */
function serializeError(value: unknown): unknown {
  if (!(value instanceof Error)) return maskStrings(value)
  return maskStrings(pino.stdSerializers.err(value))
}

export type LogLevel = 'trace' | 'debug' | 'info' | 'warn' | 'error'
const logLevels: readonly string[] = ['trace', 'debug', 'info', 'warn', 'error'] satisfies LogLevel[]

/** LOG_LEVEL in any case; an unknown value falls back to info rather than stopping the process. */
export function levelFromEnvironment(value: string | undefined): LogLevel {
  const level = value?.trim().toLowerCase() ?? ''
  return logLevels.includes(level) ? (level as LogLevel) : 'info'
}

/** Where lines go: warnings and errors to stderr, the rest to stdout (looked up per line, so tests can capture). */
function standardStreams(): pino.MultiStreamRes {
  return pino.multistream(
    [
      { level: 'trace', stream: { write: (line: string) => process.stdout.write(line) } },
      { level: 'warn', stream: { write: (line: string) => process.stderr.write(line) } },
    ],
    { dedupe: true },
  )
}

export function createLogger(
  options: { level?: LogLevel; destination?: pino.DestinationStream | pino.MultiStreamRes } = {},
): Logger {
  return pino(
    {
      level: options.level ?? levelFromEnvironment(process.env.LOG_LEVEL),
      base: undefined,
      messageKey: 'message',
      errorKey: 'error',
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
      serializers: { error: serializeError, err: serializeError, cause: serializeError, failure: serializeError },
      redact: { paths: redactPaths, censor },
    },
    options.destination ?? standardStreams(),
  )
}

export type LogFields = Record<string, unknown>
export type LogMethod = (message: string, fields?: LogFields) => void

/** The call shape the code uses: a fixed message, and whatever varies (ids, addresses, errors) as fields. */
export function messageFirst(base: Logger) {
  const method =
    (level: LogLevel): LogMethod =>
    (message, fields) => {
      if (fields) base[level](fields, message)
      else base[level](message)
    }
  return {
    debug: method('debug'),
    info: method('info'),
    warn: method('warn'),
    error: method('error'),
    pino: base,
  }
}

export const logger = messageFirst(createLogger())
