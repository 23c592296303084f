import type { NextFunction, Request, RequestHandler, Response } from 'express'
import type { WebDependencies } from '../../services/dependencies'
import { Problem } from '../../services/problems/problem'
import type { Actor } from '../../services/auth/actor'
import { uncachedApiKeyResolver } from '../../services/auth/api-key-cache'
import {
  clearedSessionCookie,
  readCookie,
  resolveSession,
  sessionCookieName,
  usesSecureCookies,
} from '../../services/auth/sessions'

declare global {
  // eslint-disable-next-line @typescript-eslint/no-namespace
  namespace Express {
    interface Locals {
      actor?: Actor
    }
  }
}

/**
 * Works out who is calling, on every request: `Authorization: Bearer crm_…` for machine clients, else the
 * session cookie. A presented but invalid API key is refused at once; an invalid cookie is cleared.
 */
export function authenticate({
  db,
  config,
  apiKeys = uncachedApiKeyResolver(db),
}: Pick<WebDependencies, 'db' | 'config' | 'apiKeys'>): RequestHandler {
  return (request: Request, response: Response, next: NextFunction) => {
    identify(request, response)
      .then((proceed) => (proceed ? next() : undefined))
      .catch(next)
  }

  async function identify(request: Request, response: Response): Promise<boolean> {
    const authorization = request.headers.authorization
    if (authorization) {
      const key = /^Bearer\s+(crm_\S+)$/i.exec(authorization)?.[1]
      const actor = key ? await apiKeys.resolve(key) : null
      if (!actor) {
        // Thrown, so the API answers it as a problem and a page in words (api/problem-response.ts).
        throw new Problem('unauthenticated', 'The API key is not valid', {
          fields: [{ field: 'Authorization', message: 'must be Bearer <a valid API key>' }],
        })
      }
      response.locals.actor = actor
      return true
    }
    const token = readCookie(request.headers.cookie, sessionCookieName)
    if (token) {
      const actor = await resolveSession(db, token, config)
      if (actor) response.locals.actor = actor
      else response.append('Set-Cookie', clearedSessionCookie(usesSecureCookies(config)))
    }
    return true
  }
}
