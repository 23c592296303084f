// The deal workflow's own logic under the time-skipping server, with typed in-memory stand-ins for its activities:
// moves and their refusals, the checklist, the two clocks and §9.2's reminders, seeded deals.
import { randomUUID } from 'node:crypto'
import { writeFileSync } from 'node:fs'
import type { TestWorkflowEnvironment } from '@temporalio/testing'
import type { WorkflowHandle } from '@temporalio/client'
import { WithStartWorkflowOperation, WorkflowUpdateFailedError } from '@temporalio/client'
import { ApplicationFailure } from '@temporalio/common'
import { Worker } from '@temporalio/worker'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type {
  ChecklistEntry,
  DealActivities,
  DealChecklistUpdate,
  DealEmailSend,
  DealProposalSend,
  DealSnapshot,
  DealTransition,
} from '../../activities/deal-contract'
import type { NotifyOwnerInput } from '../../activities/notification-contract'
import type { WorkflowStateUpdate } from '../../activities/records'
import type { MoveActor } from '../../domain/deals/deal-moves'
import { dealWorkflow } from '../../workflows/deal'
import {
  completeDealActionUpdate,
  dealActivityLoggedSignal,
  dealStatusQuery,
  discoveryCallBookedSignal,
  emailDealContactUpdate,
  moveDealUpdate,
  sendDealProposalUpdate,
  type DealWorkflowInput,
} from '../../workflows/deal-messages'
import { dealWorkflowId } from '../../workflows/entity-ids'
import type { ClientMessageActivities, ClientMessageInput } from '../../activities/client-message-contract'
import { patchesIn, recordedHistory } from '../support/recorded-history'
import { endTestRun } from '../support/run-history'
import { reportingStall } from '../support/stalled-run-report'
import { bundledWorkflows, createTimeSkippingEnvironment, uniqueTaskQueue } from '../support/temporal'

const minute = 60_000
const hour = 60 * minute
const day = 24 * hour

/** Workflow time and the test's clock differ by the few milliseconds a start takes: compare in whole minutes. */
const inMinutes = (ms: number) => Math.round(ms / minute)

const owner: MoveActor = { kind: 'user', userId: 'rep-1', role: 'SALES_REP' }
const manager: MoveActor = { kind: 'user', userId: 'mgr-1', role: 'SALES_MANAGER' }

class FakeDeal {
  snapshot: DealSnapshot
  readonly transitions: DealTransition[] = []
  readonly checklists: DealChecklistUpdate[] = []
  readonly notifications: (NotifyOwnerInput & { atMs: number })[] = []
  readonly projections: WorkflowStateUpdate[] = []
  /** Proposals the mail server took, one per key, as the outbox keeps them. */
  readonly proposals: (DealProposalSend & { atMs: number })[] = []
  proposalAttempts = 0
  /** Emails to the contact the mail server took, one per key. */
  readonly emails: (DealEmailSend & { atMs: number })[] = []
  emailAttempts = 0
  /** What the workflow asked sendClientMessage (a typed stub of the activity: its own tests are on real parts). */
  readonly clientMessages: (ClientMessageInput & { atMs: number })[] = []
  /** The next client message is deferred by this long (the contact's quiet hours). */
  deferNextClientMessageMs: number | null = null
  /** The next attempt hands the proposal over, then dies before answering (its retry must not send again). */
  dieAfterSendingOnce = false
  /** The mail server refuses the contact's address for good. */
  refuseAddress = false
  /** The deal's first stage (recorded by its run's start-up) takes this long to be written. */
  createdTransitionMs = 0
  /** A closed deal's projection takes this long to be written. */
  closedProjectionMs = 0

  constructor(
    private readonly env: TestWorkflowEnvironment,
    snapshot: Partial<DealSnapshot> & { stageEnteredAt: string; createdAt: string },
  ) {
    this.snapshot = {
      opportunityId: `deal-${randomUUID()}`,
      name: 'Cool Air HVAC — Foundation',
      stage: 'NEW_LEAD',
      ownerId: 'rep-1',
      tier: 'FOUNDATION',
      lastActivityAt: null,
      nextScheduledActivityAt: null,
      checklist: [],
      lostFromStage: null,
      transitionCount: 1,
      ...snapshot,
    }
  }

  activities(): DealActivities & ClientMessageActivities & { recordWorkflowState: unknown; notifyOwner: unknown } {
    return {
      sendClientMessage: async (input) => {
        const atMs = await this.env.currentTimeMs()
        this.clientMessages.push({ ...input, atMs })
        if (this.deferNextClientMessageMs !== null) {
          const retryAt = new Date(atMs + this.deferNextClientMessageMs).toISOString()
          this.deferNextClientMessageMs = null
          return { status: 'deferred', retryAt, reason: 'SMS: Quiet hours (21:00–08:00 America/New_York)' }
        }
        return { status: 'sent', channel: 'SMS', outboxMessageId: `outbox-${input.idempotencyKey}` }
      },
      loadDeal: async () => this.snapshot,
      recordDealTransition: async (transition) => {
        if (transition.fromStage === null) await new Promise((resolve) => setTimeout(resolve, this.createdTransitionMs))
        if (this.transitions.some((known) => known.idempotencyKey === transition.idempotencyKey)) return
        this.transitions.push(transition)
        // What the row holds afterwards, for a later run that reads it.
        this.snapshot = {
          ...this.snapshot,
          stage: transition.toStage,
          stageEnteredAt: transition.at,
          lostFromStage: transition.toStage === 'CLOSED_LOST' ? transition.fromStage : null,
          transitionCount: this.snapshot.transitionCount + 1,
        }
      },
      recordDealChecklist: async (update) => {
        this.checklists.push(update)
      },
      recordDealOwner: async () => undefined,
      sendDealProposal: async (send) => {
        this.proposalAttempts += 1
        return this.mailServer(this.proposals, send)
      },
      sendDealEmail: async (send) => {
        this.emailAttempts += 1
        return this.mailServer(this.emails, send)
      },
      recordWorkflowState: async (update: WorkflowStateUpdate) => {
        if (update.workflowStatus === 'COMPLETED') {
          await new Promise((resolve) => setTimeout(resolve, this.closedProjectionMs))
        }
        this.projections.push(update)
      },
      notifyOwner: async (input: NotifyOwnerInput) => {
        this.notifications.push({ ...input, atMs: await this.env.currentTimeMs() })
        return { notified: true, recipients: 1 }
      },
    }
  }

  /** The outbox and the mail server: one message per key, kept in `sent`. */
  private async mailServer<T extends { idempotencyKey: string }>(sent: (T & { atMs: number })[], send: T) {
    if (this.refuseAddress) {
      throw ApplicationFailure.nonRetryable(
        'The mail server refused the message to ada@example.com: 550 5.1.1 No such user',
        'MessageRejected',
      )
    }
    const earlier = sent.find((known) => known.idempotencyKey === send.idempotencyKey)
    if (!earlier) sent.push({ ...send, atMs: await this.env.currentTimeMs() })
    if (this.dieAfterSendingOnce) {
      this.dieAfterSendingOnce = false
      throw new Error('The worker died after the mail server accepted the message')
    }
    return {
      to: 'ada@example.com',
      sentAt: new Date().toISOString(),
      outboxMessageId: `outbox-${send.idempotencyKey}`,
      alreadySent: earlier !== undefined,
    }
  }

  kinds(): string[] {
    return this.notifications.map((notification) => notification.kind)
  }
}

let env: TestWorkflowEnvironment

beforeAll(async () => {
  env = await createTimeSkippingEnvironment()
})

afterAll(async () => {
  await env?.teardown()
})

async function freshDeal(snapshot: Partial<DealSnapshot> = {}) {
  const nowMs = await env.currentTimeMs()
  const at = new Date(nowMs).toISOString()
  return { fake: new FakeDeal(env, { stageEnteredAt: at, createdAt: at, ...snapshot }), nowMs }
}

/** Runs the real deal workflow on its own worker until the body is done, then closes the deal (lost). */
async function withDeal(
  fake: FakeDeal,
  body: (handle: WorkflowHandle<typeof dealWorkflow>) => Promise<void>,
  input: Omit<DealWorkflowInput, 'opportunityId'> = {},
) {
  const taskQueue = uniqueTaskQueue('deal')
  const worker = await Worker.create({
    connection: env.nativeConnection,
    namespace: env.namespace ?? 'default',
    taskQueue,
    activities: fake.activities() as never,
    workflowBundle: await bundledWorkflows(),
  })
  await worker.runUntil(async () => {
    const handle = await env.client.workflow.start(dealWorkflow, {
      workflowId: dealWorkflowId(fake.snapshot.opportunityId),
      taskQueue,
      args: [{ opportunityId: fake.snapshot.opportunityId, ...input }],
    })
    // A run that stalls fails the test with where it stood, just before the test's own timeout.
    await reportingStall(handle, runBody(handle))
  })

  async function runBody(handle: WorkflowHandle<typeof dealWorkflow>) {
    try {
      await settled(handle)
      await body(handle)
    } finally {
      // Closed (and so ended) whatever happened above, in its latest run (a reopen starts a new one).
      const latest = env.client.workflow.getHandle(handle.workflowId)
      await endTestRun(latest, () =>
        latest.executeUpdate(moveDealUpdate, {
          args: [{ toStage: 'CLOSED_LOST', lostReason: 'Test over', actor: manager }],
        }),
      )
    }
  }
}

async function settled(handle: WorkflowHandle<typeof dealWorkflow>) {
  for (let attempt = 0; attempt < 400; attempt += 1) {
    if (await handle.query(dealStatusQuery)) return
    await new Promise((resolve) => setTimeout(resolve, 25))
  }
  throw new Error('The deal workflow did not read its deal in time')
}

/** Waits until the run has handled what it was sent (its view says the activity clock moved). */
async function handled(handle: WorkflowHandle<typeof dealWorkflow>, lastActivityAtLeastMs: number) {
  for (let attempt = 0; attempt < 400; attempt += 1) {
    const status = await handle.query(dealStatusQuery)
    if (status && Date.parse(status.lastActivityAt) >= lastActivityAtLeastMs) return
    await new Promise((resolve) => setTimeout(resolve, 25))
  }
  throw new Error('The deal workflow did not handle the signal in time')
}

async function refusal(promise: Promise<unknown>): Promise<string> {
  try {
    await promise
  } catch (error) {
    if (error instanceof WorkflowUpdateFailedError) return (error.cause as Error).message
    throw error
  }
  throw new Error('The update was accepted')
}

describe('the deal workflow', () => {
  it('replays the history of a typical deal, and the history recorded of the first version', async () => {
    const { fake, nowMs } = await freshDeal()
    let history: Awaited<ReturnType<WorkflowHandle<typeof dealWorkflow>['fetchHistory']>> | undefined
    await withDeal(fake, async (handle) => {
      await handle.executeUpdate(completeDealActionUpdate, { args: [{ action: 'review_lead_data', actor: owner }] })
      await handle.executeUpdate(moveDealUpdate, { args: [{ toStage: 'CONTACTED', actor: owner }] })
      await handle.signal(dealActivityLoggedSignal, {
        activityId: 'email-1',
        type: 'EMAIL',
        direction: 'OUTBOUND',
        completedAt: new Date(nowMs).toISOString(),
        scheduledAt: null,
      })
      await env.sleep(4 * day)
      await handle.executeUpdate(moveDealUpdate, {
        args: [{ toStage: 'CLOSED_LOST', lostReason: 'Went quiet', actor: owner }],
      })
      await handle.result()
      history = await handle.fetchHistory()
    })
    if (process.env.RECORD_DEAL_HISTORY) {
      writeFileSync(new URL(`./histories/${process.env.RECORD_DEAL_HISTORY}`, import.meta.url), JSON.stringify(history))
    }
    const bundle = { workflowBundle: await bundledWorkflows() }
    await Worker.runReplayHistory(bundle, history!, 'replay-deal-now')
    const v1 = recordedHistory('deal-workflow-v1.json')
    expect(v1.events?.length).toBeGreaterThan(10)
    await Worker.runReplayHistory(bundle, v1, 'replay-deal-v1')
    // v2: changes wait for the start-up, and a closing run answers the updates that reached it before it ends.
    const v2 = recordedHistory('deal-workflow-v2.json')
    expect(patchesIn(v2).sort()).toEqual(
      ['deal-changes-after-start-up', 'deal-ends-after-its-handlers', 'deal-replans-on-change'].sort(),
    )
    await Worker.runReplayHistory(bundle, v2, 'replay-deal-v2')
  })

  it('alerts the owner when New Lead passes its 1-day limit, once', async () => {
    const { fake, nowMs } = await freshDeal()
    await withDeal(fake, async () => {
      await env.sleep(day - minute)
      expect(fake.kinds()).toEqual([])
      await env.sleep(2 * minute)
      expect(fake.kinds()).toEqual(['DEAL_STAGE_LIMIT'])
      expect(inMinutes(fake.notifications[0]!.atMs - nowMs)).toBe(inMinutes(day))
      await env.sleep(2 * day)
      expect(fake.kinds()).toEqual(['DEAL_STAGE_LIMIT'])
    })
  })

  it('refuses a move whose exit criteria are not met, writes nothing, and accepts it once they are', async () => {
    const { fake } = await freshDeal()
    await withDeal(fake, async (handle) => {
      const why = await refusal(
        handle.executeUpdate(moveDealUpdate, { args: [{ toStage: 'CONTACTED', actor: owner }] }),
      )
      expect(why).toContain('Review the lead data')
      expect(fake.transitions).toEqual([])

      await handle.executeUpdate(completeDealActionUpdate, { args: [{ action: 'review_lead_data', actor: owner }] })
      const moved = await handle.executeUpdate(moveDealUpdate, { args: [{ toStage: 'CONTACTED', actor: owner }] })
      expect(moved.stage).toBe('CONTACTED')
      expect(fake.transitions.map((t) => [t.fromStage, t.toStage, t.changedById])).toEqual([
        ['NEW_LEAD', 'CONTACTED', 'rep-1'],
      ])
      // The owner was set when the deal was created: `assign_owner` ticked itself.
      expect(fake.checklists.at(-1)!.checklist.map((entry) => entry.action)).toEqual([
        'assign_owner',
        'review_lead_data',
      ])
    })
  })

  it('starts the new stage’s clock on a move: Contacted’s 3-day limit counts from the move', async () => {
    const { fake, nowMs } = await freshDeal({
      checklist: [
        { action: 'assign_owner', doneAt: new Date().toISOString(), byUserId: null, how: 'Owner assigned' },
        { action: 'review_lead_data', doneAt: new Date().toISOString(), byUserId: 'rep-1', how: 'Marked done' },
      ],
    })
    await withDeal(fake, async (handle) => {
      await env.sleep(12 * hour)
      await handle.executeUpdate(moveDealUpdate, { args: [{ toStage: 'CONTACTED', actor: owner }] })
      const movedAtMs = await env.currentTimeMs()
      // New Lead's limit (1 day after creation) no longer applies.
      await env.sleep(3 * day - minute)
      expect(fake.kinds()).toEqual([])
      await env.sleep(2 * minute)
      expect(fake.kinds()).toEqual(['DEAL_STAGE_LIMIT'])
      expect(inMinutes(fake.notifications[0]!.atMs - movedAtMs)).toBe(inMinutes(3 * day))
      expect(fake.notifications[0]!.idempotencyKey).toContain('stage-limit/CONTACTED/')
      expect(movedAtMs - nowMs).toBeGreaterThanOrEqual(12 * hour)
    })
  })

  it('plans again on a move: a deal moved back from Proposal Sent hears Contacted’s 3-day limit on time', async () => {
    // Proposal Sent's first wake-up is its follow-up 7 days on; Contacted's limit falls due before it.
    const { fake } = await freshDeal({ stage: 'PROPOSAL_SENT' })
    await withDeal(fake, async (handle) => {
      await env.sleep(hour)
      await handle.executeUpdate(moveDealUpdate, {
        args: [{ toStage: 'CONTACTED', reason: 'The owner wants another call first', actor: owner }],
      })
      const movedAtMs = await env.currentTimeMs()
      await env.sleep(3 * day + minute)
      expect(fake.kinds()).toEqual(['DEAL_STAGE_LIMIT'])
      expect(inMinutes(fake.notifications[0]!.atMs - movedAtMs)).toBe(inMinutes(3 * day))
      expect(fake.notifications[0]!.idempotencyKey).toContain('stage-limit/CONTACTED/')
    })
  })

  it('notifies the managers after 14 days without activity; a logged call restarts the count', async () => {
    const { fake } = await freshDeal({ stage: 'NEGOTIATION' })
    await withDeal(fake, async (handle) => {
      await env.sleep(10 * day)
      const calledAtMs = await env.currentTimeMs()
      await handle.signal(dealActivityLoggedSignal, {
        activityId: 'call-1',
        type: 'CALL',
        direction: 'OUTBOUND',
        completedAt: new Date(calledAtMs).toISOString(),
        scheduledAt: null,
      })
      await handled(handle, calledAtMs)
      await env.sleep(13 * day)
      expect(fake.notifications.filter((n) => n.kind === 'DEAL_STALLED')).toEqual([])
      await env.sleep(2 * day)
      const stalled = fake.notifications.filter((n) => n.kind === 'DEAL_STALLED')
      expect(stalled.map((n) => n.audience)).toEqual(['managers'])
    })
  })

  it('does not count a deal with a scheduled meeting ahead as stalled', async () => {
    const { fake, nowMs } = await freshDeal({ stage: 'NEGOTIATION' })
    await withDeal(fake, async (handle) => {
      await handle.signal(dealActivityLoggedSignal, {
        activityId: 'meeting-1',
        type: 'MEETING',
        completedAt: null,
        scheduledAt: new Date(nowMs + 20 * day).toISOString(),
      })
      await handled(handle, nowMs)
      await env.sleep(19 * day)
      expect(fake.kinds().filter((kind) => kind === 'DEAL_STALLED')).toEqual([])
      // The meeting falls due on day 20 and is not logged as held: from then on it protects the deal no longer.
      await env.sleep(2 * day)
      expect(fake.kinds().filter((kind) => kind === 'DEAL_STALLED')).toEqual(['DEAL_STALLED'])
    })
  })

  it('reminds the owner daily once the proposal has been out 7 days, until a call is logged', async () => {
    const { fake, nowMs } = await freshDeal({ stage: 'PROPOSAL_SENT' })
    await withDeal(fake, async (handle) => {
      await env.sleep(9 * day + hour)
      const followUps = () => fake.notifications.filter((n) => n.kind === 'DEAL_PROPOSAL_FOLLOW_UP')
      expect(followUps().map((n) => inMinutes(n.atMs - nowMs))).toEqual([7, 8, 9].map((days) => inMinutes(days * day)))
      await handle.signal(dealActivityLoggedSignal, {
        activityId: 'call-2',
        type: 'CALL',
        completedAt: new Date(await env.currentTimeMs()).toISOString(),
        scheduledAt: null,
      })
      await env.sleep(3 * day)
      expect(followUps()).toHaveLength(3)
    })
  })

  it('sends the discovery prep reminder a day before the booked call and ticks schedule_discovery', async () => {
    const { fake, nowMs } = await freshDeal({ stage: 'DISCOVERY_CALL' })
    await withDeal(fake, async (handle) => {
      await handle.signal(discoveryCallBookedSignal, {
        bookingId: 'bk-1',
        startsAt: new Date(nowMs + 3 * day).toISOString(),
        cancelled: false,
      })
      await env.sleep(2 * day + hour)
      const prep = fake.notifications.filter((n) => n.kind === 'DEAL_DISCOVERY_PREP')
      expect(prep.map((n) => inMinutes(n.atMs - nowMs))).toEqual([inMinutes(2 * day)])
      const status = await handle.query(dealStatusQuery)
      expect(status?.checklist.map((entry) => [entry.action, entry.how])).toContainEqual([
        'schedule_discovery',
        'Booked through Cal.com',
      ])
    })
  })

  it('sends the prep for a call booked before the run began (read with the deal), and ticks schedule_discovery', async () => {
    const { fake, nowMs } = await freshDeal({ stage: 'CONTACTED' })
    fake.snapshot.discoveryCall = { bookingId: 'bk-early', startsAt: new Date(nowMs + 2 * day).toISOString() }
    await withDeal(fake, async (handle) => {
      const status = await handle.query(dealStatusQuery)
      expect(status?.checklist.map((entry) => [entry.action, entry.how])).toContainEqual([
        'schedule_discovery',
        'Booked through Cal.com',
      ])
      await env.sleep(day + hour)
      const prep = fake.notifications.filter((n) => n.kind === 'DEAL_DISCOVERY_PREP')
      expect(prep.map((n) => inMinutes(n.atMs - nowMs))).toEqual([inMinutes(day)])
    })
  })

  it('sends one prep, for the new time, when a booking is replaced by a reschedule (old cancelled, new booked)', async () => {
    const { fake, nowMs } = await freshDeal({ stage: 'CONTACTED' })
    await withDeal(fake, async (handle) => {
      const first = new Date(nowMs + 3 * day).toISOString()
      await handle.signal(discoveryCallBookedSignal, { bookingId: 'bk-1', startsAt: first, cancelled: false })
      await handle.signal(discoveryCallBookedSignal, { bookingId: 'bk-1', startsAt: first, cancelled: true })
      await handle.signal(discoveryCallBookedSignal, {
        bookingId: 'bk-2',
        startsAt: new Date(nowMs + 5 * day).toISOString(),
        cancelled: false,
      })
      await env.sleep(5 * day - hour)
      const prep = fake.notifications.filter((n) => n.kind === 'DEAL_DISCOVERY_PREP')
      expect(prep.map((n) => inMinutes(n.atMs - nowMs))).toEqual([inMinutes(4 * day)])
    })
  })

  it('reminds the contact of the call 24 h and 1 h before it, SMS first and email as the fallback', async () => {
    const { fake, nowMs } = await freshDeal({ stage: 'DISCOVERY_CALL', primaryContactId: 'contact-1' })
    const startsAt = new Date(nowMs + 3 * day).toISOString()
    await withDeal(fake, async (handle) => {
      await handle.signal(discoveryCallBookedSignal, { bookingId: 'bk-1', startsAt, cancelled: false })
      await env.sleep(3 * day - 30 * minute)
      expect(fake.clientMessages.map((message) => inMinutes(message.atMs - nowMs))).toEqual([
        inMinutes(2 * day),
        inMinutes(3 * day - hour),
      ])
      expect(fake.clientMessages[0]).toMatchObject({
        idempotencyKey: `deal-${fake.snapshot.opportunityId}/appointment-reminder/booking-bk-1@${startsAt}/24h`,
        entity: { kind: 'deal', id: fake.snapshot.opportunityId },
        recipient: { contactId: 'contact-1' },
        channels: ['SMS', 'EMAIL'],
        purpose: 'transactional',
        notAfter: startsAt,
      })
      expect(fake.clientMessages[1]!.sms!.body).toContain('in 1 hour')
    })
    // The run with the reminders (and its patch marker) replays as recorded.
    const history = await env.client.workflow.getHandle(dealWorkflowId(fake.snapshot.opportunityId)).fetchHistory()
    await Worker.runReplayHistory({ workflowBundle: await bundledWorkflows() }, history, 'replay-deal-reminders')
  })

  it('sends no reminder after the call is cancelled', async () => {
    const { fake, nowMs } = await freshDeal({ stage: 'DISCOVERY_CALL', primaryContactId: 'contact-1' })
    await withDeal(fake, async (handle) => {
      const startsAt = new Date(nowMs + 3 * day).toISOString()
      await handle.signal(discoveryCallBookedSignal, { bookingId: 'bk-1', startsAt, cancelled: false })
      await env.sleep(day)
      await handle.signal(discoveryCallBookedSignal, { bookingId: 'bk-1', startsAt, cancelled: true })
      await env.sleep(3 * day)
      expect(fake.clientMessages).toEqual([])
    })
  })

  it('reminds nobody of a cancelled call, and of a rescheduled one only at its new time', async () => {
    const { fake, nowMs } = await freshDeal({ stage: 'DISCOVERY_CALL', primaryContactId: 'contact-1' })
    await withDeal(fake, async (handle) => {
      const cancelled = new Date(nowMs + 3 * day).toISOString()
      await handle.signal(discoveryCallBookedSignal, { bookingId: 'bk-1', startsAt: cancelled, cancelled: false })
      await env.sleep(day)
      await handle.signal(discoveryCallBookedSignal, { bookingId: 'bk-1', startsAt: cancelled, cancelled: true })
      // Moved by Cal.com: the same booking at a new time, five days from the start.
      await handle.signal(discoveryCallBookedSignal, {
        bookingId: 'bk-2',
        startsAt: new Date(nowMs + 2 * day).toISOString(),
        cancelled: false,
      })
      await handle.signal(discoveryCallBookedSignal, {
        bookingId: 'bk-2',
        startsAt: new Date(nowMs + 5 * day).toISOString(),
        cancelled: false,
      })
      await env.sleep(4 * day + hour)
      expect(fake.clientMessages.map((message) => inMinutes(message.atMs - nowMs))).toEqual([
        inMinutes(4 * day),
        inMinutes(5 * day - hour),
      ])
    })
  })

  it('asks again with the same key when the contact’s quiet hours defer the reminder', async () => {
    const { fake, nowMs } = await freshDeal({ stage: 'DISCOVERY_CALL', primaryContactId: 'contact-1' })
    fake.deferNextClientMessageMs = 7 * hour
    await withDeal(fake, async (handle) => {
      await handle.signal(discoveryCallBookedSignal, {
        bookingId: 'bk-1',
        startsAt: new Date(nowMs + 3 * day).toISOString(),
        cancelled: false,
      })
      await env.sleep(2 * day + 8 * hour)
      expect(fake.clientMessages.map((message) => inMinutes(message.atMs - nowMs))).toEqual([
        inMinutes(2 * day),
        inMinutes(2 * day + 7 * hour),
      ])
      expect(new Set(fake.clientMessages.map((message) => message.idempotencyKey)).size).toBe(1)
    })
  })

  it('closes lost with its reason and ends; a rep may not reopen it, a manager may (a new run)', async () => {
    const { fake } = await freshDeal({ stage: 'CONTACTED' })
    await withDeal(fake, async (handle) => {
      expect(
        await refusal(handle.executeUpdate(moveDealUpdate, { args: [{ toStage: 'CLOSED_LOST', actor: owner }] })),
      ).toMatch(/reason/)
      const closedAtMs = await env.currentTimeMs()
      await handle.executeUpdate(moveDealUpdate, {
        args: [{ toStage: 'CLOSED_LOST', lostReason: 'Chose a competitor', competitor: 'Acme AI', actor: owner }],
      })
      expect(await handle.result()).toEqual({ stage: 'CLOSED_LOST' })
      // It ended on the close, not at the open deal's next reminder (Contacted's limit, 3 days on). Read from the
      // run's close time: once a run is over, the test server's clock may skip on to timers it has not removed.
      const { closeTime } = await handle.describe()
      expect(inMinutes(closeTime!.getTime() - closedAtMs)).toBe(0)
      expect(fake.transitions.at(-1)).toMatchObject({
        fromStage: 'CONTACTED',
        toStage: 'CLOSED_LOST',
        lostReason: 'Chose a competitor',
        competitor: 'Acme AI',
      })
      expect(fake.projections.at(-1)).toMatchObject({ workflowStatus: 'COMPLETED', nextStep: null })

      const { taskQueue } = await handle.describe()
      const reopen = (actor: MoveActor) =>
        env.client.workflow.executeUpdateWithStart(moveDealUpdate, {
          args: [{ toStage: 'CONTACTED', reason: 'They called back', actor }],
          startWorkflowOperation: new WithStartWorkflowOperation(dealWorkflow, {
            workflowId: handle.workflowId,
            taskQueue,
            args: [{ opportunityId: fake.snapshot.opportunityId }],
            workflowIdConflictPolicy: 'USE_EXISTING',
          }),
        })
      expect(await refusal(reopen(owner))).toMatch(/Only a Sales Manager or an Admin may reopen/)
      expect(fake.transitions.at(-1)!.toStage).toBe('CLOSED_LOST')
      expect(await reopen(manager)).toMatchObject({ stage: 'CONTACTED' })
      expect(fake.transitions.at(-1)).toMatchObject({
        fromStage: 'CLOSED_LOST',
        toStage: 'CONTACTED',
        reason: 'They called back',
      })
    })
  })

  it('records a move that arrives while the run starts after the deal’s first stage: the move’s stage is the last written', async () => {
    const { fake } = await freshDeal({ transitionCount: 0 })
    fake.createdTransitionMs = 500
    await withDeal(fake, async (handle) => {
      // The run has read the deal; its first stage is still being written.
      await handle.executeUpdate(moveDealUpdate, {
        args: [{ toStage: 'CLOSED_LOST', lostReason: 'Went quiet', actor: owner }],
      })
      expect(await handle.result()).toEqual({ stage: 'CLOSED_LOST' })
    })
    expect(fake.transitions.map((transition) => [transition.fromStage, transition.toStage])).toEqual([
      [null, 'NEW_LEAD'],
      ['NEW_LEAD', 'CLOSED_LOST'],
    ])
    expect(fake.snapshot.stage).toBe('CLOSED_LOST')
  })

  it('answers a manager’s reopen that reaches the run while it writes the closed deal, and lives on', async () => {
    const { fake } = await freshDeal({ stage: 'CONTACTED' })
    fake.closedProjectionMs = 500
    await withDeal(fake, async (handle) => {
      await handle.executeUpdate(moveDealUpdate, {
        args: [{ toStage: 'CLOSED_LOST', lostReason: 'Went quiet', actor: owner }],
      })
      // The run is writing the closed deal before it ends: the reopen joins it.
      const reopened = await handle.executeUpdate(moveDealUpdate, {
        args: [{ toStage: 'CONTACTED', reason: 'They called back', actor: manager }],
      })
      expect(reopened.stage).toBe('CONTACTED')
      // The closed deal's projection, still being written when the reopen came, is followed by the open deal's.
      const closedWrites = () => fake.projections.filter((state) => state.workflowStatus === 'COMPLETED').length
      for (
        let attempt = 0;
        attempt < 200 && (closedWrites() < 2 || fake.projections.at(-1)?.workflowStatus !== 'RUNNING');
        attempt += 1
      ) {
        await new Promise((resolve) => setTimeout(resolve, 25))
      }
      expect(closedWrites()).toBe(2)
      expect(fake.projections.at(-1)).toMatchObject({ workflowStatus: 'RUNNING', nextStep: expect.any(String) })
      expect((await handle.describe()).status.name).toBe('RUNNING')
      expect(fake.transitions.map((transition) => transition.toStage)).toEqual(['CLOSED_LOST', 'CONTACTED'])
    })
  })

  it('sends nothing about a seeded deal’s past: a limit that passed before the run is history', async () => {
    const nowMs = await env.currentTimeMs()
    const { fake } = await freshDeal({
      stage: 'CONTACTED',
      stageEnteredAt: new Date(nowMs - 5 * day).toISOString(),
      createdAt: new Date(nowMs - 6 * day).toISOString(),
    })
    await withDeal(
      fake,
      async () => {
        await env.sleep(7 * day)
        // The stage limit fell due 2 days before the run: never sent.
        expect(fake.kinds()).toEqual([])
        // The stalled clock (14 days after creation) was still ahead at the run's start: it rings on day 8.
        await env.sleep(2 * day)
        expect(fake.kinds()).toEqual(['DEAL_STALLED'])
        expect(inMinutes(fake.notifications[0]!.atMs - nowMs)).toBe(inMinutes(8 * day))
      },
      { historyUntil: new Date(nowMs).toISOString() },
    )
  })
})

const done = (...actions: ChecklistEntry['action'][]): ChecklistEntry[] =>
  actions.map((action) => ({ action, doneAt: new Date(0).toISOString(), byUserId: 'rep-1', how: 'Marked done' }))

/** §4.3: every action of New Lead, Contacted and Discovery Call, by hand. */
const throughDiscovery = done(
  'assign_owner',
  'review_lead_data',
  'initial_email',
  'follow_up_call_attempt',
  'schedule_discovery',
  'complete_discovery',
  'identify_tier',
)

const proposalTicks = (fake: FakeDeal) =>
  (fake.checklists.at(-1)?.checklist ?? []).filter((entry) => entry.action === 'send_proposal')

describe('sending the proposal', () => {
  it('emails it, ticks send_proposal, moves Discovery Call to Proposal Sent, and the follow-up counts from there', async () => {
    const { fake } = await freshDeal({ stage: 'DISCOVERY_CALL', checklist: throughDiscovery })
    await withDeal(fake, async (handle) => {
      const sentAtMs = await env.currentTimeMs()
      const sent = await handle.executeUpdate(sendDealProposalUpdate, { args: [{ actor: owner }] })
      expect(sent).toMatchObject({ sentTo: 'ada@example.com', proposalNumber: 1, stage: 'PROPOSAL_SENT', moved: true })

      const id = fake.snapshot.opportunityId
      expect(fake.proposals.map((proposal) => proposal.idempotencyKey)).toEqual([`deal-${id}/proposal/1`])
      // The PDF is dated by the workflow's time of sending, the same on every attempt.
      expect(inMinutes(Date.parse(fake.proposals[0]!.preparedAt) - sentAtMs)).toBe(0)
      expect(fake.transitions.map((t) => [t.fromStage, t.toStage, t.changedById, t.reason])).toEqual([
        ['DISCOVERY_CALL', 'PROPOSAL_SENT', 'rep-1', 'Proposal sent'],
      ])
      expect(proposalTicks(fake).map((entry) => [entry.how, entry.byUserId])).toEqual([['Proposal emailed', 'rep-1']])
      // Sending is activity on the deal: the row's activity clock moved to the sending.
      expect(inMinutes(Date.parse(fake.checklists.at(-1)!.lastActivityAt!) - sentAtMs)).toBe(0)
      const status = await handle.query(dealStatusQuery)
      expect(status?.stage).toBe('PROPOSAL_SENT')

      // §9.2 "Proposal sent > 7 days": the owner is reminded 7 days after the proposal went out, then daily.
      // Discovery Call's own 7-day limit no longer applies: the deal left it.
      await env.sleep(7 * day - minute)
      expect(fake.kinds()).toEqual([])
      await env.sleep(2 * minute)
      expect(fake.kinds()).toEqual(['DEAL_PROPOSAL_FOLLOW_UP'])
      expect(inMinutes(fake.notifications[0]!.atMs - sentAtMs)).toBe(inMinutes(7 * day))
      await env.sleep(day)
      expect(fake.notifications.map((n) => inMinutes(n.atMs - sentAtMs))).toEqual([
        inMinutes(7 * day),
        inMinutes(8 * day),
      ])
    })
  })

  it('refuses before the tier is identified, before Discovery Call and for another rep; sends and writes nothing', async () => {
    const { fake } = await freshDeal({
      stage: 'DISCOVERY_CALL',
      checklist: done('assign_owner', 'schedule_discovery', 'complete_discovery'),
    })
    await withDeal(fake, async (handle) => {
      const send = (actor: MoveActor) => handle.executeUpdate(sendDealProposalUpdate, { args: [{ actor }] })
      expect(await refusal(send(owner))).toMatch(/Identify the tier first/)
      const otherRep: MoveActor = { kind: 'user', userId: 'rep-2', role: 'SALES_REP' }
      expect(await refusal(send(otherRep))).toMatch(/Only the deal’s owner, a Sales Manager or an Admin/)
      expect(fake.proposalAttempts).toBe(0)
      expect(fake.transitions).toEqual([])
      expect(proposalTicks(fake)).toEqual([])

      // Once the tier is identified the same send goes out.
      await handle.executeUpdate(completeDealActionUpdate, { args: [{ action: 'identify_tier', actor: owner }] })
      expect(await send(owner)).toMatchObject({ proposalNumber: 1, stage: 'PROPOSAL_SENT', moved: true })
    })
    const { fake: early } = await freshDeal({ stage: 'CONTACTED', checklist: done('identify_tier') })
    await withDeal(early, async (handle) => {
      expect(await refusal(handle.executeUpdate(sendDealProposalUpdate, { args: [{ actor: manager }] }))).toMatch(
        /in Contacted, move it to Discovery Call first/,
      )
      expect(early.proposalAttempts).toBe(0)
    })
  })

  it('sends once when the attempt dies after the mail server took it, ticks once; a deliberate resend is a new proposal', async () => {
    const { fake } = await freshDeal({ stage: 'DISCOVERY_CALL', checklist: throughDiscovery })
    fake.dieAfterSendingOnce = true
    await withDeal(fake, async (handle) => {
      const first = await handle.executeUpdate(sendDealProposalUpdate, { args: [{ actor: owner }] })
      expect(first).toMatchObject({ proposalNumber: 1, moved: true })
      expect(fake.proposalAttempts).toBe(2)
      expect(fake.proposals).toHaveLength(1)
      expect(proposalTicks(fake)).toHaveLength(1)
      expect(fake.transitions).toHaveLength(1)

      // A revised proposal: its own key, emailed; the deal stays in Proposal Sent and the tick stays the first.
      const revised = await handle.executeUpdate(sendDealProposalUpdate, { args: [{ actor: owner }] })
      expect(revised).toMatchObject({ proposalNumber: 2, stage: 'PROPOSAL_SENT', moved: false })
      const id = fake.snapshot.opportunityId
      expect(fake.proposals.map((proposal) => proposal.idempotencyKey)).toEqual([
        `deal-${id}/proposal/1`,
        `deal-${id}/proposal/2`,
      ])
      expect(proposalTicks(fake)).toHaveLength(1)
      expect(fake.transitions).toHaveLength(1)
    })
  })

  it('answers a refused address with a refusal, ticks nothing, and the next send takes the next key', async () => {
    const { fake } = await freshDeal({ stage: 'DISCOVERY_CALL', checklist: throughDiscovery })
    fake.refuseAddress = true
    await withDeal(fake, async (handle) => {
      const why = await refusal(handle.executeUpdate(sendDealProposalUpdate, { args: [{ actor: owner }] }))
      expect(why).toMatch(/refused the message to ada@example.com: 550 .*correct the contact’s email address/)
      // Refused for good: not retried.
      expect(fake.proposalAttempts).toBe(1)
      expect(fake.transitions).toEqual([])
      expect(proposalTicks(fake)).toEqual([])
      expect((await handle.query(dealStatusQuery))?.stage).toBe('DISCOVERY_CALL')

      fake.refuseAddress = false
      const sent = await handle.executeUpdate(sendDealProposalUpdate, { args: [{ actor: owner }] })
      expect(sent.proposalNumber).toBe(2)
      expect(fake.proposals.map((p) => p.idempotencyKey)).toEqual([`deal-${fake.snapshot.opportunityId}/proposal/2`])
    })
  })

  it('does not move a deal whose discovery call is not marked complete, and continues the keys of earlier runs', async () => {
    const { fake } = await freshDeal({
      stage: 'DISCOVERY_CALL',
      checklist: done('assign_owner', 'schedule_discovery', 'identify_tier'),
      proposalCount: 2,
    })
    await withDeal(fake, async (handle) => {
      const sent = await handle.executeUpdate(sendDealProposalUpdate, { args: [{ actor: manager }] })
      expect(sent).toMatchObject({ proposalNumber: 3, stage: 'DISCOVERY_CALL', moved: false })
      expect(fake.proposals.map((p) => p.idempotencyKey)).toEqual([`deal-${fake.snapshot.opportunityId}/proposal/3`])
      expect(fake.transitions).toEqual([])
      expect(proposalTicks(fake).map((entry) => entry.byUserId)).toEqual(['mgr-1'])
    })
  })
})

const emailTicks = (fake: FakeDeal) =>
  (fake.checklists.at(-1)?.checklist ?? []).filter((entry) => entry.action === 'initial_email')

describe('emailing the deal’s contact', () => {
  const email = (actor: MoveActor, subject = 'Your HVAC systems') => ({
    args: [{ subject, body: 'Hello Ada,\n\nShall we talk on Tuesday?', actor }] as const,
  })

  it('emails through the outbox once per call, ticks initial_email once, and a retried attempt sends nothing twice', async () => {
    const { fake } = await freshDeal({ stage: 'CONTACTED', emailCount: 1 })
    fake.dieAfterSendingOnce = true
    await withDeal(fake, async (handle) => {
      const sentAtMs = await env.currentTimeMs()
      const first = await handle.executeUpdate(emailDealContactUpdate, { args: [...email(owner).args] })
      // Keys continue from the emails of earlier runs (one already in the outbox).
      expect(first).toMatchObject({ sentTo: 'ada@example.com', emailNumber: 2 })
      const id = fake.snapshot.opportunityId
      // The first attempt died after the mail server took it: retried, and still one email.
      expect(fake.emailAttempts).toBe(2)
      expect(fake.emails.map((sent) => [sent.idempotencyKey, sent.subject, sent.body])).toEqual([
        [`deal-${id}/email/2`, 'Your HVAC systems', 'Hello Ada,\n\nShall we talk on Tuesday?'],
      ])
      expect(emailTicks(fake).map((entry) => [entry.how, entry.byUserId])).toEqual([['Email sent', 'rep-1']])
      expect(inMinutes(Date.parse(fake.checklists.at(-1)!.lastActivityAt!) - sentAtMs)).toBe(0)
      expect((await handle.query(dealStatusQuery))?.checklist.map((entry) => entry.action)).toContain('initial_email')

      // A second email is sent with the next key; the tick stays the first.
      const second = await handle.executeUpdate(emailDealContactUpdate, { args: [...email(manager, 'Follow-up').args] })
      expect(second.emailNumber).toBe(3)
      expect(fake.emails.map((sent) => sent.idempotencyKey)).toEqual([`deal-${id}/email/2`, `deal-${id}/email/3`])
      expect(emailTicks(fake).map((entry) => entry.byUserId)).toEqual(['rep-1'])
      expect(fake.transitions).toEqual([])
    })
  })

  it('answers a refused address with a refusal naming it and ticks nothing; another rep is refused before sending', async () => {
    const { fake } = await freshDeal({ stage: 'NEW_LEAD' })
    fake.refuseAddress = true
    await withDeal(fake, async (handle) => {
      const why = await refusal(handle.executeUpdate(emailDealContactUpdate, { args: [...email(owner).args] }))
      expect(why).toMatch(/refused the message to ada@example.com: 550 .*The email was not sent/)
      expect(fake.emailAttempts).toBe(1)
      expect(emailTicks(fake)).toEqual([])

      const otherRep: MoveActor = { kind: 'user', userId: 'rep-2', role: 'SALES_REP' }
      expect(await refusal(handle.executeUpdate(emailDealContactUpdate, { args: [...email(otherRep).args] }))).toMatch(
        /Only the deal’s owner, a Sales Manager or an Admin may email its contact/,
      )
      expect(fake.emailAttempts).toBe(1)
    })
  })
})
