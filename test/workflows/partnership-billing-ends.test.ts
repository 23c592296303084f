// The partnership workflow's billing at its edges (decision 0042), under the time-skipping server with the typed
// in-memory activities of the partnership harness: billing ends when the partnership ends, a payment marked
// received by a person is marked paid in Stripe, the owner's call task closes when the payment arrives, and runs
// recorded before all this replay.
import { writeFileSync } from 'node:fs'
import type { TestWorkflowEnvironment } from '@temporalio/testing'
import { Worker } from '@temporalio/worker'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { PartnershipSnapshot } from '../../activities/partnership-contract'
import { changePartnershipUpdate, paymentReceivedSignal } from '../../workflows/partnership-messages'
import { markPaymentReceivedUpdate } from '../../workflows/partnership-payment-messages'
import {
  complete,
  day,
  FakePartnership,
  handled,
  hour,
  inMinutes,
  manager,
  minute,
  owner,
  withPartnership,
  type PartnershipHandle,
} from '../support/partnership-harness'
import { recordedHistory } from '../support/recorded-history'
import { bundledWorkflows, createTimeSkippingEnvironment } from '../support/temporal'

let env: TestWorkflowEnvironment

beforeAll(async () => {
  env = await createTimeSkippingEnvironment()
})

afterAll(async () => {
  await env?.teardown()
})

const monthly = { terms: { setupFee: 9500, monthlyFee: 3500, estimatedMonths: 3 } }

/** A Foundation partnership billing monthly whose kickoff (and setup fee) is `inDays` from now. */
async function startingIn(inDays: number, snapshot: Partial<PartnershipSnapshot> = {}) {
  const startMs = (await env.currentTimeMs()) + inDays * day
  return { fake: new FakePartnership(env, startMs, { startMs, ...monthly, ...snapshot }), startMs }
}

/** Where the plan put a payment. */
const plannedDue = (fake: FakePartnership, key: string) =>
  fake.payments[0]!.payments.find((payment) => payment.key === key)!.dueAtMs

const churn = (handle: PartnershipHandle) =>
  handle.executeUpdate(changePartnershipUpdate, { args: [{ kind: 'churn', reason: 'Budget cut', actor: manager }] })

describe('billing ends with the partnership', () => {
  it('at churn: the subscription is ended and the monthly fees due after the end are cancelled, once', async () => {
    const { fake, startMs } = await startingIn(0, { status: 'ACTIVE', statusChanges: 1 })
    await withPartnership(env, fake, async (handle) => {
      // Day 40: months 1 (day 0) and 2 (a calendar month later) are due; month 3 is not.
      await env.sleep(40 * day)
      await churn(handle)
      await handle.result()
    })
    // Once, for this partnership, at the churn's instant (day 40).
    expect(fake.billing.filter((b) => b.call === 'end-subscription')).toEqual([{ call: 'end-subscription' }])
    expect(fake.ends.map((end) => end.partnershipId)).toEqual([fake.snapshot.partnershipId])
    const endedAtMs = fake.ends[0]!.endedAtMs
    expect(inMinutes(endedAtMs - startMs)).toBe(inMinutes(40 * day))
    // The fake cancels what the activity's rule says (unpaid monthly fees due after the end): month 3 only.
    expect(fake.cancelled).toEqual(['monthly-3'])
    expect(plannedDue(fake, 'monthly-3')).toBeGreaterThan(endedAtMs)
    expect(plannedDue(fake, 'monthly-2')).toBeLessThan(endedAtMs)
  })

  it('at once: the run ends with the update that ended it, not at its next timer', async () => {
    const { fake } = await startingIn(0, { status: 'ACTIVE', statusChanges: 1 })
    await withPartnership(env, fake, async (handle) => {
      await env.sleep(3 * day)
      const churnedAtMs = await env.currentTimeMs()
      await churn(handle)
      // Polled, not awaited: awaiting the result would let the server skip to the next timer and hide the wait.
      const deadline = Date.now() + 10_000
      while ((await handle.describe()).status.name === 'RUNNING' && Date.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, 50))
      }
      expect((await handle.describe()).status.name).toBe('COMPLETED')
      expect(fake.billing.filter((b) => b.call === 'end-subscription')).toHaveLength(1)
      expect((await env.currentTimeMs()) - churnedAtMs).toBeLessThan(minute)
    })
  })

  it('at graduation too: the month due by then stays owed', async () => {
    const { fake, startMs } = await startingIn(0, { status: 'ACTIVE', statusChanges: 1 })
    await withPartnership(env, fake, async (handle) => {
      await handle.signal(paymentReceivedSignal, { paymentKey: 'setup', paidAt: new Date(startMs).toISOString() })
      await handled(handle)
      for (const key of ['week-4', 'week-8', 'week-12']) await complete(handle, key)
      const graduated = await handle.executeUpdate(changePartnershipUpdate, {
        args: [{ kind: 'graduate', actor: owner }],
      })
      expect(graduated.status).toBe('GRADUATED')
      await handle.result()
    })
    expect(fake.billing.filter((b) => b.call === 'end-subscription')).toHaveLength(1)
    // Graduated on the first day: month 1 (due at kickoff) is owed, months 2 and 3 are not.
    expect(fake.cancelled).toEqual(['monthly-2', 'monthly-3'])
  })

  it('not while the partnership runs: pause, resume and extend leave the subscription alone', async () => {
    const { fake } = await startingIn(0, { status: 'ACTIVE', statusChanges: 1 })
    await withPartnership(env, fake, async (handle) => {
      await handle.executeUpdate(changePartnershipUpdate, { args: [{ kind: 'pause', reason: 'Busy', actor: owner }] })
      await handle.executeUpdate(changePartnershipUpdate, { args: [{ kind: 'resume', actor: owner }] })
      await handle.executeUpdate(changePartnershipUpdate, {
        args: [{ kind: 'extend', weeks: 2, reason: 'A fourth system', actor: manager }],
      })
      await handled(handle)
      expect(fake.billing.filter((b) => b.call === 'end-subscription')).toEqual([])
      expect(fake.ends).toEqual([])
    })
  })
})

describe('a payment marked received by a person', () => {
  it('is marked paid in Stripe after the row is written, and a late invoice.paid changes nothing', async () => {
    const { fake } = await startingIn(5)
    await withPartnership(env, fake, async (handle) => {
      await handle.executeUpdate(markPaymentReceivedUpdate, { args: [{ paymentKey: 'setup', actor: owner }] })
      // Stripe's invoice.paid for the invoice just marked paid out of band: the workflow knows it paid.
      await handle.signal(paymentReceivedSignal, { paymentKey: 'setup', paidAt: new Date().toISOString() })
      await handled(handle)
      await env.sleep(30 * day)
    })
    expect(fake.billing.filter((b) => b.call === 'paid-out-of-band')).toEqual([
      { call: 'paid-out-of-band', paymentKey: 'setup' },
    ])
    expect(fake.received.map((r) => r.paymentKey)).toEqual(['setup'])
    expect(fake.order.filter((call) => call.includes('setup'))).toEqual([
      'recordPaymentReceived setup',
      'markInvoicePaidOutOfBand setup',
    ])
    // Paid five days before it was due: not one step of its sequence is sent.
    expect(fake.clientMessages.filter((m) => m.idempotencyKey.includes('/setup/'))).toEqual([])
  })
})

describe('the owner’s call task', () => {
  it('is completed when the payment arrives, and its reminder never goes out', async () => {
    const { fake, startMs } = await startingIn(1)
    const taskKey = (paymentKey: string) => `partnership-${fake.snapshot.partnershipId}/dunning/${paymentKey}/call-task`
    let paidAtMs = 0
    await withPartnership(env, fake, async (handle) => {
      // The call task is created ten days after the due date; its reminder would follow 45 minutes later.
      await env.sleep(startMs + 10 * day + 10 * minute - (await env.currentTimeMs()))
      // The setup fee and month 1 are both due at kickoff: a call task each.
      expect(fake.callTasks.map((t) => t.idempotencyKey)).toEqual([taskKey('setup'), taskKey('monthly-1')])
      paidAtMs = startMs + 10 * day + 5 * minute
      await handle.signal(paymentReceivedSignal, { paymentKey: 'setup', paidAt: new Date(paidAtMs).toISOString() })
      await handled(handle)
      await env.sleep(2 * hour)
    })
    // The harness's task ids are `task-<the step's key>`. The setup fee's task is completed when it was paid; month
    // 1 is still unpaid: its task stays open and its reminder goes out 45 minutes after it was created.
    expect(fake.closedTasks).toEqual([{ taskId: `task-${taskKey('setup')}`, paidAtMs }])
    expect(fake.notifications.filter((n) => n.kind === 'TASK_DUE').map((n) => n.entity)).toEqual([
      { type: 'task', id: `task-${taskKey('monthly-1')}` },
    ])
  })
})

describe('what is still owed at the end (decision 0056)', () => {
  const taskKey = (fake: FakePartnership, paymentKey: string) =>
    `partnership-${fake.snapshot.partnershipId}/dunning/${paymentKey}/call-task`

  it('is handed to the owner as a call task at the churn, once per owed payment; the sequence sends nothing after', async () => {
    const { fake, startMs } = await startingIn(0, { status: 'ACTIVE', statusChanges: 1 })
    let churnedAtMs = 0
    await withPartnership(env, fake, async (handle) => {
      for (const paymentKey of ['setup', 'monthly-1']) {
        await handle.signal(paymentReceivedSignal, { paymentKey, paidAt: new Date(startMs).toISOString() })
      }
      await handled(handle)
      // Day 35: month 2 (a calendar month after kickoff) is a few days overdue, short of its day-10 call task.
      await env.sleep(35 * day)
      expect(fake.callTasks).toEqual([])
      churnedAtMs = await env.currentTimeMs()
      await churn(handle)
      await handle.result()
    })
    // Month 2 is owed: the owner's call task, at the churn; month 3 was cancelled and owes nothing.
    expect(fake.cancelled).toEqual(['monthly-3'])
    expect(fake.callTasks.map((task) => [task.idempotencyKey, inMinutes(task.atMs - churnedAtMs)])).toEqual([
      [taskKey(fake, 'monthly-2'), 0],
    ])
    // The owner is told why, once; no reminder goes to the client who left, and nothing is escalated.
    const notices = fake.notifications.filter((n) => n.kind === 'PARTNERSHIP_PAYMENT_OVERDUE')
    expect(notices.map((n) => [n.audience, n.idempotencyKey, inMinutes(n.atMs - churnedAtMs)])).toEqual([
      [undefined, taskKey(fake, 'monthly-2'), 0],
    ])
    expect(notices[0]!.detail).toMatch(/^The partnership has ended and the monthly fee for month 2 is still owed\./)
    expect(fake.clientMessages.filter((message) => message.atMs >= churnedAtMs)).toEqual([])
  })

  it('keeps the call task the sequence made already, and tells the managers when nobody owns the partnership', async () => {
    const owned = await startingIn(0, { status: 'ACTIVE', statusChanges: 1 })
    await withPartnership(env, owned.fake, async (handle) => {
      // Day 12: the setup fee's and month 1's call tasks were made on day 10.
      await env.sleep(12 * day)
      await churn(handle)
      await handle.result()
    })
    expect(owned.fake.callTasks.map((task) => task.idempotencyKey)).toEqual([
      taskKey(owned.fake, 'setup'),
      taskKey(owned.fake, 'monthly-1'),
    ])

    const ownerless = await startingIn(0, { status: 'ACTIVE', statusChanges: 1, ownerId: null })
    let churnedAtMs = 0
    await withPartnership(env, ownerless.fake, async (handle) => {
      await env.sleep(2 * day)
      churnedAtMs = await env.currentTimeMs()
      await churn(handle)
      await handle.result()
    })
    expect(ownerless.fake.callTasks).toEqual([])
    const handedOver = ownerless.fake.notifications.filter(
      (n) => n.kind === 'PARTNERSHIP_PAYMENT_OVERDUE' && n.atMs >= churnedAtMs,
    )
    expect(handedOver.map((n) => [n.audience, n.idempotencyKey])).toEqual([
      ['managers', `partnership-${ownerless.fake.snapshot.partnershipId}/dunning/setup/escalation`],
      ['managers', `partnership-${ownerless.fake.snapshot.partnershipId}/dunning/monthly-1/escalation`],
    ])
  })
})

describe('runs recorded before billing ended with the partnership', () => {
  it('replay: a call task, a payment marked received, and a churn, as version 2 ran them', async () => {
    const { fake, startMs } = await startingIn(1)
    let history: Awaited<ReturnType<PartnershipHandle['fetchHistory']>> | undefined
    await withPartnership(env, fake, async (handle) => {
      await env.sleep(startMs + 10 * day + 10 * minute - (await env.currentTimeMs()))
      await handle.executeUpdate(markPaymentReceivedUpdate, { args: [{ paymentKey: 'setup', actor: owner }] })
      await env.sleep(2 * hour)
      await churn(handle)
      await handle.result()
      history = await handle.fetchHistory()
    })
    if (process.env.RECORD_PARTNERSHIP_HISTORY) {
      writeFileSync(
        new URL(`./histories/${process.env.RECORD_PARTNERSHIP_HISTORY}`, import.meta.url),
        JSON.stringify(history),
      )
    }
    const bundle = { workflowBundle: await bundledWorkflows() }
    await Worker.runReplayHistory(bundle, history!, 'replay-partnership-billing-now')
    const recorded = recordedHistory('partnership-workflow-v2-dunning.json')
    const types = (recorded.events ?? []).map((event) => event.activityTaskScheduledEventAttributes?.activityType?.name)
    // What version 2 ran: the call task, the person's receipt, then the end without touching billing.
    expect(types).toContain('createPaymentCallTask')
    expect(types).toContain('recordPaymentReceived')
    expect(types).not.toContain('endBillingSubscription')
    await Worker.runReplayHistory(bundle, recorded, 'replay-partnership-v2')
  })
})
