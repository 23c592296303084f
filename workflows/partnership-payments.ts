// The partnership workflow's payments (decision 0034): billing through Stripe when configured, a person marking a
// payment received, Stripe's events, the overdue reminder sequence, and what pause and extend do to the payments.
// Workflow code: deterministic, activities through proxies only.
import {
  ActivityFailure,
  ApplicationFailure,
  getExternalWorkflowHandle,
  ParentClosePolicy,
  patched,
  setHandler,
  startChild,
  WorkflowIdReusePolicy,
} from '@temporalio/workflow'
import { WorkflowExecutionAlreadyStartedError } from '@temporalio/common'
import type { BillingActivities } from '../activities/billing'
import type { ClientMessageActivities } from '../activities/client-message-contract'
import type { NotifyOwnerInput } from '../activities/notification-contract'
import type { PartnershipActivities, PaymentFacts } from '../activities/partnership-contract'
import type { PartnershipPaymentActivities, PaymentAccount } from '../activities/partnership-payment-contract'
import type { MoveActor } from '../domain/deals/deal-moves'
import { fellDueBeforeRun, historyCutoffMs, type RunStart } from '../domain/leads/late-start'
import { dunningWords, paymentLabel, type PaymentToChase } from '../domain/partnerships/dunning-messages'
import { mayChangePartnership } from '../domain/partnerships/partnership-changes'
import {
  monthlyPaymentsToExtend,
  shiftPaymentsForPause,
  stepsAhead,
  stepStillDue,
} from '../domain/partnerships/payment-dunning'
import {
  dunningSequence,
  dunningStepKey,
  type DueDunningStep,
  type DunningStep,
} from '../domain/partnerships/payment-plan'
import { taskWorkflowId } from './entity-ids'
import { entityActivities, refusal, userIdOf } from './entity-run'
import type { UpcomingStep } from './lead-messages'
import {
  billingEventSignal,
  markPaymentReceivedUpdate,
  type MarkPaymentReceivedInput,
} from './partnership-payment-messages'
import { partnershipRefusedFailureType, type PartnershipWorkflowStatus } from './partnership-messages'
import { taskClosedSignal } from './task-messages'
import { taskReminderWorkflow } from './task-reminder'

type PaymentActivities = PartnershipPaymentActivities &
  BillingActivities &
  ClientMessageActivities &
  Pick<PartnershipActivities, 'planPayments'> & {
    notifyOwner(input: NotifyOwnerInput): Promise<unknown>
  }

const { database, messages } = entityActivities<PaymentActivities>(['PartnershipNotFound', 'NoPayment'])

const iso = (ms: number) => new Date(ms).toISOString()
/** The owner has a working hour to make the call before its task is due. */
const callTaskDueAfterMs = 60 * 60 * 1000

/** What the partnership run lends its payments: its payment list, its lock, its clock and its state. */
export interface PaymentsHost {
  readonly partnershipId: string
  readonly runStart: RunStart
  payments: PaymentFacts[]
  /** The partnership is read (validators answer only then; the update itself waits for it). */
  loaded(): boolean
  /** Neither ended nor paused: the sequence speaks only then. */
  running(): boolean
  ended(): boolean
  ownerId(): string | null
  /** Runs `work` as one change of the run (its lock, then settle and project); answers the run's view. */
  change(work: () => Promise<void>): Promise<PartnershipWorkflowStatus>
  /** Marks that something happened: the run settles and projects on its next turn. */
  event(apply: () => void): void
}

export class PartnershipPayments {
  private account: PaymentAccount | null = null
  private readonly rung = new Set<string>()
  private readonly failed = new Set<string>()
  /** The sequence looks for due steps from here: the instant it last rang what was due. */
  private dunnedUntilMs: number
  private subscription: { id: string; status: string; atMs: number } | null = null
  /** The owner's open call task of each payment, by payment key: completed when the payment arrives. */
  private readonly callTasks = new Map<string, string>()

  /** `enabled` is false for runs recorded before this code (patch `partnership-payments-v1`): they bill as before. */
  constructor(
    private readonly host: PaymentsHost,
    readonly enabled: boolean,
  ) {
    this.dunnedUntilMs = historyCutoffMs(host.runStart)
    if (!enabled) return
    setHandler(markPaymentReceivedUpdate, (input) => this.markReceived(input), {
      validator: (input) => this.checkMarkReceived(input),
    })
    setHandler(billingEventSignal, (event) => {
      host.event(() => {
        if (event.kind === 'payment-failed') this.failed.add(event.paymentKey)
        else if (!this.subscription || Date.parse(event.at) >= this.subscription.atMs) {
          // Stripe does not promise order: the latest status by Stripe's clock stands.
          this.subscription = { id: event.subscriptionId, status: event.status, atMs: Date.parse(event.at) }
        }
      })
    })
  }

  /** After the first run planned the payments: Stripe bills them when configured (the activities decide). */
  async bill(newlyPlanned: boolean): Promise<void> {
    if (!this.enabled) return
    const id = this.host.partnershipId
    if (newlyPlanned) {
      await this.billingStep('Bill the setup fee (a Stripe invoice when Stripe is configured)', byHand, () =>
        database('Bill the setup fee').createSetupInvoice({ partnershipId: id }),
      )
      if (this.host.payments.some((payment) => payment.key.startsWith('monthly-'))) {
        await this.billingStep('Bill the monthly fee (a Stripe subscription when Stripe is configured)', byHand, () =>
          database('Bill the monthly fee').createMonthlySubscription({ partnershipId: id }),
        )
      }
    }
    this.account = await database('Read who is billed').loadPaymentAccount(id)
  }

  /** A step Stripe refused for good (a card declined, a request invalid): the owner hears why; people take over. */
  private async billingStep(what: string, advice: string, call: () => Promise<unknown>): Promise<void> {
    try {
      await call()
    } catch (error) {
      if (!(error instanceof ActivityFailure && error.cause instanceof ApplicationFailure)) throw error
      await messages('Tell the owner billing failed').notifyOwner({
        entity: { type: 'partnership', id: this.host.partnershipId },
        kind: 'PARTNERSHIP_PAYMENT_OVERDUE',
        idempotencyKey: `partnership-${this.host.partnershipId}/billing-failed/${what}`,
        detail: `${what} failed: ${error.cause.message}. ${advice}`,
        now: iso(Date.now()),
      })
    }
  }

  private checkMarkReceived({ paymentKey, actor }: MarkPaymentReceivedInput): void {
    if (!this.host.loaded()) return
    if (!mayChangePartnership(actor, { ownerId: this.host.ownerId() })) {
      throw refused('Only the partnership’s Customer Success owner or a manager may do this')
    }
    if (this.host.ended()) throw refused('The partnership has ended')
    const payment = this.host.payments.find((p) => p.key === paymentKey)
    if (!payment) throw refused(`${paymentKey} is not a payment of this partnership`)
    if (payment.paidAtMs !== null) throw refused(`${paymentKey} is paid already`)
  }

  private markReceived(input: MarkPaymentReceivedInput): Promise<PartnershipWorkflowStatus> {
    return this.host.change(async () => {
      this.checkMarkReceived(input)
      const now = Date.now()
      await database('Record the payment received').recordPaymentReceived({
        partnershipId: this.host.partnershipId,
        paymentKey: input.paymentKey,
        paidAtMs: now,
        byId: userIdOf(input.actor),
      })
      this.paid(input.paymentKey, now)
      // Paid outside Stripe (a wire transfer): Stripe stops collecting its invoice (decision 0042). Its invoice.paid
      // that follows finds the row paid and tells nobody; the run would ignore it anyway.
      if (patched('partnership-paid-out-of-band')) {
        await this.billingStep('Mark the Stripe invoice paid', markPaidInStripeByHand, () =>
          database('Mark the Stripe invoice paid outside Stripe').markInvoicePaidOutOfBand({
            partnershipId: this.host.partnershipId,
            paymentKey: input.paymentKey,
          }),
        )
      }
    })
  }

  /** A payment arrived (a person, or Stripe's `invoice.paid`): counted once, the sequence stops at that instant. */
  paid(paymentKey: string, paidAtMs: number): void {
    this.host.payments = this.host.payments.map((payment) =>
      payment.key === paymentKey && payment.paidAtMs === null
        ? { ...payment, paidAtMs: Math.min(paidAtMs, Date.now()) }
        : payment,
    )
  }

  /** Sends each step of the sequence that is due now, for payments still unpaid at this instant. */
  async ring(): Promise<boolean> {
    const now = Date.now()
    if (this.enabled) await this.closePaidCallTasks()
    if (!this.enabled || !this.host.running()) {
      this.dunnedUntilMs = now
      return false
    }
    let rang = false
    for (const { payment, step } of this.stepsAfter(this.dunnedUntilMs)) {
      if (!stepStillDue(payment, step, now)) continue
      this.rung.add(step.key)
      if (fellDueBeforeRun(step.dueAtMs, this.host.runStart)) continue
      await this.send(step)
      rang = true
    }
    this.dunnedUntilMs = now
    return rang
  }

  /**
   * The owner's call task about a payment that has arrived since is completed, and its reminder ends (decision 0042):
   * nobody is asked to call a client who paid. Runs recorded before this code leave their tasks open, as they did.
   */
  private async closePaidCallTasks(): Promise<void> {
    for (const [paymentKey, taskId] of [...this.callTasks]) {
      const paidAtMs = this.host.payments.find((payment) => payment.key === paymentKey)?.paidAtMs ?? null
      if (paidAtMs === null) continue
      this.callTasks.delete(paymentKey)
      if (!patched('partnership-call-task-closes')) continue
      await database('Complete the owner’s call task: the payment arrived').closePaymentCallTask({
        partnershipId: this.host.partnershipId,
        taskId,
        paidAtMs,
      })
      // The reminder may have reminded and ended already: nothing left to stop.
      await getExternalWorkflowHandle(taskWorkflowId(taskId))
        .signal(taskClosedSignal, { reason: 'completed' })
        .catch(() => undefined)
    }
  }

  private stepsAfter(afterMs: number): { payment: PaymentFacts; step: DueDunningStep }[] {
    const sender = this.account?.emailSender ?? 'crm'
    return this.host.payments
      .flatMap((payment) => stepsAhead(payment, afterMs, sender).map((step) => ({ payment, step })))
      .filter(({ step }) => !this.rung.has(step.key))
      .sort((a, b) => a.step.dueAtMs - b.step.dueAtMs)
  }

  private chased(key: string): PaymentToChase {
    const known = this.account?.payments.find((payment) => payment.key === key)
    const followed = this.host.payments.find((payment) => payment.key === key)!
    return {
      key,
      type: known?.type ?? (key === 'setup' ? 'SETUP' : 'MONTHLY'),
      amount: known?.amount ?? 0,
      currency: known?.currency ?? 'usd',
      dueAtMs: followed.dueAtMs,
    }
  }

  private async send(step: DueDunningStep): Promise<void> {
    const id = this.host.partnershipId
    const entity = { type: 'partnership' as const, id }
    const messageEntity = { kind: 'partnership' as const, id }
    const idempotencyKey = dunningStepKey(id, step.paymentKey, step.step)
    const words = dunningWords(step.step, this.chased(step.paymentKey), this.account?.company ?? 'Your company')
    const now = iso(Date.now())
    switch (step.channel) {
      case 'email':
      case 'sms': {
        const contactId = this.account?.contactId
        if (!contactId) return
        // Quiet hours defer an SMS; the sequence does not wait for it: the next step is on its own clock.
        await messages(`${words.summary} (to the client)`).sendClientMessage({
          idempotencyKey,
          entity: messageEntity,
          recipient: { contactId },
          template: `dunning:${step.step}`,
          channels: step.channel === 'sms' ? ['SMS', 'EMAIL'] : ['EMAIL'],
          sms: { body: words.sms },
          email: { subject: words.subject, text: words.text, html: null },
          timeline: { description: words.summary },
          purpose: 'transactional',
          now,
        })
        return
      }
      case 'owner-call-task': {
        const task = await this.createCallTask(step)
        if (task) {
          await startChild(taskReminderWorkflow, {
            workflowId: taskWorkflowId(task.taskId),
            args: [{ activityId: task.taskId, dueAt: task.dueAt }],
            parentClosePolicy: ParentClosePolicy.ABANDON,
            workflowIdReusePolicy: WorkflowIdReusePolicy.ALLOW_DUPLICATE,
            staticSummary: 'Task reminder: call the client about an overdue payment',
          }).catch((error: unknown) => {
            // A later run of this partnership found the task an earlier run created: its reminder runs already.
            if (!(error instanceof WorkflowExecutionAlreadyStartedError)) throw error
          })
        }
        return
      }
      case 'managers':
        await messages('Escalate the overdue payment to the managers').notifyOwner({
          entity,
          kind: 'PARTNERSHIP_PAYMENT_OVERDUE',
          idempotencyKey,
          detail: words.summary,
          audience: 'managers',
          now,
        })
        return
    }
  }

  /** The owner's task to call the client about a payment (null when nobody owns the partnership). */
  private async createCallTask(step: DueDunningStep): Promise<{ taskId: string; dueAt: string } | null> {
    const words = dunningWords(step.step, this.chased(step.paymentKey), this.account?.company ?? 'Your company')
    const task = await database('Create the owner’s call task').createPaymentCallTask({
      partnershipId: this.host.partnershipId,
      idempotencyKey: dunningStepKey(this.host.partnershipId, step.paymentKey, step.step),
      subject: words.subject,
      description: words.summary,
      dueAtMs: Date.now() + callTaskDueAfterMs,
    })
    if (task) this.callTasks.set(step.paymentKey, task.taskId)
    return task
  }

  nextWakeUpMs(): number | null {
    if (!this.enabled || !this.host.running()) return null
    return this.stepsAfter(Date.now())[0]?.step.dueAtMs ?? null
  }

  /** The steps ahead, as the partnership page and the Temporal UI show them. */
  upcoming(): UpcomingStep[] {
    const now = Date.now()
    if (!this.enabled) {
      return this.host.payments
        .filter((payment) => payment.paidAtMs === null && payment.dueAtMs > now)
        .map((payment) => ({
          key: `payment/${payment.key}`,
          kind: 'reminder' as const,
          label: `Payment due: ${payment.key}`,
          dueAt: iso(payment.dueAtMs),
          expectedSendAt: null,
          willFire: true,
          reason: 'Counted late for health the day after its due date unless received',
        }))
    }
    if (!this.host.running()) return []
    return this.stepsAfter(now).map(({ step }) => ({
      key: step.key,
      kind: 'reminder' as const,
      label: `${stepLabels[step.channel]}: ${paymentLabel(this.chased(step.paymentKey))} (${step.step})`,
      dueAt: iso(step.dueAtMs),
      expectedSendAt: iso(step.dueAtMs),
      willFire: true,
      reason: 'Stops the instant the payment is received',
    }))
  }

  /**
   * The partnership ended (churn or graduation, decision 0042): its Stripe subscription is cancelled, so no month
   * is billed after the end, and the monthly fees due after `endedAtMs` are cancelled in the CRM. What was due by
   * then stays owed. A Stripe refusal does not keep the run alive: the owner is told to end it in Stripe by hand.
   */
  async ended(endedAtMs: number): Promise<void> {
    const partnershipId = this.host.partnershipId
    await this.billingStep(
      'End the monthly subscription',
      'Cancel the subscription in Stripe by hand, so that no month is billed after the end.',
      () => database('End the monthly subscription').endBillingSubscription({ partnershipId }),
    )
    const { cancelled } = await database('Cancel the monthly fees due after the end').cancelPaymentsAfterEnd({
      partnershipId,
      endedAtMs,
    })
    this.host.payments = this.host.payments.filter((payment) => !cancelled.includes(payment.key))
    // Runs that ended before this code handed nothing over; their replay must not either.
    if (patched('partnership-owed-after-end')) await this.handOverOwed(endedAtMs)
  }

  /**
   * What is still owed when the partnership ends is handed to a person (decision 0056): the reminder sequence ends
   * with the run, and a client who has left is not sent automatic reminders. The owner gets the sequence's own call
   * task now (so one it made already is not made twice) and a notice saying why; with nobody owning the partnership,
   * the managers get the sequence's escalation. The task closes by itself when the money arrives (0047, 0050).
   */
  private async handOverOwed(endedAtMs: number): Promise<void> {
    const owed = this.host.payments.filter((payment) => payment.paidAtMs === null && payment.dueAtMs <= endedAtMs)
    for (const payment of owed) {
      if (this.callTasks.has(payment.key)) continue
      const now = Date.now()
      const step = (handOver: DunningStep) => ({
        ...handOver,
        paymentKey: payment.key,
        key: `payment/${payment.key}/${handOver.step}`,
        dueAtMs: now,
      })
      const task = this.host.ownerId() === null ? null : await this.createCallTask(step(handOverToOwner))
      if (!task) {
        await this.send(step(handOverToManagers))
        continue
      }
      // A notice, not the task's reminder workflow: a child started as the run ends would outlive it.
      const words = dunningWords(
        handOverToOwner.step,
        this.chased(payment.key),
        this.account?.company ?? 'Your company',
      )
      await messages('Tell the owner what is still owed').notifyOwner({
        entity: { type: 'partnership', id: this.host.partnershipId },
        kind: 'PARTNERSHIP_PAYMENT_OVERDUE',
        idempotencyKey: dunningStepKey(this.host.partnershipId, payment.key, handOverToOwner.step),
        detail: `The partnership has ended and ${paymentLabel(this.chased(payment.key))} is still owed. ${words.subject}.`,
        now: iso(now),
      })
    }
  }

  /** Pause: Stripe stops collecting; the CRM's sequence is silent while paused (the run is not running). */
  async paused(statusChange: number): Promise<void> {
    if (!this.enabled) return
    await database('Pause collecting the subscription').pauseBillingCollection({
      partnershipId: this.host.partnershipId,
      paused: true,
      statusChange,
    })
  }

  /** Resume: unpaid payments not yet due at the pause move by the paused time, in the rows too. */
  async resumed(pausedAtMs: number, pausedForMs: number, statusChange: number): Promise<void> {
    if (!this.enabled) return
    // What fell due while paused is history: the sequence goes on from now, never sending the pause's steps late.
    this.dunnedUntilMs = Date.now()
    const before = this.host.payments
    const after = shiftPaymentsForPause(before, pausedAtMs, pausedForMs)
    const moved = after.filter((payment, index) => payment.dueAtMs !== before[index]!.dueAtMs)
    this.host.payments = after
    if (moved.length > 0) {
      await database('Move the unpaid payments by the paused time').reschedulePayments({
        partnershipId: this.host.partnershipId,
        payments: moved.map(({ key, dueAtMs }) => ({ key, dueAtMs })),
      })
    }
    // Stripe bills from the next unpaid month's moved due date (decision 0045). Runs that resumed before this code
    // sent no date; their replay must not either.
    const nextBillingAtMs = patched('partnership-billing-dates') ? this.nextMonthlyDueMs() : undefined
    await database('Resume collecting the subscription').pauseBillingCollection({
      partnershipId: this.host.partnershipId,
      paused: false,
      statusChange,
      ...(nextBillingAtMs ? { nextBillingAtMs } : {}),
    })
  }

  /** The due date of the first unpaid monthly fee not due yet: where Stripe's next invoice belongs. */
  private nextMonthlyDueMs(): number | null {
    const now = Date.now()
    const ahead = this.host.payments
      .filter((payment) => payment.key.startsWith('monthly-') && payment.paidAtMs === null && payment.dueAtMs > now)
      .map((payment) => payment.dueAtMs)
    return ahead.length > 0 ? Math.min(...ahead) : null
  }

  /** Extend: the months the extra weeks begin are billed, planned like the first ones. */
  async extended(newEndMs: number, monthlyFee: number): Promise<void> {
    if (!this.enabled) return
    const added = monthlyPaymentsToExtend(this.host.payments, monthlyFee, newEndMs)
    if (added.length === 0) return
    await database('Plan the monthly fees of the extension').planPayments({
      partnershipId: this.host.partnershipId,
      payments: added,
    })
    this.host.payments = [
      ...this.host.payments,
      ...added.map((payment) => ({ key: payment.key, dueAtMs: payment.dueAtMs, paidAtMs: null })),
    ]
    this.account?.payments.push(...added.map((payment) => ({ ...payment, currency: this.currency() })))
  }

  private currency(): string {
    return this.account?.payments[0]?.currency ?? 'usd'
  }

  /** What the run's view says about billing. */
  facts(): { failedPayments: string[]; subscriptionStatus: string | null } {
    return { failedPayments: [...this.failed], subscriptionStatus: this.subscription?.status ?? null }
  }
}

const handOverToOwner = dunningSequence.find((step) => step.channel === 'owner-call-task')!
const handOverToManagers = dunningSequence.find((step) => step.channel === 'managers')!

const byHand = 'Mark payments received by hand.'
export const markPaidInStripeByHand = 'Mark the invoice paid in Stripe by hand, so that Stripe stops collecting it.'

const stepLabels: Record<DueDunningStep['channel'], string> = {
  email: 'Email the client',
  sms: 'Text the client',
  'owner-call-task': 'Call task for the owner',
  managers: 'Escalate to the managers',
}

const refused = (message: string) => refusal(partnershipRefusedFailureType, message)

export type { MoveActor }
