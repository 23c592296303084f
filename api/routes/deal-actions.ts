import { Router, type Response } from 'express'
import {
  dealActionInput,
  dealAssignInput,
  dealEmailInput,
  dealMoveInput,
  parseDealAction,
  parseDealAssign,
  parseDealEmail,
  parseDealMove,
  parseDealProposalSend,
} from '../../domain/deals/deal-input'
import {
  assignDealOwner,
  completeDealAction,
  emailDealContact,
  moveDeal,
  sendDealProposal,
  visibleDeal,
} from '../../services/deals/deal-actions'
import { dealStageHistory } from '../../services/deals/deal-stage-history'
import type { WebDependencies } from '../../services/dependencies'
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

// POST /opportunities/:id/move, /checklist, /assign, /proposal/send and /email (each an update of the deal's workflow, whose validator
// answers for everyone) and GET /opportunities/:id/stage-history. Mount after authentication and the JSON parser.

export function dealActionRoutes(dependencies: WebDependencies): Router {
  const { db } = dependencies
  const router = Router()

  const context = (response: Response) => entityActionContext(dependencies, response)
  const valid = validBody

  router.post(
    '/opportunities/:id/move',
    handle(async (request, response) => {
      const move = valid(parseDealMove(request.body), 'move')
      response.json(await moveDeal(context(response), String(request.params.id), move))
    }),
  )
  router.post(
    '/opportunities/:id/checklist',
    handle(async (request, response) => {
      const action = valid(parseDealAction(request.body), 'checklist entry')
      response.json({ checklist: await completeDealAction(context(response), String(request.params.id), action) })
    }),
  )
  router.post(
    '/opportunities/:id/assign',
    handle(async (request, response) => {
      const owner = valid(parseDealAssign(request.body), 'assignment')
      const id = String(request.params.id)
      await assignDealOwner(context(response), id, owner)
      response.json({ id, owner })
    }),
  )
  router.post(
    '/opportunities/:id/proposal/send',
    handle(async (request, response) => {
      valid(parseDealProposalSend(request.body), 'request')
      response.json(await sendDealProposal(context(response), String(request.params.id)))
    }),
  )
  router.post(
    '/opportunities/:id/email',
    handle(async (request, response) => {
      const email = valid(parseDealEmail(request.body), 'email')
      response.json(await emailDealContact(context(response), String(request.params.id), email))
    }),
  )
  router.get(
    '/opportunities/:id/stage-history',
    handle(async (request, response) => {
      const deal = await visibleDeal(context(response), String(request.params.id))
      response.json({ opportunityId: deal.id, stages: await dealStageHistory(db, deal.id) })
    }),
  )
  return router
}

/** The OpenAPI paths of these routes, for api/openapi.ts. */
export function dealActionOpenApiPaths(): Record<string, Record<string, unknown>> {
  const update = (operationId: string, summary: string, body: WorkflowUpdateOperation['body'], ok: string) =>
    workflowUpdateOperation({
      resource: 'opportunities',
      operationId,
      summary,
      description:
        'An update of the deal’s workflow (`deal-<id>`): its validator applies §4.2’s exit criteria and §14.2’s rights ' +
        '(a Sales Rep on their own deals; a Sales Manager or Admin may override the criteria with a reason, reopen a lost deal, and reassign).',
      body,
      parameters: ['id'],
      ok,
      ...workflowUpdateRefusals.deal,
    })
  return {
    '/api/opportunities/{id}/move': update(
      'dealMove',
      'Move the deal to another stage',
      dealMoveInput,
      'Moved: the new stage and when it was entered',
    ),
    '/api/opportunities/{id}/checklist': update(
      'dealCompleteAction',
      'Mark one of §4.3’s required actions done',
      dealActionInput,
      'The checklist after the change',
    ),
    '/api/opportunities/{id}/assign': update(
      'dealAssign',
      'Give the deal to another owner',
      dealAssignInput,
      'Assigned',
    ),
    '/api/opportunities/{id}/proposal/send': {
      post: guarded('opportunities', 'update', {
        operationId: 'dealSendProposal',
        summary: 'Email the proposal (PDF attached) to the deal’s primary contact',
        description:
          'An update of the deal’s workflow (`deal-<id>`): the proposal is built from the deal as it stands, in the ' +
          'contact’s language, and sent through the outbox; `send_proposal` is ticked and a deal in Discovery Call with ' +
          'all its required actions done moves to Proposal Sent. Allowed from Discovery Call on, once the tier is ' +
          'identified, to the deal’s owner (Sales Rep), a Sales Manager, an Admin or an API key. Each call is a ' +
          'proposal of its own: calling again sends a revised proposal. No body (or an empty JSON object).',
        parameters: pathParameters(['id']),
        responses: {
          200: {
            description: 'Sent: to whom, when, which proposal of the deal, the stage afterwards and whether it moved',
            content: {
              'application/json': {
                schema: {
                  type: 'object',
                  required: ['sentTo', 'sentAt', 'proposalNumber', 'stage', 'moved'],
                  properties: {
                    sentTo: { type: 'string', format: 'email' },
                    sentAt: { type: 'string', format: 'date-time' },
                    proposalNumber: { type: 'integer', minimum: 1 },
                    stage: { type: 'string' },
                    moved: { type: 'boolean' },
                  },
                },
              },
            },
          },
          400: problemResponse('A body with fields: this action takes none'),
          404: problemResponse('No such deal (or not one of yours)'),
          409: problemResponse(
            'Refused, nothing sent or ticked: the deal is closed, is before Discovery Call, its tier is not identified, ' +
              'the caller may not act on it, or the mail server refused the contact’s address',
          ),
          503: unavailableResponse(
            'The deal’s workflow or the mail server could not be reached in time; nothing was ticked',
          ),
        },
      }),
    },
    '/api/opportunities/{id}/email': {
      post: guarded('opportunities', 'update', {
        operationId: 'dealEmailContact',
        summary: 'Email the deal’s primary contact from the deal',
        description:
          'An update of the deal’s workflow (`deal-<id>`): the email (plain text and escaped HTML, Reply-To the deal’s ' +
          'owner) goes to the primary contact through the outbox, is on the deal’s timeline, and ticks `initial_email`. ' +
          'Allowed on an open deal to its owner (Sales Rep), a Sales Manager, an Admin or an API key. Each call is an ' +
          'email of its own.',
        parameters: pathParameters(['id']),
        requestBody: { required: true, content: { 'application/json': { schema: openApiSchema(dealEmailInput) } } },
        responses: {
          200: {
            description: 'Sent: to whom, when, and which email of the deal',
            content: {
              'application/json': {
                schema: {
                  type: 'object',
                  required: ['sentTo', 'sentAt', 'emailNumber'],
                  properties: {
                    sentTo: { type: 'string', format: 'email' },
                    sentAt: { type: 'string', format: 'date-time' },
                    emailNumber: { type: 'integer', minimum: 1 },
                  },
                },
              },
            },
          },
          400: problemResponse('Bad input, naming the field (subject 1–200 characters, body 1–10,000)'),
          404: problemResponse('No such deal (or not one of yours)'),
          409: problemResponse(
            'Refused, nothing sent or ticked: the deal is closed, the caller may not act on it, or the mail server ' +
              'refused the contact’s address',
          ),
          503: unavailableResponse(
            'The deal’s workflow or the mail server could not be reached in time; nothing was ticked',
          ),
        },
      }),
    },
    '/api/opportunities/{id}/stage-history': {
      get: guarded('opportunities', 'read', {
        operationId: 'dealStageHistory',
        summary: 'Every stage the deal was in: entered, left, how long, who moved it and why',
        parameters: pathParameters(['id']),
        responses: {
          200: {
            description: 'The stages, oldest first',
            content: { 'application/json': { schema: { type: 'object' } } },
          },
          404: problemResponse('No such deal (or not one of yours)'),
        },
      }),
    },
  }
}
