import type { FieldError } from '../../domain/validation/field-errors'

export type { FieldError }

/**
 * Every way a request can fail, as the one thing both the API and the app answer with. The status and title of each
 * code are fixed here; a dependency that is down is a 503 with a Retry-After, never a 500.
 */
export const ProblemCode = {
  InvalidInput: 'invalid-input',
  MalformedBody: 'malformed-body',
  Unauthenticated: 'unauthenticated',
  Forbidden: 'forbidden',
  NotFound: 'not-found',
  Conflict: 'conflict',
  LeadClosed: 'lead-closed',
  LeadNotQualified: 'lead-not-qualified',
  PayloadTooLarge: 'payload-too-large',
  UnsupportedMediaType: 'unsupported-media-type',
  TooManyRequests: 'too-many-requests',
  DatabaseUnavailable: 'database-unavailable',
  WorkflowEngineUnavailable: 'workflow-engine-unavailable',
  MailServerUnavailable: 'mail-server-unavailable',
  DependencyUnavailable: 'dependency-unavailable',
  Internal: 'internal',
} as const

export type ProblemCode = (typeof ProblemCode)[keyof typeof ProblemCode]

interface ProblemType {
  status: number
  title: string
  /** For a dependency that is down: how long a client should wait before sending the same request again. */
  retryAfterSeconds?: number
}

export const problemTypes: Record<ProblemCode, ProblemType> = {
  'invalid-input': { status: 400, title: 'The input is not valid' },
  'malformed-body': { status: 400, title: 'The body could not be read' },
  unauthenticated: { status: 401, title: 'Sign in or present an API key' },
  forbidden: { status: 403, title: 'Not allowed' },
  'not-found': { status: 404, title: 'Not found' },
  conflict: { status: 409, title: 'Refused in the current state' },
  'lead-closed': { status: 409, title: 'The lead is closed' },
  'lead-not-qualified': { status: 409, title: 'The lead is not qualified' },
  'payload-too-large': { status: 413, title: 'The body is too large' },
  'unsupported-media-type': { status: 415, title: 'The body is not in a supported form' },
  'too-many-requests': { status: 429, title: 'Too many requests' },
  'database-unavailable': { status: 503, title: 'The database is not answering', retryAfterSeconds: 5 },
  'workflow-engine-unavailable': { status: 503, title: 'Temporal is not answering', retryAfterSeconds: 5 },
  'mail-server-unavailable': { status: 503, title: 'The mail server is not answering', retryAfterSeconds: 30 },
  'dependency-unavailable': { status: 503, title: 'A service the CRM needs is not answering', retryAfterSeconds: 5 },
  internal: { status: 500, title: 'Internal server error' },
}

/** The code a bare HTTP status stands for, for the refusals still written as a status and a message. */
export function problemCodeForStatus(status: number): ProblemCode {
  const byStatus: Record<number, ProblemCode> = {
    400: 'invalid-input',
    401: 'unauthenticated',
    403: 'forbidden',
    404: 'not-found',
    409: 'conflict',
    413: 'payload-too-large',
    415: 'unsupported-media-type',
    429: 'too-many-requests',
    503: 'dependency-unavailable',
  }
  return byStatus[status] ?? (status >= 400 && status < 500 ? 'invalid-input' : 'internal')
}

export interface ProblemOptions {
  fields?: FieldError[]
  retryAfterSeconds?: number
  /** What went wrong underneath: for the log, never for the answer. */
  cause?: unknown
}

/** A failure a caller can be told about: its code, the HTTP status that code carries, and what to do about it. */
export class Problem extends Error {
  readonly code: ProblemCode
  readonly status: number
  readonly title: string
  readonly fields: FieldError[]
  readonly retryAfterSeconds: number | undefined

  constructor(code: ProblemCode, detail: string, options: ProblemOptions = {}) {
    super(detail, options.cause === undefined ? undefined : { cause: options.cause })
    this.name = 'Problem'
    this.code = code
    this.status = problemTypes[code].status
    this.title = problemTypes[code].title
    this.fields = options.fields ?? []
    this.retryAfterSeconds = options.retryAfterSeconds ?? problemTypes[code].retryAfterSeconds
  }

  /** The sentence for the person or client: what happened and, where it helps, what to do. */
  get detail(): string {
    return this.message
  }
}

/** The RFC 9457 problem type URI of a code (a tag URI: it names the type, it is not meant to be fetched). */
export function problemTypeUri(code: ProblemCode): string {
  return `tag:durable-crm,2026:problem:${code}`
}

export const problemContentType = 'application/problem+json'

/**
 * The body on the wire (application/problem+json, RFC 9457): type, title, status, detail, plus `code`, `errors`
 * (one entry per field, as the API has always answered) and `error` (the detail again, for clients of the older
 * `{ error, errors }` body).
 */
export function problemBody(problem: Problem) {
  return {
    type: problemTypeUri(problem.code),
    title: problem.title,
    status: problem.status,
    detail: problem.detail,
    code: problem.code,
    error: problem.detail,
    errors: problem.fields,
    ...(problem.retryAfterSeconds === undefined ? {} : { retryAfterSeconds: problem.retryAfterSeconds }),
  }
}

export type ProblemBody = ReturnType<typeof problemBody>
