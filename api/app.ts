import { fileURLToPath } from 'node:url'
import { createRequestHandler } from '@remix-run/express'
import type { ServerBuild } from '@remix-run/node'
import express, { type RequestHandler } from 'express'
import { clientOf } from '../services/auth/audit'
import { withProblemResponses } from '../app/problem.server'
import { authenticate } from './auth/authenticate'
import type { WebDependencies } from '../services/dependencies'
import type { WebBusyAnnouncer } from '../lib/web-busy'
import { activityRoutes } from './routes/activities'
import { dealActionRoutes } from './routes/deal-actions'
import { partnershipActionRoutes } from './routes/partnership-actions'
import { partnershipWorkRoutes, systemUsageRoutes } from './routes/partnership-work'
import { healthRoutes } from './routes/health'
import { crmIntegrationRoutes } from './routes/crm-integrations'
import { leadActionRoutes } from './routes/lead-actions'
import { leadRoutes } from './routes/leads'
import { roiReportRoutes } from './routes/roi-reports'
import { scheduledReportRoutes } from './routes/scheduled-reports'
import { searchRoutes } from './routes/search'
import { unsubscribeRoutes } from './routes/unsubscribe'
import { webhookRoutes } from './routes/webhooks'
import { openApiRoutes } from './openapi'
import { pageProblemErrors, problemErrors, refuse } from './problem-response'
import { resourceRoutes } from './resources'
import { bodySizeLimit, cors, sameOriginForCookieRequests, securityHeaders } from './security'

const clientAssetsDir = fileURLToPath(new URL('../build/client', import.meta.url))
const maxBodyBytes = 1024 * 1024
const maxJsonBytes = 100 * 1024

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
  refuse(response, 'unsupported-media-type', 'The body must be JSON', {
    fields: [
      {
        field: '(body)',
        message: `Content-Type must be application/json, not ${request.get('content-type') ?? 'missing'}`,
      },
    ],
  })
}

/** Workers yield to people (decision 0060): every request says so but a load balancer's probe and static files. */
function announceWebBusy(webBusy: Pick<WebBusyAnnouncer, 'announce'>): RequestHandler {
  return (request, _response, next) => {
    if (request.path !== '/api/health' && !request.path.startsWith('/assets/')) webBusy.announce()
    next()
  }
}

/** The web process: the JSON API under /api, and the Remix app for everything else. */
export function createApp(dependencies: WebDependencies, remixBuild?: ServerBuild) {
  const app = express()
  app.disable('x-powered-by')
  // Behind a reverse proxy the client's address is in X-Forwarded-For; trust it only when told to.
  if (dependencies.config.TRUST_PROXY) app.set('trust proxy', 1)
  app.use(securityHeaders(dependencies.config))
  app.use(bodySizeLimit(maxBodyBytes))
  if (dependencies.webBusy) app.use(announceWebBusy(dependencies.webBusy))

  const api = express.Router()
  api.use(cors(dependencies.config))
  api.use(healthRoutes(dependencies))
  api.use(openApiRoutes(dependencies.config))
  // Webhooks read their raw body and are authenticated by the sender's signature alone.
  api.use(webhookRoutes(dependencies))
  // One-click unsubscribe (RFC 8058) is posted by mail providers: the signed token is its only credential.
  api.use(unsubscribeRoutes(dependencies))
  // A delivered system reports its use with its own token (decision 0035), not a session or an API key.
  api.use(systemUsageRoutes(dependencies))
  api.use(authenticate(dependencies))
  api.use(sameOriginForCookieRequests(dependencies.config))
  api.use(requireJsonBody)
  api.use(express.json({ limit: maxJsonBytes, type: jsonTypes }))
  api.use(leadRoutes(dependencies))
  api.use(leadActionRoutes(dependencies))
  api.use(crmIntegrationRoutes(dependencies))
  api.use(roiReportRoutes(dependencies))
  api.use(activityRoutes(dependencies))
  api.use(dealActionRoutes(dependencies))
  api.use(partnershipActionRoutes(dependencies))
  api.use(partnershipWorkRoutes(dependencies))
  api.use(searchRoutes(dependencies))
  api.use(scheduledReportRoutes(dependencies))
  api.use(resourceRoutes(dependencies))
  api.use((request, response) => {
    refuse(response, 'not-found', `No API route ${request.method} ${request.originalUrl}`)
  })
  // Body-parser errors (bad JSON, too large, unsupported charset or encoding) and everything a route throws.
  api.use(problemErrors)
  app.use('/api', api)

  if (remixBuild) {
    app.use('/assets', express.static(`${clientAssetsDir}/assets`, { immutable: true, maxAge: '1y' }))
    app.use(express.static(clientAssetsDir, { maxAge: '1h' }))
    app.use(authenticate(dependencies))
    app.use(sameOriginForCookieRequests(dependencies.config))
    const remixHandler = createRequestHandler({
      // Every loader and action answers a failure through the one error model (503 + Retry-After when a dependency is down).
      build: withProblemResponses(remixBuild),
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
    app.use(pageProblemErrors)
  }
  return app
}
