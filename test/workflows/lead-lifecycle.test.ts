import { randomUUID } from 'node:crypto'
import { WorkflowUpdateFailedError, type WorkflowHandle } from '@temporalio/client'
import type { TestWorkflowEnvironment } from '@temporalio/testing'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { anonymousVoiceSessionWorkflow } from '../../workflows/anonymous-voice-session'
import { leadWorkflow } from '../../workflows/lead'
import {
  anonymousVoiceSessionWorkflowId,
  convertLeadUpdate,
  disqualifyLeadUpdate,
  leadEventSignal,
  leadStatusQuery,
  leadWorkflowId,
  markContactedUpdate,
  pauseNurtureUpdate,
  qualifyLeadUpdate,
  resumeNurtureUpdate,
  visitorIdentifiedSignal,
  type LeadEvent,
} from '../../workflows/lead-messages'
import { CrmOwner, CrmScoreBand, CrmStage } from '../../workflows/search-attributes'
import { idle, untilIdle } from '../support/run-history'
import { createTimeSkippingEnvironment } from '../support/temporal'
import {
  endLeadRun,
  FakeLead,
  fakeLeadWorker,
  signalAndSettle,
  testActor as actor,
  withLeadWorkflow as runLeadWorkflow,
} from './lead-lifecycle-harness'
import { wallClockIn } from '../support/wall-clock'

const hour = 60 * 60 * 1000
const day = 24 * hour

let env: TestWorkflowEnvironment

beforeAll(async () => {
  env = await createTimeSkippingEnvironment()
})

afterAll(async () => {
  await env?.teardown()
})

/** A fake lead created "now" on the test server's clock (which earlier tests have moved forward). */
async function newFakeLead(snapshot: Partial<FakeLead['snapshot']> = {}) {
  const createdAt = new Date(await env.currentTimeMs()).toISOString()
  return new FakeLead(`lead-${randomUUID()}`, { createdAt, ...snapshot })
}

function withLeadWorkflow(
  fake: FakeLead,
  body: (handle: WorkflowHandle<typeof leadWorkflow>, startedAtMs: number) => Promise<void>,
) {
  return runLeadWorkflow(env, fake, body)
}

let eventCounter = 0
function event(kind: LeadEvent['kind'], refId = `ref-${kind}`): LeadEvent {
  eventCounter += 1
  return { eventId: `test:${eventCounter}`, kind, occurredAt: new Date().toISOString(), refId }
}

/** Offsets (from `originMs`, rounded to the minute) at which the fake saw each send. */
function sendOffsets(fake: FakeLead, originMs: number) {
  return fake.sends.map((send) => ({
    step: `${send.sequence}/${send.step}`,
    atMinute: Math.round((Date.parse(send.now) - originMs) / 60_000) || 0,
  }))
}

describe('nurture sequences (seed 002 §9.1)', () => {
  it('runs the voice sequence: immediately, +2 h, +24 h, +72 h, +7 d', async () => {
    const fake = await newFakeLead()
    await withLeadWorkflow(fake, async (handle) => {
      await signalAndSettle(handle, event('voice.session.ended', 'session-1'))
      const origin = await env.currentTimeMs()
      await env.sleep(8 * day)
      expect(sendOffsets(fake, origin)).toEqual([
        { step: 'voice-with-email/thank-you', atMinute: 0 },
        { step: 'voice-with-email/roi-link', atMinute: 120 },
        { step: 'voice-with-email/case-study', atMinute: 24 * 60 },
        { step: 'voice-with-email/booking-cta', atMinute: 72 * 60 },
        { step: 'voice-with-email/check-in', atMinute: 7 * 24 * 60 },
      ])
      expect(fake.sends.every((send) => send.triggerRefId === 'session-1')).toBe(true)
      const status = await handle.query(leadStatusQuery)
      expect(status.sequences?.[0]?.steps.map((step) => step.state)).toEqual(['sent', 'sent', 'sent', 'sent', 'sent'])
      await handle.executeUpdate(disqualifyLeadUpdate, { args: [{ actor, reason: 'Not a fit' }] })
      expect((await handle.result()).phase).toBe('disqualified')
    })
  })

  it('runs the ROI sequence: immediately (report), +4 h, +24 h, +3 d, +7 d', async () => {
    const fake = await newFakeLead({ source: 'ROI_CALCULATOR' })
    await withLeadWorkflow(fake, async (handle) => {
      await signalAndSettle(handle, event('roi.calculation.completed', 'calc-1'))
      const origin = await env.currentTimeMs()
      await env.sleep(8 * day)
      expect(sendOffsets(fake, origin)).toEqual([
        { step: 'roi-calculator/report', atMinute: 0 },
        { step: 'roi-calculator/report-questions', atMinute: 4 * 60 },
        { step: 'roi-calculator/booking-cta', atMinute: 24 * 60 },
        { step: 'roi-calculator/case-study', atMinute: 3 * 24 * 60 },
        { step: 'roi-calculator/final-push', atMinute: 7 * 24 * 60 },
      ])
      expect(fake.acknowledgements).toBe(0)
    })
  })

  it('starts a sequence once per lead, however often its event is delivered', async () => {
    const fake = await newFakeLead()
    await withLeadWorkflow(fake, async (handle) => {
      const ended = event('voice.session.ended', 'session-1')
      await signalAndSettle(handle, ended)
      await signalAndSettle(handle, ended)
      await signalAndSettle(handle, event('voice.session.ended', 'session-2'))
      await env.sleep(3 * hour)
      expect(fake.sentSteps()).toEqual(['voice-with-email/thank-you', 'voice-with-email/roi-link'])
      const status = await handle.query(leadStatusQuery)
      expect(status.sequences).toHaveLength(1)
    })
  })

  for (const [kind, reason] of [
    ['booking.created', 'Calendar booking'],
    ['email.replied', 'Replied to an email'],
    ['sms.replied', 'Replied by SMS'],
    ['unsubscribed', 'Unsubscribed'],
  ] as const) {
    it(`stops every sequence at once on ${kind}`, async () => {
      const fake = await newFakeLead()
      await withLeadWorkflow(fake, async (handle) => {
        await signalAndSettle(handle, event('voice.session.ended', 'session-1'))
        await signalAndSettle(handle, event('roi.calculation.completed', 'calc-1'))
        await env.sleep(3 * hour)
        const sentBefore = fake.sends.length
        await signalAndSettle(handle, event(kind))
        await env.sleep(10 * day)
        expect(fake.sends.length).toBe(sentBefore)
        const status = await handle.query(leadStatusQuery)
        for (const sequence of status.sequences ?? []) {
          expect(sequence.stopReason).toBe(reason)
          expect(sequence.steps.filter((step) => step.state === 'cancelled').length).toBeGreaterThan(0)
        }
        expect(status.upcomingSteps?.filter((step) => step.kind === 'nurture')).toEqual([])
      })
    })
  }

  it('sends nothing after a booking that arrives in the same instant a step falls due', async () => {
    const fake = await newFakeLead()
    const first = await fakeLeadWorker(env, fake, undefined, { cacheWorkflows: false })
    const handle = await first.worker.runUntil(async () => {
      const started = await env.client.workflow.start(leadWorkflow, {
        workflowId: leadWorkflowId(fake.leadId),
        taskQueue: first.taskQueue,
        args: [{ leadId: fake.leadId }],
      })
      try {
        await signalAndSettle(started, event('voice.session.ended', 'session-1'))
        // Nothing may be left for a worker when this one stops: the test server skips no time while a task waits
        // for a worker, for any run, so the sleep below would never end and every test after this one would stall.
        await untilIdle(started, () => fake.sentSteps().length === 1)
      } catch (error) {
        await endLeadRun(started)
        throw error
      }
      return started
    })
    // Checked before the sleep, which would never end if a task were waiting.
    const leftIdle = idle((await handle.fetchHistory()).events ?? [])
    if (leftIdle) {
      // With no worker polling, the +2 h timer fires and the booking arrives: both wait in ONE workflow task, and
      // the worker that picks it up gets the timer and the signal in the same activation.
      await env.sleep(2 * hour + 1000)
      await handle.signal(leadEventSignal, event('booking.created', 'booking-1'))
    }
    const second = await fakeLeadWorker(env, fake, first.taskQueue)
    await second.worker.runUntil(async () => {
      try {
        expect(leftIdle).toBe(true)
        await env.sleep(day)
        expect(fake.sentSteps()).toEqual(['voice-with-email/thank-you'])
        const [sequence] = (await handle.query(leadStatusQuery)).sequences ?? []
        expect(sequence?.stopReason).toBe('Calendar booking')
        expect(sequence?.steps.find((step) => step.step === 'roi-link')).toMatchObject({ state: 'cancelled' })
      } finally {
        await endLeadRun(handle)
      }
    })
  })

  it('ends the sequence when the sending activity finds a booking the signal has not yet brought', async () => {
    const fake = await newFakeLead()
    fake.decide = (send) => (send.step === 'roi-link' ? { outcome: 'stopped', reason: 'Calendar booking' } : undefined)
    await withLeadWorkflow(fake, async (handle) => {
      await signalAndSettle(handle, event('voice.session.ended', 'session-1'))
      await env.sleep(9 * day)
      expect(fake.sends.map((send) => send.step)).toEqual(['thank-you', 'roi-link'])
      const [sequence] = (await handle.query(leadStatusQuery)).sequences ?? []
      expect(sequence?.stopReason).toBe('Calendar booking')
    })
  })

  it('goes on after a skipped or suppressed step, and retries a deferred one at the time it was deferred to', async () => {
    const fake = await newFakeLead()
    let deferredUntil = ''
    fake.decide = (send) => {
      if (send.step === 'roi-link') return { outcome: 'skipped', reason: 'ROI calculator already completed' }
      if (send.step === 'case-study') return { outcome: 'suppressed', reason: 'No marketing consent' }
      if (send.step === 'booking-cta' && !deferredUntil) {
        deferredUntil = new Date(Date.parse(send.now) + 9 * hour).toISOString()
        return { outcome: 'deferred', until: deferredUntil, reason: 'Quiet hours (21:00–08:00 America/Chicago)' }
      }
      return undefined
    }
    await withLeadWorkflow(fake, async (handle) => {
      await signalAndSettle(handle, event('voice.session.ended', 'session-1'))
      const origin = await env.currentTimeMs()
      await env.sleep(72 * hour + hour)
      const waiting = (await handle.query(leadStatusQuery)).sequences?.[0]?.steps.find((s) => s.step === 'booking-cta')
      expect(waiting).toMatchObject({
        state: 'waiting',
        reason: 'Quiet hours (21:00–08:00 America/Chicago)',
        dueAt: deferredUntil,
      })
      await env.sleep(5 * day)
      expect(sendOffsets(fake, origin)).toEqual([
        { step: 'voice-with-email/thank-you', atMinute: 0 },
        { step: 'voice-with-email/roi-link', atMinute: 120 },
        { step: 'voice-with-email/case-study', atMinute: 24 * 60 },
        { step: 'voice-with-email/booking-cta', atMinute: 72 * 60 },
        { step: 'voice-with-email/booking-cta', atMinute: 81 * 60 },
        { step: 'voice-with-email/check-in', atMinute: 7 * 24 * 60 },
      ])
      const steps = (await handle.query(leadStatusQuery)).sequences?.[0]?.steps
      expect(steps?.map((step) => [step.step, step.state, step.reason])).toEqual([
        ['thank-you', 'sent', null],
        ['roi-link', 'skipped', 'ROI calculator already completed'],
        ['case-study', 'suppressed', 'No marketing consent'],
        ['booking-cta', 'sent', null],
        ['check-in', 'sent', null],
      ])
    })
  })

  it('pauses and resumes: the rest of the sequence moves by the paused time', async () => {
    const fake = await newFakeLead()
    await withLeadWorkflow(fake, async (handle) => {
      await signalAndSettle(handle, event('voice.session.ended', 'session-1'))
      const origin = await env.currentTimeMs()
      await env.sleep(hour)
      const paused = await handle.executeUpdate(pauseNurtureUpdate, { args: [{ actor }] })
      expect(paused.nurturePaused).toBe(true)
      expect(paused.upcomingSteps?.find((step) => step.key === 'nurture/voice-with-email/roi-link')).toMatchObject({
        willFire: false,
        reason: 'Nurture paused',
      })
      await env.sleep(4 * hour)
      expect(fake.sends).toHaveLength(1)
      await handle.executeUpdate(resumeNurtureUpdate, { args: [{ actor }] })
      await env.sleep(2 * hour)
      expect(sendOffsets(fake, origin)).toEqual([
        { step: 'voice-with-email/thank-you', atMinute: 0 },
        { step: 'voice-with-email/roi-link', atMinute: 6 * 60 },
      ])
      expect(fake.actions.map((action) => action.action)).toEqual(['nurture-paused', 'nurture-resumed'])
    })
  })
})

describe('what the lead page and operators see', () => {
  it('lists every upcoming step with its due time and whether it will fire', async () => {
    const fake = await newFakeLead({ marketingConsent: false })
    await withLeadWorkflow(fake, async (handle, startedAtMs) => {
      await signalAndSettle(handle, event('voice.session.ended', 'session-1'))
      const status = await handle.query(leadStatusQuery)
      const upcoming = status.upcomingSteps ?? []
      expect(upcoming.map((step) => [step.key, step.willFire, step.reason])).toEqual([
        ['nurture/voice-with-email/roi-link', false, 'No marketing consent'],
        ['reminder/new-overdue', true, 'Fires unless the lead is marked contacted or qualified first'],
        ['nurture/voice-with-email/case-study', false, 'No marketing consent'],
        ['nurture/voice-with-email/booking-cta', false, 'No marketing consent'],
        ['nurture/voice-with-email/check-in', false, 'No marketing consent'],
      ])
      expect(Date.parse(upcoming[1]!.dueAt) - Date.parse(fake.snapshot.createdAt)).toBe(day)
      expect(Date.parse(upcoming[0]!.dueAt)).toBeGreaterThanOrEqual(startedAtMs + 2 * hour - 60_000)
    })
  })

  it("lists a step due at 23:00 in the contact's timezone with the next morning's send time, and why", async () => {
    const timezone = 'America/New_York'
    const wallClock = (ms: number) => wallClockIn(timezone, ms)
    // Move the test server's clock to 21:00 in New York: the sequence starts then, its +2 h step is due at 23:00.
    for (let attempt = 0; attempt < 3; attempt += 1) {
      const secondOfDay = wallClock(await env.currentTimeMs()).secondOfDay
      const wait = (21 * 3600 - secondOfDay + 86_400) % 86_400
      if (wait === 0) break
      await env.sleep(wait * 1000)
    }
    const fake = await newFakeLead({
      sendRules: {
        window: { timezone, quietHoursStart: '21:00', quietHoursEnd: '08:00', weekendContact: true },
        maxMessagesPerWeek: 4,
      },
      cappedSendsAt: [],
    })
    await withLeadWorkflow(fake, async (handle) => {
      await signalAndSettle(handle, event('voice.session.ended', 'session-1'))
      const { upcomingSteps: upcoming } = await handle.query(leadStatusQuery)
      const roiLink = upcoming?.find((step) => step.key === 'nurture/voice-with-email/roi-link')
      expect(roiLink?.willFire).toBe(true)
      const due = wallClock(Date.parse(roiLink!.dueAt))
      expect(due.time).toBe('23:00')
      // The next calendar day, 08:00 on the contact's wall clock.
      const nextDay = new Date(Date.parse(`${due.date}T12:00:00Z`) + day).toISOString().slice(0, 10)
      const goesAt = wallClock(Date.parse(roiLink!.expectedSendAt!))
      expect(`${goesAt.date} ${goesAt.time}`).toBe(`${nextDay} 08:00`)
      expect(roiLink!.reason).toBe(`Quiet hours (21:00–08:00 ${timezone}): goes at ${goesAt.weekday} 08:00`)
      // Between 23:00 and 08:00 lie 9 hours (10 or 8 on the night the clocks change).
      const heldFor = Date.parse(roiLink!.expectedSendAt!) - Date.parse(roiLink!.dueAt)
      expect(heldFor).toBeGreaterThan(8 * hour - 60_000)
      expect(heldFor).toBeLessThanOrEqual(10 * hour)

      // The thank-you the person asked for went out at once; the owner's reminder is not the contact's email.
      const reminder = upcoming?.find((step) => step.kind === 'reminder')
      expect(reminder?.expectedSendAt).toBe(reminder?.dueAt)
      // Every later step falls due at 21:00 and goes the next morning at 08:00 too.
      for (const step of upcoming!.filter((candidate) => candidate.kind === 'nurture')) {
        expect(wallClock(Date.parse(step.expectedSendAt!)).time).toBe('08:00')
      }
    })
  })

  it('keeps status, owner and score band in search attributes and names what each timer waits for', async () => {
    const fake = await newFakeLead()
    fake.scores = [{ score: 30 }, { score: 75 }]
    await withLeadWorkflow(fake, async (handle) => {
      await signalAndSettle(handle, event('voice.session.ended', 'session-1'))
      await handle.executeUpdate(markContactedUpdate, { args: [{ actor }] })
      const { typedSearchAttributes } = await handle.describe()
      expect(typedSearchAttributes.get(CrmStage)).toBe('CONTACTED')
      expect(typedSearchAttributes.get(CrmOwner)).toBe('rep-1')
      expect(typedSearchAttributes.get(CrmScoreBand)).toBe('hot')

      const history = await handle.fetchHistory()
      const timerSummaries = (history.events ?? [])
        .filter((historyEvent) => historyEvent.timerStartedEventAttributes)
        .map((historyEvent) => historyEvent.userMetadata?.summary?.data)
        .map((data) => (data ? JSON.parse(Buffer.from(data).toString('utf8')) : null))
      expect(timerSummaries).toEqual(
        expect.arrayContaining([
          'Alert the owner if the lead is still New 24 hours after capture',
          'Voice agent follow-up: ROI calculator link',
        ]),
      )
    })
  })
})

describe('reminders and alerts (seed 002 §9.2)', () => {
  it('alerts the owner when the lead is still New 24 hours after capture', async () => {
    const fake = await newFakeLead({ source: 'WEBSITE' })
    await withLeadWorkflow(fake, async (handle) => {
      await env.sleep(day - hour)
      expect(fake.notifications.map((n) => n.kind)).toEqual(['LEAD_ASSIGNED'])
      await env.sleep(2 * hour)
      expect(fake.notifications.map((n) => n.kind)).toEqual(['LEAD_ASSIGNED', 'LEAD_NEW_OVERDUE'])
      expect(fake.notifications[1]).toMatchObject({ idempotencyKey: `lead-${fake.leadId}/new-overdue` })
      expect(fake.acknowledgements).toBe(1)
      const { upcomingSteps } = await handle.query(leadStatusQuery)
      expect(upcomingSteps?.some((step) => step.kind === 'reminder')).toBe(false)
    })
  })

  it('does not alert when the lead was contacted in time', async () => {
    const fake = await newFakeLead({ source: 'WEBSITE', ownerId: 'rep-7' })
    await withLeadWorkflow(fake, async (handle) => {
      await env.sleep(5 * hour)
      const status = await handle.executeUpdate(markContactedUpdate, { args: [{ actor }] })
      expect(status.status).toBe('CONTACTED')
      expect(status.upcomingSteps?.some((step) => step.key === 'reminder/new-overdue')).toBe(false)
      await env.sleep(2 * day)
      expect(fake.notifications).toEqual([])
      expect(fake.actions).toMatchObject([{ action: 'contacted', actor }])
    })
  })

  it('notifies at once when the score passes 80, once, and when a qualification trigger fires', async () => {
    const fake = await newFakeLead({ ownerId: 'rep-2' })
    fake.scores = [
      { score: 40 },
      { score: 81, qualificationStage: 'MQL', qualificationTrigger: 'Lead score > 70 → MQL' },
      { score: 90 },
    ]
    await withLeadWorkflow(fake, async (handle) => {
      await signalAndSettle(handle, event('voice.session.updated', 'session-1'))
      await signalAndSettle(handle, event('voice.session.updated', 'session-1'))
      await handle.query(leadStatusQuery)
      await env.sleep(1000)
      expect(fake.notifications.map((n) => [n.kind, n.detail ?? null])).toEqual([
        ['LEAD_QUALIFIED', 'Lead score > 70 → MQL'],
        ['LEAD_HIGH_SCORE', 'Lead score 81'],
      ])
      expect((await handle.query(leadStatusQuery)).qualificationStage).toBe('MQL')
    })
  })
})

describe('qualification and conversion', () => {
  it('refuses to convert a lead that is not qualified, converts a qualified one and ends', async () => {
    const fake = await newFakeLead({ ownerId: 'rep-3' })
    await withLeadWorkflow(fake, async (handle) => {
      await signalAndSettle(handle, event('voice.session.ended', 'session-1'))
      const refusal = await handle
        .executeUpdate(convertLeadUpdate, { args: [{ actor, tier: 'FOUNDATION' }] })
        .catch((error: unknown) => error)
      expect(refusal).toBeInstanceOf(WorkflowUpdateFailedError)
      expect((refusal as WorkflowUpdateFailedError).cause).toMatchObject({ type: 'LeadNotQualified' })

      const qualified = await handle.executeUpdate(qualifyLeadUpdate, { args: [{ actor }] })
      expect(qualified).toMatchObject({ status: 'QUALIFIED', qualificationStage: 'SQL' })
      const conversion = await handle.executeUpdate(convertLeadUpdate, { args: [{ actor, tier: 'FOUNDATION' }] })
      expect(conversion).toEqual({ companyId: 'company-1', contactId: 'contact-1', opportunityId: 'opportunity-1' })

      const result = await handle.result()
      expect(result).toMatchObject({ phase: 'converted', status: 'CONVERTED', conversion, upcomingSteps: [] })
      expect(result.sequences?.[0]?.stopReason).toBe('Converted')
      const sentBefore = fake.sends.length
      await env.sleep(8 * day)
      expect(fake.sends.length).toBe(sentBefore)
      expect(fake.projections.at(-1)).toMatchObject({ workflowStatus: 'COMPLETED', nextStep: null })
    })
  })

  it('disqualifies with a reason, refuses a reasonless one, and then refuses further actions', async () => {
    const fake = await newFakeLead()
    await withLeadWorkflow(fake, async (handle) => {
      const reasonless = await handle
        .executeUpdate(disqualifyLeadUpdate, { args: [{ actor, reason: ' ' }] })
        .catch((error: unknown) => error)
      expect((reasonless as WorkflowUpdateFailedError).cause).toMatchObject({ type: 'InvalidInput' })

      await handle.executeUpdate(disqualifyLeadUpdate, { args: [{ actor, reason: 'Outside the service area' }] })
      expect(await handle.result()).toMatchObject({ phase: 'disqualified', status: 'UNQUALIFIED' })
      expect(fake.actions).toMatchObject([{ action: 'disqualified', reason: 'Outside the service area' }])
    })
  })

  it('ends at once for a lead that was already closed when its run started', async () => {
    const fake = await newFakeLead({ status: 'CONVERTED' })
    await withLeadWorkflow(fake, async (handle) => {
      expect(await handle.result()).toMatchObject({ phase: 'converted' })
      expect(fake.acknowledgements).toBe(0)
    })
  })
})

describe('anonymous voice sessions (seed 002 §9.1, no email captured)', () => {
  async function runAnonymous(
    fake: FakeLead,
    body: (handle: WorkflowHandle<typeof anonymousVoiceSessionWorkflow>) => Promise<void>,
  ) {
    const { worker, taskQueue } = await fakeLeadWorker(env, fake)
    await worker.runUntil(async () => {
      const voiceSessionId = `session-${randomUUID()}`
      const handle = await env.client.workflow.start(anonymousVoiceSessionWorkflow, {
        workflowId: anonymousVoiceSessionWorkflowId(voiceSessionId),
        taskQueue,
        args: [{ voiceSessionId, endedAt: new Date(await env.currentTimeMs()).toISOString() }],
      })
      await body(handle)
    })
  }

  it('fires the retargeting event 24 hours after the session', async () => {
    const fake = await newFakeLead()
    await runAnonymous(fake, async (handle) => {
      const origin = await env.currentTimeMs()
      expect(await handle.result()).toEqual({ fired: true, reason: 'Fired' })
      expect(fake.retargeting).toHaveLength(1)
      expect(Math.round((Date.parse(fake.retargeting[0]!.now) - origin) / 60_000)).toBe(24 * 60)
    })
  })

  it('does not fire once the visitor has been identified', async () => {
    const fake = await newFakeLead()
    await runAnonymous(fake, async (handle) => {
      await env.sleep(3 * hour)
      await handle.signal(visitorIdentifiedSignal, { leadId: 'lead-9' })
      expect(await handle.result()).toEqual({ fired: false, reason: 'Visitor identified as lead lead-9' })
      expect(fake.retargeting).toEqual([])
    })
  })
})
