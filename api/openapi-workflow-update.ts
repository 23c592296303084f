import type { RecordResource } from '../domain/access/permission-matrix'
import { guarded } from './openapi-access'
import { problemResponse, unavailableResponse } from './openapi-problem'
import { openApiSchema, pathParameters } from './openapi-schema'

// How the OpenAPI document describes a request that is an update of an entity's workflow (a deal's move, a
// partnership's pause, its work): the workflow's validator decides, so a refusal is a 409 and nothing is written.

export interface WorkflowUpdateOperation {
  resource: RecordResource
  operationId: string
  summary: string
  /** What the workflow checks and who may ask. */
  description: string
  body: Parameters<typeof openApiSchema>[0]
  parameters: string[]
  /** The answers: what 200 carries, then what each refusal means for this entity. */
  ok: string
  notFound: string
  refused: string
  unavailable: string
}

type WorkflowUpdateRefusals = Pick<WorkflowUpdateOperation, 'notFound' | 'refused' | 'unavailable'>

/** What each entity's refusals mean, the same for every update of its workflow. */
export const workflowUpdateRefusals = {
  deal: {
    notFound: 'No such deal (or not one of yours)',
    refused: 'The deal’s workflow refused: the detail says why (what is missing, who may)',
    unavailable: 'The deal’s workflow could not be reached; nothing changed',
  },
  partnership: {
    notFound: 'No such partnership',
    refused: 'The partnership’s workflow refused: the detail says why; nothing changed',
    unavailable: 'The partnership’s workflow could not be reached; nothing changed',
  },
} satisfies Record<string, WorkflowUpdateRefusals>

export function workflowUpdateOperation(operation: WorkflowUpdateOperation) {
  return {
    post: guarded(operation.resource, 'update', {
      operationId: operation.operationId,
      summary: operation.summary,
      description: operation.description,
      parameters: pathParameters(operation.parameters),
      requestBody: { required: true, content: { 'application/json': { schema: openApiSchema(operation.body) } } },
      responses: {
        200: { description: operation.ok, content: { 'application/json': { schema: { type: 'object' } } } },
        400: problemResponse('Bad input, naming the field'),
        404: problemResponse(operation.notFound),
        409: problemResponse(operation.refused),
        503: unavailableResponse(operation.unavailable),
      },
    }),
  }
}
