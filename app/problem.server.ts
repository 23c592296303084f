import type { HeadersArgs, HeadersFunction, ServerBuild } from '@remix-run/node'
import { logger } from '../lib/logger'
import { Problem } from '../services/problems/problem'
import { problemFrom } from '../services/problems/problem-from-error'

// The Remix adapter of the one error model. Loaders and actions throw what they throw; this turns it into the
// Response an ErrorBoundary shows (withProblemResponses, once for the whole build), or into the status and headers
// of a form's answer (problemForForm), so the person sees their entries again with what went wrong.

/** The status, and Retry-After when a dependency is down, for a Response or `data(…)` answering with the problem. */
export function problemInit(problem: Problem): { status: number; statusText: string; headers: HeadersInit } {
  const headers: Record<string, string> =
    problem.retryAfterSeconds === undefined ? {} : { 'Retry-After': String(problem.retryAfterSeconds) }
  return { status: problem.status, statusText: problem.title, headers }
}

/** A Response to throw: the route's ErrorBoundary shows its status and its detail in words. */
export function problemResponse(problem: Problem): Response {
  const init = problemInit(problem)
  return new Response(problem.detail, {
    ...init,
    headers: { ...init.headers, 'Content-Type': 'text/plain; charset=utf-8' },
  })
}

/**
 * For an action answering a form: the problem to show beside the form (bad input, a refused step, a dependency that
 * is down — the entries are kept for another try). Not signed in, not allowed and not found are thrown to the error
 * boundary instead, and an error nobody planned for is rethrown as it is, to be logged and shown as a 500.
 */
export function problemForForm(error: unknown): Problem {
  const problem = problemFrom(error)
  if (problem.status === 500) throw error
  if (problem.status === 401 || problem.status === 403 || problem.status === 404) throw problemResponse(problem)
  return problem
}

function passesThrough(thrown: unknown): boolean {
  // Responses (redirects, notFound) and `data(…)` are answers already.
  return (
    thrown instanceof Response ||
    (typeof thrown === 'object' && thrown !== null && (thrown as { type?: unknown }).type === 'DataWithResponseInit')
  )
}

type Handler = (args: never) => unknown

function guarded<H extends Handler>(handler: H, routeId: string): H {
  return (async (args: never) => {
    try {
      return await handler(args)
    } catch (thrown) {
      if (passesThrough(thrown)) throw thrown
      const problem = problemFrom(thrown)
      if (problem.status === 500) throw thrown
      if (problem.status >= 500) {
        const cause = problem.cause
        logger.warn('A dependency is not answering', {
          route: routeId,
          code: problem.code,
          reason: cause instanceof Error ? cause.message : String(cause),
        })
      }
      throw problemResponse(problem)
    }
  }) as H
}

/**
 * A page's headers as the route declares them (or its parent's, as Remix does without a `headers` export), plus the
 * Retry-After of a problem its loader or action answered: Remix drops those headers from a document otherwise.
 */
function withRetryAfter(own: HeadersFunction | HeadersInit | undefined): HeadersFunction {
  return (args: HeadersArgs) => {
    const headers = new Headers(own === undefined ? args.parentHeaders : typeof own === 'function' ? own(args) : own)
    const retryAfter = [args.errorHeaders, args.actionHeaders, args.loaderHeaders]
      .map((source) => source?.get('Retry-After'))
      .find((value) => value)
    if (retryAfter && !headers.has('Retry-After')) headers.set('Retry-After', retryAfter)
    return headers
  }
}

/**
 * The Remix build with every loader and action mapped through the one error model: a database or Temporal outage
 * in any page answers 503 with Retry-After (not a 500), a refusal its own status.
 */
export function withProblemResponses(build: ServerBuild): ServerBuild {
  const routes = Object.fromEntries(
    Object.entries(build.routes).map(([id, route]) => {
      const { loader, action } = route.module
      const module = {
        ...route.module,
        ...(loader ? { loader: guarded(loader, id) } : {}),
        ...(action ? { action: guarded(action, id) } : {}),
        headers: withRetryAfter(route.module.headers),
      }
      return [id, { ...route, module }]
    }),
  )
  return { ...build, routes }
}
