import type { ErrorRequestHandler, Request, Response } from 'express'
import { logger } from '../lib/logger'
import {
  Problem,
  problemBody,
  problemContentType,
  type ProblemCode,
  type ProblemOptions,
} from '../services/problems/problem'
import { problemFrom } from '../services/problems/problem-from-error'

// The Express adapter of the one error model: every error answer of the API is written here.

/** Answers with the problem: its status, `Retry-After` when it has one, an application/problem+json body. */
export function sendProblem(response: Response, problem: Problem): void {
  if (problem.retryAfterSeconds !== undefined) response.set('Retry-After', String(problem.retryAfterSeconds))
  response
    .status(problem.status)
    .type(problemContentType)
    .send(JSON.stringify(problemBody(problem)))
}

/** Shorthand for a refusal written in a route: `refuse(response, 'not-found', 'No lead with id x')`. */
export function refuse(response: Response, code: ProblemCode, detail: string, options: ProblemOptions = {}): void {
  sendProblem(response, new Problem(code, detail, options))
}

/**
 * The pages' own middleware (authentication, before Remix) fails the same way: the same mapping, answered in words.
 * Failures inside loaders and actions are answered by the Remix adapter (app/problem.server.ts).
 */
export const pageProblemErrors: ErrorRequestHandler = (error: unknown, request, response, next) => {
  if (response.headersSent) {
    next(error)
    return
  }
  const problem = problemFrom(error)
  logProblem(problem, error, request)
  if (problem.retryAfterSeconds !== undefined) response.set('Retry-After', String(problem.retryAfterSeconds))
  response.status(problem.status).type('text/plain').send(`${problem.title}. ${problem.detail}`)
}

/** Logs what deserves a look: an unplanned error in full, a dependency outage as a warning with its cause. */
export function logProblem(problem: Problem, error: unknown, request: Pick<Request, 'method' | 'path'>): void {
  if (problem.status === 500) {
    logger.error('Unhandled error in an API request', { method: request.method, path: request.path, error })
  } else if (problem.status >= 500) {
    // The cause in one line: an outage repeats on every request, its stack says nothing new.
    const cause = problem.cause ?? error
    logger.warn('A dependency is not answering', {
      method: request.method,
      path: request.path,
      code: problem.code,
      reason: cause instanceof Error ? cause.message : String(cause),
    })
  }
}

/** The API's error middleware: whatever a route or a body parser threw, mapped in one place and answered. */
export const problemErrors: ErrorRequestHandler = (error: unknown, request, response, next) => {
  if (response.headersSent) {
    next(error)
    return
  }
  const problem = problemFrom(error)
  logProblem(problem, error, request)
  sendProblem(response, problem)
}
