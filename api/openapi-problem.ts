import { ProblemCode, problemContentType, problemTypes } from '../services/problems/problem'

// How the OpenAPI document describes the one error model (services/problems/problem.ts): every error answer of the
// API is this body, as application/problem+json (RFC 9457).

/** An error answer of an operation. */
export const problemResponse = (description: string) => ({
  description,
  content: { [problemContentType]: { schema: { $ref: '#/components/schemas/Error' } } },
})

/** A dependency that is down: the problem body and the Retry-After header it always carries. */
export const unavailableResponse = (description: string) => ({
  ...problemResponse(description),
  headers: {
    'Retry-After': {
      description: 'Seconds to wait before sending the same request again',
      schema: { type: 'integer', minimum: 1 },
    },
  },
})

const codes = Object.values(ProblemCode)

/** components.schemas.Error: the members of `problemBody`, each code with the status it answers with. */
export const problemSchema = {
  type: 'object',
  description:
    'A problem (RFC 9457). `code` says what went wrong, one of a fixed list; `errors` names each field at fault. ' +
    '`error` repeats `detail` for clients of the older `{ error, errors }` body. Codes and their statuses: ' +
    codes.map((code) => `\`${code}\` ${problemTypes[code].status}`).join(', ') +
    '. A dependency that is down answers 503 with a Retry-After header, never 500.',
  required: ['type', 'title', 'status', 'detail', 'code', 'error', 'errors'],
  properties: {
    type: {
      type: 'string',
      description: 'The problem type: tag:durable-crm,2026:problem:<code> (names the type; not meant to be fetched)',
      pattern: '^tag:durable-crm,2026:problem:[a-z-]+$',
    },
    title: { type: 'string', description: 'The same for every problem of this code' },
    status: { type: 'integer', enum: [...new Set(codes.map((code) => problemTypes[code].status))] },
    detail: { type: 'string', description: 'What happened to this request, for a person to read' },
    code: { type: 'string', enum: codes },
    error: { type: 'string', description: 'The detail again (the older body)', deprecated: true },
    errors: {
      type: 'array',
      description: 'One entry per field at fault (empty when no field is)',
      items: {
        type: 'object',
        required: ['field', 'message'],
        properties: { field: { type: 'string' }, message: { type: 'string' } },
      },
    },
    retryAfterSeconds: {
      type: 'integer',
      minimum: 1,
      description: 'For a dependency that is down: the Retry-After header, in the body too',
    },
  },
} as const

type Operation = Record<string, unknown> & { responses?: Record<string, unknown> }

/**
 * What can refuse any operation before its route runs, added where the operation does not say it already: an
 * authenticated operation can be refused 401 or 403, and 503 while the database or Temporal is down; one with a
 * JSON body 413 (too large) and 415 (not JSON, an unsupported charset or encoding).
 */
export function withCommonProblems(operation: Operation): Operation {
  const common: Record<string, unknown> = {}
  if (operation['x-crm-permission']) {
    common[401] = problemResponse('No session and no API key, or an invalid API key')
    common[403] = problemResponse('The role or the key scope does not allow this (audited)')
    common[503] = unavailableResponse('The database or Temporal is not answering; nothing was changed. Retry later.')
  }
  const body = (operation.requestBody as { content?: Record<string, unknown> } | undefined)?.content
  if (body?.['application/json']) {
    common[413] = problemResponse('The body is too large')
    common[415] = problemResponse('The body is not JSON, or not in UTF-8, or in an encoding other than gzip or deflate')
  }
  return { ...operation, responses: { ...common, ...operation.responses } }
}
