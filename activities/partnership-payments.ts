import { ApplicationFailure } from '@temporalio/activity'
import type { Database } from '../lib/db'
import type { DunningEmailSender } from '../domain/partnerships/payment-dunning'
import { dunningStepKey } from '../domain/partnerships/payment-plan'
import { completePaymentCallTask } from '../services/partnerships/payment-call-task'
import { paymentKeyOf } from '../workflows/partnership-payment-messages'
import type { PartnershipPaymentActivities } from './partnership-payment-contract'

export interface PartnershipPaymentDependencies {
  db: Database
  /** Stripe bills this CRM's payments (STRIPE_SECRET_KEY set). */
  stripeBills: boolean
  /** STRIPE_DUNNING: who emails the client about unpaid invoices when Stripe bills. */
  stripeDunning: DunningEmailSender
}

function partnershipNotFound(partnershipId: string) {
  return ApplicationFailure.nonRetryable(`partnership ${partnershipId} does not exist`, 'PartnershipNotFound')
}

/** The `where` of the Payment row a workflow key names. */
export function paymentWhere(partnershipId: string, key: string) {
  return key.startsWith('row-')
    ? { id: key.slice('row-'.length), partnershipId }
    : { idempotencyKey: `partnership-${partnershipId}/payment/${key}`, partnershipId }
}

export function createPartnershipPaymentActivities({
  db,
  stripeBills,
  stripeDunning,
}: PartnershipPaymentDependencies): PartnershipPaymentActivities {
  return {
    async loadPaymentAccount(partnershipId) {
      const partnership = await db.partnership.findUnique({
        where: { id: partnershipId },
        select: {
          company: { select: { name: true } },
          opportunity: { select: { primaryContactId: true } },
          payments: {
            orderBy: { dueDate: 'asc' },
            select: { id: true, idempotencyKey: true, type: true, amount: true, currency: true, dueDate: true },
          },
        },
      })
      if (!partnership) throw partnershipNotFound(partnershipId)
      return {
        contactId: partnership.opportunity.primaryContactId,
        company: partnership.company.name,
        emailSender: stripeBills ? stripeDunning : 'crm',
        payments: partnership.payments.map((payment) => ({
          key: paymentKeyOf(payment),
          type: payment.type,
          amount: payment.amount.toNumber(),
          currency: payment.currency,
          dueAtMs: payment.dueDate.getTime(),
        })),
      }
    },

    async recordPaymentReceived({ partnershipId, paymentKey, paidAtMs }) {
      await db.$transaction(async (tx) => {
        const payment = await tx.payment.findFirst({
          where: paymentWhere(partnershipId, paymentKey),
          select: { id: true, type: true },
        })
        if (!payment) {
          throw ApplicationFailure.nonRetryable(`No payment ${paymentKey} of partnership ${partnershipId}`, 'NoPayment')
        }
        const { count } = await tx.payment.updateMany({
          where: { id: payment.id, status: { notIn: ['PAID', 'REFUNDED'] } },
          data: { status: 'PAID', paidDate: new Date(paidAtMs) },
        })
        if (count > 0 && payment.type === 'SETUP') {
          await tx.partnership.update({
            where: { id: partnershipId },
            data: { setupFeePaid: true },
            select: { id: true },
          })
        }
      })
    },

    async reschedulePayments({ partnershipId, payments }) {
      await db.$transaction(async (tx) => {
        for (const { key, dueAtMs } of payments) {
          // Only unpaid rows move: a payment Stripe or a person recorded meanwhile keeps its date.
          await tx.payment.updateMany({
            where: { ...paymentWhere(partnershipId, key), status: { notIn: ['PAID', 'REFUNDED'] } },
            data: { dueDate: new Date(dueAtMs) },
          })
        }
      })
    },

    async createPaymentCallTask({ partnershipId, idempotencyKey, subject, description, dueAtMs }) {
      const partnership = await db.partnership.findUnique({
        where: { id: partnershipId },
        select: { ownerId: true, companyId: true },
      })
      if (!partnership) throw partnershipNotFound(partnershipId)
      if (!partnership.ownerId) return null
      // A retry finds the task its first attempt wrote (activities of one workflow step run one at a time).
      const known = await db.activity.findFirst({
        where: { partnershipId, externalId: idempotencyKey },
        select: { id: true, scheduledAt: true },
      })
      const task =
        known ??
        (await db.activity.create({
          data: {
            type: 'TASK',
            subject,
            description,
            partnershipId,
            companyId: partnership.companyId,
            externalId: idempotencyKey,
            scheduledAt: new Date(dueAtMs),
            userId: partnership.ownerId,
          },
          select: { id: true, scheduledAt: true },
        }))
      return { taskId: task.id, dueAt: (task.scheduledAt ?? new Date(dueAtMs)).toISOString() }
    },

    async cancelPaymentsAfterEnd({ partnershipId, endedAtMs }) {
      // A month due by the end was billed in advance and is owed; the setup fee is owed whatever happens later.
      // Answers the cancelled rows, those of an earlier attempt included, so a retry answers the same.
      return db.$transaction(async (tx) => {
        const rows = await tx.payment.findMany({
          where: {
            partnershipId,
            type: 'MONTHLY',
            dueDate: { gt: new Date(endedAtMs) },
            status: { in: ['PENDING', 'OVERDUE', 'FAILED', 'CANCELLED'] },
          },
          orderBy: { dueDate: 'asc' },
          select: { id: true, idempotencyKey: true, status: true },
        })
        await tx.payment.updateMany({
          where: { id: { in: rows.filter((row) => row.status !== 'CANCELLED').map((row) => row.id) } },
          data: { status: 'CANCELLED' },
        })
        return { cancelled: rows.map(paymentKeyOf) }
      })
    },

    async closePaymentCallTask(close) {
      const { partnershipId, paidAtMs } = close
      const task =
        'taskId' in close
          ? { partnershipId, id: close.taskId }
          : { partnershipId, externalId: dunningStepKey(partnershipId, close.paymentKey, 'call-task') }
      return { closedNow: await completePaymentCallTask(db, task, paidAtMs) }
    },
  }
}
