import type { NextFunction, Request, RequestHandler, Response } from 'express'
import type { AppConfig } from '../lib/config'
import { randomToken } from '../lib/tokens'
import { Problem } from '../services/problems/problem'
import { refuse, sendProblem } from './problem-response'

declare global {
  // eslint-disable-next-line @typescript-eslint/no-namespace
  namespace Express {
    interface Locals {
      cspNonce?: string
    }
  }
}

/** Common security headers; scripts run only with this response's nonce (Remix renders it into its tags). */
export function securityHeaders(config: Pick<AppConfig, 'NODE_ENV'>): RequestHandler {
  return (_request: Request, response: Response, next: NextFunction) => {
    const nonce = randomToken(16)
    response.locals.cspNonce = nonce
    response.setHeader(
      'Content-Security-Policy',
      [
        "default-src 'self'",
        `script-src 'self' 'nonce-${nonce}'`,
        "style-src 'self'",
        "img-src 'self' data:",
        "connect-src 'self'",
        "frame-ancestors 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "object-src 'none'",
      ].join('; '),
    )
    response.setHeader('X-Content-Type-Options', 'nosniff')
    response.setHeader('X-Frame-Options', 'DENY')
    response.setHeader('Referrer-Policy', 'strict-origin-when-cross-origin')
    response.setHeader('Cross-Origin-Opener-Policy', 'same-origin')
    response.setHeader('Permissions-Policy', 'camera=(), microphone=(), geolocation=(), payment=()')
    if (config.NODE_ENV === 'production') {
      response.setHeader('Strict-Transport-Security', 'max-age=31536000; includeSubDomains')
    }
    next()
  }
}

/**
 * Answers 413 before anything reads a body larger than `maxBytes` (forms, JSON, webhooks alike): the API with a
 * problem, a page in words (the pages' error handler).
 */
export function bodySizeLimit(maxBytes: number): RequestHandler {
  return (request: Request, response: Response, next: NextFunction) => {
    const declared = Number(request.headers['content-length'] ?? 0)
    if (declared > maxBytes) {
      const problem = new Problem('payload-too-large', 'The body is too large', {
        fields: [{ field: '(body)', message: `exceeds ${Math.round(maxBytes / 1024)} kB` }],
      })
      if (request.originalUrl.startsWith('/api/')) sendProblem(response, problem)
      else next(problem)
      return
    }
    next()
  }
}

/** CORS for the API: only the configured origins get CORS headers; preflights from others are refused. */
export function cors(config: Pick<AppConfig, 'CORS_ORIGINS'>): RequestHandler {
  return (request: Request, response: Response, next: NextFunction) => {
    const origin = request.headers.origin
    response.append('Vary', 'Origin')
    const allowed = origin !== undefined && config.CORS_ORIGINS.includes(origin)
    if (allowed) {
      response.setHeader('Access-Control-Allow-Origin', origin)
      response.setHeader('Access-Control-Allow-Headers', 'Authorization, Content-Type')
      response.setHeader('Access-Control-Allow-Methods', 'GET, POST, PUT, PATCH, DELETE')
      response.setHeader('Access-Control-Max-Age', '600')
    }
    if (request.method === 'OPTIONS' && request.headers['access-control-request-method']) {
      response.status(allowed ? 204 : 403).end()
      return
    }
    next()
  }
}

const safeMethods = new Set(['GET', 'HEAD', 'OPTIONS'])

/**
 * Cross-site request protection for everything a browser can post with our cookie (forms, fetches): a
 * state-changing request must come from our own origin, as its Origin header (or, failing that, Referer or
 * Sec-Fetch-Site) says. Requests authenticated by an API key carry no cookie and are exempt.
 */
export function sameOriginForCookieRequests(config: Pick<AppConfig, 'APP_BASE_URL'>): RequestHandler {
  const appOrigin = new URL(config.APP_BASE_URL).origin
  return (request: Request, response: Response, next: NextFunction) => {
    // A cookie-less call to the API cannot ride on anyone's session; it is authenticated (or refused) later.
    const apiCall = request.originalUrl.startsWith('/api/')
    if (safeMethods.has(request.method) || request.headers.authorization || (apiCall && !request.headers.cookie)) {
      next()
      return
    }
    const host = request.headers.host
    const ownOrigins = new Set([appOrigin, ...(host ? [`http://${host}`, `https://${host}`] : [])])
    const origin = request.headers.origin ?? originOf(request.headers.referer)
    const fetchSite = request.headers['sec-fetch-site']
    const sameOrigin = origin ? ownOrigins.has(origin) : fetchSite === 'same-origin' || fetchSite === 'none'
    if (!sameOrigin) {
      refuseCrossSite(request, response, apiCall, origin)
      return
    }
    // Checked here against APP_BASE_URL as well as Host. Remix repeats a narrower check (Origin against Host
    // only) and throws a 500 when a proxy does not pass the public Host on: the page's own address must not fail.
    if (!apiCall) delete request.headers.origin
    next()
  }
}

const crossSiteMessage = (origin: string | undefined) =>
  `This request was refused: it came from ${origin && origin !== 'null' ? origin : 'another site'}, not from this application. ` +
  'Open the CRM at its own address and try again.'

/**
 * The API answers in JSON; a page gets words it can show: a plain form post an HTML page, a Remix form
 * submission (single fetch, `*.data`) an error response its error boundary shows, encoded as the Remix client
 * decodes it (turbo-stream, as @remix-run/server-runtime 2.17 writes `{ error: ErrorResponse }`).
 */
function refuseCrossSite(request: Request, response: Response, apiCall: boolean, origin: string | undefined) {
  const message = crossSiteMessage(origin)
  response.status(403)
  if (apiCall) {
    refuse(response, 'forbidden', 'Cross-site request refused', {
      fields: [{ field: 'Origin', message: 'must be this application' }],
    })
  } else if (request.path.endsWith('.data')) {
    response
      .type('text/x-script')
      .send(`${JSON.stringify([{ _1: 2 }, 'error', ['ErrorResponse', 3, 4, 5], message, 403, 'Forbidden'])}\n`)
  } else {
    response
      .type('html')
      .send(
        `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Request refused · Durable CRM</title></head>` +
          `<body><h1>Request refused</h1><p>${escapeHtml(message)}</p><p><a href="/">Back to the CRM</a></p></body></html>`,
      )
  }
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (character) => `&#${character.charCodeAt(0)};`)
}

function originOf(url: string | undefined): string | undefined {
  if (!url) return undefined
  try {
    return new URL(url).origin
  } catch {
    return undefined
  }
}
