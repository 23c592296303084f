import express, { Router, type Response } from 'express'
import {
  parsePartnershipWork,
  parseSatisfaction,
  parseSystemUsage,
  partnershipWorkInputs,
  satisfactionInput,
  systemUsageInput,
  usageTokenInput,
  parseUsageTokenRequest,
  type PartnershipWorkInputKind,
} from '../../domain/partnerships/partnership-work-input'
import type { WebDependencies } from '../../services/dependencies'
import { recordSatisfaction } from '../../services/partnerships/partnership-feedback'
import { recordPartnershipWork } from '../../services/partnerships/partnership-work-actions'
import { issueSystemUsageToken, recordSystemUsage } from '../../services/partnerships/system-usage'
import { entityActionContext, validBody } from '../entity-action-context'
import { handle } from '../handle'
import { guarded } from '../openapi-access'
import { problemResponse, unavailableResponse } from '../openapi-problem'
import { openApiSchema, pathParameters } from '../openapi-schema'
import {
  workflowUpdateOperation,
  workflowUpdateRefusals,
  type WorkflowUpdateOperation,
} from '../openapi-workflow-update'

// The work of a partnership (decision 0035): meetings held or missed, systems added and moved on, knowledge transfer,
// the testimonial (each an update of `partnership-<id>`), satisfaction scores, and the usage tokens of its systems.
// Mount after authentication and the JSON parser. The usage report itself (systemUsageRoutes) is authenticated by
// the system's own token: mount it before `authenticate`.

const routes: { path: string; kind: PartnershipWorkInputKind; target?: 'key' | 'systemId'; summary: string }[] = [
  {
    path: '/partnerships/:id/meetings/:key/held',
    kind: 'meeting-held',
    target: 'key',
    summary: 'Record a meeting held with the client (a weekly slot `weekly-<yyyy-mm-dd>` or a booking `calcom-<id>`)',
  },
  {
    path: '/partnerships/:id/meetings/:key/missed',
    kind: 'meeting-missed',
    target: 'key',
    summary: 'Record a meeting the client missed: the owner is alerted and the client emailed (§9.3)',
  },
  { path: '/partnerships/:id/systems', kind: 'add-system', summary: 'Add a delivered system (§2.4), in planning' },
  {
    path: '/partnerships/:id/systems/:systemId/status',
    kind: 'system-status',
    target: 'systemId',
    summary: 'Move a system on: planning → building → testing → deployed → optimizing (testing → building allowed)',
  },
  {
    path: '/partnerships/:id/knowledge-transfer',
    kind: 'knowledge-transfer',
    summary: 'Record knowledge transfer: the 0–100 score, training modules completed, documents delivered',
  },
  {
    path: '/partnerships/:id/testimonial',
    kind: 'testimonial',
    summary: 'Record the client’s testimonial as provided: the testimonial request sequence stops',
  },
]

export function partnershipWorkRoutes(dependencies: WebDependencies): Router {
  const router = Router()
  const context = (response: Response) => entityActionContext(dependencies, response)

  for (const route of routes) {
    router.post(
      route.path,
      handle(async (request, response) => {
        const target = route.target ? String(request.params[route.target]) : ''
        const work = validBody(parsePartnershipWork(route.kind, request.body, target), route.kind)
        response.json(await recordPartnershipWork(context(response), String(request.params.id), work))
      }),
    )
  }
  router.post(
    '/partnerships/:id/satisfaction',
    handle(async (request, response) => {
      const input = validBody(parseSatisfaction(request.body), 'feedback')
      response.json(await recordSatisfaction(context(response), String(request.params.id), input))
    }),
  )
  router.post(
    '/systems/:id/usage-token',
    handle(async (request, response) => {
      validBody(parseUsageTokenRequest(request.body), 'request')
      response.status(201).json(await issueSystemUsageToken(context(response), String(request.params.id)))
    }),
  )
  return router
}

/** `POST /api/systems/:id/usage` with the system's own bearer token. Mount before `authenticate`. */
export function systemUsageRoutes(dependencies: WebDependencies): Router {
  const router = Router()
  router.post(
    '/systems/:id/usage',
    express.json({ limit: '4kb', type: () => true }),
    handle(async (request, response) => {
      const input = validBody(parseSystemUsage(request.body), 'usage')
      const result = await recordSystemUsage(
        dependencies,
        String(request.params.id),
        request.headers.authorization,
        input,
      )
      response.status(202).json(result)
    }),
  )
  return router
}

const toOpenApiPath = (path: string) => `/api${path.replace(/:(\w+)/g, '{$1}')}`

/** The OpenAPI paths of these routes, for api/openapi.ts. */
export function partnershipWorkOpenApiPaths(): Record<string, Record<string, unknown>> {
  const update = (operationId: string, summary: string, body: WorkflowUpdateOperation['body'], parameters: string[]) =>
    workflowUpdateOperation({
      resource: 'partnerships',
      operationId,
      summary,
      description:
        'An update of the partnership’s workflow (`partnership-<id>`): its validator applies §14.2’s rights and the ' +
        'rules of decision 0035; a refusal is a 409 and nothing is written.',
      body,
      parameters,
      ok: 'The partnership as its workflow holds it after the change (`work` has meetings and systems)',
      ...workflowUpdateRefusals.partnership,
    })
  const paths: Record<string, Record<string, unknown>> = {}
  for (const route of routes) {
    const names = [...route.path.matchAll(/:(\w+)/g)].map((match) => match[1]!)
    paths[toOpenApiPath(route.path)] = update(
      `partnership-work-${route.kind}`,
      route.summary,
      partnershipWorkInputs[route.kind],
      names,
    )
  }
  paths['/api/partnerships/{id}/satisfaction'] = {
    post: guarded('partnerships', 'update', {
      operationId: 'partnership-satisfaction',
      summary: 'Record a satisfaction score 1–10 (NPS/feedback, §5.2) from a survey tool or a person',
      description:
        'Written as a feedback row and as the partnership’s latest score, then signalled to its workflow, which ' +
        'recomputes health. A `responseId` already recorded is not recorded again.',
      parameters: pathParameters(['id']),
      requestBody: { required: true, content: { 'application/json': { schema: openApiSchema(satisfactionInput) } } },
      responses: {
        200: {
          description: 'Recorded (recorded: false for a responseId seen before)',
          content: { 'application/json': { schema: { type: 'object' } } },
        },
        400: problemResponse('Bad input, naming the field'),
        404: problemResponse('No such partnership'),
        409: problemResponse('The partnership has ended, or the responseId belongs to another partnership'),
        503: unavailableResponse('The partnership’s workflow could not be reached; the row is kept, retry'),
      },
    }),
  }
  paths['/api/systems/{id}/usage-token'] = {
    post: guarded('partnerships', 'update', {
      operationId: 'system-usage-token',
      summary: 'Issue a delivered system’s usage token (shown once); issuing again revokes the previous one',
      parameters: pathParameters(['id']),
      requestBody: {
        required: true,
        content: { 'application/json': { schema: openApiSchema(usageTokenInput) } },
      },
      responses: {
        201: {
          description: '`token` for `Authorization: Bearer` on `usageUrl`',
          content: { 'application/json': { schema: { type: 'object' } } },
        },
        400: problemResponse('Bad input, naming the field'),
        404: problemResponse('No such system or partnership'),
      },
    }),
  }
  paths['/api/systems/{id}/usage'] = {
    post: {
      operationId: 'system-usage',
      summary: 'A delivered system reports that it was used (decision 0035); authenticated by the system’s own token',
      description:
        '`Authorization: Bearer dsu_…` (from `POST /api/systems/{id}/usage-token`). The use is kept on the system ' +
        'and signalled to the partnership’s workflow: a live system not used for 7 days gets a check-in email.',
      security: [{ systemUsageToken: [] }],
      parameters: pathParameters(['id']),
      requestBody: { required: true, content: { 'application/json': { schema: openApiSchema(systemUsageInput) } } },
      responses: {
        202: {
          description: 'Recorded; `lastUsedAt` is the latest use known',
          content: { 'application/json': { schema: { type: 'object' } } },
        },
        400: problemResponse('Bad input, naming the field'),
        401: problemResponse('No valid token for this system'),
        503: unavailableResponse('The partnership’s workflow could not be reached; the use is kept, retry'),
      },
    },
  }
  return paths
}
