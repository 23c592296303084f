// The partnership workflow over the full 8 weeks of Discovery and 24 weeks of Architect (Foundation's 12 are in
// partnership-workflow.test.ts), under the time-skipping server. Expected values from seed 002 by hand:
// §5.3 Discovery 8 weeks: "Week 4: System live, Week 8: Independence check"; Architect 24 weeks: "Every 4 weeks: New
// system, Monthly: ROI review"; §5.1 phases Onboarding (week 1, until the kickoff), Discover (weeks 1–2), Co-Create
// (weeks 3–6), Deploy (week 7+), Independent; §2.4 status completing in the last two weeks (decision 0027).
import type { TestWorkflowEnvironment } from '@temporalio/testing'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { changePartnershipUpdate, meetingHeldSignal, paymentReceivedSignal } from '../../workflows/partnership-messages'
import { CrmHealth, CrmPhase } from '../../workflows/search-attributes'
import {
  complete,
  day,
  days,
  freshPartnership,
  handled,
  hour,
  inMinutes,
  owner,
  withPartnership,
  type FakePartnership,
  type PartnershipHandle,
} from '../support/partnership-harness'
import { createTimeSkippingEnvironment } from '../support/temporal'

let env: TestWorkflowEnvironment

beforeAll(async () => {
  env = await createTimeSkippingEnvironment()
})

afterAll(async () => {
  await env?.teardown()
})

/** Kickoff held and the setup fee paid in the first hours, as in the Foundation test. */
async function kickOff(handle: PartnershipHandle, startMs: number) {
  await env.sleep(2 * hour)
  await handle.signal(paymentReceivedSignal, { paymentKey: 'setup', paidAt: new Date(startMs + hour).toISOString() })
  await handle.signal(meetingHeldSignal, { meetingId: 'kickoff', attended: true, at: new Date().toISOString() })
  await handled(handle)
}

/** Completes every milestone an hour before it is due, in the order they fall due. */
async function completeEachOnTime(fake: FakePartnership, handle: PartnershipHandle) {
  for (const milestone of [...fake.plans[0]!.milestones].sort((a, b) => a.dueAtMs - b.dueAtMs)) {
    const wait = milestone.dueAtMs - hour - (await env.currentTimeMs())
    if (wait > 0) await env.sleep(wait)
    await complete(handle, milestone.key)
  }
}

/** Moves the server's clock to the 1st of next month when it is on the 29th–31st (the other test may have left it there). */
async function offMonthEnd() {
  const now = new Date(await env.currentTimeMs())
  if (now.getUTCDate() <= 28) return
  await env.sleep(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + 1, 1) - now.getTime())
}

describe('the partnership workflow over whole tiers', () => {
  it('runs Architect through its 24 weeks: a system every 4 weeks, an ROI review every month', async () => {
    await offMonthEnd()
    const { fake, startMs } = await freshPartnership(env, {
      tier: 'ARCHITECT',
      targetEndMs: 0,
      terms: { setupFee: 30000, monthlyFee: 0, estimatedMonths: 6 },
    })
    const kickoff = new Date(startMs)
    // The review falls on kickoff's day of the month; on the 29th–31st a short month would clamp it.
    expect(kickoff.getUTCDate()).toBeLessThanOrEqual(28)
    const monthlyDays = [1, 2, 3, 4, 5].map((month) =>
      days(
        Date.UTC(
          kickoff.getUTCFullYear(),
          kickoff.getUTCMonth() + month,
          kickoff.getUTCDate(),
          kickoff.getUTCHours(),
          kickoff.getUTCMinutes(),
          kickoff.getUTCSeconds(),
          kickoff.getUTCMilliseconds(),
        ) - startMs,
      ),
    )
    // A sixth month is past 24 weeks (168 days) from any kickoff: five reviews.
    expect(monthlyDays.at(-1)).toBeLessThan(168)
    await withPartnership(env, fake, async (handle) => {
      const planned = fake.plans[0]!.milestones.map((m) => [m.key, days(m.dueAtMs - startMs)])
      const expected = [
        ...[4, 8, 12, 16, 20, 24].map((week) => [`week-${week}`, week * 7]),
        ...monthlyDays.map((d, index) => [`roi-review-${index + 1}`, d]),
        // From a kickoff in February the first review falls on day 28 with week 4: on one day, by key.
      ].sort((a, b) => (a[1] as number) - (b[1] as number) || String(a[0]).localeCompare(String(b[0])))
      expect(planned).toEqual(expected)
      expect(days(fake.plans[0]!.targetEndMs - startMs)).toBe(168)
      expect(fake.plans[0]!.milestones.filter((m) => m.key.startsWith('week-')).map((m) => m.systemsLive)).toEqual([
        1, 2, 3, 4, 5, 6,
      ])

      await kickOff(handle, startMs)
      await completeEachOnTime(fake, handle)
      const graduated = await handle.executeUpdate(changePartnershipUpdate, {
        args: [{ kind: 'graduate', actor: owner }],
      })
      expect(graduated.status).toBe('GRADUATED')

      // Three days before each of the eleven due dates; each done an hour early, so nothing overdue.
      expect(fake.daysOf('PARTNERSHIP_MILESTONE_DUE')).toEqual(expected.map(([, d]) => (d as number) - 3))
      expect(fake.daysOf('PARTNERSHIP_MILESTONE_OVERDUE')).toEqual([])
      expect(fake.phases()).toEqual([
        ['ONBOARDING', 0],
        ['DISCOVER', inMinutes(2 * hour)],
        ['CO_CREATE', inMinutes(14 * day)],
        ['DEPLOY', inMinutes(42 * day)],
        ['INDEPENDENT', inMinutes(168 * day - hour)],
      ])
      // Completing two weeks before week 24: day 168 − 14 = 154.
      expect(fake.statuses.map((s) => [s.toStatus, inMinutes(s.atMs - startMs)])).toEqual([
        ['ONBOARDING', 0],
        ['ACTIVE', inMinutes(2 * hour)],
        ['COMPLETING', inMinutes(154 * day)],
        ['GRADUATED', inMinutes(168 * day - hour)],
      ])
      // The testimonial request two weeks and one week before the final milestone; graduation ends the sequence
      // before its last call (day 168).
      expect(fake.clientMessagesOf('partnership:testimonial')).toEqual([
        ['partnership:testimonial-request', 154],
        ['partnership:testimonial-reminder', 161],
      ])
      expect(fake.alerts).toEqual([])
    })
  })

  it('runs Discovery through its 8 weeks: system live at week 4, independence check at week 8', async () => {
    const { fake, startMs } = await freshPartnership(env, {
      tier: 'DISCOVERY',
      targetEndMs: 0,
      terms: { setupFee: 4000, monthlyFee: 0, estimatedMonths: 2 },
    })
    await withPartnership(env, fake, async (handle) => {
      expect(fake.plans[0]!.milestones.map((m) => [m.key, m.label, days(m.dueAtMs - startMs)])).toEqual([
        ['week-4', 'System live', 28],
        ['week-8', 'Independence check', 56],
      ])
      expect(days(fake.plans[0]!.targetEndMs - startMs)).toBe(56)
      await kickOff(handle, startMs)
      const sleepUntilDay = async (at: number) => env.sleep(startMs + at - (await env.currentTimeMs()))
      await sleepUntilDay(28 * day - hour)
      await complete(handle, 'week-4')
      await sleepUntilDay(50 * day)
      // Day 50: Deploy since week 7 (day 42); kickoff attended, fee and week 4 on time: every component 100.
      const described = await handle.describe()
      expect(described.typedSearchAttributes.get(CrmPhase)).toBe('DEPLOY')
      expect(described.typedSearchAttributes.get(CrmHealth)).toBe(100)
      await sleepUntilDay(56 * day - hour)
      await complete(handle, 'week-8')
      expect((await handle.describe()).typedSearchAttributes.get(CrmPhase)).toBe('INDEPENDENT')
      await handle.executeUpdate(changePartnershipUpdate, { args: [{ kind: 'graduate', actor: owner }] })

      expect(fake.daysOf('PARTNERSHIP_MILESTONE_DUE')).toEqual([25, 53])
      expect(fake.daysOf('PARTNERSHIP_MILESTONE_OVERDUE')).toEqual([])
      expect(fake.phases()).toEqual([
        ['ONBOARDING', 0],
        ['DISCOVER', inMinutes(2 * hour)],
        ['CO_CREATE', inMinutes(14 * day)],
        ['DEPLOY', inMinutes(42 * day)],
        ['INDEPENDENT', inMinutes(56 * day - hour)],
      ])
      // Completing two weeks before week 8: day 56 − 14 = 42.
      expect(fake.statuses.map((s) => [s.toStatus, inMinutes(s.atMs - startMs)])).toEqual([
        ['ONBOARDING', 0],
        ['ACTIVE', inMinutes(2 * hour)],
        ['COMPLETING', inMinutes(42 * day)],
        ['GRADUATED', inMinutes(56 * day - hour)],
      ])
      expect(fake.clientMessagesOf('partnership:testimonial')).toEqual([
        ['partnership:testimonial-request', 42],
        ['partnership:testimonial-reminder', 49],
      ])
    })
  })
})
