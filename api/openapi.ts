import { ingestionOpenApiPaths } from './ingestion/ingestion-openapi'
import { guarded } from './openapi-access'
import { activityOpenApiPaths } from './routes/activities'
import { dealActionOpenApiPaths } from './routes/deal-actions'
import { partnershipActionOpenApiPaths } from './routes/partnership-actions'
import { partnershipWorkOpenApiPaths } from './routes/partnership-work'
import { leadActionOpenApiPaths } from './routes/lead-actions'
import { unsubscribeOpenApiPaths } from './routes/unsubscribe'
import { scheduledReportOpenApiPaths } from './routes/scheduled-reports'
import { searchOpenApiPaths } from './routes/search'
import { Router } from 'express'
import { leadSubmissionSchema } from '../domain/leads/lead-input'
import type { AppConfig } from '../lib/config'
import { webhookProviders } from '../lib/webhooks/providers'
import { sessionCookieName } from '../services/auth/sessions'
import type { AnyResourceDefinition } from '../services/records/definition'
import { resourceDefinitions } from '../services/records'
import { defaultLimit, maxLimit } from '../services/records/list-query'
import {
  problemResponse as errorResponse,
  problemSchema,
  unavailableResponse,
  withCommonProblems,
} from './openapi-problem'
import { openApiSchema, pathParameters } from './openapi-schema'
import { webhookDocumentation, webhookSignatureSchemes } from './webhook-openapi'

type Operation = Record<string, unknown>
type PathItem = Record<string, Operation>

const publicAccess: Record<string, string[]>[] = []

const recordResponse = (description: string) => ({
  description,
  content: { 'application/json': { schema: { type: 'object' } } },
})

function resourcePaths(definition: AnyResourceDefinition): Record<string, PathItem> {
  const { resource, noun } = definition
  const collection: PathItem = {
    get: guarded(resource, 'read', {
      operationId: `list-${definition.path}`,
      summary: `List ${definition.path} (newest first); \`format=csv\` exports them (audited)`,
      parameters: [
        {
          name: 'limit',
          in: 'query',
          schema: { type: 'integer', minimum: 1, maximum: maxLimit, default: defaultLimit },
        },
        { name: 'cursor', in: 'query', schema: { type: 'string' }, description: 'nextCursor of the previous page' },
        { name: 'format', in: 'query', schema: { type: 'string', enum: ['json', 'csv'], default: 'json' } },
        ...Object.entries(definition.filters).map(([name, schema]) => ({
          name,
          in: 'query',
          schema: openApiSchema(schema),
        })),
      ],
      responses: {
        200: {
          description: `A page of ${definition.path} the caller may read, or all of them as CSV`,
          content: {
            'application/json': {
              schema: {
                type: 'object',
                required: ['data', 'total', 'nextCursor'],
                properties: {
                  data: { type: 'array', items: { type: 'object' } },
                  total: { type: 'integer' },
                  nextCursor: { type: ['string', 'null'] },
                },
              },
            },
            'text/csv': { schema: { type: 'string' } },
          },
        },
        400: errorResponse('An unknown or invalid query parameter'),
      },
    }),
  }
  if (definition.createSchema) {
    collection.post = guarded(resource, 'create', {
      operationId: `create-${definition.path}`,
      summary: `Create ${article(noun)} ${noun}`,
      requestBody: {
        required: true,
        content: { 'application/json': { schema: openApiSchema(definition.createSchema) } },
      },
      responses: {
        201: recordResponse(`The ${noun}`),
        400: errorResponse('Invalid or unknown fields, named one by one'),
        409: errorResponse('A unique field is already taken'),
      },
    })
  }
  const member: PathItem = {
    patch: guarded(resource, 'update', {
      operationId: `update-${definition.path}`,
      summary: `Change fields of ${article(noun)} ${noun}`,
      parameters: pathParameters(['id']),
      requestBody: {
        required: true,
        content: { 'application/json': { schema: openApiSchema(definition.updateSchema) } },
      },
      responses: {
        200: recordResponse(`The ${noun} as changed`),
        400: errorResponse('Invalid or unknown fields, or fields that change only through the workflow'),
        404: errorResponse(`No such ${noun} visible to the caller`),
        409: errorResponse('A unique field is already taken, or the change is refused in the current state'),
      },
    }),
    delete: guarded(resource, 'delete', {
      operationId: `delete-${definition.path}`,
      summary: `Delete ${article(noun)} ${noun} (audited)`,
      parameters: pathParameters(['id']),
      responses: {
        204: { description: 'Deleted' },
        404: errorResponse(`No such ${noun} visible to the caller`),
        409: errorResponse('Other records still refer to it; nothing was deleted'),
      },
    }),
  }
  member.get = guarded(resource, 'read', {
    operationId: `get-${definition.path}`,
    summary: `One ${noun}`,
    parameters: pathParameters(['id']),
    responses: { 200: recordResponse(`The ${noun}`), 404: errorResponse(`No such ${noun} visible to the caller`) },
  })
  return { [`/api/${definition.path}`]: collection, [`/api/${definition.path}/{id}`]: member }
}

const captureLead = (path: string) =>
  guarded('leads', 'create', {
    operationId: path === '/api/leads' ? 'capture-lead' : 'capture-lead-landing-page',
    summary:
      'Capture a lead: the same address returns the existing lead (200); a new one starts its workflow (201); ' +
      'when Temporal does not answer within 2 s the lead is kept and its workflow starts later (202)',
    requestBody: { required: true, content: { 'application/json': { schema: openApiSchema(leadSubmissionSchema) } } },
    responses: {
      200: recordResponse('The lead that already had this email address'),
      201: recordResponse('The new lead, its workflow started'),
      202: recordResponse(
        'The lead is recorded (with its consent) but Temporal did not answer in time: its workflow (`lead-<id>`) ' +
          'starts as soon as Temporal answers again, and `workflow` is null until then. Do not post again.',
      ),
      400: errorResponse('Invalid or unknown fields, named one by one'),
      503: unavailableResponse('The database could not be reached; nothing was kept. Retry later.'),
    },
  })

/** Each webhook: the body its route validates, and the signature headers it checks before reading the body. */
function webhookPaths(): Record<string, PathItem> {
  return Object.fromEntries(
    webhookProviders.flatMap((provider) => {
      const { schemes, contentType, body, description } = webhookDocumentation[provider.name]
      return provider.paths.map((path) => [
        `/api${path}`,
        {
          post: {
            operationId: `webhook-${provider.name}${path.startsWith('/crm/') ? '-landing-page' : ''}`,
            summary: `${provider.name} events, verified by ${schemes.map((scheme) => webhookSignatureSchemes[scheme].header).join(' and ')} before the body is read`,
            description: [description, ...schemes.map((scheme) => webhookSignatureSchemes[scheme].description)].join(
              '\n\n',
            ),
            security: [Object.fromEntries(schemes.map((scheme) => [scheme, []]))],
            parameters: schemes.map((scheme) => ({
              name: webhookSignatureSchemes[scheme].header,
              in: 'header',
              required: true,
              description: webhookSignatureSchemes[scheme].description,
              schema: { type: 'string', pattern: webhookSignatureSchemes[scheme].pattern },
            })),
            requestBody: { required: true, content: { [contentType]: { schema: openApiSchema(body) } } },
            responses: {
              200: {
                description:
                  'Received (or a redelivery, acknowledged without a second effect). A signed body that can never be ' +
                  'processed (no event, a field that does not fit, text that cannot be stored) is recorded FAILED and ' +
                  'acknowledged too, with `processed: false` and `errors` naming the fields, so it is not redelivered for ever',
              },
              401: errorResponse('Missing, wrong or stale signature, naming the header; nothing was recorded'),
              404: errorResponse('The provider is not enabled (WEBHOOK_PROVIDERS)'),
              409: errorResponse('A report was requested for a calculation not received yet; the sender retries'),
              413: errorResponse('The body is too large'),
              500: errorResponse(
                "Processing failed; the event is FAILED, and a redelivery or the CRM's retrier processes it again",
              ),
              503: unavailableResponse(
                "The lead's workflow could not be reached; the event is FAILED, and a redelivery or the CRM's retrier finishes it",
              ),
            },
          },
        },
      ])
    }),
  )
}

/** The OpenAPI 3.1 description of every route under /api, each with how it is authenticated. */
export function openApiDocument(config: Pick<AppConfig, 'APP_BASE_URL'>) {
  const [leadDefinition, ...otherDefinitions] = resourceDefinitions
  const leadPaths = leadDefinition ? resourcePaths(leadDefinition) : {}
  return {
    openapi: '3.1.0',
    info: {
      title: 'Durable CRM API',
      version: '1.0.0',
      description:
        'Records are guarded by the role matrix of seed 002 §14.2 (`x-crm-permission`). Under an "own" grant, records of others answer 404. ' +
        'Webhooks (`/api/webhooks/*`) carry no session or API key: each is authenticated by its signature headers alone, checked over the exact bytes of the body before it is parsed; each security scheme describes what its sender signs and the replay window.',
    },
    servers: [{ url: config.APP_BASE_URL.replace(/\/+$/, '') }],
    paths: withCommonProblemsEverywhere({
      '/api/health': {
        get: {
          operationId: 'health',
          summary: 'Whether PostgreSQL, Temporal and SMTP answer',
          security: publicAccess,
          responses: { 200: { description: 'All answer' }, 503: { description: 'Names the one that does not' } },
        },
      },
      '/api/openapi.json': {
        get: {
          operationId: 'openapi',
          summary: 'This document',
          security: publicAccess,
          responses: {
            200: { description: 'OpenAPI 3.1', content: { 'application/json': { schema: { type: 'object' } } } },
          },
        },
      },
      '/api/leads': { ...leadPaths['/api/leads'], post: captureLead('/api/leads') },
      '/api/crm/leads': { post: captureLead('/api/crm/leads') },
      ...unsubscribeOpenApiPaths,
      ...ingestionOpenApiPaths(),
      ...leadActionOpenApiPaths(),
      ...activityOpenApiPaths(),
      ...dealActionOpenApiPaths(),
      ...partnershipActionOpenApiPaths(),
      ...partnershipWorkOpenApiPaths(),
      ...searchOpenApiPaths(),
      ...scheduledReportOpenApiPaths(),
      '/api/roi-calculations/{id}/report.pdf': {
        get: guarded('leads', 'read', {
          operationId: 'roi-calculation-report',
          summary: 'The §7.2 ROI report of a calculation as a PDF (a Sales Rep: calculations of their own leads)',
          parameters: pathParameters(['id']),
          responses: {
            200: {
              description: 'The report',
              content: { 'application/pdf': { schema: { type: 'string', format: 'binary' } } },
            },
            404: errorResponse('No such calculation visible to the caller'),
          },
        }),
      },
      '/api/leads/{id}': leadPaths['/api/leads/{id}'],
      ...Object.assign({}, ...otherDefinitions.map(resourcePaths)),
      ...webhookPaths(),
    }),
    components: {
      securitySchemes: {
        sessionCookie: { type: 'apiKey', in: 'cookie', name: sessionCookieName, description: 'A signed-in person' },
        apiKey: { type: 'http', scheme: 'bearer', description: 'Authorization: Bearer crm_…, limited to its scopes' },
        systemUsageToken: {
          type: 'http',
          scheme: 'bearer',
          description: 'Authorization: Bearer dsu_…, one delivered system’s usage token (decision 0035)',
        },
        ...Object.fromEntries(
          Object.entries(webhookSignatureSchemes).map(([name, { header, description }]) => [
            name,
            { type: 'apiKey', in: 'header', name: header, description },
          ]),
        ),
      },
      schemas: {
        Error: problemSchema,
      },
    },
  }
}

/** Every operation with the refusals any of its kind can get (withCommonProblems). */
function withCommonProblemsEverywhere<Paths extends Record<string, PathItem | undefined>>(paths: Paths): Paths {
  return Object.fromEntries(
    Object.entries(paths)
      .filter(([, item]) => item !== undefined)
      .map(([path, item]) => [
        path,
        Object.fromEntries(
          Object.entries(item ?? {}).map(([method, operation]) => [method, withCommonProblems(operation)]),
        ),
      ]),
  ) as Paths
}

/** GET /openapi.json, public: mount under /api. */
export function openApiRoutes(config: Pick<AppConfig, 'APP_BASE_URL'>): Router {
  const document = openApiDocument(config)
  const router = Router()
  router.get('/openapi.json', (_request, response) => {
    response.json(document)
  })
  return router
}

function article(noun: string): string {
  return /^[aeiou]/.test(noun) ? 'an' : 'a'
}
