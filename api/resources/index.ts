import { Router } from 'express'
import type { WebDependencies } from '../../services/dependencies'
import { resourceDefinitions } from '../../services/records'
import { resourceRouter } from './router'

/**
 * The JSON API of the record resources, each route behind its matrix guard. Mount under /api after the JSON
 * body parser and `authenticate`.
 */
export function resourceRoutes(dependencies: Pick<WebDependencies, 'db' | 'config' | 'temporal'>): Router {
  const router = Router()
  for (const definition of resourceDefinitions) router.use(resourceRouter(dependencies, definition))
  return router
}
