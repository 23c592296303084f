import { Router, type Request, type Response } from 'express'
import { recordGrant, roles } from '../../domain/access/permission-matrix'
import { activityInputSchemas } from '../../domain/activities/activity-input'
import {
  changeTask,
  defaultActivityListLimit,
  deleteActivity,
  listActivities,
  logActivity,
  maxActivityListLimit,
  targetOfQuery,
  type ActivityContext,
} from '../../services/activities/activities'
import { clientOf } from '../../services/auth/audit'
import type { WebDependencies } from '../../services/dependencies'
import { Problem } from '../../services/problems/problem'
import { handle } from '../handle'
import { problemResponse, unavailableResponse } from '../openapi-problem'
import { openApiSchema, pathParameters } from '../openapi-schema'

/**
 * POST /activities (log a call, email, meeting, note or task), GET /activities?leadId=… (the work on one record),
 * PATCH /activities/:id (complete, move or hand on a task), DELETE /activities/:id. Mount after authentication and
 * the JSON body parser.
 */
export function activityRoutes(dependencies: WebDependencies): Router {
  const { db, temporal, config } = dependencies
  const router = Router()

  const contextOf = (request: Request, response: Response): ActivityContext => {
    const actor = response.locals.actor
    if (!actor) throw new Problem('unauthenticated', 'Sign in or present an API key')
    return {
      db,
      temporal,
      taskQueue: config.TEMPORAL_TASK_QUEUE,
      actor,
      client: clientOf(request),
      via: { method: request.method, path: request.baseUrl + request.path },
    }
  }

  router.post(
    '/activities',
    handle(async (request, response) => {
      const activity = await logActivity(contextOf(request, response), request.body)
      response.status(201).location(`${request.baseUrl}/activities/${activity.id}`).json(activity)
    }),
  )

  router.get(
    '/activities',
    handle(async (request, response) => {
      const context = contextOf(request, response)
      const target = targetOfQuery(request.query as Record<string, unknown>)
      const raw = request.query.limit
      const limit = raw === undefined ? defaultActivityListLimit : Number(raw)
      const errors = target.ok ? [] : [...target.errors]
      if (!Number.isInteger(limit) || limit < 1 || limit > maxActivityListLimit) {
        errors.push({ field: 'limit', message: `must be a whole number from 1 to ${maxActivityListLimit}` })
      }
      if (!target.ok || errors.length > 0) {
        throw new Problem('invalid-input', 'The activity query is not valid', { fields: errors })
      }
      response.json({ activities: await listActivities(context, target.target, limit) })
    }),
  )

  router.patch(
    '/activities/:id',
    handle(async (request, response) => {
      response.json(await changeTask(contextOf(request, response), String(request.params.id), request.body))
    }),
  )

  router.delete(
    '/activities/:id',
    handle(async (request, response) => {
      await deleteActivity(contextOf(request, response), String(request.params.id))
      response.status(204).end()
    }),
  )

  return router
}

const errorResponse = problemResponse

const targets = ['leadId', 'opportunityId', 'companyId', 'contactId'] as const
const targetResources = {
  leadId: 'leads',
  opportunityId: 'opportunities',
  companyId: 'companies',
  contactId: 'contacts',
} as const

/** The OpenAPI paths of these routes, for api/openapi.ts. */
export function activityOpenApiPaths(): Record<string, Record<string, unknown>> {
  const grants = Object.fromEntries(
    targets.map((field) => [
      targetResources[field],
      Object.fromEntries(roles.map((role) => [role, recordGrant(role, targetResources[field], 'read')])),
    ]),
  )
  const permission = (rule: string) => ({ 'x-crm-permission': { resource: 'activities', rule, readGrants: grants } })
  const security = (action: 'read' | 'update') => [
    { sessionCookie: [] },
    { apiKey: targets.map((field) => `${targetResources[field]}:${action}`) },
  ]
  const activity = { description: 'The activity', content: { 'application/json': { schema: { type: 'object' } } } }
  return {
    '/api/activities': {
      post: {
        operationId: 'logActivity',
        summary: 'Log a call, email, meeting, note or task on one lead, deal, company or contact',
        description:
          'Anyone who may read the record logs on it (a Sales Rep on their own leads and deals), except a Viewer; an ' +
          "API key needs the record's update scope (e.g. leads:update). A task needs dueAt and gets a durable " +
          'reminder for its owner (ownerId, default: the person logging it) 15 minutes before it is due.',
        security: security('update'),
        ...permission('log: may read the record and is not a Viewer; API key: <resource>:update'),
        requestBody: {
          required: true,
          content: { 'application/json': { schema: openApiSchema(activityInputSchemas.log) } },
        },
        responses: {
          201: activity,
          400: errorResponse('Bad input, naming the field'),
          404: errorResponse('No such record (or not one of yours)'),
          503: unavailableResponse("The task's reminder could not be started; nothing was saved"),
        },
      },
      get: {
        operationId: 'listActivities',
        summary: 'The work logged on one record, newest first (a company: also on its contacts and deals)',
        security: security('read'),
        ...permission('read: may read the record'),
        parameters: [
          ...targets.map((name) => ({ name, in: 'query', required: false, schema: { type: 'string' } })),
          {
            name: 'limit',
            in: 'query',
            required: false,
            schema: { type: 'integer', minimum: 1, maximum: maxActivityListLimit },
          },
        ],
        responses: {
          200: { description: '{ activities }', content: { 'application/json': { schema: { type: 'object' } } } },
          400: errorResponse('Not exactly one record named, or a bad limit'),
          404: errorResponse('No such record (or not one of yours)'),
        },
      },
    },
    '/api/activities/{id}': {
      patch: {
        operationId: 'changeTask',
        summary: 'Complete a task, move its due time or hand it to someone else; its reminder follows',
        description:
          "Allowed to the task's owner, an Admin or a Sales Manager (who may read the record); an API key needs the " +
          "record's update scope.",
        security: security('update'),
        ...permission('change: owner of the work, Admin or Sales Manager; API key: <resource>:update'),
        parameters: pathParameters(['id']),
        requestBody: {
          required: true,
          content: { 'application/json': { schema: openApiSchema(activityInputSchemas.changeTask) } },
        },
        responses: {
          200: activity,
          400: errorResponse('Bad input, naming the field'),
          404: errorResponse('No such activity (or not on a record of yours)'),
          409: errorResponse('Not a task, or the task is completed already'),
          503: unavailableResponse("The task's reminder could not be moved; nothing was changed"),
        },
      },
      delete: {
        operationId: 'deleteActivity',
        summary: "Delete logged work; a task's reminder ends without reminding",
        security: security('update'),
        ...permission('delete: owner of the work, Admin or Sales Manager; API key: <resource>:update'),
        parameters: pathParameters(['id']),
        responses: {
          204: { description: 'Deleted' },
          404: errorResponse('No such activity (or not on a record of yours)'),
        },
      },
    },
  }
}
