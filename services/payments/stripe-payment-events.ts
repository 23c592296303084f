import type { Database } from '../../lib/db'
import { logger } from '../../lib/logger'
import {
  monthlyPaymentForPeriod,
  paymentStatusAfter,
  statusesChangedBy,
  type PaymentRef,
  type PaymentStatus,
  type StripePaymentEvent,
} from '../../domain/payments/stripe-events'
import { ingestionTransactionOptions, lockKey, type Transaction } from '../ingestion/ingestion-dependencies'

export type AppliedStripeEvent =
  /** `changed` false: the row was already where the event would put it (a duplicate, or a late failure). */
  | { paymentId: string; partnershipId: string; status: PaymentStatus; changed: boolean }
  | { paymentId: null; reason: string }

/**
 * Applies one Stripe event to its Payment row, in one transaction holding the payment's lock, so duplicates and
 * any order end in the same row: the status changes only if `paymentStatusAfter` allows it (paid is never undone
 * by a late failure), the Stripe ids are recorded once, and a paid setup fee sets `Partnership.setupFeePaid`.
 */
export async function applyStripePaymentEvent(db: Database, event: StripePaymentEvent): Promise<AppliedStripeEvent> {
  if (event.kind === 'ignored') return { paymentId: null, reason: event.reason }
  if (event.kind === 'subscription-status') {
    await signalPartnershipPaymentEvent({ partnershipId: event.partnershipId, event })
    return { paymentId: null, reason: `subscription ${event.status}: no payment row changes` }
  }
  const result = await db.$transaction(async (tx) => {
    const payment = await findPayment(tx, event.ref)
    if (!payment) return undefined
    await lockKey(tx, `payment:${payment.id}`)
    const current = await tx.payment.findUniqueOrThrow({
      where: { id: payment.id },
      select: { status: true, stripeInvoiceId: true, stripePaymentIntentId: true },
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
      return { payment, status: current.status, changed: false }
    }
    await tx.payment.updateMany({
      where: { id: payment.id, status: { in: statusesChangedBy(event.kind) } },
      data: { ...ids, status: next, ...(next === 'PAID' ? { paidDate: new Date(event.atMs) } : {}) },
    })
    if (next === 'PAID' && payment.type === 'SETUP') {
      await tx.partnership.update({
        where: { id: payment.partnershipId },
        data: { setupFeePaid: true },
        select: { id: true },
      })
    }
    return { payment, status: next, changed: true }
  }, ingestionTransactionOptions)

  if (!result) {
    // An event for a payment this CRM does not have (a test-mode account shared by several CRMs, a deleted
    // record): acknowledged and recorded, never retried.
    logger.warn('A Stripe event names no payment of this CRM', { ref: event.ref, kind: event.kind })
    return { paymentId: null, reason: 'no such payment' }
  }
  if (result.changed) {
    await signalPartnershipPaymentEvent({ partnershipId: result.payment.partnershipId, event })
  }
  return {
    paymentId: result.payment.id,
    partnershipId: result.payment.partnershipId,
    status: result.status,
    changed: result.changed,
  }
}

async function findPayment(tx: Transaction, ref: PaymentRef) {
  const select = { id: true, partnershipId: true, type: true, dueDate: true } as const
  if (ref.by === 'payment') return tx.payment.findUnique({ where: { id: ref.paymentId }, select })
  const monthly = await tx.payment.findMany({
    where: { partnershipId: ref.partnershipId, type: 'MONTHLY' },
    select,
  })
  return monthlyPaymentForPeriod(monthly, ref.periodStartMs)
}

/**
 * WHERE THE PARTNERSHIP WORKFLOW'S SIGNAL GOES. The partnership workflow (`partnership-<id>`, issue 11) does not
 * exist on this branch yet; when it does, this signals it with the payment change so its overdue sequence stops
 * the instant the payment arrives. Called only after a row actually changed, so the workflow hears each payment
 * once; it must still treat a repeated signal as a no-op (a retried request may call this again).
 */
export async function signalPartnershipPaymentEvent(_change: {
  partnershipId: string
  event: StripePaymentEvent
}): Promise<void> {}
