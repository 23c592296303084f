import { Router, type Response } from 'express'
import {
  milestoneCompletionInput,
  parseMilestoneCompletion,
  parsePartnershipChange,
  partnershipChangeInputs,
  type PartnershipChangeKind,
} from '../../domain/partnerships/partnership-input'
import type { WebDependencies } from '../../services/dependencies'
import { changePartnership, completePartnershipMilestone } from '../../services/partnerships/partnership-actions'
import { markPartnershipPaymentReceived } from '../../services/partnerships/partnership-payment-actions'
import { parsePaymentReceived, paymentReceivedInput } from '../../domain/partnerships/payment-input'
import { entityActionContext, validBody } from '../entity-action-context'
import { handle } from '../handle'
import {
  workflowUpdateOperation,
  workflowUpdateRefusals,
  type WorkflowUpdateOperation,
} from '../openapi-workflow-update'

// POST /partnerships/:id/{pause,resume,extend,churn,graduate}, /partnerships/:id/milestones/:key/complete and
// /partnerships/:id/payments/:paymentId/received, each
// an update of the partnership's workflow, whose validator answers for everyone. Mount after authentication and
// the JSON parser.

const changeKinds = Object.keys(partnershipChangeInputs) as PartnershipChangeKind[]

export function partnershipActionRoutes(dependencies: WebDependencies): Router {
  const router = Router()

  const context = (response: Response) => entityActionContext(dependencies, response)
  const valid = validBody

  for (const kind of changeKinds) {
    router.post(
      `/partnerships/:id/${kind}`,
      handle(async (request, response) => {
        const change = valid(parsePartnershipChange(kind, request.body), kind)
        response.json(await changePartnership(context(response), String(request.params.id), change))
      }),
    )
  }
  router.post(
    '/partnerships/:id/milestones/:key/complete',
    handle(async (request, response) => {
      valid(parseMilestoneCompletion(request.body), 'completion')
      const { id, key } = request.params
      response.json(await completePartnershipMilestone(context(response), String(id), String(key)))
    }),
  )
  router.post(
    '/partnerships/:id/payments/:paymentId/received',
    handle(async (request, response) => {
      valid(parsePaymentReceived(request.body), 'payment received')
      const { id, paymentId } = request.params
      response.json(await markPartnershipPaymentReceived(context(response), String(id), String(paymentId)))
    }),
  )
  return router
}

const summaries: Record<PartnershipChangeKind, string> = {
  pause: 'Pause the partnership: every clock stops, the plan moves by the paused time on resume',
  resume: 'Resume a paused partnership',
  extend: 'Extend the partnership by whole weeks: its final milestone and end move',
  churn: 'Record that the client is leaving, with the reason',
  graduate: 'Graduate the client once the tier’s final milestone is done',
}

/** The OpenAPI paths of these routes, for api/openapi.ts. */
export function partnershipActionOpenApiPaths(): Record<string, Record<string, unknown>> {
  const update = (operationId: string, summary: string, body: WorkflowUpdateOperation['body'], parameters: string[]) =>
    workflowUpdateOperation({
      resource: 'partnerships',
      operationId,
      summary,
      description:
        'An update of the partnership’s workflow (`partnership-<id>`), which owns its status, phase and health: its ' +
        'validator applies §14.2’s rights (Customer Success on their own partnerships, managers on any) and the ' +
        'rules of decision 0027.',
      body,
      parameters,
      ok: 'The partnership as its workflow holds it after the change',
      ...workflowUpdateRefusals.partnership,
    })
  return {
    ...Object.fromEntries(
      changeKinds.map((kind) => [
        `/api/partnerships/{id}/${kind}`,
        update(`partnership${kind[0]!.toUpperCase()}${kind.slice(1)}`, summaries[kind], partnershipChangeInputs[kind], [
          'id',
        ]),
      ]),
    ),
    '/api/partnerships/{id}/milestones/{key}/complete': update(
      'partnershipCompleteMilestone',
      'Record a milestone done now: a late one moves the milestones that depend on it',
      milestoneCompletionInput,
      ['id', 'key'],
    ),
    '/api/partnerships/{id}/payments/{paymentId}/received': update(
      'partnershipPaymentReceived',
      'Record a payment received now (without Stripe, or paid outside it): its overdue reminders stop at once. ' +
        'After the partnership ended, a receipt workflow records it and the answer is the receipt (decision 0050)',
      paymentReceivedInput,
      ['id', 'paymentId'],
    ),
  }
}
