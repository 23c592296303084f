import type { temporal } from '@temporalio/proto'
import { randomUUID } from 'node:crypto'
import type { TestWorkflowEnvironment } from '@temporalio/testing'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { WorkflowHandle } from '@temporalio/client'
import type { leadWorkflow } from '../../workflows/lead'
import { leadStatusQuery } from '../../workflows/lead-messages'
import { createTimeSkippingEnvironment } from '../support/temporal'
import { FakeLead, withLeadWorkflow } from './lead-lifecycle-harness'

// A lead that existed before its workflow (seeded, imported, captured while Temporal was down) must come alive
// in the state its data says, and no message about its past may go out.

const minute = 60_000
const hour = 60 * minute
const day = 24 * hour

let env: TestWorkflowEnvironment

beforeAll(async () => {
  env = await createTimeSkippingEnvironment()
})

afterAll(async () => {
  await env?.teardown()
})

async function leadCapturedAgo(ageMs: number, snapshot: Partial<FakeLead['snapshot']> = {}) {
  const nowMs = await env.currentTimeMs()
  const fake = new FakeLead(`lead-${randomUUID()}`, {
    createdAt: new Date(nowMs - ageMs).toISOString(),
    source: 'WEBSITE',
    ...snapshot,
  })
  return { fake, nowMs }
}

/** The run's view once it has read the lead and finished starting up. */
async function settledStatus(handle: WorkflowHandle<typeof leadWorkflow>) {
  for (let attempt = 0; attempt < 400; attempt += 1) {
    const status = await handle.query(leadStatusQuery)
    if (status.pendingEvents === 0) return status
    await new Promise((resolve) => setTimeout(resolve, 25))
  }
  throw new Error('The lead workflow did not finish starting up in time')
}

describe('a lead whose workflow starts after its history began', () => {
  it('imported three days after capture: no acknowledgement, no 24-hour alert, no reminder listed', async () => {
    const { fake } = await leadCapturedAgo(3 * day, { ownerId: 'rep-3' })
    await withLeadWorkflow(env, fake, async (handle) => {
      await env.sleep(2 * day)
      expect(fake.acknowledgements).toBe(0)
      expect(fake.notifications).toEqual([])
      const { upcomingSteps } = await settledStatus(handle)
      expect(upcomingSteps?.some((step) => step.kind === 'reminder')).toBe(false)
    })
  })

  it('captured 30 minutes before its run (Temporal was down) is still acknowledged', async () => {
    const { fake } = await leadCapturedAgo(30 * minute, { ownerId: 'rep-3' })
    await withLeadWorkflow(env, fake, async () => {
      await env.sleep(minute)
      expect(fake.acknowledgements).toBe(1)
    })
  })

  it('seeded two hours after capture: nothing sent at seeding, the 24-hour alert fires 22 hours later', async () => {
    const { fake, nowMs } = await leadCapturedAgo(2 * hour, { ownerId: 'rep-4' })
    await withLeadWorkflow(
      env,
      fake,
      async (handle) => {
        const { upcomingSteps } = await settledStatus(handle)
        expect(upcomingSteps?.find((step) => step.kind === 'reminder')?.dueAt).toBe(
          new Date(nowMs - 2 * hour + day).toISOString(),
        )
        await env.sleep(21 * hour)
        expect(fake.acknowledgements).toBe(0)
        expect(fake.notifications).toEqual([])
        await env.sleep(2 * hour)
        expect(fake.notifications.map((notification) => notification.kind)).toEqual(['LEAD_NEW_OVERDUE'])
      },
      { historyUntil: new Date(nowMs).toISOString() },
    )
  })

  it('picks nurture up where its history left it: sent steps stay sent, past ones are not sent late', async () => {
    const nowMs = await env.currentTimeMs()
    const { fake } = await leadCapturedAgo(30 * hour, {
      source: 'VOICE_AGENT',
      status: 'CONTACTED',
      ownerId: 'rep-5',
      marketingConsent: true,
      nurtureTriggers: [
        { sequence: 'voice-with-email', refId: 'session-9', occurredAt: new Date(nowMs - 30 * hour).toISOString() },
      ],
      sentNurtureSteps: [
        {
          sequence: 'voice-with-email',
          step: 'thank-you',
          outboxMessageId: 'outbox-1',
          sentAt: new Date(nowMs - 30 * hour + minute).toISOString(),
        },
      ],
    })
    await withLeadWorkflow(
      env,
      fake,
      async (handle) => {
        const status = await settledStatus(handle)
        expect(status.sequences?.[0]?.steps.map((step) => [step.step, step.state])).toEqual([
          ['thank-you', 'sent'],
          ['roi-link', 'skipped'],
          ['case-study', 'skipped'],
          ['booking-cta', 'scheduled'],
          ['check-in', 'scheduled'],
        ])
        // §9.1: the booking CTA is due 72 h after the session, 42 h from now; the check-in at 7 days, 138 h.
        const nurture = status.upcomingSteps?.filter((step) => step.kind === 'nurture')
        expect(nurture?.map((step) => step.dueAt)).toEqual([
          new Date(nowMs + 42 * hour).toISOString(),
          new Date(nowMs + 138 * hour).toISOString(),
        ])
        // Decision 0089: nothing touched it since its capture, so its owner is reminded 3 days after it (42 h).
        const followUp = status.upcomingSteps?.find((step) => step.key === 'reminder/follow-up')
        expect(Math.abs(Date.parse(followUp?.dueAt ?? '') - (nowMs + 42 * hour))).toBeLessThan(minute)
        await env.sleep(41 * hour)
        expect(fake.sends).toEqual([])
        await env.sleep(2 * hour)
        expect(fake.sentSteps()).toEqual(['voice-with-email/booking-cta'])
        expect(Math.round((Date.parse(fake.sends[0]!.now) - nowMs) / minute)).toBe(42 * 60)
      },
      { historyUntil: new Date(nowMs).toISOString() },
    )
  })

  it('does not announce a score above 80 that its history already had', async () => {
    const { fake } = await leadCapturedAgo(2 * day, { ownerId: 'rep-6', status: 'CONTACTED', score: 85 })
    fake.scores = [{ score: 86 }]
    await withLeadWorkflow(env, fake, async () => {
      await env.sleep(minute)
      expect(fake.calls).toContain('rescoreLead')
      expect(fake.notifications).toEqual([])
    })
  })
})

/** What each activity and each local activity of the start-up (a marker, with the same summary) said it was for. */
function activitySummaries(history: temporal.api.history.v1.IHistory): (string | null)[] {
  return (history.events ?? [])
    .filter(
      (historyEvent) =>
        historyEvent.activityTaskScheduledEventAttributes ||
        historyEvent.markerRecordedEventAttributes?.markerName === 'core_local_activity',
    )
    .map((historyEvent) => historyEvent.userMetadata?.summary?.data)
    .map((data) => (data ? (JSON.parse(Buffer.from(data).toString('utf8')) as string) : null))
}

describe('a new lead', () => {
  it('is scored before its owner hears of it, then alerted of what the score means', async () => {
    const { fake } = await leadCapturedAgo(0)
    fake.scores = [{ score: 85, qualificationStage: 'MQL', qualificationTrigger: 'Lead score > 70 → MQL' }]
    await withLeadWorkflow(env, fake, async () => {
      await env.sleep(minute)
      expect(fake.calls).toEqual([
        'assignLeadOwner',
        'rescoreLead',
        'notifyOwner:LEAD_ASSIGNED',
        'notifyOwner:LEAD_QUALIFIED',
        'notifyOwner:LEAD_HIGH_SCORE',
      ])
    })
  })

  it('a run started without the lead as read (v5, as an unsubscribe starts one) names its activities too', async () => {
    const { fake } = await leadCapturedAgo(0)
    await withLeadWorkflow(
      env,
      fake,
      async (handle) => {
        await env.sleep(minute)
        const summaries = activitySummaries(await handle.fetchHistory())
        expect(summaries).toEqual(
          expect.arrayContaining([
            'Read the lead',
            'Send the acknowledgement email',
            expect.stringMatching(/^Assign an owner \(round-robin\); record the next step: /),
            'Score the lead (§3.3)',
            'Alert the owner: lead assigned',
          ]),
        )
      },
      { atStart: undefined },
    )
  })

  it('tells an operator in the Temporal UI what every activity was for', async () => {
    const { fake } = await leadCapturedAgo(0)
    await withLeadWorkflow(env, fake, async (handle) => {
      await env.sleep(minute)
      const summaries = activitySummaries(await handle.fetchHistory())
      expect(summaries).not.toContain(null)
      // v7: the acknowledgement, one local activity for owner, score, read and the plan it expected, the alert.
      expect(summaries).toEqual([
        'Send the acknowledgement email',
        'Assign an owner (round-robin), score the lead (§3.3) and read it; record the next step: Alert the owner: lead still New after 24 hours',
        'Alert the owner: lead assigned',
      ])
    })
  })
})
