import { Problem } from '../problems/problem'
import { grantFor } from '../auth/grants'
import { auditedWorkflowCall, requireUpdateGrant, workflowActorOf } from '../workflows/entity-actions'
import { executeEntityWorkflow } from '../workflows/entity-workflow-client'
import { mayChangePartnership } from '../../domain/partnerships/partnership-changes'
import { isOwed, paymentStateOf } from '../../domain/partnerships/partnership-timeline'
import { markPaymentReceivedUpdate, paymentKeyOf } from '../../workflows/partnership-payment-messages'
import { userIdOf } from '../../workflows/entity-run'
import type { PaymentReceipt } from '../../workflows/payment-receipt'
import type { PartnershipWorkflowStatus } from '../../workflows/partnership-messages'
import { updatePartnership, visiblePartnership, type PartnershipActionContext } from './partnership-actions'
import { endedPartnershipStatuses } from './partnership-workflow'
import { paymentReceiptWorkflowOf } from './payment-receipt-workflow'

/**
 * A person records a payment as received (decision 0034): an update of the partnership's workflow, whose validator
 * refuses a payment that is paid already or a person who may not; the workflow writes the row and stops the
 * payment's overdue sequence at that instant. After the end, when no run is left to ask, a receipt workflow of its
 * own does the same writes (decision 0050).
 */
export async function markPartnershipPaymentReceived(
  context: PartnershipActionContext,
  partnershipId: string,
  paymentId: string,
): Promise<PartnershipWorkflowStatus | PaymentReceipt> {
  // Who may not see or change partnerships hears that before anything about the payment.
  if (grantFor(context.actor, 'partnerships', 'read') === 'none') {
    throw new Problem('forbidden', 'You may not see partnerships')
  }
  requireUpdateGrant(context.actor, 'partnerships', 'You may not change partnerships')
  const partnership = await visiblePartnership(context, partnershipId)
  const payment = await paymentOf(context, partnershipId, paymentId)
  const actor = workflowActorOf(context.actor)
  if (!(endedPartnershipStatuses as readonly string[]).includes(partnership.status)) {
    return updatePartnership(context, partnershipId, 'payment-received', markPaymentReceivedUpdate, {
      paymentKey: payment.key,
      actor,
    })
  }
  // The checks the run's validator makes, made here: no run is left to make them.
  if (!mayChangePartnership(actor, partnership)) {
    throw new Problem('forbidden', 'Only the partnership’s Customer Success owner or a manager may do this')
  }
  const state = paymentStateOf({ status: payment.status, dueMs: payment.dueDate.getTime() }, Date.now())
  if (!isOwed(state)) throw new Problem('conflict', `${payment.key} is ${state}: nothing is owed`)
  return auditedWorkflowCall(context, { resource: 'partnerships', action: 'payment-received', id: partnershipId }, () =>
    executeEntityWorkflow(
      context.temporal,
      paymentReceiptWorkflowOf({
        partnershipId,
        paymentKey: payment.key,
        paidAt: new Date().toISOString(),
        byId: userIdOf(actor),
      }),
      context.taskQueue,
    ),
  )
}

async function paymentOf(context: PartnershipActionContext, partnershipId: string, paymentId: string) {
  const payment = await context.db.payment.findFirst({
    where: { id: paymentId, partnershipId },
    select: { id: true, idempotencyKey: true, status: true, dueDate: true },
  })
  if (!payment) throw new Problem('not-found', `No payment with id ${paymentId} on partnership ${partnershipId}`)
  return { key: paymentKeyOf(payment), status: payment.status, dueDate: payment.dueDate }
}
