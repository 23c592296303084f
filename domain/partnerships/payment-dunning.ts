// When the overdue reminder sequence of §9.3 speaks, and when it must stay silent; how pause and extend move the
// payments. Pure: the partnership workflow holds the state and asks these rules (decision 0034).
import { addMonths } from './milestone-plan'
import { dunningSteps, type DueDunningStep, type PlannedPayment } from './payment-plan'

/** Who emails the client about an unpaid invoice: the CRM's sequence, or Stripe's own reminder emails. */
export type DunningEmailSender = 'crm' | 'stripe'

/** A payment as the workflow follows it (activities/partnership-contract.ts `PaymentFacts`). */
export interface FollowedPayment {
  key: string
  dueAtMs: number
  paidAtMs: number | null
}

/**
 * The dunning steps of one payment still to come after `afterMs`, soonest first. With Stripe's reminder emails on
 * (`stripe`), the client's three emails are Stripe's and the CRM keeps only what Stripe cannot do: the SMS, the
 * owner's call task and the managers. A paid payment has none: the sequence stops the instant it arrives.
 */
export function stepsAhead(payment: FollowedPayment, afterMs: number, sender: DunningEmailSender): DueDunningStep[] {
  if (payment.paidAtMs !== null) return []
  const planned: PlannedPayment = { key: payment.key, type: 'MONTHLY', amount: 0, dueAtMs: payment.dueAtMs }
  return dunningSteps(planned, afterMs + 1).filter((step) => sender === 'crm' || step.channel !== 'email')
}

/**
 * Whether a step due at `step.dueAtMs` is sent now, the payment's state being what the workflow knows at this
 * instant. Never after the payment: once it is known paid — in the same instant the step falls due, or later while
 * the step waited (a worker away) — the step is silent for good.
 */
export function stepStillDue(payment: FollowedPayment, step: Pick<DueDunningStep, 'dueAtMs'>, nowMs: number): boolean {
  return step.dueAtMs <= nowMs && payment.paidAtMs === null
}

/**
 * Pause stops the billing clock: every unpaid payment not yet due when the pause began is due later by the paused
 * time. What was due already stays due (the client owes it; its reminders only wait out the pause).
 */
export function shiftPaymentsForPause<T extends FollowedPayment>(
  payments: readonly T[],
  pausedAtMs: number,
  pausedForMs: number,
): T[] {
  return payments.map((payment) =>
    payment.paidAtMs === null && payment.dueAtMs > pausedAtMs
      ? { ...payment, dueAtMs: payment.dueAtMs + pausedForMs }
      : payment,
  )
}

/**
 * The monthly payments an extension adds: the fee is billed in advance each month (payment-plan.ts), so every
 * month that begins before the new end is billed. Months continue from the last monthly payment, keys from its
 * number (`monthly-<n>`); a partnership without a monthly fee bills nothing more.
 */
export function monthlyPaymentsToExtend(
  payments: readonly FollowedPayment[],
  monthlyFee: number,
  newEndMs: number,
): PlannedPayment[] {
  if (monthlyFee <= 0) return []
  const monthly = payments
    .map((payment) => ({ payment, month: Number(/^monthly-(\d+)$/.exec(payment.key)?.[1] ?? NaN) }))
    .filter(({ month }) => Number.isInteger(month))
    .sort((a, b) => a.month - b.month)
  const last = monthly.at(-1)
  if (!last) return []
  const added: PlannedPayment[] = []
  for (let n = 1; addMonths(last.payment.dueAtMs, n) < newEndMs; n++) {
    added.push({
      key: `monthly-${last.month + n}`,
      type: 'MONTHLY',
      amount: monthlyFee,
      dueAtMs: addMonths(last.payment.dueAtMs, n),
    })
  }
  return added
}
