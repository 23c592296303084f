// The partnership workflow under the time-skipping server with typed in-memory stand-ins for its activities (the
// partnership's rows, its work, the owner's notifications, sendClientMessage): shared by the workflow's test files.
import { randomUUID } from 'node:crypto'
import type { TestWorkflowEnvironment } from '@temporalio/testing'
import type { WorkflowHandle } from '@temporalio/client'
import { WorkflowUpdateFailedError } from '@temporalio/client'
import { Worker } from '@temporalio/worker'
import type {
  ClientMessageActivities,
  ClientMessageInput,
  ClientMessageOutcome,
} from '../../activities/client-message-contract'
import type { NotifyOwnerInput } from '../../activities/notification-contract'
import type {
  HealthAlertRecord,
  HealthSnapshotRecord,
  MilestonesUpdate,
  PartnershipActivities,
  PartnershipProgress,
  PartnershipSnapshot,
  PartnershipStatusChangeRecord,
  PaymentsPlanned,
} from '../../activities/partnership-contract'
import type {
  KnowledgeTransferRecord,
  MeetingRecord,
  NewDeliveredSystem,
  PartnershipWorkActivities,
  PartnershipWorkSnapshot,
  SystemStatusRecord,
} from '../../activities/partnership-work-contract'
import type { WorkflowStateUpdate } from '../../activities/records'
import type { BillingActivities } from '../../activities/billing'
import type {
  PartnershipPaymentActivities,
  PaymentCallTask,
  PaymentReceivedRecord,
  PaymentsAfterEnd,
  PaymentsRescheduled,
} from '../../activities/partnership-payment-contract'
import type { MoveActor } from '../../domain/deals/deal-moves'
import { partnershipWorkflowId } from '../../workflows/entity-ids'
import { partnershipWorkflow } from '../../workflows/partnership'
import {
  changePartnershipUpdate,
  completeMilestoneUpdate,
  partnershipStatusQuery,
  type PartnershipWorkflowInput,
} from '../../workflows/partnership-messages'
import { endTestRun } from './run-history'
import { reportingStall } from './stalled-run-report'
import { bundledWorkflows, uniqueTaskQueue } from './temporal'

export const minute = 60_000
export const hour = 60 * minute
export const day = 24 * hour

/** Workflow time and the test's clock differ by the few milliseconds a start takes: compare in whole minutes. */
export const inMinutes = (ms: number) => Math.round(ms / minute)
export const days = (ms: number) => Math.round(ms / day)

export const owner: MoveActor = { kind: 'user', userId: 'cs-1', role: 'CUSTOMER_SUCCESS' }
export const manager: MoveActor = { kind: 'user', userId: 'mgr-1', role: 'SALES_MANAGER' }

type Timed<T> = T & { atMs: number }

type FakeActivities = PartnershipActivities &
  PartnershipWorkActivities &
  PartnershipPaymentActivities &
  BillingActivities &
  ClientMessageActivities & { recordWorkflowState: unknown; notifyOwner: unknown }

export class FakePartnership {
  snapshot: PartnershipSnapshot
  work: PartnershipWorkSnapshot
  readonly plans: Timed<MilestonesUpdate>[] = []
  readonly payments: PaymentsPlanned[] = []
  readonly statuses: PartnershipStatusChangeRecord[] = []
  readonly progress: Timed<PartnershipProgress>[] = []
  readonly snapshots: HealthSnapshotRecord[] = []
  readonly alerts: HealthAlertRecord[] = []
  readonly notifications: Timed<NotifyOwnerInput>[] = []
  readonly projections: WorkflowStateUpdate[] = []
  readonly meetingRecords: Timed<MeetingRecord>[] = []
  readonly systemsAdded: NewDeliveredSystem[] = []
  readonly systemStatuses: Timed<SystemStatusRecord>[] = []
  readonly knowledge: KnowledgeTransferRecord[] = []
  testimonialRecorded = false
  readonly clientMessages: Timed<ClientMessageInput>[] = []
  readonly callTasks: Timed<PaymentCallTask>[] = []
  readonly received: PaymentReceivedRecord[] = []
  readonly rescheduled: PaymentsRescheduled[] = []
  readonly billing: {
    call: string
    paused?: boolean
    statusChange?: number
    paymentKey?: string
    nextBillingAtMs?: number
  }[] = []
  /** Each end of the payments (cancelPaymentsAfterEnd) and the keys it cancelled. */
  readonly ends: Timed<PaymentsAfterEnd>[] = []
  readonly cancelled: string[] = []
  readonly closedTasks: { taskId: string; paidAtMs: number }[] = []
  /** The payment activities in the order they ran: "<activity> <payment key>". */
  readonly order: string[] = []
  /** How long each projection takes to be written (the run's writes racing a change, unless a test says otherwise). */
  projectionDelayMs: (update: WorkflowStateUpdate) => number = () => 0
  /** What sendClientMessage answers (sent by the first channel asked for, unless a test says otherwise). */
  clientOutcome: (input: ClientMessageInput) => ClientMessageOutcome = (input) => ({
    status: 'sent',
    channel: input.channels[0]!,
    outboxMessageId: `outbox-${input.idempotencyKey}`,
  })

  constructor(
    private readonly env: TestWorkflowEnvironment,
    startMs: number,
    snapshot: Partial<PartnershipSnapshot> = {},
    work: Partial<PartnershipWorkSnapshot> = {},
  ) {
    this.snapshot = {
      partnershipId: `p-${randomUUID()}`,
      tier: 'FOUNDATION',
      startMs,
      targetEndMs: startMs + 84 * day,
      status: 'ONBOARDING',
      ownerId: 'cs-1',
      // Setup fee only, so that the clock's payments do not move the health these tests watch.
      terms: { setupFee: 9500, monthlyFee: 0, estimatedMonths: 3 },
      milestones: [],
      payments: [],
      pausedAtMs: null,
      pausedMs: 0,
      satisfactionScore: null,
      lastBand: null,
      statusChanges: 0,
      healthSnapshots: 0,
      healthAlerts: 0,
      ...snapshot,
    }
    this.work = {
      contactId: 'contact-1',
      companyName: 'Acme Plumbing',
      schedule: null,
      systems: [],
      meetings: [],
      knowledgeTransfer: { score: 0, trainingModules: [], documents: [] },
      testimonialProvided: false,
      ...work,
    }
  }

  activities(): FakeActivities {
    const now = () => this.env.currentTimeMs()
    return {
      createSetupInvoice: async () => {
        this.billing.push({ call: 'setup-invoice' })
        return { billedBy: 'person' }
      },
      createMonthlySubscription: async () => {
        this.billing.push({ call: 'monthly-subscription' })
        return { billedBy: 'person' }
      },
      pauseBillingCollection: async ({ paused, statusChange, nextBillingAtMs }) => {
        this.billing.push({ call: 'collection', paused, statusChange, ...(nextBillingAtMs ? { nextBillingAtMs } : {}) })
        return { changed: false }
      },
      endBillingSubscription: async () => {
        this.billing.push({ call: 'end-subscription' })
        return { ended: false }
      },
      markInvoicePaidOutOfBand: async ({ paymentKey }) => {
        this.billing.push({ call: 'paid-out-of-band', paymentKey })
        this.order.push(`markInvoicePaidOutOfBand ${paymentKey}`)
        return { marked: false }
      },
      cancelPaymentsAfterEnd: async (end) => {
        this.ends.push({ ...end, atMs: await now() })
        // The rule of activities/partnership-payments.ts: unpaid monthly fees due after the end.
        const cancelled = this.payments
          .flatMap((planned) => planned.payments)
          .filter((p) => p.type === 'MONTHLY' && p.dueAtMs > end.endedAtMs)
          .filter((p) => !this.received.some((r) => r.paymentKey === p.key))
          .map((p) => p.key)
        for (const key of cancelled) if (!this.cancelled.includes(key)) this.cancelled.push(key)
        return { cancelled }
      },
      closePaymentCallTask: async (close) => {
        // The run always knows its task's id.
        if ('taskId' in close) this.closedTasks.push({ taskId: close.taskId, paidAtMs: close.paidAtMs })
        return { closedNow: true }
      },
      loadPaymentAccount: async () => ({
        contactId: 'contact-1',
        company: 'Northwind',
        emailSender: 'crm',
        payments: this.payments.flatMap((planned) =>
          planned.payments.map((p) => ({
            key: p.key,
            type: p.type,
            amount: p.amount,
            currency: 'usd',
            dueAtMs: p.dueAtMs,
          })),
        ),
      }),
      recordPaymentReceived: async (record) => {
        this.received.push(record)
        this.order.push(`recordPaymentReceived ${record.paymentKey}`)
      },
      reschedulePayments: async (update) => {
        this.rescheduled.push(update)
      },
      createPaymentCallTask: async (task) => {
        this.callTasks.push({ ...task, atMs: await now() })
        return { taskId: `task-${task.idempotencyKey}`, dueAt: new Date(task.dueAtMs).toISOString() }
      },
      loadPartnership: async () => this.snapshot,
      recordMilestones: async (update) => {
        this.plans.push({ ...update, atMs: await now() })
      },
      planPayments: async (planned) => {
        this.payments.push(planned)
      },
      recordPartnershipStatus: async (change) => {
        if (this.statuses.some((known) => known.idempotencyKey === change.idempotencyKey)) return
        this.statuses.push(change)
      },
      recordPartnershipProgress: async (progress) => {
        this.progress.push({ ...progress, atMs: await now() })
      },
      recordHealthSnapshot: async (snapshot) => {
        this.snapshots.push(snapshot)
      },
      raiseHealthAlert: async (alert) => {
        this.alerts.push(alert)
      },
      recordWorkflowState: async (update: WorkflowStateUpdate) => {
        await new Promise((resolve) => setTimeout(resolve, this.projectionDelayMs(update)))
        this.projections.push(update)
      },
      notifyOwner: async (input: NotifyOwnerInput) => {
        this.notifications.push({ ...input, atMs: await now() })
        return { notified: true, recipients: 1 }
      },
      loadPartnershipWork: async () => this.work,
      recordPartnershipMeeting: async (meeting) => {
        this.meetingRecords.push({ ...meeting, atMs: await now() })
      },
      addDeliveredSystem: async (system) => {
        if (!this.systemsAdded.some((known) => known.idempotencyKey === system.idempotencyKey)) {
          this.systemsAdded.push(system)
        }
        return { systemId: `system-${system.idempotencyKey.split('/').at(-1)}` }
      },
      recordSystemStatus: async (change) => {
        this.systemStatuses.push({ ...change, atMs: await now() })
      },
      recordKnowledgeTransfer: async (record) => {
        this.knowledge.push(record)
      },
      recordTestimonialProvided: async () => {
        this.testimonialRecorded = true
      },
      sendClientMessage: async (input) => {
        this.clientMessages.push({ ...input, atMs: await now() })
        return this.clientOutcome(input)
      },
    }
  }

  /** When each notification of a kind went out, in days from kickoff. */
  daysOf(kind: NotifyOwnerInput['kind']): number[] {
    return this.notifications.filter((n) => n.kind === kind).map((n) => days(n.atMs - this.snapshot.startMs))
  }

  /** The client messages of a template prefix: [template, day from kickoff]. */
  clientMessagesOf(prefix: string): [string, number][] {
    return this.clientMessages
      .filter((m) => m.template.startsWith(prefix))
      .map((m) => [m.template, days(m.atMs - this.snapshot.startMs)])
  }

  phases(): [string, number][] {
    const changes: [string, number][] = []
    for (const p of this.progress) {
      if (changes.at(-1)?.[0] !== p.phase) changes.push([p.phase, inMinutes(p.atMs - this.snapshot.startMs)])
    }
    return changes
  }

  lastPlan(): MilestonesUpdate {
    return this.plans.at(-1)!
  }
}

export async function freshPartnership(
  env: TestWorkflowEnvironment,
  snapshot: Partial<PartnershipSnapshot> = {},
  work: Partial<PartnershipWorkSnapshot> = {},
) {
  const startMs = await env.currentTimeMs()
  return { fake: new FakePartnership(env, startMs, snapshot, work), startMs }
}

export type PartnershipHandle = WorkflowHandle<typeof partnershipWorkflow>

/** Runs the real workflow on its own worker until the body is done, then ends it (churned). */
export async function withPartnership(
  env: TestWorkflowEnvironment,
  fake: FakePartnership,
  body: (handle: PartnershipHandle) => Promise<void>,
  input: Omit<PartnershipWorkflowInput, 'partnershipId'> = {},
) {
  const taskQueue = uniqueTaskQueue('partnership')
  const worker = await Worker.create({
    connection: env.nativeConnection,
    namespace: env.namespace ?? 'default',
    taskQueue,
    activities: fake.activities() as never,
    workflowBundle: await bundledWorkflows(),
  })
  await worker.runUntil(async () => {
    const handle = await env.client.workflow.start(partnershipWorkflow, {
      workflowId: partnershipWorkflowId(fake.snapshot.partnershipId),
      taskQueue,
      args: [{ partnershipId: fake.snapshot.partnershipId, ...input }],
    })
    // A run that stalls is described before the test times out, so the failure says where it stood.
    await reportingStall(handle, runBody(handle))
  })

  async function runBody(handle: PartnershipHandle) {
    try {
      await settled(handle)
      await body(handle)
    } finally {
      await endTestRun(handle, async () => {
        // A run the test ended is left to finish: the test server keeps time still while an update sent to a run
        // that completes before handling it is outstanding, so the next test's sleeps would never end.
        const status = await handle.query(partnershipStatusQuery)
        if (status?.status === 'GRADUATED' || status?.status === 'CHURNED') return
        await handle.executeUpdate(changePartnershipUpdate, {
          args: [{ kind: 'churn', reason: 'Test over', actor: manager }],
        })
      })
    }
  }
}

export async function settled(handle: PartnershipHandle) {
  for (let attempt = 0; attempt < 400; attempt += 1) {
    if (await handle.query(partnershipStatusQuery)) return
    await new Promise((resolve) => setTimeout(resolve, 25))
  }
  throw new Error('The partnership workflow did not read its partnership in time')
}

/** Waits until the run has no event left to handle. */
export async function handled(handle: PartnershipHandle) {
  for (let attempt = 0; attempt < 400; attempt += 1) {
    const status = await handle.query(partnershipStatusQuery)
    if (status && status.pendingEvents === 0) return status
    await new Promise((resolve) => setTimeout(resolve, 25))
  }
  throw new Error('The partnership workflow did not handle its events in time')
}

export async function refusal(promise: Promise<unknown>): Promise<string> {
  try {
    await promise
  } catch (error) {
    if (error instanceof WorkflowUpdateFailedError) return (error.cause as Error).message
    throw error
  }
  throw new Error('The update was accepted')
}

export const complete = (handle: PartnershipHandle, key: string, actor: MoveActor = owner) =>
  handle.executeUpdate(completeMilestoneUpdate, { args: [{ key, actor }] })
