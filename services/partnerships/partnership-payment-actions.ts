import { Problem } from '../problems/problem'
import { grantFor } from '../auth/grants'
import { requireUpdateGrant, workflowActorOf } from '../workflows/entity-actions'
import { markPaymentReceivedUpdate, paymentKeyOf } from '../../workflows/partnership-payment-messages'
import { updatePartnership, type PartnershipActionContext } from './partnership-actions'

/**
 * A person records a payment as received (decision 0034): an update of the partnership's workflow, whose validator
 * refuses a payment that is paid already or a person who may not; the workflow writes the row and stops the
 * payment's overdue sequence at that instant.
 */
export async function markPartnershipPaymentReceived(
  context: PartnershipActionContext,
  partnershipId: string,
  paymentId: string,
) {
  // Who may not see or change partnerships hears that before anything about the payment.
  if (grantFor(context.actor, 'partnerships', 'read') === 'none') {
    throw new Problem('forbidden', 'You may not see partnerships')
  }
  requireUpdateGrant(context.actor, 'partnerships', 'You may not change partnerships')
  return updatePartnership(context, partnershipId, 'payment-received', markPaymentReceivedUpdate, {
    paymentKey: await paymentKey(context, partnershipId, paymentId),
    actor: workflowActorOf(context.actor),
  })
}

async function paymentKey(context: PartnershipActionContext, partnershipId: string, paymentId: string) {
  const payment = await context.db.payment.findFirst({
    where: { id: paymentId, partnershipId },
    select: { id: true, idempotencyKey: true },
  })
  if (!payment) throw new Problem('not-found', `No payment with id ${paymentId} on partnership ${partnershipId}`)
  return paymentKeyOf(payment)
}
