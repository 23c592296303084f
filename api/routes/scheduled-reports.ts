import { Router, type Request, type Response } from 'express'
import { roles, settingsGrant } from '../../domain/access/permission-matrix'
import { isReportKey, reportKeys, type ReportKey } from '../../domain/reports/report-catalogue'
import { clientOf } from '../../services/auth/audit'
import type { WebDependencies } from '../../services/dependencies'
import { Problem } from '../../services/problems/problem'
import {
  addReportRecipient,
  listScheduledReports,
  recipientInput,
  removeReportRecipient,
  requireReportAdmin,
  sendReportNow,
  setReportPaused,
  type ReportAdminContext,
} from '../../services/reports/report-admin'
import { handle } from '../handle'
import { problemResponse, unavailableResponse } from '../openapi-problem'
import { openApiSchema, pathParameters } from '../openapi-schema'

// The §10.3 scheduled reports as JSON, for an Admin (decision 0041): what /admin/reports does, through the same
// service (services/reports/report-admin.ts), which checks the grant and audits every change and every refusal.
// Mount after authentication and the JSON parser.

const maxHistory = 200

function context({ db, temporal, config }: WebDependencies, request: Request, response: Response): ReportAdminContext {
  const actor = response.locals.actor
  if (!actor) throw new Problem('unauthenticated', 'Sign in or present an API key')
  return { db, temporal, taskQueue: config.TEMPORAL_TASK_QUEUE, actor, client: clientOf(request) }
}

/** The actions without a body take none: fields sent anyway are named, not ignored. */
function noBody(request: Request): void {
  const body: unknown = request.body
  const fields = body && typeof body === 'object' && !Array.isArray(body) ? Object.keys(body) : body ? ['(body)'] : []
  if (fields.length > 0) {
    throw new Problem('invalid-input', 'This action takes no body', {
      fields: fields.map((field) => ({ field, message: 'is not a field of this action' })),
    })
  }
}

/** `?limit=1..200` and nothing else. */
function historyLimit(query: Request['query']): number {
  const fields = Object.keys(query)
    .filter((name) => name !== 'limit')
    .map((field) => ({ field, message: 'is not a query parameter of this list' }))
  const raw = query.limit
  const limit = raw === undefined ? 50 : Number(raw)
  if (raw !== undefined && (typeof raw !== 'string' || !Number.isInteger(limit) || limit < 1 || limit > maxHistory)) {
    fields.push({ field: 'limit', message: `must be a whole number from 1 to ${maxHistory}` })
  }
  if (fields.length > 0) throw new Problem('invalid-input', 'The query is not valid', { fields })
  return limit
}

function knownReport(value: unknown): ReportKey {
  if (isReportKey(value)) return value
  throw new Problem('not-found', `No scheduled report "${String(value)}"; the reports are ${reportKeys.join(', ')}`)
}

export function scheduledReportRoutes(dependencies: WebDependencies): Router {
  const router = Router()
  const admin = async (request: Request, response: Response, action: string) => {
    const ctx = context(dependencies, request, response)
    await requireReportAdmin(ctx, action)
    return ctx
  }

  router.get(
    '/scheduled-reports',
    handle(async (request, response) => {
      const ctx = await admin(request, response, 'read')
      response.json(await listScheduledReports(ctx.db, historyLimit(request.query)))
    }),
  )
  router.get(
    '/scheduled-reports/:report/runs',
    handle(async (request, response) => {
      const ctx = await admin(request, response, 'read')
      const report = knownReport(request.params.report)
      const { history } = await listScheduledReports(ctx.db, historyLimit(request.query), report)
      response.json({ report, runs: history })
    }),
  )
  for (const paused of [true, false]) {
    router.post(
      `/scheduled-reports/:report/${paused ? 'pause' : 'resume'}`,
      handle(async (request, response) => {
        const ctx = await admin(request, response, paused ? 'pause' : 'resume')
        noBody(request)
        response.json(await setReportPaused(ctx, request.params.report, paused))
      }),
    )
  }
  router.post(
    '/scheduled-reports/:report/send-now',
    handle(async (request, response) => {
      const ctx = await admin(request, response, 'send-now')
      noBody(request)
      response.status(202).json(await sendReportNow(ctx, request.params.report))
    }),
  )
  router.post(
    '/scheduled-reports/:report/recipients',
    handle(async (request, response) => {
      const ctx = context(dependencies, request, response)
      response.status(201).json(await addReportRecipient(ctx, request.params.report, request.body))
    }),
  )
  router.delete(
    '/scheduled-reports/:report/recipients/:recipientId',
    handle(async (request, response) => {
      const ctx = context(dependencies, request, response)
      await removeReportRecipient(ctx, request.params.report, String(request.params.recipientId))
      response.status(204).end()
    }),
  )
  return router
}

/** The OpenAPI paths of these routes, for api/openapi.ts. */
export function scheduledReportOpenApiPaths(): Record<string, Record<string, unknown>> {
  const permission = {
    resource: 'settings',
    action: 'manage-reports',
    grants: Object.fromEntries(roles.map((role) => [role, settingsGrant(role, 'manage-reports')])),
    apiKeyScope: null,
    note: 'People only: no API key scope covers settings (decision 0039). Every change and refusal is audited.',
  }
  const operation = (operationId: string, summary: string, extra: Record<string, unknown>) => ({
    operationId,
    summary,
    security: [{ sessionCookie: [] }],
    'x-crm-permission': permission,
    ...extra,
  })
  const reportParameter = { name: 'report', in: 'path', required: true, schema: { type: 'string', enum: reportKeys } }
  const limitParameter = {
    name: 'limit',
    in: 'query',
    schema: { type: 'integer', minimum: 1, maximum: maxHistory, default: 50 },
    description: 'How many of the latest runs (sends) to return',
  }
  const json = (description: string) => ({
    description,
    content: { 'application/json': { schema: { type: 'object' } } },
  })
  const action = (operationId: string, summary: string, status: number, description: string) => ({
    post: operation(operationId, summary, {
      parameters: [reportParameter],
      responses: {
        [status]: json(description),
        400: problemResponse('A body was sent (these actions take none), naming its fields'),
        404: problemResponse('No such report'),
        409: problemResponse('Refused in the current state (send now without recipients)'),
        503: unavailableResponse('Temporal or the database is not answering'),
      },
    }),
  })
  return {
    '/api/scheduled-reports': {
      get: operation(
        'listScheduledReports',
        'The seven §10.3 reports with their recipients and pause, and what was sent',
        {
          parameters: [limitParameter],
          responses: {
            200: json('{ reports: [{ key, title, frequency, audience, paused, recipients }], history: [run…] }'),
            400: problemResponse('An unknown query parameter or a bad limit, named'),
          },
        },
      ),
    },
    '/api/scheduled-reports/{report}/runs': {
      get: operation('listScheduledReportRuns', 'What was sent of one report, newest first', {
        parameters: [reportParameter, limitParameter],
        responses: {
          200: json('{ report, runs: [{ id, periodLabel, timeZone, recipients, status, staleReason, sentAt, … }] }'),
          400: problemResponse('An unknown query parameter or a bad limit, named'),
          404: problemResponse('No such report'),
        },
      }),
    },
    '/api/scheduled-reports/{report}/pause': action(
      'pauseScheduledReport',
      'Pause every time-zone schedule of the report',
      200,
      '{ report, paused: true, schedules }',
    ),
    '/api/scheduled-reports/{report}/resume': action(
      'resumeScheduledReport',
      'Resume the report’s schedules',
      200,
      '{ report, paused: false, schedules }',
    ),
    '/api/scheduled-reports/{report}/send-now': action(
      'sendScheduledReportNow',
      'Send the last whole period now, one run per recipient time zone, beside the scheduled run',
      202,
      '{ report, manualRunId, workflowIds }: the runs started; their sends appear in the history',
    ),
    '/api/scheduled-reports/{report}/recipients': {
      post: operation('addScheduledReportRecipient', 'Add a recipient: an address, a name and an IANA time zone', {
        parameters: [reportParameter],
        requestBody: { required: true, content: { 'application/json': { schema: openApiSchema(recipientInput) } } },
        responses: {
          201: json('The recipient: { id, report, email, name, timeZone }'),
          400: problemResponse('Bad input, naming the field'),
          404: problemResponse('No such report'),
          409: problemResponse('The address already receives this report (field email)'),
          503: unavailableResponse('Temporal or the database is not answering'),
        },
      }),
    },
    '/api/scheduled-reports/{report}/recipients/{recipientId}': {
      delete: operation(
        'removeScheduledReportRecipient',
        'Remove a recipient (the zone’s schedule goes with its last one)',
        {
          parameters: [reportParameter, ...pathParameters(['recipientId'])],
          responses: {
            204: { description: 'Removed' },
            404: problemResponse('No such report, or no such recipient of it'),
            503: unavailableResponse('Temporal or the database is not answering'),
          },
        },
      ),
    },
  }
}
