import { fileURLToPath } from 'node:url'
import { createRequestHandler } from '@remix-run/express'
import type { ServerBuild } from '@remix-run/node'
import express, { type ErrorRequestHandler, type RequestHandler } from 'express'
import { logger } from '../lib/logger'
import { clientOf } from '../services/auth/audit'
import { authenticate } from './auth/authenticate'
import type { WebDependencies } from '../services/dependencies'
import { healthRoutes } from './routes/health'
import { crmIntegrationRoutes } from './routes/crm-integrations'
import { leadActionRoutes } from './routes/lead-actions'
import { leadRoutes } from './routes/leads'
import { roiReportRoutes } from './routes/roi-reports'
import { unsubscribeRoutes } from './routes/unsubscribe'
import { webhookRoutes } from './routes/webhooks'
import { openApiRoutes } from './openapi'
import { resourceRoutes } from './resources'
import { bodySizeLimit, cors, sameOriginForCookieRequests, securityHeaders } from './security'

const clientAssetsDir = fileURLToPath(new URL('../build/client', import.meta.url))
const maxBodyBytes = 1024 * 1024
const maxJsonBytes = 100 * 1024

const jsonErrors: ErrorRequestHandler = (error: unknown, request, response, next) => {
  if (response.headersSent) {
    next(error)
    return
  }
  const status = typeof error === 'object' && error !== null && 'status' in error ? Number(error.status) : 500
  if (status === 400 && error instanceof SyntaxError) {
    response
      .status(400)
      .json({ error: 'The body is not valid JSON', errors: [{ field: '(body)', message: error.message }] })
    return
  }
  if (status === 413) {
    response.status(413).json({
      error: 'The body is too large',
      errors: [{ field: '(body)', message: `exceeds ${maxJsonBytes / 1024} kB` }],
    })
    return
  }
  // body-parser's other refusals (an unsupported charset or Content-Encoding: 415; a body that cannot be inflated)
  // are the client's; poison-input decision 0015. The error model (issue 9) may fold this into its one mapping.
  const exposed = typeof error === 'object' && error !== null && 'expose' in error && error.expose === true
  if (exposed && status >= 400 && status < 500) {
    response.status(status).json({
      error: 'The body could not be read',
      errors: [{ field: '(body)', message: error instanceof Error ? error.message : 'could not be read' }],
    })
    return
  }
  logger.error('Unhandled error in an API request', { method: request.method, path: request.path, error })
  response.status(500).json({ error: 'Internal server error', errors: [] })
}

const jsonTypes = ['application/json', 'application/*+json']

/**
 * The API below the webhooks reads JSON only: a body of another type (JSON sent as text/plain, a form) is refused
 * with 415 naming the type expected, rather than read as no body and blamed on a missing field. Webhooks and the
 * one-click unsubscribe are mounted before this and read their senders' own types.
 */
const requireJsonBody: RequestHandler = (request, response, next) => {
  if (request.is(jsonTypes) !== false) {
    next()
    return
  }
  response.status(415).json({
    error: 'The body must be JSON',
    errors: [
      {
        field: '(body)',
        message: `Content-Type must be application/json, not ${request.get('content-type') ?? 'missing'}`,
      },
    ],
  })
}

/** The web process: the JSON API under /api, and the Remix app for everything else. */
export function createApp(dependencies: WebDependencies, remixBuild?: ServerBuild) {
  const app = express()
  app.disable('x-powered-by')
  // Behind a reverse proxy the client's address is in X-Forwarded-For; trust it only when told to.
  if (dependencies.config.TRUST_PROXY) app.set('trust proxy', 1)
  app.use(securityHeaders(dependencies.config))
  app.use(bodySizeLimit(maxBodyBytes))

  const api = express.Router()
  api.use(cors(dependencies.config))
  api.use(healthRoutes(dependencies))
  api.use(openApiRoutes(dependencies.config))
  // Webhooks read their raw body and are authenticated by the sender's signature alone.
  api.use(webhookRoutes(dependencies))
  // One-click unsubscribe (RFC 8058) is posted by mail providers: the signed token is its only credential.
  api.use(unsubscribeRoutes(dependencies))
  api.use(authenticate(dependencies))
  api.use(sameOriginForCookieRequests(dependencies.config))
  api.use(requireJsonBody)
  api.use(express.json({ limit: maxJsonBytes, type: jsonTypes }))
  api.use(leadRoutes(dependencies))
  api.use(leadActionRoutes(dependencies))
  api.use(crmIntegrationRoutes(dependencies))
  api.use(roiReportRoutes(dependencies))
  api.use(resourceRoutes(dependencies))
  api.use((request, response) => {
    response.status(404).json({ error: `No API route ${request.method} ${request.originalUrl}`, errors: [] })
  })
  api.use(jsonErrors)
  app.use('/api', api)

  if (remixBuild) {
    app.use('/assets', express.static(`${clientAssetsDir}/assets`, { immutable: true, maxAge: '1y' }))
    app.use(express.static(clientAssetsDir, { maxAge: '1h' }))
    app.use(authenticate(dependencies))
    app.use(sameOriginForCookieRequests(dependencies.config))
    const remixHandler = createRequestHandler({
      build: remixBuild,
      mode: dependencies.config.NODE_ENV === 'production' ? 'production' : 'development',
      getLoadContext: (request, response) => ({
        ...dependencies,
        actor: response.locals.actor,
        client: clientOf(request),
        cspNonce: response.locals.cspNonce,
      }),
    })
    app.all('*', (request, response, next) => {
      remixHandler(request, response, next).catch(next)
    })
  }
  return app
}
