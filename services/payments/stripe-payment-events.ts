import { logger } from '../../lib/logger'
import { dunningStepKey } from '../../domain/partnerships/payment-plan'
import { completePaymentCallTask } from '../partnerships/payment-call-task'
import { paymentReceiptWorkflowOf } from '../partnerships/payment-receipt-workflow'
import {
  billedAfterReceived,
  monthlyPaymentForPeriod,
  paymentStatusAfter,
  statusesChangedBy,
  type PaymentRef,
  type PaymentStatus,
  type StripePaymentEvent,
} from '../../domain/payments/stripe-events'
import {
  ingestionTransactionOptions,
  lockKey,
  type IngestionDependencies,
  type Transaction,
} from '../ingestion/ingestion-dependencies'
import { billingEventSignal, paymentKeyOf } from '../../workflows/partnership-payment-messages'
import { paymentReceivedSignal } from '../../workflows/partnership-messages'
import { signalEntityWorkflow, startEntityWorkflow } from '../workflows/entity-workflow-client'
import {
  endedPartnershipStatuses,
  partnershipWorkflowOf,
  partnershipWorkflowTargetSelect,
} from '../partnerships/partnership-workflow'

export type AppliedStripeEvent =
  /** `changed` false: the row was already where the event would put it (a duplicate, or a late failure). */
  | { paymentId: string; partnershipId: string; status: PaymentStatus; changed: boolean }
  | { paymentId: null; reason: string }

/**
 * Applies one Stripe event to its Payment row, in one transaction holding the payment's lock, so duplicates and
 * any order end in the same row: the status changes only if `paymentStatusAfter` allows it (paid is never undone
 * by a late failure), the Stripe ids are recorded once, and a paid setup fee sets `Partnership.setupFeePaid`.
 * A change is signalled to the partnership's workflow before the transaction commits (decision 0034): when
 * Temporal cannot be told, nothing is written, the event is FAILED and Stripe's redelivery does it all again. An
 * invoice Stripe creates for a month a person recorded received starts that payment's receipt workflow, which marks
 * the invoice paid outside Stripe before Stripe collects it (decision 0052).
 */
export async function applyStripePaymentEvent(
  dependencies: IngestionDependencies,
  event: StripePaymentEvent,
): Promise<AppliedStripeEvent> {
  const { db } = dependencies
  if (event.kind === 'ignored') return { paymentId: null, reason: event.reason }
  if (event.kind === 'subscription-status') {
    await signalPartnershipPaymentEvent(dependencies, db, { partnershipId: event.partnershipId, event })
    return { paymentId: null, reason: `subscription ${event.status}: no payment row changes` }
  }
  const result = await db.$transaction(async (tx) => {
    const payment = await findPayment(tx, event.ref)
    if (!payment) return undefined
    await lockKey(tx, `payment:${payment.id}`)
    const current = await tx.payment.findUniqueOrThrow({
      where: { id: payment.id },
      select: { status: true, stripeInvoiceId: true, stripePaymentIntentId: true, paidDate: true },
    })
    const next = paymentStatusAfter(current.status, event.kind)
    const ids = {
      ...(event.stripeInvoiceId && !current.stripeInvoiceId ? { stripeInvoiceId: event.stripeInvoiceId } : {}),
      ...(event.stripePaymentIntentId && !current.stripePaymentIntentId
        ? { stripePaymentIntentId: event.stripePaymentIntentId }
        : {}),
    }
    if (!next) {
      if (Object.keys(ids).length > 0)
        await tx.payment.update({ where: { id: payment.id }, data: ids, select: { id: true } })
      if (billedAfterReceived(current, event.kind)) {
        // Started before the invoice id commits: a Temporal that does not answer leaves the row as it was, and the
        // redelivery (or the retrier) starts it.
        const receipt = paymentReceiptWorkflowOf({
          partnershipId: payment.partnershipId,
          paymentKey: paymentKeyOf(payment),
          paidAt: (current.paidDate ?? new Date(event.atMs)).toISOString(),
          byId: null,
        })
        await startEntityWorkflow(dependencies.temporal, receipt, dependencies.taskQueue)
      }
      return { payment, status: current.status, changed: false }
    }
    const { count } = await tx.payment.updateMany({
      where: { id: payment.id, status: { in: statusesChangedBy(event.kind) } },
      data: { ...ids, status: next, ...(next === 'PAID' ? { paidDate: new Date(event.atMs) } : {}) },
    })
    if (count === 0) return { payment, status: current.status, changed: false }
    if (next === 'PAID' && payment.type === 'SETUP') {
      await tx.partnership.update({
        where: { id: payment.partnershipId },
        data: { setupFeePaid: true },
        select: { id: true },
      })
    }
    await signalPartnershipPaymentEvent(dependencies, tx, {
      partnershipId: payment.partnershipId,
      event,
      paymentKey: paymentKeyOf(payment),
    })
    return { payment, status: next, changed: true }
  }, ingestionTransactionOptions)

  if (!result) {
    // An event for a payment this CRM does not have (a test-mode account shared by several CRMs, a deleted
    // record): acknowledged and recorded, never retried.
    logger.warn('A Stripe event names no payment of this CRM', { ref: event.ref, kind: event.kind })
    return { paymentId: null, reason: 'no such payment' }
  }
  return {
    paymentId: result.payment.id,
    partnershipId: result.payment.partnershipId,
    status: result.status,
    changed: result.changed,
  }
}

async function findPayment(tx: Transaction, ref: PaymentRef) {
  const select = { id: true, partnershipId: true, type: true, dueDate: true, idempotencyKey: true } as const
  if (ref.by === 'payment') return tx.payment.findUnique({ where: { id: ref.paymentId }, select })
  const monthly = await tx.payment.findMany({
    where: { partnershipId: ref.partnershipId, type: 'MONTHLY' },
    select,
  })
  return monthlyPaymentForPeriod(monthly, ref.periodStartMs)
}

/**
 * Tells the partnership's workflow (`partnership-<id>`) what changed, so its overdue sequence stops the instant the
 * payment arrives. Called only when a row changed, so the workflow hears each payment once; it still treats a
 * repeated signal as a no-op (a redelivery after a failed commit signals again). Signal-with-start: a partnership
 * whose run is not there yet hears it when it starts. An ended partnership has no process left to tell: a payment that
 * arrives after the end completes the owner's call task about it here (decision 0047), as the run would have.
 */
export async function signalPartnershipPaymentEvent(
  { temporal, taskQueue }: IngestionDependencies,
  db: Pick<Transaction, 'partnership' | 'activity'>,
  change: { partnershipId: string; event: StripePaymentEvent; paymentKey?: string },
): Promise<void> {
  const { event, paymentKey } = change
  const partnership = await db.partnership.findUnique({
    where: { id: change.partnershipId },
    select: partnershipWorkflowTargetSelect,
  })
  if (!partnership) return
  if ((endedPartnershipStatuses as readonly string[]).includes(partnership.status)) {
    if (event.kind === 'paid' && paymentKey) {
      // Its reminder, if still waiting, finds the task closed and ends without reminding.
      const externalId = dunningStepKey(change.partnershipId, paymentKey, 'call-task')
      await completePaymentCallTask(db, { partnershipId: change.partnershipId, externalId }, event.atMs)
    }
    return
  }
  const workflow = partnershipWorkflowOf(partnership)
  const at = new Date(event.kind === 'ignored' ? Date.now() : event.atMs).toISOString()
  if (event.kind === 'paid' && paymentKey) {
    await signalEntityWorkflow(temporal, workflow, taskQueue, paymentReceivedSignal, { paymentKey, paidAt: at })
  } else if (event.kind === 'failed' && paymentKey) {
    await signalEntityWorkflow(temporal, workflow, taskQueue, billingEventSignal, {
      kind: 'payment-failed',
      paymentKey,
      at,
    })
  } else if (event.kind === 'subscription-status') {
    await signalEntityWorkflow(temporal, workflow, taskQueue, billingEventSignal, {
      kind: 'subscription-status',
      subscriptionId: event.subscriptionId,
      status: event.status,
      at,
    })
  }
}
