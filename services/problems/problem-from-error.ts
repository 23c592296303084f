import {
  ServiceError,
  WorkflowFailedError,
  WorkflowUpdateFailedError,
  WorkflowUpdateRPCTimeoutOrCancelledError,
} from '@temporalio/client'
import { ApplicationFailure } from '@temporalio/common'
import { ZodError } from 'zod'
import { toFieldErrors, type FieldError } from '../../domain/validation/field-errors'
import { Prisma } from '../../lib/db'
import { Problem, problemCodeForStatus } from './problem'
import { WorkflowCallTimedOut } from '../workflows/entity-workflow-client'

// The one place that decides what anything thrown means to a caller. Adapters (api/problem-response.ts,
// app/problem.server.ts) only render what this returns. The table of cases is in problem-from-error.test.ts and
// docs/decisions/0014-one-error-model.md.

/** Never repeated to a caller: an error nobody planned for is logged, and the caller is told only that it happened. */
export const internalDetail = 'Something went wrong on our side. It has been logged; try again later.'

export function problemFrom(error: unknown): Problem {
  if (error instanceof Problem) return error
  return (
    bodyReadProblem(error) ??
    validationProblem(error) ??
    workflowProblem(error) ??
    databaseProblem(error) ??
    mailProblem(error) ??
    networkProblem(error) ??
    new Problem('internal', internalDetail, { cause: error })
  )
}

function causesOf(error: unknown): unknown[] {
  const chain: unknown[] = []
  let current = error
  for (let depth = 0; depth < 8 && current !== undefined && current !== null; depth += 1) {
    chain.push(current)
    current = typeof current === 'object' ? (current as { cause?: unknown }).cause : undefined
  }
  return chain
}

function record(value: unknown): Record<string, unknown> {
  return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : {}
}

// ── Reading the body (body-parser and raw-body errors, http-errors shaped) ─────────────────────────────────────

function bodyReadProblem(error: unknown): Problem | null {
  const { type, status, expose, charset, encoding, limit, code } = record(error)
  if (typeof status !== 'number') return null
  const message = error instanceof Error ? error.message : String(error)
  const body = (text: string): FieldError[] => [{ field: '(body)', message: text }]
  // A gzip or deflate body that does not inflate: zlib's own error, passed on by body-parser without a type.
  if (typeof code === 'string' && code.startsWith('Z_')) {
    return new Problem('malformed-body', 'The body could not be decompressed', {
      fields: [{ field: 'Content-Encoding', message: `the body is not valid for its encoding (${message})` }],
      cause: error,
    })
  }
  switch (type) {
    case 'entity.parse.failed':
      return new Problem('malformed-body', 'The body is not valid JSON', { fields: body(message), cause: error })
    case 'entity.too.large':
      return new Problem('payload-too-large', 'The body is too large', {
        fields: body(`exceeds ${typeof limit === 'number' ? sizeInWords(limit) : 'the limit'}`),
        cause: error,
      })
    case 'parameters.too.many':
      return new Problem('payload-too-large', 'The body has too many parameters', { fields: body(message) })
    case 'charset.unsupported':
      return new Problem('unsupported-media-type', `The charset "${String(charset)}" is not supported`, {
        fields: [{ field: 'Content-Type', message: `charset "${String(charset)}" is not supported; send UTF-8` }],
        cause: error,
      })
    case 'encoding.unsupported':
      return new Problem('unsupported-media-type', `The content encoding "${String(encoding)}" is not supported`, {
        fields: [
          {
            field: 'Content-Encoding',
            message: `"${String(encoding)}" is not supported; send identity, gzip or deflate`,
          },
        ],
        cause: error,
      })
    case 'request.aborted':
    case 'request.size.invalid':
      return new Problem('malformed-body', 'The body could not be read', { fields: body(message), cause: error })
  }
  // Any other client error http-errors marked as safe to show keeps its status.
  if (status >= 400 && status < 500 && expose === true) {
    return new Problem(problemCodeForStatus(status), message, { cause: error })
  }
  return null
}

/** 100 kB, 1mb: the limits as configured, in the words they were configured in. */
function sizeInWords(bytes: number): string {
  if (bytes % (1024 * 1024) === 0) return `${bytes / (1024 * 1024)}mb`
  if (bytes % 1024 === 0) return `${bytes / 1024} kB`
  return `${bytes} bytes`
}

// ── Validation ──────────────────────────────────────────────────────────────────────────────────────────────────

function validationProblem(error: unknown): Problem | null {
  if (error instanceof ZodError) {
    return new Problem('invalid-input', 'The input is not valid', {
      fields: toFieldErrors(error, undefined, 'request'),
      cause: error,
    })
  }
  if (!(error instanceof Prisma.PrismaClientKnownRequestError)) return null
  switch (error.code) {
    case 'P2002': {
      const fields = uniqueFields(error)
      return new Problem('conflict', `Another record already has this ${fields.join(', ') || 'value'}`, {
        fields: fields.map((field) => ({ field, message: 'is already taken' })),
        cause: error,
      })
    }
    case 'P2003':
      return new Problem('conflict', 'Another record still refers to this one', {
        fields: [{ field: '(record)', message: 'is referred to by another record' }],
        cause: error,
      })
    case 'P2025':
      return new Problem('not-found', 'The record does not exist (any more)', { cause: error })
  }
  return null
}

function uniqueFields(error: Prisma.PrismaClientKnownRequestError): string[] {
  const meta = record(error.meta)
  const cause = record(record(meta.driverAdapterError).cause)
  const fields = meta.target ?? record(cause.constraint).fields
  if (Array.isArray(fields)) return fields.map((field) => String(field).replace(/^"|"$/g, ''))
  return typeof fields === 'string' ? [fields] : []
}

// ── Temporal ────────────────────────────────────────────────────────────────────────────────────────────────────

/** What the workflow (or its activity) refused, by the ApplicationFailure type it threw. */
const refusals: Record<string, (failure: ApplicationFailure) => Problem> = {
  LeadClosed: (failure) => new Problem('lead-closed', failure.message, { cause: failure }),
  LeadNotQualified: (failure) => new Problem('lead-not-qualified', failure.message, { cause: failure }),
  LeadNotFound: (failure) => new Problem('not-found', failure.message, { cause: failure }),
  // A deal's proposal the mail server did not take in time (workflows/deal-messages.ts proposalNotSentFailureType).
  ProposalNotSent: (failure) => new Problem('mail-server-unavailable', failure.message, { cause: failure }),
  // Its email to the contact, likewise (dealEmailNotSentFailureType).
  DealEmailNotSent: (failure) => new Problem('mail-server-unavailable', failure.message, { cause: failure }),
  CompanyNotFound: (failure) =>
    new Problem('invalid-input', failure.message, {
      fields: [{ field: 'companyId', message: 'is not a known company' }],
      cause: failure,
    }),
  InvalidInput: (failure) => {
    // The workflow words these "field: message".
    const match = /^([\w.]+): (.+)$/.exec(failure.message)
    return new Problem('invalid-input', failure.message, {
      fields: match ? [{ field: match[1]!, message: match[2]! }] : [],
      cause: failure,
    })
  },
}

// gRPC status codes (https://grpc.github.io/grpc/core/md_doc_statuscodes.html) that mean "not now", not "never".
const grpcDeadlineExceeded = 4
const grpcResourceExhausted = 8
const grpcUnavailable = 14
const transientGrpcCodes = new Set([grpcDeadlineExceeded, grpcResourceExhausted, grpcUnavailable])

function grpcCodeOf(value: unknown): number | undefined {
  const { code, details, metadata } = record(value)
  return typeof code === 'number' && (typeof details === 'string' || typeof metadata === 'object') ? code : undefined
}

function workflowProblem(error: unknown): Problem | null {
  const chain = causesOf(error)
  const failure = chain.find((entry): entry is ApplicationFailure => entry instanceof ApplicationFailure)
  if (failure) {
    const refusal = failure.type ? refusals[failure.type] : undefined
    // An ApplicationFailure is a refusal the workflow wrote for people: its words are meant to be shown.
    return refusal ? refusal(failure) : new Problem('conflict', failure.message, { cause: error })
  }
  if (error instanceof WorkflowUpdateFailedError || error instanceof WorkflowFailedError) {
    return new Problem('conflict', 'The workflow did not complete the step (it was cancelled, ended or timed out)', {
      cause: error,
    })
  }
  const unavailable = () =>
    new Problem('workflow-engine-unavailable', 'Temporal could not be reached; nothing was lost, try again shortly', {
      cause: error,
    })
  if (chain.some((entry) => entry instanceof WorkflowUpdateRPCTimeoutOrCancelledError)) return unavailable()
  // The workflow client's own deadline (services/workflows): Temporal did not answer in time.
  if (chain.some((entry) => entry instanceof WorkflowCallTimedOut)) return unavailable()
  const grpcCode = chain.map(grpcCodeOf).find((code) => code !== undefined)
  if (grpcCode !== undefined && transientGrpcCodes.has(grpcCode)) return unavailable()
  // A ServiceError without a transient code is a misconfiguration (namespace, permission): not an outage.
  if (chain.some((entry) => entry instanceof ServiceError) && grpcCode === undefined) return unavailable()
  return null
}

// ── PostgreSQL (through Prisma) ─────────────────────────────────────────────────────────────────────────────────

// P1001 can't reach, P1002 timed out, P1008 operation timed out, P1017 connection closed, P2024 pool timeout,
// P2037 too many connections.
const unreachableDatabaseCodes = new Set(['P1001', 'P1002', 'P1008', 'P1017', 'P2024', 'P2037'])
const unreachableAdapterKinds = new Set([
  'DatabaseNotReachable',
  'ConnectionClosed',
  'SocketTimeout',
  'TooManyConnections',
  'TlsConnectionError',
])
// SQLSTATE class 08 (connection exception), 53300 too many connections, 57P01-57P03 shutting down / starting up.
const unavailablePostgresStates = /^(08...|53300|57P0[123])$/

function databaseProblem(error: unknown): Problem | null {
  const unavailable = new Problem('database-unavailable', 'The database could not be reached; try again shortly', {
    cause: error,
  })
  for (const entry of causesOf(error)) {
    if (entry instanceof Prisma.PrismaClientInitializationError) return unavailable
    if (entry instanceof Prisma.PrismaClientKnownRequestError) {
      if (unreachableDatabaseCodes.has(entry.code)) return unavailable
      // The pool gave no connection in time to start a transaction.
      if (entry.code === 'P2028' && /Unable to start a transaction/.test(entry.message)) return unavailable
      if (adapterSaysUnavailable(record(entry.meta).driverAdapterError)) return unavailable
    }
    if (record(entry).name === 'DriverAdapterError' && adapterSaysUnavailable(entry)) return unavailable
  }
  return null
}

function adapterSaysUnavailable(adapterError: unknown): boolean {
  const cause = record(record(adapterError).cause)
  if (typeof cause.kind !== 'string') return false
  if (unreachableAdapterKinds.has(cause.kind)) return true
  return cause.kind === 'postgres' && typeof cause.code === 'string' && unavailablePostgresStates.test(cause.code)
}

// ── SMTP and the network ────────────────────────────────────────────────────────────────────────────────────────

// nodemailer's codes for "the server could not be talked to" (not "the server refused this message").
const mailConnectionCodes = new Set(['ECONNECTION', 'ESOCKET', 'ETIMEDOUT', 'EDNS', 'ETLS'])
// SMTP replies that mean "not now": service not available, mailbox busy, local error, insufficient storage.
const transientSmtpReplies = new Set([421, 450, 451, 452])

function mailProblem(error: unknown): Problem | null {
  for (const entry of causesOf(error)) {
    const { code, command, responseCode } = record(entry)
    const fromNodemailer = typeof command === 'string' || (typeof code === 'string' && code === 'ESOCKET')
    const unreachable = typeof code === 'string' && mailConnectionCodes.has(code) && fromNodemailer
    const busy = typeof responseCode === 'number' && transientSmtpReplies.has(responseCode)
    if (unreachable || busy) {
      return new Problem('mail-server-unavailable', 'The mail server could not be reached; try again shortly', {
        cause: error,
      })
    }
  }
  return null
}

const networkCodes = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EPIPE',
  'ETIMEDOUT',
  'EAI_AGAIN',
])

function networkProblem(error: unknown): Problem | null {
  const down = causesOf(error).some((entry) => {
    const { code } = record(entry)
    return typeof code === 'string' && networkCodes.has(code)
  })
  return down
    ? new Problem('dependency-unavailable', 'A service the CRM needs could not be reached; try again shortly', {
        cause: error,
      })
    : null
}
