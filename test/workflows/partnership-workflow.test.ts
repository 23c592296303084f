// The partnership workflow's own logic under the time-skipping server, with typed in-memory stand-ins for its
// activities: a Foundation partnership over its 12 weeks, a slip, a pause, a health drop, refusals, replay.
import { writeFileSync } from 'node:fs'
import type { TestWorkflowEnvironment } from '@temporalio/testing'
import { Worker } from '@temporalio/worker'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { PartnershipSnapshot } from '../../activities/partnership-contract'
import type { MoveActor } from '../../domain/deals/deal-moves'
import { partnershipWorkflowId } from '../../workflows/entity-ids'
import { partnershipWorkflow } from '../../workflows/partnership'
import { markPaymentReceivedUpdate } from '../../workflows/partnership-payment-messages'
import { meetingBookedSignal, recordPartnershipWorkUpdate } from '../../workflows/partnership-work-messages'
import {
  changePartnershipUpdate,
  meetingHeldSignal,
  partnershipStatusQuery,
  paymentReceivedSignal,
  type PartnershipWorkflowInput,
} from '../../workflows/partnership-messages'
import {
  complete,
  day,
  days,
  FakePartnership,
  handled,
  hour,
  inMinutes,
  manager,
  minute,
  owner,
  refusal,
  settled,
  freshPartnership as freshPartnershipIn,
  withPartnership as withPartnershipIn,
  type PartnershipHandle as Handle,
} from '../support/partnership-harness'
import { patchesIn, recordedHistory } from '../support/recorded-history'
import { idle, untilIdle } from '../support/run-history'
import { bundledWorkflows, createTimeSkippingEnvironment, uniqueTaskQueue } from '../support/temporal'

let env: TestWorkflowEnvironment

beforeAll(async () => {
  env = await createTimeSkippingEnvironment()
})

afterAll(async () => {
  await env?.teardown()
})

const freshPartnership = (snapshot: Partial<PartnershipSnapshot> = {}) => freshPartnershipIn(env, snapshot)
const withPartnership = (
  fake: FakePartnership,
  body: (handle: Handle) => Promise<void>,
  input: Omit<PartnershipWorkflowInput, 'partnershipId'> = {},
) => withPartnershipIn(env, fake, body, input)

describe('the partnership workflow', () => {
  it('runs a Foundation partnership through its 12 weeks: reminders, phases, completing, graduation', async () => {
    const { fake, startMs } = await freshPartnership()
    await withPartnership(fake, async (handle) => {
      // Planned from kickoff: weeks 4, 8 and 12 are days 28, 56 and 84.
      expect(fake.plans[0]!.milestones.map((m) => [m.key, days(m.dueAtMs - startMs)])).toEqual([
        ['week-4', 28],
        ['week-8', 56],
        ['week-12', 84],
      ])
      expect(fake.payments[0]!.payments).toEqual([{ key: 'setup', type: 'SETUP', amount: 9500, dueAtMs: startMs }])
      await env.sleep(2 * hour)
      await handle.signal(paymentReceivedSignal, {
        paymentKey: 'setup',
        paidAt: new Date(startMs + hour).toISOString(),
      })
      await handle.signal(meetingHeldSignal, { meetingId: 'kickoff', attended: true, at: new Date().toISOString() })
      await handled(handle)

      await env.sleep(27 * day - 2 * hour)
      await complete(handle, 'week-4')
      await env.sleep(28 * day)
      await complete(handle, 'week-8')
      await env.sleep(27 * day)
      // Day 82: the final milestone is still open, graduation is refused.
      expect(
        await refusal(handle.executeUpdate(changePartnershipUpdate, { args: [{ kind: 'graduate', actor: owner }] })),
      ).toMatch(/final milestone is not done/)
      await env.sleep(day)
      await complete(handle, 'week-12')
      const graduated = await handle.executeUpdate(changePartnershipUpdate, {
        args: [{ kind: 'graduate', actor: owner }],
      })
      expect(graduated.status).toBe('GRADUATED')
      expect(await handle.result()).toEqual({ status: 'GRADUATED' })

      // Three days before each due date (28 − 3, 56 − 3, 84 − 3); each done a day early, so nothing overdue.
      expect(fake.daysOf('PARTNERSHIP_MILESTONE_DUE')).toEqual([25, 53, 81])
      expect(fake.daysOf('PARTNERSHIP_MILESTONE_OVERDUE')).toEqual([])
      // §5.1: Onboarding until the kickoff (2 h), Discover, Co-Create from week 3 (day 14), Deploy from week 7
      // (day 42), Independent when the final milestone is done (day 83).
      expect(fake.phases()).toEqual([
        ['ONBOARDING', 0],
        ['DISCOVER', inMinutes(2 * hour)],
        ['CO_CREATE', inMinutes(14 * day)],
        ['DEPLOY', inMinutes(42 * day)],
        ['INDEPENDENT', inMinutes(83 * day)],
      ])
      // Completing two weeks before the final milestone's date: day 84 − 14 = 70.
      expect(fake.statuses.map((s) => [s.fromStatus, s.toStatus, inMinutes(s.atMs - startMs), s.byId])).toEqual([
        [null, 'ONBOARDING', 0, null],
        ['ONBOARDING', 'ACTIVE', inMinutes(2 * hour), null],
        ['ACTIVE', 'COMPLETING', inMinutes(70 * day), null],
        ['COMPLETING', 'GRADUATED', inMinutes(83 * day), 'cs-1'],
      ])
      expect(fake.alerts).toEqual([])
      expect(fake.projections.at(-1)).toMatchObject({ workflowStatus: 'COMPLETED', nextStep: null })
    })
  })

  it('moves the milestones after a late one by the slip and reminds them on their new dates', async () => {
    const { fake, startMs } = await freshPartnership()
    await withPartnership(fake, async (handle) => {
      await env.sleep(33 * day)
      // Week 4 (day 28) done on day 33: five days late.
      await complete(handle, 'week-4')
      const plan = fake.lastPlan().milestones
      expect(plan.map((m) => [m.key, days(m.dueAtMs - startMs), days(m.plannedAtMs - startMs)])).toEqual([
        ['week-4', 28, 28],
        ['week-8', 61, 56],
        ['week-12', 89, 84],
      ])
      expect(plan[1]!.movedBecause).toBe('5 days later: “First system live” was done 5 days late')
      expect(days(fake.lastPlan().targetEndMs - startMs)).toBe(89)
      // Reminded 3 days before day 28, the day after it (29); week 8 now at 61 − 3 = 58, not 53.
      await env.sleep(24 * day)
      expect(fake.daysOf('PARTNERSHIP_MILESTONE_DUE')).toEqual([25])
      expect(fake.daysOf('PARTNERSHIP_MILESTONE_OVERDUE')).toEqual([29])
      await env.sleep(2 * day)
      expect(fake.daysOf('PARTNERSHIP_MILESTONE_DUE')).toEqual([25, 58])
    })
  })

  it('stops every clock while paused and shifts the plan by the paused time on resume', async () => {
    const { fake, startMs } = await freshPartnership({ status: 'ACTIVE', statusChanges: 1 })
    await withPartnership(fake, async (handle) => {
      await env.sleep(10 * day)
      const paused = await handle.executeUpdate(changePartnershipUpdate, {
        args: [{ kind: 'pause', reason: 'Client’s busy season', actor: owner }],
      })
      expect(paused.status).toBe('PAUSED')
      // Week 4's reminder (day 25) falls inside the pause: not sent.
      await env.sleep(20 * day)
      expect(fake.notifications.filter((n) => n.kind.startsWith('PARTNERSHIP_MILESTONE'))).toEqual([])
      expect(fake.phases().at(-1)![0]).toBe('DISCOVER')
      await handle.executeUpdate(changePartnershipUpdate, { args: [{ kind: 'resume', actor: owner }] })
      // Paused 20 days: week 4 is now due on day 48, reminded on day 45; Co-Create begins on day 14 + 20 = 34.
      const plan = fake.lastPlan().milestones
      expect(plan.map((m) => days(m.dueAtMs - startMs))).toEqual([48, 76, 104])
      expect(plan[0]!.movedBecause).toBe('20 days later: the partnership was paused')
      await env.sleep(16 * day)
      expect(fake.daysOf('PARTNERSHIP_MILESTONE_DUE')).toEqual([45])
      expect(fake.phases().slice(-1)).toEqual([['CO_CREATE', inMinutes(34 * day)]])
      expect(fake.statuses.map((s) => [s.toStatus, days(s.atMs - startMs), Math.round(s.pausedMs / day)])).toEqual([
        ['PAUSED', 10, 0],
        ['ACTIVE', 30, 20],
      ])
    })
  })

  it('alerts the owner and the managers once when health falls below 50, not on every recalculation', async () => {
    const { fake } = await freshPartnership()
    await withPartnership(fake, async (handle) => {
      const meeting = (meetingId: string, attended: boolean) =>
        handle.signal(meetingHeldSignal, { meetingId, attended, at: new Date().toISOString() })
      await meeting('m1', false)
      await meeting('m2', false)
      await handled(handle)
      // Engagement 0 of 2 is the only component with data: the score is 0, "at risk".
      expect(fake.snapshots.map((s) => [s.overall, s.band]).at(-1)).toEqual([0, 'at-risk'])
      expect(fake.alerts.map((a) => [a.alert.type, a.alert.severity])).toEqual([['health-at-risk', 'critical']])
      await meeting('m3', true)
      await meeting('m4', false)
      await handled(handle)
      // 1 of 4 attended: 25, a new score in the same band, recorded without a new alert.
      expect(fake.snapshots.map((s) => s.overall).slice(-1)).toEqual([25])
      expect(fake.alerts).toHaveLength(1)
      const health = fake.notifications.filter((n) => n.kind === 'PARTNERSHIP_HEALTH_ALERT')
      expect(health.map((n) => n.audience)).toEqual(['owner', 'managers'])
      expect(fake.progress.at(-1)).toMatchObject({ healthScore: 25, atRisk: true })
    })
  })

  it('refuses changes it may not make and writes nothing', async () => {
    const { fake } = await freshPartnership()
    const rep: MoveActor = { kind: 'user', userId: 'rep-1', role: 'SALES_REP' }
    await withPartnership(fake, async (handle) => {
      const written = fake.statuses.length
      expect(
        await refusal(
          handle.executeUpdate(changePartnershipUpdate, { args: [{ kind: 'pause', reason: ' ', actor: owner }] }),
        ),
      ).toMatch(/Say why/)
      expect(
        await refusal(
          handle.executeUpdate(changePartnershipUpdate, { args: [{ kind: 'churn', reason: 'x', actor: rep }] }),
        ),
      ).toMatch(/Only the partnership’s Customer Success owner/)
      expect(
        await refusal(handle.executeUpdate(changePartnershipUpdate, { args: [{ kind: 'resume', actor: owner }] })),
      ).toMatch(/Only a paused partnership/)
      expect(await refusal(complete(handle, 'week-99'))).toMatch(/not a milestone/)
      expect(fake.statuses).toHaveLength(written)
      expect(fake.plans).toHaveLength(1)
    })
  })

  it('writes a pause that arrives while the run starts after the start-up’s projection: the page says paused', async () => {
    const { fake } = await freshPartnership()
    // The run has read the partnership; its first projection is still being written.
    let calls = 0
    fake.projectionDelayMs = () => (calls++ === 0 ? 500 : 0)
    await withPartnership(fake, async (handle) => {
      await handle.executeUpdate(changePartnershipUpdate, {
        args: [{ kind: 'pause', reason: 'Holidays', actor: owner }],
      })
      await handled(handle)
      for (let attempt = 0; attempt < 200 && fake.projections.length < Math.max(calls, 2); attempt += 1) {
        await new Promise((resolve) => setTimeout(resolve, 25))
      }
      expect(fake.projections[0]!.upcomingSteps?.paused).toBe(false)
      expect(fake.projections.at(-1)!.upcomingSteps?.paused).toBe(true)
    })
  })

  it('sends nothing about a seeded partnership’s past: reminders before the run are history', async () => {
    const nowMs = await env.currentTimeMs()
    // Kicked off 30 days ago: week 4's first reminders (days 25 and 29) are history; its weekly overdue reminders
    // (days 36, 43, 50) and week 8's (day 53) are ahead.
    const { fake } = await freshPartnership({ startMs: nowMs - 30 * day, status: 'ACTIVE', statusChanges: 1 })
    await withPartnership(
      fake,
      async () => {
        await env.sleep(22 * day)
        expect(fake.daysOf('PARTNERSHIP_MILESTONE_DUE')).toEqual([])
        expect(fake.daysOf('PARTNERSHIP_MILESTONE_OVERDUE')).toEqual([36, 43, 50])
        await env.sleep(2 * day)
        expect(fake.daysOf('PARTNERSHIP_MILESTONE_DUE')).toEqual([53])
      },
      { historyUntil: new Date(nowMs).toISOString() },
    )
  })

  it('replays the history of a typical partnership, and the histories recorded of each version', async () => {
    const { fake } = await freshPartnership()
    let history: Awaited<ReturnType<Handle['fetchHistory']>> | undefined
    await withPartnership(fake, async (handle) => {
      const startedMs = await env.currentTimeMs()
      // A Cal.com review five hours ahead: its client reminder an hour before (partnership-meeting-client-reminders).
      await handle.signal(meetingBookedSignal, {
        meetingId: 'calcom-r1',
        title: 'Review',
        startsAt: new Date(startedMs + 5 * hour).toISOString(),
        cancelled: false,
      })
      await handle.signal(meetingHeldSignal, { meetingId: 'kickoff', attended: true, at: new Date().toISOString() })
      await handled(handle)
      // A delivered system and a status change (partnership-work).
      await handle.executeUpdate(recordPartnershipWorkUpdate, {
        args: [
          {
            kind: 'add-system',
            name: 'Lead intake',
            category: 'LEAD_CAPTURE_QUALIFICATION',
            hoursSavedPerWeek: 6,
            actor: owner,
          },
        ],
      })
      await handle.executeUpdate(recordPartnershipWorkUpdate, {
        args: [{ kind: 'system-status', systemId: 'system-1', status: 'BUILDING', actor: owner }],
      })
      // The setup fee's "due today" reminder, then the payment (partnership-payments-v1).
      await env.sleep(2 * hour)
      await handle.executeUpdate(markPaymentReceivedUpdate, { args: [{ paymentKey: 'setup', actor: owner }] })
      await env.sleep(3 * hour)
      await handle.signal(meetingHeldSignal, { meetingId: 'calcom-r1', attended: true, at: new Date().toISOString() })
      await complete(handle, 'week-4')
      await handle.executeUpdate(changePartnershipUpdate, {
        args: [{ kind: 'pause', reason: 'Holidays', actor: owner }],
      })
      await env.sleep(day)
      await handle.executeUpdate(changePartnershipUpdate, { args: [{ kind: 'resume', actor: owner }] })
      await handle.executeUpdate(changePartnershipUpdate, {
        args: [{ kind: 'extend', weeks: 2, reason: 'A fourth system', actor: manager }],
      })
      await handle.executeUpdate(changePartnershipUpdate, {
        args: [{ kind: 'churn', reason: 'Budget cut', actor: manager }],
      })
      await handle.result()
      history = await handle.fetchHistory()
    })
    // The run went through every path the recorded history must hold.
    expect(fake.clientMessages.map((m) => m.template)).toEqual([
      'dunning:due-today',
      'appointment-reminder:partnership-meeting/1h',
    ])
    expect(fake.received.map((r) => r.paymentKey)).toEqual(['setup'])
    expect(fake.systemStatuses.map((s) => s.status)).toEqual(['BUILDING'])
    expect(fake.statuses.map((s) => s.toStatus)).toEqual(['ONBOARDING', 'ACTIVE', 'PAUSED', 'ACTIVE', 'CHURNED'])
    if (process.env.RECORD_PARTNERSHIP_HISTORY) {
      writeFileSync(
        new URL(`./histories/${process.env.RECORD_PARTNERSHIP_HISTORY}`, import.meta.url),
        JSON.stringify(history),
      )
    }
    const bundle = { workflowBundle: await bundledWorkflows() }
    await Worker.runReplayHistory(bundle, history!, 'replay-partnership-now')
    const v1 = recordedHistory('partnership-workflow-v1.json')
    expect(v1.events?.length).toBeGreaterThan(10)
    await Worker.runReplayHistory(bundle, v1, 'replay-partnership-v1')
    // v2: the first version with every patch since taken (payments, work, meeting reminders).
    const v2 = recordedHistory('partnership-workflow-v2.json')
    expect(patchesIn(v2).sort()).toEqual(
      ['partnership-meeting-client-reminders', 'partnership-payments-v1', 'partnership-work'].sort(),
    )
    await Worker.runReplayHistory(bundle, v2, 'replay-partnership-v2')
    // v3: every patch since, changes waiting for the start-up among them.
    const v3 = recordedHistory('partnership-workflow-v3.json')
    expect(patchesIn(v3)).toContain('partnership-changes-after-start-up')
    await Worker.runReplayHistory(bundle, v3, 'replay-partnership-v3')
  })
})

describe('the partnership’s payments', () => {
  /** A partnership whose setup fee falls due `inDays` from now, so its whole sequence lies ahead. */
  async function dueLater(inDays: number, snapshot: Partial<PartnershipSnapshot> = {}) {
    const nowMs = await env.currentTimeMs()
    const startMs = nowMs + inDays * day
    return { fake: new FakePartnership(env, startMs, { startMs, ...snapshot }), startMs }
  }

  /** Each client message, call task and escalation of the sequence: [what, minutes from the due date]. */
  function sequence(fake: FakePartnership, dueMs: number): [string, number][] {
    return [
      ...fake.clientMessages.map((m): [string, number] => [
        `${m.template} ${m.channels.join('/')}`,
        inMinutes(m.atMs - dueMs),
      ]),
      ...fake.callTasks.map((t): [string, number] => ['call task', inMinutes(t.atMs - dueMs)]),
      ...fake.notifications
        .filter((n) => n.kind === 'PARTNERSHIP_PAYMENT_OVERDUE' || n.kind === 'TASK_DUE')
        .map((n): [string, number] => [`${n.kind} ${n.audience ?? 'owner'}`, inMinutes(n.atMs - dueMs)]),
    ].sort((a, b) => a[1] - b[1])
  }

  it('runs the overdue sequence, each step at its time and by its channel, and stops at the payment', async () => {
    const { fake, startMs } = await dueLater(10)
    await withPartnership(fake, async (handle) => {
      // Upcoming steps show the sequence: §9.3 as payment-plan.ts states it, by hand from the due date (day 10).
      const ahead = (await handle.query(partnershipStatusQuery))!.upcomingSteps.filter((s) =>
        s.key.startsWith('payment/'),
      )
      expect(ahead.map((s) => [s.key, days(Date.parse(s.dueAt) - startMs)])).toEqual([
        ['payment/setup/heads-up', -3],
        ['payment/setup/due-today', 0],
        ['payment/setup/overdue', 3],
        ['payment/setup/overdue-sms', 7],
        ['payment/setup/call-task', 10],
        ['payment/setup/escalation', 14],
      ])
      // Without Stripe the billing activities answer "billed by a person"; they are asked once, at the start.
      expect(fake.billing).toEqual([{ call: 'setup-invoice' }])
      await env.sleep(10 * day + 12 * day)
      await handle.signal(paymentReceivedSignal, { paymentKey: 'setup', paidAt: new Date().toISOString() })
      await handled(handle)
      await env.sleep(20 * day)
    })
    // Heads-up 3 days before, on the day, 3 days late by email, 7 days by SMS (email if SMS may not be used), the
    // owner's call task at 10 days with its reminder 45 minutes later (due an hour after, reminded 15 minutes
    // before); paid on day 12: the managers' escalation (day 14) never happens.
    expect(sequence(fake, startMs)).toEqual([
      ['dunning:heads-up EMAIL', inMinutes(-3 * day)],
      ['dunning:due-today EMAIL', 0],
      ['dunning:overdue EMAIL', inMinutes(3 * day)],
      ['dunning:overdue-sms SMS/EMAIL', inMinutes(7 * day)],
      ['call task', inMinutes(10 * day)],
      ['TASK_DUE owner', inMinutes(10 * day + 45 * minute)],
    ])
    expect(
      fake.clientMessages.every(
        (m) => m.purpose === 'transactional' && 'contactId' in m.recipient && m.recipient.contactId === 'contact-1',
      ),
    ).toBe(true)
    expect(new Set(fake.clientMessages.map((m) => m.idempotencyKey)).size).toBe(4)
  })

  it('escalates to the managers at two weeks when nobody pays', async () => {
    const { fake, startMs } = await dueLater(1)
    await withPartnership(fake, async () => {
      await env.sleep(16 * day)
    })
    expect(sequence(fake, startMs).slice(-1)).toEqual([['PARTNERSHIP_PAYMENT_OVERDUE managers', inMinutes(14 * day)]])
  })

  it('sends no reminder when the payment arrives in the same instant one is due', async () => {
    // Ended on a worker however the test goes: a run left open would fire its timers on a later test's sleep.
    const churn = async (handle: Handle) => {
      await handle.executeUpdate(changePartnershipUpdate, {
        args: [{ kind: 'churn', reason: 'Test over', actor: manager }],
      })
      await handle.result()
    }
    const { fake, startMs } = await dueLater(5)
    const taskQueue = uniqueTaskQueue('partnership-same-instant')
    const bundle = await bundledWorkflows()
    const create = () =>
      Worker.create({
        connection: env.nativeConnection,
        namespace: env.namespace ?? 'default',
        taskQueue,
        activities: fake.activities() as never,
        workflowBundle: bundle,
        // No sticky queue: the next workflow task goes to whichever worker polls next.
        maxCachedWorkflows: 0,
      })
    const handle = await env.client.workflow.start(partnershipWorkflow, {
      workflowId: partnershipWorkflowId(fake.snapshot.partnershipId),
      taskQueue,
      args: [{ partnershipId: fake.snapshot.partnershipId }],
    })
    // Until an hour after the heads-up (day 2 + 1 h), with a worker.
    await (
      await create()
    ).runUntil(async () => {
      try {
        await settled(handle)
        await env.sleep(startMs - 3 * day + hour - (await env.currentTimeMs()))
        await handled(handle)
        // The test server skips no time while a task waits for a worker, for any run: the sleep below would never end.
        await untilIdle(handle)
      } catch (error) {
        await churn(handle)
        throw error
      }
    })
    expect(fake.clientMessages.map((m) => m.template)).toEqual(['dunning:heads-up'])
    // Checked before the sleep, which would never end if a task were waiting.
    const leftIdle = idle((await handle.fetchHistory()).events ?? [])
    if (leftIdle) {
      // No worker: the clock reaches the due instant, the "due today" timer fires, and the payment arrives, paid at
      // that very instant. The next workflow task holds both.
      await env.sleep(startMs - (await env.currentTimeMs()))
      await handle.signal(paymentReceivedSignal, { paymentKey: 'setup', paidAt: new Date(startMs).toISOString() })
    }
    await (
      await create()
    ).runUntil(async () => {
      try {
        expect(leftIdle).toBe(true)
        await handled(handle)
        await env.sleep(20 * day)
      } finally {
        await churn(handle)
      }
    })
    expect(fake.clientMessages.map((m) => m.template)).toEqual(['dunning:heads-up'])
    expect(fake.callTasks).toEqual([])
  })

  it('moves the unpaid payments not yet due by the paused time, and stays silent while paused', async () => {
    const monthly = { terms: { setupFee: 9500, monthlyFee: 3500, estimatedMonths: 3 } }
    const { fake, startMs } = await freshPartnership({ ...monthly, status: 'ACTIVE', statusChanges: 1 })
    /** Where the plan put each payment before the pause. */
    const planned = (key: string) => fake.payments[0]!.payments.find((p) => p.key === key)!.dueAtMs
    let setupCallTasks: unknown[] = []
    await withPartnership(fake, async (handle) => {
      expect(fake.billing).toEqual([{ call: 'setup-invoice' }, { call: 'monthly-subscription' }])
      await env.sleep(8 * day)
      await handle.executeUpdate(changePartnershipUpdate, { args: [{ kind: 'pause', reason: 'Busy', actor: owner }] })
      await env.sleep(20 * day)
      await handle.executeUpdate(changePartnershipUpdate, { args: [{ kind: 'resume', actor: owner }] })
      // Month 2 and 3 were not due at the pause (day 8): 20 days later. Setup and month 1 were due: they stay.
      expect(
        fake.rescheduled.map((r) => r.payments.map((p) => [p.key, inMinutes(p.dueAtMs - planned(p.key))])),
      ).toEqual([
        [
          ['monthly-2', inMinutes(20 * day)],
          ['monthly-3', inMinutes(20 * day)],
        ],
      ])
      // Stripe's collection paused and resumed under the status change's own number (2: paused, 3: resumed). On
      // resume Stripe's next invoice moves to month 2's new due date: planned, plus the 20 paused days (month 1 is
      // due already and unpaid; it keeps its invoice). The pause sends no date.
      expect(fake.billing.slice(2).map(({ nextBillingAtMs: _date, ...call }) => call)).toEqual([
        { call: 'collection', paused: true, statusChange: 2 },
        { call: 'collection', paused: false, statusChange: 3 },
      ])
      expect(fake.billing[2]!.nextBillingAtMs).toBeUndefined()
      expect(inMinutes(fake.billing[3]!.nextBillingAtMs! - planned('monthly-2'))).toBe(inMinutes(20 * day))
      const ahead = (await handle.query(partnershipStatusQuery))!.upcomingSteps.find(
        (s) => s.key === 'payment/monthly-2/heads-up',
      )!
      expect(inMinutes(Date.parse(ahead.dueAt) - planned('monthly-2'))).toBe(inMinutes(17 * day))
      await env.sleep(planned('monthly-2') + 17 * day + hour - (await env.currentTimeMs()))
      // While it runs (the harness's closing churn hands what is owed to the owner: decision 0056).
      setupCallTasks = fake.callTasks.filter((t) => t.idempotencyKey.includes('/setup/'))
    })
    const setup = fake.clientMessages.filter((m) => m.idempotencyKey.includes('/dunning/setup/'))
    // Setup: on the day, 3 and 7 days late; its call task (day 10) and escalation (day 14) fell in the pause.
    expect(setup.map((m) => [m.template, days(m.atMs - startMs)])).toEqual([
      ['dunning:due-today', 0],
      ['dunning:overdue', 3],
      ['dunning:overdue-sms', 7],
    ])
    expect(setupCallTasks).toEqual([])
    const monthTwo = fake.clientMessages.find((m) => m.idempotencyKey.endsWith('/dunning/monthly-2/heads-up'))!
    expect(inMinutes(monthTwo.atMs - planned('monthly-2'))).toBe(inMinutes(17 * day))
  })

  it('bills the months an extension begins', async () => {
    const monthly = { terms: { setupFee: 9500, monthlyFee: 3500, estimatedMonths: 3 } }
    const { fake, startMs } = await freshPartnership({ ...monthly, status: 'ACTIVE', statusChanges: 1 })
    await withPartnership(fake, async (handle) => {
      // 12 weeks + 4 = 112 days: month 4 begins at about day 90, before the end; month 5 (about day 120) after it.
      await handle.executeUpdate(changePartnershipUpdate, {
        args: [{ kind: 'extend', weeks: 4, reason: 'A fourth system', actor: manager }],
      })
      const added = fake.payments.slice(1).flatMap((planned) => planned.payments)
      expect(added.map((p) => [p.key, p.type, p.amount])).toEqual([['monthly-4', 'MONTHLY', 3500]])
      // Three calendar months after kickoff: 89 to 92 days.
      expect(days(added[0]!.dueAtMs - startMs)).toBeGreaterThanOrEqual(89)
      expect(days(added[0]!.dueAtMs - startMs)).toBeLessThanOrEqual(92)
      // The added month has its own sequence: its heads-up three days before it is due.
      await env.sleep(added[0]!.dueAtMs - 3 * day + hour - (await env.currentTimeMs()))
      const headsUp = fake.clientMessages.find((m) => m.idempotencyKey.endsWith('/dunning/monthly-4/heads-up'))!
      expect(inMinutes(headsUp.atMs - added[0]!.dueAtMs)).toBe(inMinutes(-3 * day))
    })
  })
})
