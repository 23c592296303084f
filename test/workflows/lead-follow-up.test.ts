import { randomUUID } from 'node:crypto'
import type { WorkflowHandle } from '@temporalio/client'
import type { TestWorkflowEnvironment } from '@temporalio/testing'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { leadWorkflow } from '../../workflows/lead'
import { leadStatusQuery, markContactedUpdate, qualifyLeadUpdate, type LeadEvent } from '../../workflows/lead-messages'
import { createTimeSkippingEnvironment } from '../support/temporal'
import { FakeLead, signalAndSettle, testActor as actor, withLeadWorkflow } from './lead-lifecycle-harness'

// Decision 0089: a Contacted lead nobody touches reminds its owner 3 days after its last touch, a Qualified one 7
// days after, and again every period while it stays quiet. The expected instants are worked out here by hand.

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

async function newFakeLead(snapshot: Partial<FakeLead['snapshot']> = {}) {
  const createdAt = new Date(await env.currentTimeMs()).toISOString()
  return new FakeLead(`lead-${randomUUID()}`, { createdAt, source: 'WEBSITE', ownerId: 'rep-1', ...snapshot })
}

const followUps = (fake: FakeLead) => fake.notifications.filter((n) => n.kind === 'LEAD_FOLLOW_UP_DUE')

async function followUpStep(handle: WorkflowHandle<typeof leadWorkflow>) {
  const { upcomingSteps } = await handle.query(leadStatusQuery)
  return upcomingSteps?.find((step) => step.key === 'reminder/follow-up')
}

/** Within a minute of `expectedMs`: the workflow's clock and the test's read the same server a moment apart. */
function expectNear(iso: string | undefined, expectedMs: number) {
  expect(Math.abs(Date.parse(iso ?? '') - expectedMs)).toBeLessThan(minute)
}

function logWork(handle: WorkflowHandle<typeof leadWorkflow>) {
  const event: LeadEvent = {
    eventId: `activity:${randomUUID()}`,
    kind: 'activity.logged',
    occurredAt: new Date().toISOString(),
    refId: 'call-1',
  }
  return signalAndSettle(handle, event)
}

describe('the follow-up reminder of a quiet lead (decision 0089)', () => {
  it('reminds 3 days after the lead was contacted, waits again after logged work, repeats, and moves to 7 days once qualified', async () => {
    const fake = await newFakeLead()
    await withLeadWorkflow(env, fake, async (handle) => {
      await env.sleep(hour)
      expect(await followUpStep(handle)).toBeUndefined()

      const contactedAtMs = await env.currentTimeMs()
      await handle.executeUpdate(markContactedUpdate, { args: [{ actor }] })
      const first = await followUpStep(handle)
      expectNear(first?.dueAt, contactedAtMs + 3 * day)
      expect(first).toMatchObject({ kind: 'reminder', willFire: true })
      expect(first?.reason).toMatch(/every 3 days while it is contacted/)

      // Two days on, a call is logged: the reminder now waits until 3 days after the call.
      await env.sleep(2 * day)
      const loggedAtMs = await env.currentTimeMs()
      await logWork(handle)
      expectNear((await followUpStep(handle))?.dueAt, loggedAtMs + 3 * day)

      // Past the first due time (contact + 3 days): nothing, the call reset it.
      await env.sleep(2 * day)
      expect(followUps(fake)).toEqual([])

      // Call + 3 days: the first reminder.
      await env.sleep(day + hour)
      expect(followUps(fake)).toHaveLength(1)
      const reminder = followUps(fake)[0]!
      expect(reminder.detail).toBe('Contacted, and nothing logged or heard for 3 days.')
      expect(
        Math.abs(Date.parse(reminder.idempotencyKey.split('/follow-up/')[1]!) - (loggedAtMs + 3 * day)),
      ).toBeLessThan(minute)
      expectNear((await followUpStep(handle))?.dueAt, loggedAtMs + 6 * day)

      // Still quiet 3 days later: the second.
      await env.sleep(3 * day)
      expect(followUps(fake)).toHaveLength(2)
      expect(followUps(fake)[1]!.detail).toBe('Contacted, and nothing logged or heard for 6 days.')

      // Qualified: a touch, and the period becomes 7 days.
      const qualifiedAtMs = await env.currentTimeMs()
      await handle.executeUpdate(qualifyLeadUpdate, { args: [{ actor }] })
      const qualified = await followUpStep(handle)
      expectNear(qualified?.dueAt, qualifiedAtMs + 7 * day)
      expect(qualified?.reason).toMatch(/every 7 days while it is qualified/)
      await env.sleep(6 * day)
      expect(followUps(fake)).toHaveLength(2)
      await env.sleep(day + hour)
      expect(followUps(fake)).toHaveLength(3)
      expect(followUps(fake)[2]!.detail).toBe('Qualified, and nothing logged or heard for 7 days.')
    })
  })

  it('counts from the last touch the lead was read with, and never reminds about the past', async () => {
    const nowMs = await env.currentTimeMs()
    // Read as Contacted, last touched 10 days ago: the reminders of days 3, 6 and 9 fell due before the run.
    const fake = await newFakeLead({
      status: 'CONTACTED',
      createdAt: new Date(nowMs - 12 * day).toISOString(),
      lastTouchedAt: new Date(nowMs - 10 * day).toISOString(),
    })
    await withLeadWorkflow(env, fake, async (handle) => {
      expectNear((await followUpStep(handle))?.dueAt, nowMs + 2 * day)
      await env.sleep(day)
      expect(followUps(fake)).toEqual([])
      await env.sleep(day + hour)
      expect(followUps(fake)).toHaveLength(1)
      expect(followUps(fake)[0]!.detail).toBe('Contacted, and nothing logged or heard for 12 days.')
    })
  })

  it('has no reminder for a New lead, which has §9.2’s own', async () => {
    const fake = await newFakeLead()
    await withLeadWorkflow(env, fake, async (handle) => {
      expect(await followUpStep(handle)).toBeUndefined()
      await env.sleep(5 * day)
      expect(followUps(fake)).toEqual([])
    })
  })
})
