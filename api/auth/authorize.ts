import type { NextFunction, Request, RequestHandler, Response } from 'express'
import { type Grant, type RecordAction, type RecordResource } from '../../domain/access/permission-matrix'
import type { WebDependencies } from '../../services/dependencies'
import { grantFor } from '../../services/auth/grants'
import { clientOf, recordAudit } from '../../services/auth/audit'
import { refuse } from '../problem-response'

declare global {
  // eslint-disable-next-line @typescript-eslint/no-namespace
  namespace Express {
    interface Locals {
      grant?: Grant
    }
  }
}

/**
 * Express guard: 401 without an identity, 403 (audited) without a grant. On success `response.locals.grant`
 * says whether the handler must restrict itself to the actor's own records.
 */
export function requireGrant(
  { db }: Pick<WebDependencies, 'db'>,
  resource: RecordResource,
  action: RecordAction,
): RequestHandler {
  return (request: Request, response: Response, next: NextFunction) => {
    const actor = response.locals.actor
    if (!actor) {
      refuse(response, 'unauthenticated', 'Sign in or present an API key')
      return
    }
    const grant = grantFor(actor, resource, action)
    if (grant === 'none') {
      recordAudit(db, {
        actor,
        action: `${resource}.${action}`,
        outcome: 'DENIED',
        entityType: resource,
        entityId: request.params.id,
        metadata: { method: request.method, path: request.baseUrl + request.path },
        client: clientOf(request),
      })
        .then(() => refuse(response, 'forbidden', `Not allowed to ${action} ${resource}`))
        .catch(next)
      return
    }
    response.locals.grant = grant
    next()
  }
}
