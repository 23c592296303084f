import {
  ServiceError,
  WorkflowFailedError,
  WorkflowUpdateFailedError,
  WorkflowUpdateRPCTimeoutOrCancelledError,
} from '@temporalio/client'
import { ActivityFailure, ApplicationFailure, RetryState } from '@temporalio/common'
import { describe, expect, it } from 'vitest'
import { z } from 'zod'
import { Prisma } from '../../lib/db'
import { IngestionConflict, LeadWorkflowUnavailable } from '../ingestion/ingestion-errors'
import { ResourceProblem } from '../records/field-errors'
import { Problem, problemBody, type ProblemCode } from './problem'
import { internalDetail, problemFrom } from './problem-from-error'
import { WorkflowCallTimedOut } from '../workflows/entity-workflow-client'

// The table of docs/decisions/0014-one-error-model.md: each kind of thrown error, built as its library builds it,
// and the status and code a caller must get. Expected values are written by hand.

/** An http-errors error as body-parser / raw-body create it. */
function bodyError(status: number, message: string, extra: Record<string, unknown>) {
  return Object.assign(new Error(message), { status, statusCode: status, expose: status < 500, ...extra })
}

function prismaKnown(code: string, message = 'query failed', meta?: Record<string, unknown>) {
  return new Prisma.PrismaClientKnownRequestError(message, { code, clientVersion: '7.10.0', meta })
}

/** A gRPC error as @grpc/grpc-js rejects a call with it. */
function grpcError(code: number, details: string) {
  return Object.assign(new Error(`${code} ${details}`), { code, details, metadata: {} })
}

function application(type: string, message: string) {
  return ApplicationFailure.create({ type, message, nonRetryable: true })
}

const zodError = z.object({ email: z.string() }).safeParse({ email: 7 }).error!

type Row = [name: string, thrown: unknown, status: number, code: ProblemCode]

const table: Row[] = [
  // Reading the body
  [
    'malformed JSON',
    bodyError(400, 'Unexpected end of JSON input', { type: 'entity.parse.failed' }),
    400,
    'malformed-body',
  ],
  [
    'JSON body over the limit',
    bodyError(413, 'request entity too large', { type: 'entity.too.large', limit: 102400 }),
    413,
    'payload-too-large',
  ],
  [
    'unsupported charset',
    bodyError(415, 'unsupported charset "LATIN-9"', { type: 'charset.unsupported', charset: 'latin-9' }),
    415,
    'unsupported-media-type',
  ],
  [
    'unsupported content encoding',
    bodyError(415, 'unsupported content encoding "br"', { type: 'encoding.unsupported', encoding: 'br' }),
    415,
    'unsupported-media-type',
  ],
  ['aborted upload', bodyError(400, 'request aborted', { type: 'request.aborted' }), 400, 'malformed-body'],
  [
    'a gzip body that does not inflate (zlib, no type)',
    bodyError(400, 'incorrect header check', { code: 'Z_DATA_ERROR', errno: -3 }),
    400,
    'malformed-body',
  ],
  [
    'a stream error body-parser does not expose',
    bodyError(500, 'stream is not readable', { type: 'stream.not.readable', expose: false }),
    500,
    'internal',
  ],

  // Validation and the services' own refusals
  ['zod validation', zodError, 400, 'invalid-input'],
  [
    'record service: bad input',
    new ResourceProblem(400, 'The list query is not valid', [{ field: 'sort', message: 'is not a column' }]),
    400,
    'invalid-input',
  ],
  ['record service: not allowed', new ResourceProblem(403, 'Not allowed'), 403, 'forbidden'],
  ['record service: missing', new ResourceProblem(404, 'No company with id x'), 404, 'not-found'],
  ['record service: duplicate', new ResourceProblem(409, 'Another company has this name'), 409, 'conflict'],
  ['ingestion: unknown reference', new IngestionConflict('sessionId', 'is not a known voice session'), 409, 'conflict'],
  [
    'unique violation not caught by the service',
    prismaKnown('P2002', 'Unique constraint failed', { target: ['email'] }),
    409,
    'conflict',
  ],
  ['foreign key violation', prismaKnown('P2003', 'Foreign key constraint violated'), 409, 'conflict'],
  ['record vanished under an update', prismaKnown('P2025', 'Record to update not found'), 404, 'not-found'],

  // The workflow's refusals (ApplicationFailure types), through the errors the client wraps them in
  [
    'update refused: lead closed',
    new WorkflowUpdateFailedError('Workflow Update failed', application('LeadClosed', 'The lead is already converted')),
    409,
    'lead-closed',
  ],
  [
    'update refused: not qualified',
    new WorkflowUpdateFailedError(
      'Workflow Update failed',
      application('LeadNotQualified', 'Only a qualified lead can be converted'),
    ),
    409,
    'lead-not-qualified',
  ],
  [
    'deal proposal: refused (address, stage, tier)',
    new WorkflowUpdateFailedError(
      'Workflow Update failed',
      application(
        'DealChangeRefused',
        'Identify the tier first: the proposal’s systems, fees and timeline are the tier’s',
      ),
    ),
    409,
    'conflict',
  ],
  [
    'deal proposal: the mail server did not take it in time',
    new WorkflowUpdateFailedError(
      'Workflow Update failed',
      application('ProposalNotSent', 'The proposal could not be sent now; try again shortly'),
    ),
    503,
    'mail-server-unavailable',
  ],
  [
    'update refused: invalid input',
    new WorkflowUpdateFailedError(
      'Workflow Update failed',
      application('InvalidInput', 'reason: must say why (3 characters or more)'),
    ),
    400,
    'invalid-input',
  ],
  [
    "conversion activity's refusal inside a failed update",
    new WorkflowUpdateFailedError(
      'Workflow Update failed',
      new ActivityFailure(
        'Activity task failed',
        'convertLead',
        '3',
        RetryState.NON_RETRYABLE_FAILURE,
        'worker',
        application('LeadNotQualified', 'this lead is new'),
      ),
    ),
    409,
    'lead-not-qualified',
  ],
  [
    'workflow failed: lead not found',
    new WorkflowFailedError(
      'Workflow execution failed',
      new ActivityFailure(
        'Activity task failed',
        'loadLead',
        '1',
        RetryState.NON_RETRYABLE_FAILURE,
        'worker',
        application('LeadNotFound', 'Lead x does not exist'),
      ),
      RetryState.NON_RETRYABLE_FAILURE,
    ),
    404,
    'not-found',
  ],
  [
    'workflow failed: unknown company',
    new WorkflowFailedError(
      'failed',
      application('CompanyNotFound', 'Company c does not exist'),
      RetryState.NON_RETRYABLE_FAILURE,
    ),
    400,
    'invalid-input',
  ],
  [
    'an ApplicationFailure type with no mapping of its own',
    new WorkflowUpdateFailedError('failed', application('SomethingNew', 'Refused for a new reason')),
    409,
    'conflict',
  ],
  [
    'update failed without an ApplicationFailure',
    new WorkflowUpdateFailedError('Workflow Update failed', undefined),
    409,
    'conflict',
  ],

  // Temporal not answering
  [
    'update RPC timed out (deadline)',
    new WorkflowUpdateRPCTimeoutOrCancelledError('Deadline exceeded', { cause: grpcError(4, 'Deadline exceeded') }),
    503,
    'workflow-engine-unavailable',
  ],
  [
    'start: gRPC DEADLINE_EXCEEDED',
    new ServiceError('Failed to start Workflow', { cause: grpcError(4, 'Deadline exceeded after 0.001s') }),
    503,
    'workflow-engine-unavailable',
  ],
  [
    'start: gRPC UNAVAILABLE',
    new ServiceError('Failed to start Workflow', { cause: grpcError(14, 'No connection established') }),
    503,
    'workflow-engine-unavailable',
  ],
  [
    'signal: gRPC RESOURCE_EXHAUSTED (rate limited)',
    new ServiceError('Failed to signal', { cause: grpcError(8, 'namespace rate limit exceeded') }),
    503,
    'workflow-engine-unavailable',
  ],
  ['a bare gRPC UNAVAILABLE', grpcError(14, 'Connection refused'), 503, 'workflow-engine-unavailable'],
  [
    'connect failed with no gRPC status',
    new ServiceError('Failed to connect to Temporal server', { cause: new Error('socket hang up') }),
    503,
    'workflow-engine-unavailable',
  ],
  [
    'gRPC PERMISSION_DENIED is a misconfiguration, not an outage',
    new ServiceError('Failed to start Workflow', { cause: grpcError(7, 'Request unauthorized') }),
    500,
    'internal',
  ],
  [
    "the services' wrapper: event not delivered",
    new LeadWorkflowUnavailable(grpcError(14, 'unavailable')),
    503,
    'workflow-engine-unavailable',
  ],

  [
    "the workflow client's own deadline",
    new WorkflowCallTimedOut('lead-1', 10_000),
    503,
    'workflow-engine-unavailable',
  ],

  // PostgreSQL not answering
  [
    "P1001 can't reach the database",
    prismaKnown('P1001', "Can't reach database server at 127.0.0.1:9", {
      driverAdapterError: { name: 'DriverAdapterError', cause: { kind: 'DatabaseNotReachable' } },
    }),
    503,
    'database-unavailable',
  ],
  ['P1002 timed out', prismaKnown('P1002'), 503, 'database-unavailable'],
  ['P1008 operation timed out', prismaKnown('P1008'), 503, 'database-unavailable'],
  ['P1017 server closed the connection', prismaKnown('P1017'), 503, 'database-unavailable'],
  ['P2024 pool timeout', prismaKnown('P2024'), 503, 'database-unavailable'],
  [
    'P2028 no transaction within maxWait',
    prismaKnown('P2028', 'Transaction API error: Unable to start a transaction in the given time.'),
    503,
    'database-unavailable',
  ],
  [
    'P2028 for another reason is not an outage',
    prismaKnown('P2028', 'Transaction API error: Transaction already closed'),
    500,
    'internal',
  ],
  [
    'driver adapter: connection closed mid-query',
    prismaKnown('P2010', 'Raw query failed', {
      driverAdapterError: { name: 'DriverAdapterError', cause: { kind: 'ConnectionClosed' } },
    }),
    503,
    'database-unavailable',
  ],
  [
    'driver adapter: server shutting down (57P01)',
    prismaKnown('P2010', 'Raw query failed', {
      driverAdapterError: { name: 'DriverAdapterError', cause: { kind: 'postgres', code: '57P01' } },
    }),
    503,
    'database-unavailable',
  ],
  [
    'driver adapter: a constraint error is not an outage',
    prismaKnown('P2010', 'Raw query failed', {
      driverAdapterError: { name: 'DriverAdapterError', cause: { kind: 'postgres', code: '23514' } },
    }),
    500,
    'internal',
  ],
  [
    'client could not initialise',
    new Prisma.PrismaClientInitializationError("Can't reach database server", '7.10.0'),
    503,
    'database-unavailable',
  ],

  // SMTP and the network
  [
    'SMTP connection refused (nodemailer)',
    Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:9'), { code: 'ESOCKET', command: 'CONN' }),
    503,
    'mail-server-unavailable',
  ],
  [
    'SMTP greeting timeout (nodemailer)',
    Object.assign(new Error('Greeting never received'), { code: 'ETIMEDOUT', command: 'CONN' }),
    503,
    'mail-server-unavailable',
  ],
  [
    'SMTP 421 service not available',
    Object.assign(new Error('421 try later'), { code: 'EENVELOPE', responseCode: 421, command: 'RCPT TO' }),
    503,
    'mail-server-unavailable',
  ],
  [
    'SMTP 550 is a refusal, not an outage',
    Object.assign(new Error('550 no such user'), { code: 'EENVELOPE', responseCode: 550, command: 'RCPT TO' }),
    500,
    'internal',
  ],
  [
    'a refused connection to anything else',
    Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:8080'), { code: 'ECONNREFUSED' }),
    503,
    'dependency-unavailable',
  ],

  // Nobody planned for it
  ['a bug', new TypeError("Cannot read properties of undefined (reading 'id')"), 500, 'internal'],
  ['a thrown string', 'oops', 500, 'internal'],
]

describe('problemFrom: anything thrown → one Problem', () => {
  const rows = table.map(([name, thrown, status, code]) => [name, status, code, thrown] as const)
  it.each(rows)('%s → %i %s', (_name, status, code, thrown) => {
    const problem = problemFrom(thrown)
    expect(problem).toBeInstanceOf(Problem)
    expect({ status: problem.status, code: problem.code }).toEqual({ status, code })
  })

  it('gives every 503 a Retry-After and nothing else one', () => {
    for (const [name, thrown, status] of table) {
      const { retryAfterSeconds } = problemFrom(thrown)
      if (status === 503) expect(retryAfterSeconds, name).toBeGreaterThan(0)
      else expect(retryAfterSeconds, name).toBeUndefined()
    }
  })

  it('never repeats the text of an unplanned error or of an outage', () => {
    const secret = 'password=hunter2 at /srv/crm/services/x.ts:12'
    expect(problemFrom(new Error(secret)).detail).toBe(internalDetail)
    expect(problemBody(problemFrom(new Error(secret)))).not.toMatchObject({
      detail: expect.stringContaining('hunter2'),
    })
    const outage = problemFrom(prismaKnown('P1001', `Can't reach database server at db.internal:5432 (${secret})`))
    expect(outage.detail).not.toContain('db.internal')
    expect(outage.detail).not.toContain('hunter2')
    const temporal = problemFrom(new ServiceError('Failed', { cause: grpcError(14, 'dns: temporal.internal:7233') }))
    expect(temporal.detail).not.toContain('temporal.internal')
  })

  it('names the field: zod issues, the workflow\'s "field: message", unsupported charset and encoding', () => {
    expect(problemFrom(zodError).fields).toEqual([{ field: 'email', message: expect.any(String) }])
    const invalid = new WorkflowUpdateFailedError('failed', application('InvalidInput', 'reason: must say why'))
    expect(problemFrom(invalid).fields).toEqual([{ field: 'reason', message: 'must say why' }])
    const charset = bodyError(415, 'x', { type: 'charset.unsupported', charset: 'latin-9' })
    expect(problemFrom(charset).fields).toEqual([
      { field: 'Content-Type', message: 'charset "latin-9" is not supported; send UTF-8' },
    ])
    const encoding = bodyError(415, 'x', { type: 'encoding.unsupported', encoding: 'br' })
    expect(problemFrom(encoding).fields).toEqual([
      { field: 'Content-Encoding', message: '"br" is not supported; send identity, gzip or deflate' },
    ])
    const tooLarge = bodyError(413, 'x', { type: 'entity.too.large', limit: 100 * 1024 })
    expect(problemFrom(tooLarge).fields).toEqual([{ field: '(body)', message: 'exceeds 100 kB' }])
  })

  it('keeps the workflow refusal in its own words (written for people)', () => {
    const closed = new WorkflowUpdateFailedError('failed', application('LeadClosed', 'The lead is already converted'))
    expect(problemFrom(closed).detail).toBe('The lead is already converted')
  })

  it('answers in the RFC 9457 shape, keeping the { error, errors } members clients already read', () => {
    const problem = new ResourceProblem(400, 'The company is not valid', [{ field: 'name', message: 'is required' }])
    expect(problemBody(problem)).toEqual({
      type: 'tag:durable-crm,2026:problem:invalid-input',
      title: 'The input is not valid',
      status: 400,
      detail: 'The company is not valid',
      code: 'invalid-input',
      error: 'The company is not valid',
      errors: [{ field: 'name', message: 'is required' }],
    })
    expect(problemBody(problemFrom(prismaKnown('P1001')))).toMatchObject({ status: 503, retryAfterSeconds: 5 })
  })
})
