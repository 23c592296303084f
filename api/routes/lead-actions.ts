import { Router, type Request, type Response } from 'express'
import { recordGrant, roles } from '../../domain/access/permission-matrix'
import { leadActionInputSchemas, leadActionLabels, type LeadActionName } from '../../domain/leads/lead-actions'
import { clientOf } from '../../services/auth/audit'
import { requireGrant } from '../auth/authorize'
import { ownedBy } from '../../services/auth/ownership'
import type { WebDependencies } from '../../services/dependencies'
import { handle } from '../handle'
import { refuse } from '../problem-response'
import { guarded } from '../openapi-access'
import { problemResponse, unavailableResponse } from '../openapi-problem'
import { openApiSchema, pathParameters } from '../openapi-schema'
import { performLeadAction } from '../../services/leads/lead-actions'
import { defaultTimelineLimit, loadLeadTimeline, maxTimelineLimit } from '../../services/leads/lead-timeline'

/** Each action's path under /leads/:id. */
export const leadActionPaths: Record<LeadActionName, string> = {
  contacted: 'contacted',
  qualify: 'qualify',
  disqualify: 'disqualify',
  'pause-nurture': 'nurture/pause',
  'resume-nurture': 'nurture/resume',
  convert: 'convert',
}

/**
 * POST /leads/:id/<action> (mark contacted, qualify, disqualify, pause/resume nurture, convert) and
 * GET /leads/:id/timeline. Mount after authentication and the JSON body parser.
 */
export function leadActionRoutes(dependencies: WebDependencies): Router {
  const { db, temporal, config } = dependencies
  const router = Router()

  for (const [action, path] of Object.entries(leadActionPaths) as [LeadActionName, string][]) {
    router.post(
      `/leads/:id/${path}`,
      handle(async (request: Request, response: Response) => {
        const actor = response.locals.actor
        if (!actor) {
          refuse(response, 'unauthenticated', 'Sign in or present an API key')
          return
        }
        const outcome = await performLeadAction(
          {
            db,
            temporal,
            taskQueue: config.TEMPORAL_TASK_QUEUE,
            actor,
            client: clientOf(request),
            via: { method: request.method, path: request.baseUrl + request.path },
          },
          String(request.params.id),
          action,
          request.body,
        )
        response.json(outcome)
      }),
    )
  }

  router.get(
    '/leads/:id/timeline',
    requireGrant(dependencies, 'leads', 'read'),
    handle(async (request, response) => {
      const raw = request.query.limit
      const limit = raw === undefined ? defaultTimelineLimit : Number(raw)
      if (!Number.isInteger(limit) || limit < 1 || limit > maxTimelineLimit) {
        refuse(response, 'invalid-input', 'The timeline query is not valid', {
          fields: [{ field: 'limit', message: `must be a whole number from 1 to ${maxTimelineLimit}` }],
        })
        return
      }
      const actor = response.locals.actor
      const own = response.locals.grant === 'own' && actor?.kind === 'user' ? ownedBy('leads', actor.userId) : {}
      const lead = await db.lead.findFirst({ where: { id: request.params.id, ...own }, select: { id: true } })
      if (!lead) {
        refuse(response, 'not-found', `No lead with id ${request.params.id}`)
        return
      }
      response.json({ leadId: lead.id, entries: await loadLeadTimeline(db, lead.id, limit) })
    }),
  )

  return router
}

const errorResponse = problemResponse

const bodies: Partial<Record<LeadActionName, Record<string, unknown>>> = Object.fromEntries(
  Object.entries(leadActionInputSchemas).map(([action, schema]) => [action, openApiSchema(schema)]),
)

/** The OpenAPI paths of these routes, for api/openapi.ts. */
export function leadActionOpenApiPaths(): Record<string, Record<string, unknown>> {
  const grants = (resource: 'leads', action: 'read' | 'update') =>
    Object.fromEntries(roles.map((role) => [role, recordGrant(role, resource, action)]))
  const paths: Record<string, Record<string, unknown>> = {}
  for (const [action, path] of Object.entries(leadActionPaths) as [LeadActionName, string][]) {
    const body = bodies[action]
    paths[`/api/leads/{id}/${path}`] = {
      post: {
        operationId: `leadAction_${action.replace('-', '_')}`,
        summary: `${leadActionLabels[action]}: an update of the lead's workflow`,
        description:
          'Allowed with the leads update grant "all" (or the key scope leads:update), and to a Sales Rep on a lead assigned to them.' +
          (action === 'convert'
            ? ' Converting also needs opportunities create (leads:update and opportunities:create for a key).'
            : ''),
        security: [
          { sessionCookie: [] },
          { apiKey: action === 'convert' ? ['leads:update', 'opportunities:create'] : ['leads:update'] },
        ],
        'x-crm-permission': {
          resource: 'leads',
          action: 'update',
          grants: grants('leads', 'update'),
          salesRepOnOwnLead: true,
        },
        parameters: pathParameters(['id']),
        ...(body ? { requestBody: { required: true, content: { 'application/json': { schema: body } } } } : {}),
        responses: {
          200: {
            description: 'Done: the lead after the step, the workflow status (or the conversion ids)',
            content: { 'application/json': { schema: { type: 'object' } } },
          },
          400: errorResponse('Bad input, naming the field'),
          404: errorResponse('No such lead (or not one of yours)'),
          409: errorResponse(
            'The workflow refused the step (e.g. converting a lead that is not qualified, or a closed lead)',
          ),
          503: unavailableResponse("The lead's workflow could not be reached"),
        },
      },
    }
  }
  paths['/api/leads/{id}/timeline'] = {
    get: guarded('leads', 'read', {
      operationId: 'leadTimeline',
      summary: "The lead's timeline, newest first: emails, sessions, calculations, bookings, status changes, alerts",
      parameters: [
        ...pathParameters(['id']),
        {
          name: 'limit',
          in: 'query',
          required: false,
          schema: { type: 'integer', minimum: 1, maximum: maxTimelineLimit },
        },
      ],
      responses: {
        200: { description: '{ leadId, entries }', content: { 'application/json': { schema: { type: 'object' } } } },
        400: errorResponse('Bad limit'),
        404: errorResponse('No such lead (or not one of yours)'),
      },
    }),
  }
  return paths
}
