// What the partnership workflow's payment part asks of its activities (decision 0034). Types only.
import type { DunningEmailSender } from '../domain/partnerships/payment-dunning'
import type { PaymentToChase } from '../domain/partnerships/dunning-messages'

export interface PaymentAccount {
  /** Who the client reminders go to: the won deal's primary contact. */
  contactId: string | null
  company: string
  /** Who emails the client about an unpaid payment (STRIPE_DUNNING, only when Stripe bills). */
  emailSender: DunningEmailSender
  /** Every payment of the partnership, keyed as the workflow follows them. */
  payments: PaymentToChase[]
}

export interface PaymentReceivedRecord {
  partnershipId: string
  paymentKey: string
  paidAtMs: number
  /** The person who recorded it. */
  byId: string | null
}

export interface PaymentsRescheduled {
  partnershipId: string
  payments: { key: string; dueAtMs: number }[]
}

export interface PaymentCallTask {
  partnershipId: string
  /** `partnership-<id>/payment/<key>/call-task`: one task per payment, whatever the retries. */
  idempotencyKey: string
  subject: string
  description: string
  dueAtMs: number
}

export interface PaymentsAfterEnd {
  partnershipId: string
  /** The instant the partnership churned or graduated. */
  endedAtMs: number
}

export type PaymentCallTaskClosed = {
  partnershipId: string
  /** When the payment arrived: the task's completion time. */
  paidAtMs: number
} & (
  | {
      /** The task `createPaymentCallTask` answered (the run knows it). */
      taskId: string
    }
  | {
      /** After the end no run knows the task: it is found by the payment's dunning step (decision 0050). */
      paymentKey: string
    }
)

export interface PartnershipPaymentActivities {
  loadPaymentAccount(partnershipId: string): Promise<PaymentAccount>
  /** Marks the row PAID unless it is paid already (a Stripe event may have been first). */
  recordPaymentReceived(record: PaymentReceivedRecord): Promise<void>
  reschedulePayments(update: PaymentsRescheduled): Promise<void>
  /** The owner's call task (an Activity of type TASK); null when the partnership has no owner. */
  createPaymentCallTask(task: PaymentCallTask): Promise<{ taskId: string; dueAt: string } | null>
  /** Unpaid monthly fees due after the end become CANCELLED (decision 0042); answers their keys. */
  cancelPaymentsAfterEnd(end: PaymentsAfterEnd): Promise<{ cancelled: string[] }>
  /** The payment's call task is completed unless someone completed or deleted it first. */
  closePaymentCallTask(close: PaymentCallTaskClosed): Promise<{ closedNow: boolean }>
}
