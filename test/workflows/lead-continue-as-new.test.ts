import { randomUUID } from 'node:crypto'
import type { WorkflowHandle } from '@temporalio/client'
import { temporal } from '@temporalio/proto'
import type { TestWorkflowEnvironment } from '@temporalio/testing'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { leadWorkflow } from '../../workflows/lead'
import {
  leadEventSignal,
  leadStatusQuery,
  markContactedUpdate,
  pauseNurtureUpdate,
  resumeNurtureUpdate,
  type LeadEvent,
} from '../../workflows/lead-messages'
import { idle, type HistoryEvent } from '../support/run-history'
import { createTimeSkippingEnvironment } from '../support/temporal'
import { FakeLead, testActor, withLeadWorkflow } from './lead-lifecycle-harness'

// A lead lives for months and hears of every booking, reply, session and calculation: its history grows without
// bound. Once it is long the run continues as new, and the new run must be the same lead at the same place:
// nothing sent again, nothing forgotten, every timer still due when it was (decision 0019).

const minute = 60_000
const hour = 60 * minute

let env: TestWorkflowEnvironment

beforeAll(async () => {
  env = await createTimeSkippingEnvironment()
})

afterAll(async () => {
  await env?.teardown()
})

/** Low, so a dozen events make the run continue as new (production uses the default of decision 0019). */
const continueAsNewAfterEvents = 80

let eventCounter = 0
function event(kind: LeadEvent['kind'], refId = `ref-${kind}`): LeadEvent {
  eventCounter += 1
  return { eventId: `can-test:${eventCounter}`, kind, occurredAt: new Date().toISOString(), refId }
}

const EventType = temporal.api.enums.v1.EventType

/**
 * Waits until the lead's latest run is idle and has handled everything it was sent, then answers its status.
 * Queried only when idle: on the time-skipping test server a query that arrives while a run is completing with
 * continue-as-new is never answered (it hung this test for minutes), and an idle run cannot start one.
 */
async function settled(handle: WorkflowHandle<typeof leadWorkflow>) {
  for (let attempt = 0; attempt < 800; attempt += 1) {
    const history = await handle.fetchHistory()
    if (idle(history.events ?? [])) {
      const status = await handle.query(leadStatusQuery)
      if (status.pendingEvents === 0) return status
    }
    await new Promise((resolve) => setTimeout(resolve, 25))
  }
  throw new Error('The lead workflow did not settle in time')
}

/** Every run of the workflow, first to latest, with its history. */
async function runsOf(handle: WorkflowHandle<typeof leadWorkflow>) {
  const runs: { runId: string; events: HistoryEvent[] }[] = []
  let runId: string | undefined = (await handle.describe()).runId
  while (runId) {
    const events: HistoryEvent[] =
      (await env.client.workflow.getHandle(handle.workflowId, runId).fetchHistory()).events ?? []
    runs.unshift({ runId, events })
    runId = events[0]?.workflowExecutionStartedEventAttributes?.continuedExecutionRunId || undefined
  }
  return runs
}

/**
 * Skips test-server time. The server stops skipping while a closed run still has a task outstanding (a send
 * scheduled in the task that continued as new): say so instead of running into the test's timeout.
 */
async function skipTime(ms: number) {
  let stall: NodeJS.Timeout | undefined
  const stalled = new Promise<never>((_, reject) => {
    stall = setTimeout(() => reject(new Error('Time stopped skipping: a closed run left work outstanding')), 90_000)
  })
  try {
    await Promise.race([env.sleep(ms), stalled])
  } finally {
    clearTimeout(stall)
  }
}

/** Every run but the latest ended by continuing as new with no workflow task and no activity outstanding. */
async function expectCleanSwitches(handle: WorkflowHandle<typeof leadWorkflow>) {
  for (const run of (await runsOf(handle)).slice(0, -1)) {
    expect(run.events.at(-1)?.eventType).toBe(EventType.EVENT_TYPE_WORKFLOW_EXECUTION_CONTINUED_AS_NEW)
    expect(idle(run.events.slice(0, -1))).toBe(true)
  }
}

const count = (calls: string[], name: string) => calls.filter((call) => call === name).length

/** The search attributes a run started with, decoded (each a JSON-encoded keyword). */
function startedSearchAttributes(events: HistoryEvent[]): Record<string, unknown> {
  const fields = events[0]?.workflowExecutionStartedEventAttributes?.searchAttributes?.indexedFields ?? {}
  return Object.fromEntries(
    Object.entries(fields).map(([key, payload]) => [key, JSON.parse(Buffer.from(payload.data!).toString('utf8'))]),
  )
}

describe('a lead whose history grows long continues as new', () => {
  it('carries owner, score, alerts, pause and nurture position; loses no signal; its timers fire once, on time', async () => {
    const createdAtMs = await env.currentTimeMs()
    const fake = new FakeLead(`lead-${randomUUID()}`, {
      createdAt: new Date(createdAtMs).toISOString(),
      source: 'VOICE_AGENT',
    })
    // The first score crosses 80 (the "score above 80" alert); later ones stay there.
    fake.scores = [{ score: 85 }, { score: 86 }]

    await withLeadWorkflow(
      env,
      fake,
      async (handle) => {
        const firstRunId = (await handle.describe()).runId
        const ended = event('voice.session.ended', 'session-1')
        await handle.signal(leadEventSignal, ended)
        await settled(handle)
        expect(fake.sentSteps()).toEqual(['voice-with-email/thank-you'])

        // Months of small events, sent as they come (not one at a time), with nurture paused and resumed among
        // them: the run passes its threshold while signals and updates keep arriving.
        const rescoredBefore = count(fake.calls, 'rescoreLead')
        const flood: LeadEvent[] = []
        for (let index = 0; index < 16; index += 1) flood.push(event('voice.session.updated', `session-${index}`))
        const signals: Promise<void>[] = []
        let paused: Promise<unknown> | null = null
        for (const [index, each] of flood.entries()) {
          signals.push(handle.signal(leadEventSignal, each))
          if (index === 8) paused = handle.executeUpdate(pauseNurtureUpdate, { args: [{ actor: testActor }] })
          await new Promise((resolve) => setTimeout(resolve, 15))
        }
        await Promise.all(signals)
        expect((await paused)!).toMatchObject({ nurturePaused: true })
        await settled(handle)

        // Each event was handled once, though runs ended and began among them.
        expect(count(fake.calls, 'rescoreLead') - rescoredBefore).toBe(flood.length)
        const runs = await runsOf(handle)
        expect(runs.length).toBeGreaterThanOrEqual(2)
        expect(runs[0]!.runId).toBe(firstRunId)
        await expectCleanSwitches(handle)
        const firstRun = await env.client.workflow.getHandle(handle.workflowId, firstRunId).describe()
        expect(firstRun.status.name).toBe('CONTINUED_AS_NEW')
        const latest = await handle.describe()
        expect(latest.runId).not.toBe(firstRunId)
        expect(latest.status.name).toBe('RUNNING')
        // The lead list still finds it by stage, owner and band.
        expect(startedSearchAttributes(runs.at(-1)!.events)).toMatchObject({
          CrmStage: 'NEW',
          CrmOwner: 'rep-1',
          CrmScoreBand: 'hot',
        })

        // The run that answers now is the same lead at the same place.
        const carried = await handle.query(leadStatusQuery)
        expect(carried.ownerId).toBe('rep-1')
        expect(carried.score).toBe(86)
        expect(carried.status).toBe('NEW')
        expect(carried.phase).toBe('open')
        expect(carried.nurturePaused).toBe(true)
        expect(carried.sequences?.[0]?.steps.map((step) => step.state)).toEqual([
          'sent',
          'waiting',
          'scheduled',
          'scheduled',
          'scheduled',
        ])

        // A redelivery of an event an earlier run saw is still recognised: no second handling.
        const rescoredAfter = count(fake.calls, 'rescoreLead')
        await handle.signal(leadEventSignal, flood[0]!)
        await handle.signal(leadEventSignal, ended)
        await settled(handle)
        expect(count(fake.calls, 'rescoreLead')).toBe(rescoredAfter)

        // Updates are answered by the new run: the pause it carried ends, the sequence goes on where it was.
        const resumed = await handle.executeUpdate(resumeNurtureUpdate, { args: [{ actor: testActor }] })
        expect(resumed.nurturePaused).toBe(false)
        const plan = (await settled(handle)).sequences![0]!
        const sequenceStartedMs = Date.parse(plan.startedAt)
        // The pause lasted as long as the test took to send the flood (the test server's clock ran, unskipped).
        const pausedForMs = Date.parse(plan.steps[1]!.dueAt) - (sequenceStartedMs + 2 * hour)
        expect(pausedForMs).toBeGreaterThanOrEqual(0)
        expect(pausedForMs).toBeLessThan(5 * minute)

        // The +2 h and +24 h steps and the 24-hour alert, due after the switch, fire once each at their time.
        await skipTime(createdAtMs + 25 * hour - (await env.currentTimeMs()))
        await settled(handle)
        const minutesAfterStart = (step: string) =>
          fake.sends
            .filter((send) => send.step === step)
            .map((send) => Math.round((Date.parse(send.now) - sequenceStartedMs - pausedForMs) / minute))
        expect(minutesAfterStart('roi-link')).toEqual([2 * 60])
        expect(minutesAfterStart('case-study')).toEqual([24 * 60])
        const overdue = fake.notifications.filter((notification) => notification.kind === 'LEAD_NEW_OVERDUE')
        expect(overdue.map((alert) => Math.round((Date.parse(alert.now) - createdAtMs) / minute))).toEqual([24 * 60])

        const contacted = await handle.executeUpdate(markContactedUpdate, { args: [{ actor: testActor }] })
        expect(contacted.status).toBe('CONTACTED')

        // The +72 h step fires once at its time.
        await skipTime(sequenceStartedMs + pausedForMs + 72 * hour + minute - (await env.currentTimeMs()))
        await settled(handle)
        expect(minutesAfterStart('booking-cta')).toEqual([72 * 60])

        // Nothing the first run did was done again: no acknowledgement (a voice-agent lead gets the thank-you,
        // §9.1), one assignment, each alert once, each step once.
        expect(fake.acknowledgements).toBe(0)
        expect(count(fake.calls, 'assignLeadOwner')).toBe(1)
        expect(fake.notifications.map((notification) => notification.kind).sort()).toEqual([
          'LEAD_ASSIGNED',
          'LEAD_HIGH_SCORE',
          'LEAD_NEW_OVERDUE',
        ])
        expect(fake.sentSteps()).toEqual([
          'voice-with-email/thank-you',
          'voice-with-email/roi-link',
          'voice-with-email/case-study',
          'voice-with-email/booking-cta',
        ])

        // Later switches (during the timers) left nothing behind either; none came before the threshold.
        await expectCleanSwitches(handle)
        const lengths = (await runsOf(handle)).map((run) => run.events.length)
        for (const length of lengths.slice(0, -1)) expect(length).toBeGreaterThanOrEqual(continueAsNewAfterEvents)
      },
      { continueAsNewAfterEvents },
    )
  }, 300_000)
})
