import { fileURLToPath } from 'node:url'
import { createRequestHandler } from '@remix-run/express'
import type { ServerBuild } from '@remix-run/node'
import express, { type ErrorRequestHandler } from 'express'
import type { WebDependencies } from './dependencies'
import { healthRoutes } from './routes/health'
import { leadRoutes } from './routes/leads'

const clientAssetsDir = fileURLToPath(new URL('../build/client', import.meta.url))

const jsonErrors: ErrorRequestHandler = (error: unknown, _request, response, next) => {
  if (response.headersSent) {
    next(error)
    return
  }
  const status = typeof error === 'object' && error !== null && 'status' in error ? Number(error.status) : 500
  if (status === 400 && error instanceof SyntaxError) {
    response.status(400).json({ error: 'The body is not valid JSON', errors: [{ field: '(body)', message: error.message }] })
    return
  }
  if (status === 413) {
    response.status(413).json({ error: 'The body is too large', errors: [{ field: '(body)', message: 'exceeds 100 kB' }] })
    return
  }
  console.error('Unhandled error in API request:', error)
  response.status(500).json({ error: 'Internal server error', errors: [] })
}

/** The web process: the JSON API under /api, and the Remix app for everything else. */
export function createApp(dependencies: WebDependencies, remixBuild?: ServerBuild) {
  const app = express()
  app.disable('x-powered-by')

  const api = express.Router()
  api.use(express.json({ limit: '100kb' }))
  api.use(healthRoutes(dependencies))
  api.use(leadRoutes(dependencies))
  api.use((request, response) => {
    response.status(404).json({ error: `No API route ${request.method} ${request.originalUrl}`, errors: [] })
  })
  api.use(jsonErrors)
  app.use('/api', api)

  if (remixBuild) {
    app.use('/assets', express.static(`${clientAssetsDir}/assets`, { immutable: true, maxAge: '1y' }))
    app.use(express.static(clientAssetsDir, { maxAge: '1h' }))
    const remixHandler = createRequestHandler({
      build: remixBuild,
      mode: dependencies.config.NODE_ENV === 'production' ? 'production' : 'development',
      getLoadContext: () => ({ ...dependencies }),
    })
    app.all('*', (request, response, next) => {
      remixHandler(request, response, next).catch(next)
    })
  }
  return app
}
