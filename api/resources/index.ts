import { Router } from 'express'
import type { WebDependencies } from '../dependencies'
import { companies } from './companies'
import { contacts } from './contacts'
import { leads } from './leads'
import { opportunities } from './opportunities'
import { partnerships } from './partnerships'
import { resourceRouter } from './router'
import { users } from './users'
import { voiceSessions } from './voice-sessions'

/** Every record resource of the §14.2 matrix, in the matrix's order. */
export const resourceDefinitions = [leads, companies, contacts, opportunities, partnerships, voiceSessions, users]

/**
 * The JSON API of the record resources, each route behind its matrix guard. Mount under /api after the JSON
 * body parser and `authenticate`.
 */
export function resourceRoutes(dependencies: Pick<WebDependencies, 'db' | 'config'>): Router {
  const router = Router()
  for (const definition of resourceDefinitions) router.use(resourceRouter(dependencies, definition))
  return router
}
