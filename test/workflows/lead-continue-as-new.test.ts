import { randomUUID } from 'node:crypto'
import type { WorkflowHandle } from '@temporalio/client'
import type { TestWorkflowEnvironment } from '@temporalio/testing'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { leadWorkflow } from '../../workflows/lead'
import { leadEventSignal, leadStatusQuery, type LeadEvent } from '../../workflows/lead-messages'
import { createTimeSkippingEnvironment } from '../support/temporal'
import { FakeLead, withLeadWorkflow } from './lead-lifecycle-harness'

// A lead lives for months and hears of every booking, reply, session and calculation: its history grows without
// bound. Once it is long the run continues as new, and the new run must be the same lead at the same place:
// nothing sent again, nothing forgotten, every timer still due when it was.

const minute = 60_000
const hour = 60 * minute

let env: TestWorkflowEnvironment

beforeAll(async () => {
  env = await createTimeSkippingEnvironment()
})

afterAll(async () => {
  await env?.teardown()
})

/** Low, so a few dozen events make the run continue as new (production uses the default of decision 0019). */
const continueAsNewAfterEvents = 80

let eventCounter = 0
function event(kind: LeadEvent['kind'], refId = `ref-${kind}`): LeadEvent {
  eventCounter += 1
  return { eventId: `can-test:${eventCounter}`, kind, occurredAt: new Date().toISOString(), refId }
}

/** Waits until the (latest) run has handled everything it was sent. */
async function settled(handle: WorkflowHandle<typeof leadWorkflow>) {
  for (let attempt = 0; attempt < 400; attempt += 1) {
    const status = await handle.query(leadStatusQuery).catch(() => null)
    if (status?.pendingEvents === 0) return status
    await new Promise((resolve) => setTimeout(resolve, 25))
  }
  throw new Error('The lead workflow did not settle in time')
}

async function startEventOf(handle: WorkflowHandle<typeof leadWorkflow>) {
  const history = await handle.fetchHistory()
  return history.events![0]!.workflowExecutionStartedEventAttributes!
}

describe('a lead whose history grows long continues as new', () => {
  it('carries owner, score, status, alerts and nurture position; sends nothing twice; the next step fires once', async () => {
    const fake = new FakeLead(`lead-${randomUUID()}`, {
      createdAt: new Date(await env.currentTimeMs()).toISOString(),
      source: 'VOICE_AGENT',
    })
    // The first score crosses 80 (the "score above 80" alert); later ones stay there.
    fake.scores = [{ score: 85 }, { score: 86 }]

    await withLeadWorkflow(
      env,
      fake,
      async (handle) => {
        const firstRunId = (await handle.describe()).runId
        await handle.signal(leadEventSignal, event('voice.session.ended', 'session-1'))
        await settled(handle)
        // Past the 24-hour mark (the owner hears the lead is still New) and the +2 h step, before the +72 h one.
        await env.sleep(25 * hour)
        await settled(handle)
        expect(fake.sentSteps()).toEqual([
          'voice-with-email/thank-you',
          'voice-with-email/roi-link',
          'voice-with-email/case-study',
        ])

        // Months of small events, in the first run's history.
        const flood: LeadEvent[] = []
        for (let index = 0; index < 8; index += 1) flood.push(event('voice.session.updated', `session-${index}`))
        for (const each of flood) {
          await handle.signal(leadEventSignal, each)
          await settled(handle)
        }

        const latest = await handle.describe()
        expect(latest.runId).not.toBe(firstRunId)
        expect(latest.status.name).toBe('RUNNING')
        const firstRun = await env.client.workflow.getHandle(handle.workflowId, firstRunId).describe()
        expect(firstRun.status.name).toBe('CONTINUED_AS_NEW')
        const started = await startEventOf(handle)
        expect(started.continuedExecutionRunId).toBeTruthy()
        expect(started.continuedExecutionRunId).not.toBe(latest.runId)

        const status = await settled(handle)
        expect(status.ownerId).toBe('rep-1')
        expect(status.score).toBe(86)
        expect(status.status).toBe('NEW')
        expect(status.phase).toBe('open')
        expect(status.sequences?.[0]?.steps.map((step) => step.state)).toEqual([
          'sent',
          'sent',
          'sent',
          'scheduled',
          'scheduled',
        ])
        expect(status.upcomingSteps?.some((step) => step.kind === 'reminder')).toBe(false)

        // An event the first run saw is still recognised: no rescoring for it.
        const rescoringsBefore = fake.calls.filter((call) => call === 'rescoreLead').length
        await handle.signal(leadEventSignal, flood[flood.length - 1]!)
        await settled(handle)
        expect(fake.calls.filter((call) => call === 'rescoreLead').length).toBe(rescoringsBefore)

        // The +72 h step, due after the continuation, fires once at its time (72 h after the session ended).
        const sequenceStartedMs = Date.parse(status.sequences![0]!.startedAt)
        await env.sleep(sequenceStartedMs + 72 * hour + minute - (await env.currentTimeMs()))
        await settled(handle)
        const bookingCta = fake.sends.filter((send) => send.step === 'booking-cta')
        expect(bookingCta).toHaveLength(1)
        expect(Math.round((Date.parse(bookingCta[0]!.now) - sequenceStartedMs) / minute)).toBe(72 * 60)

        // A voice-agent lead gets the thank-you with its transcript, not the form acknowledgement (§9.1).
        expect(fake.acknowledgements).toBe(0)
        expect(fake.calls.filter((call) => call === 'assignLeadOwner')).toHaveLength(1)
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
      },
      { continueAsNewAfterEvents },
    )
  }, 300_000)
})
