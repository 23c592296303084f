// What a won deal bills (seed 002 §1 "month-to-month contracts with setup fees", §13 setup fee and monthly
// billing) and the overdue reminder sequence of §9.3 "Payment overdue → Automatic reminder sequence". Pure.
import type { ContractTerms } from '../tiers/contract-value'
import { addMonths } from './milestone-plan'

const dayMs = 24 * 60 * 60 * 1000

export interface PlannedPayment {
  /** Stable per partnership: the payment's idempotency key is `partnership-<id>/payment/<key>`. */
  key: string
  type: 'SETUP' | 'MONTHLY'
  amount: number
  dueAtMs: number
}

/**
 * The setup fee is due at kickoff; the monthly fee is billed in advance, at kickoff and on the same day of each
 * following month, for the months the contract bills (`estimatedMonths`, decision 0013). A deal with no monthly
 * fee bills the setup fee alone.
 */
export function paymentPlan(terms: ContractTerms, startMs: number): PlannedPayment[] {
  const payments: PlannedPayment[] = [{ key: 'setup', type: 'SETUP', amount: terms.setupFee, dueAtMs: startMs }]
  if (terms.monthlyFee > 0) {
    for (let month = 1; month <= terms.estimatedMonths; month++) {
      payments.push({
        key: `monthly-${month}`,
        type: 'MONTHLY',
        amount: terms.monthlyFee,
        dueAtMs: addMonths(startMs, month - 1),
      })
    }
  }
  return payments
}

export type DunningChannel = 'email' | 'sms' | 'owner-call-task' | 'managers'

export interface DunningStep {
  step: 'heads-up' | 'due-today' | 'overdue' | 'overdue-sms' | 'call-task' | 'escalation'
  /** From the due date: negative before it. */
  offsetMs: number
  channel: DunningChannel
}

/**
 * A heads-up three days before, a note on the day, then escalating: an email three days late, an SMS at a week, a
 * call task for the owner at ten days, the Sales Managers at two weeks. The sequence stops the instant the payment
 * arrives; a step is never sent for a payment that is paid.
 */
export const dunningSequence: readonly DunningStep[] = [
  { step: 'heads-up', offsetMs: -3 * dayMs, channel: 'email' },
  { step: 'due-today', offsetMs: 0, channel: 'email' },
  { step: 'overdue', offsetMs: 3 * dayMs, channel: 'email' },
  { step: 'overdue-sms', offsetMs: 7 * dayMs, channel: 'sms' },
  { step: 'call-task', offsetMs: 10 * dayMs, channel: 'owner-call-task' },
  { step: 'escalation', offsetMs: 14 * dayMs, channel: 'managers' },
]

/**
 * What one step of one payment's sequence is known by, everywhere: the message's idempotency key and the call task's
 * `externalId`, so the task of a payment that arrives after the partnership ended can still be found and closed.
 */
export function dunningStepKey(partnershipId: string, paymentKey: string, step: DunningStep['step']): string {
  return `partnership-${partnershipId}/dunning/${paymentKey}/${step}`
}

/** What a call task closed by the payment's arrival says on the timeline: nobody needs to call. */
export const paymentCallTaskClosedOutcome = 'Payment received: no call needed (closed automatically)'

export interface DueDunningStep extends DunningStep {
  paymentKey: string
  /** One send per payment and step. */
  key: string
  dueAtMs: number
}

/**
 * The steps of one unpaid payment from `fromMs` on, soonest first. A step that fell due before the payment was
 * planned (a partnership started late) is history and left out.
 */
export function dunningSteps(payment: PlannedPayment, fromMs: number): DueDunningStep[] {
  return dunningSequence
    .map((step) => ({
      ...step,
      paymentKey: payment.key,
      key: `payment/${payment.key}/${step.step}`,
      dueAtMs: payment.dueAtMs + step.offsetMs,
    }))
    .filter((step) => step.dueAtMs >= fromMs)
}
