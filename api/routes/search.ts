import { Router } from 'express'
import { recordGrant, roles } from '../../domain/access/permission-matrix'
import { searchQueryMaxLength, searchQueryMinLength } from '../../domain/search/search-query'
import type { WebDependencies } from '../../services/dependencies'
import { Problem } from '../../services/problems/problem'
import { searchKinds } from '../../services/search/global-search'
import { searchFor, searchLimits } from '../../services/search/search-request'
import { handle } from '../handle'
import { problemResponse } from '../openapi-problem'

const kindResources = {
  leads: 'leads',
  companies: 'companies',
  contacts: 'contacts',
  opportunities: 'opportunities',
  partnerships: 'partnerships',
} as const

/** GET /search?q=…: leads, companies, contacts, deals and partnerships the caller may read, grouped by kind. */
export function searchRoutes(dependencies: Pick<WebDependencies, 'db'>): Router {
  const router = Router()
  router.get(
    '/search',
    handle(async (request, response) => {
      const actor = response.locals.actor
      if (!actor) throw new Problem('unauthenticated', 'Sign in or present an API key')
      const unknown = Object.keys(request.query).filter((name) => name !== 'q')
      if (unknown.length > 0) {
        throw new Problem('invalid-input', 'The search is not valid', {
          fields: unknown.map((field) => ({ field, message: 'is not a query parameter of the search' })),
        })
      }
      response.json(await searchFor(dependencies.db, actor, request.query.q, searchLimits.page))
    }),
  )
  return router
}

/** The OpenAPI path of this route, for api/openapi.ts. */
export function searchOpenApiPaths(): Record<string, Record<string, unknown>> {
  const readGrants = Object.fromEntries(
    searchKinds.map((kind) => [
      kindResources[kind],
      Object.fromEntries(roles.map((role) => [role, recordGrant(role, kindResources[kind], 'read')])),
    ]),
  )
  return {
    '/api/search': {
      get: {
        operationId: 'globalSearch',
        summary: 'Find leads, companies, contacts, deals and partnerships by name, email or company',
        description:
          'Every word of q must appear in one of a record’s searched fields (any case). Each kind is searched only ' +
          'if the caller may read it, and narrowed as its list is (§14.2: a Sales Rep finds their own leads and ' +
          `deals only). Up to ${searchLimits.page} records per kind, newest first; \`more\` says there are others.`,
        security: [{ sessionCookie: [] }, { apiKey: searchKinds.map((kind) => `${kindResources[kind]}:read`) }],
        'x-crm-permission': { resource: 'search', rule: 'each kind: may read it (own or all)', readGrants },
        parameters: [
          {
            name: 'q',
            in: 'query',
            required: true,
            schema: { type: 'string', minLength: searchQueryMinLength, maxLength: searchQueryMaxLength },
          },
        ],
        responses: {
          200: {
            description: '{ query, groups: [{ kind, label, hits: [{ kind, id, title, detail, href }], more }] }',
            content: { 'application/json': { schema: { type: 'object' } } },
          },
          400: problemResponse('q missing, shorter than 2 or longer than 100 characters, or an unknown parameter'),
        },
      },
    },
  }
}
