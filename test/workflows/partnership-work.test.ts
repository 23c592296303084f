// The work of a partnership's engagement in its workflow (decision 0035), under the time-skipping server: meetings
// missed (weekly schedule, Cal.com no-show), systems through their statuses and the 7-day check-in (§9.3), the
// testimonial request sequence, knowledge transfer. Typed stand-ins for the activities, sendClientMessage among them.
import type { TestWorkflowEnvironment } from '@temporalio/testing'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { weekdays } from '../../domain/partnerships/partnership-meetings'
import {
  changePartnershipUpdate,
  meetingHeldSignal,
  satisfactionScoredSignal,
  systemUsageSignal,
} from '../../workflows/partnership-messages'
import {
  meetingBookedSignal,
  meetingScheduleChangedSignal,
  recordPartnershipWorkUpdate,
  type PartnershipWork,
} from '../../workflows/partnership-work-messages'
import {
  day,
  days,
  freshPartnership,
  handled,
  hour,
  owner,
  refusal,
  withPartnership,
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

const record = (handle: PartnershipHandle, work: PartnershipWork) =>
  handle.executeUpdate(recordPartnershipWorkUpdate, { args: [{ ...work, actor: owner }] })

describe('the work of a partnership in its workflow', () => {
  it('counts a weekly meeting nobody recorded as missed a day later: alerts the owner, emails the client', async () => {
    const nowMs = await env.currentTimeMs()
    // The weekly slot two days after kickoff, at 10:00 UTC.
    const first = new Date(nowMs + 2 * day)
    const firstMs = Date.UTC(first.getUTCFullYear(), first.getUTCMonth(), first.getUTCDate(), 10, 0)
    const schedule = { day: weekdays[first.getUTCDay()]!, time: '10:00' }
    const { fake } = await freshPartnership(env, { status: 'ACTIVE', statusChanges: 1 }, { schedule })
    await withPartnership(env, fake, async (handle) => {
      const weekly = (n: number) => `weekly-${new Date(firstMs + n * 7 * day).toISOString().slice(0, 10)}`
      // Not begun: nobody may record it yet.
      expect(await refusal(record(handle, { kind: 'meeting', meetingId: weekly(0), outcome: 'attended' }))).toMatch(
        /No such meeting/,
      )
      await env.sleep(firstMs + 23 * hour - (await env.currentTimeMs()))
      expect(fake.daysOf('PARTNERSHIP_MEETING_MISSED')).toEqual([])
      await env.sleep(2 * hour)
      // 24 hours after it began, with no record: missed.
      const missed = fake.notifications.filter((n) => n.kind === 'PARTNERSHIP_MEETING_MISSED')
      expect(missed.map((n) => [n.idempotencyKey, Math.round((n.atMs - firstMs) / hour)])).toEqual([
        [`partnership-${fake.snapshot.partnershipId}/meeting/${weekly(0)}/missed`, 24],
      ])
      // The setup fee's own reminder (due at kickoff) is the payments' business; the meeting's message is this one.
      const aboutMeetings = fake.clientMessages.filter((m) => m.template.startsWith('partnership:'))
      expect(aboutMeetings.map((m) => [m.template, m.channels, m.recipient, m.purpose])).toEqual([
        ['partnership:meeting-missed', ['EMAIL'], { contactId: 'contact-1' }, 'transactional'],
      ])
      // The next week a person records it held within the day: no alert.
      await env.sleep(firstMs + 7 * day + hour - (await env.currentTimeMs()))
      await record(handle, { kind: 'meeting', meetingId: weekly(1), outcome: 'attended' })
      expect(await refusal(record(handle, { kind: 'meeting', meetingId: weekly(1), outcome: 'attended' }))).toMatch(
        /recorded as attended already/,
      )
      await env.sleep(2 * day)
      expect(fake.notifications.filter((n) => n.kind === 'PARTNERSHIP_MEETING_MISSED')).toHaveLength(1)
      // Engagement: 1 attended of 2 held.
      const status = await handled(handle)
      expect(status.health.components.engagement).toBe(50)
      expect(status.work!.meetings.map((m) => [m.meetingId, m.outcome, m.recordedBy])).toEqual([
        [weekly(0), 'missed', 'no-record'],
        [weekly(1), 'attended', 'person'],
      ])
    })
  })

  it('holds the weekly meeting on the client’s clock: an evening slot in Phoenix is the next UTC day', async () => {
    const nowMs = await env.currentTimeMs()
    // Phoenix keeps UTC−7 all year, so the arithmetic holds in any season: 19:30 there is 02:30 UTC the next day.
    const phoenixOffsetMs = -7 * hour
    const local = new Date(nowMs + phoenixOffsetMs + 2 * day)
    const localDate = local.toISOString().slice(0, 10)
    const firstMs = Date.UTC(local.getUTCFullYear(), local.getUTCMonth(), local.getUTCDate(), 19, 30) - phoenixOffsetMs
    const schedule = { day: weekdays[local.getUTCDay()]!, time: '19:30' }
    const { fake } = await freshPartnership(
      env,
      { status: 'ACTIVE', statusChanges: 1 },
      { schedule, clientTimeZone: 'America/Phoenix' },
    )
    await withPartnership(env, fake, async (handle) => {
      expect((await handled(handle)).upcomingSteps.find((step) => step.key.startsWith('meeting/'))).toMatchObject({
        key: `meeting/weekly-${localDate}`,
        dueAt: new Date(firstMs).toISOString(),
      })
      await env.sleep(firstMs + 25 * hour - (await env.currentTimeMs()))
      const status = await handled(handle)
      expect(status.work!.meetings.map((m) => [m.meetingId, m.startsAtMs, m.outcome])).toEqual([
        [`weekly-${localDate}`, firstMs, 'missed'],
      ])
    })
  })

  it('moves the coming weekly slot when the client’s zone changes: 19:30 in UTC becomes 19:30 in Phoenix', async () => {
    const nowMs = await env.currentTimeMs()
    const phoenixOffsetMs = -7 * hour
    const utcDay = new Date(nowMs + 2 * day)
    const utcDate = utcDay.toISOString().slice(0, 10)
    const utcSlotMs = Date.UTC(utcDay.getUTCFullYear(), utcDay.getUTCMonth(), utcDay.getUTCDate(), 19, 30)
    // The same weekday in Phoenix at 19:30 is 02:30 UTC the next day (UTC−7 all year).
    const phoenixSlotMs = utcSlotMs - phoenixOffsetMs
    const schedule = { day: weekdays[utcDay.getUTCDay()]!, time: '19:30' }
    const { fake } = await freshPartnership(
      env,
      { status: 'ACTIVE', statusChanges: 1 },
      { schedule, clientTimeZone: 'UTC' },
    )
    await withPartnership(env, fake, async (handle) => {
      const weeklyStep = async () =>
        (await handled(handle)).upcomingSteps.find((step) => step.key.startsWith('meeting/'))
      expect(await weeklyStep()).toMatchObject({
        key: `meeting/weekly-${utcDate}`,
        dueAt: new Date(utcSlotMs).toISOString(),
      })
      await handle.signal(meetingScheduleChangedSignal, { timeZone: 'America/Phoenix' })
      expect(await weeklyStep()).toMatchObject({
        key: `meeting/weekly-${utcDate}`,
        dueAt: new Date(phoenixSlotMs).toISOString(),
      })
      // A zone that is no zone changes nothing.
      await handle.signal(meetingScheduleChangedSignal, { timeZone: 'Mars/Olympus' })
      expect((await weeklyStep())?.dueAt).toBe(new Date(phoenixSlotMs).toISOString())
    })
  })

  it('plans no weekly meeting before kickoff', async () => {
    const nowMs = await env.currentTimeMs()
    // Won today, kicking off in 10 days; the weekly slot is every weekday of today + 1.
    const schedule = { day: weekdays[new Date(nowMs + day).getUTCDay()]!, time: '09:00' }
    const { fake } = await freshPartnership(env, { startMs: nowMs + 10 * day }, { schedule })
    await withPartnership(env, fake, async () => {
      await env.sleep(9 * day)
      expect(fake.meetingRecords).toEqual([])
      await env.sleep(9 * day)
      // Day 18: the first slot after kickoff (day 10–17) is recorded; nothing was missed before kickoff.
      const meetings = new Map(fake.meetingRecords.map((m) => [m.meetingId, m.startsAtMs]))
      expect([...meetings.values()].map((at) => at >= nowMs + 10 * day && at < nowMs + 17 * day)).toEqual([true])
    })
  })

  it('takes a Cal.com booking as a meeting: a no-show alerts and emails, a cancelled one is not counted', async () => {
    const { fake, startMs } = await freshPartnership(env, { status: 'ACTIVE', statusChanges: 1 })
    await withPartnership(env, fake, async (handle) => {
      const startsAt = (d: number) => new Date(startMs + d * day).toISOString()
      await handle.signal(meetingBookedSignal, {
        meetingId: 'calcom-b1',
        title: 'Review',
        startsAt: startsAt(3),
        cancelled: false,
      })
      await handle.signal(meetingBookedSignal, {
        meetingId: 'calcom-b2',
        title: 'Training',
        startsAt: startsAt(5),
        cancelled: false,
      })
      await handled(handle)
      await handle.signal(meetingBookedSignal, {
        meetingId: 'calcom-b2',
        title: 'Training',
        startsAt: startsAt(5),
        cancelled: true,
      })
      await env.sleep(3 * day + hour)
      // Cal.com reports the client did not show up.
      await handle.signal(meetingHeldSignal, { meetingId: 'calcom-b1', attended: false, at: startsAt(3) })
      await handled(handle)
      expect(fake.daysOf('PARTNERSHIP_MEETING_MISSED')).toEqual([3])
      expect(fake.clientMessagesOf('partnership:meeting-missed')).toEqual([['partnership:meeting-missed', 3]])
      // Day 7: the cancelled booking was never counted missed.
      await env.sleep(4 * day)
      expect(fake.daysOf('PARTNERSHIP_MEETING_MISSED')).toEqual([3])
      expect(fake.meetingRecords.filter((m) => m.meetingId === 'calcom-b2').at(-1)!.cancelled).toBe(true)
    })
  })

  it('reminds the client a day and an hour before each meeting, SMS first, and never of a cancelled one', async () => {
    const nowMs = await env.currentTimeMs()
    // The weekly slot three days after kickoff, at 10:00 UTC: reminders due at 10:00 two days after kickoff and 09:00
    // on its day, then the same a week later.
    const first = new Date(nowMs + 3 * day)
    const firstMs = Date.UTC(first.getUTCFullYear(), first.getUTCMonth(), first.getUTCDate(), 10, 0)
    const schedule = { day: weekdays[first.getUTCDay()]!, time: '10:00' }
    const { fake } = await freshPartnership(env, { status: 'ACTIVE', statusChanges: 1 }, { schedule })
    await withPartnership(env, fake, async (handle) => {
      // A Cal.com review five hours ahead: too late for "tomorrow", only its 1-hour reminder, at four hours.
      // A training two days ahead, cancelled the same hour: none.
      const startedMs = await env.currentTimeMs()
      const review = startedMs + 5 * hour
      await handle.signal(meetingBookedSignal, {
        meetingId: 'calcom-r1',
        title: 'Review',
        startsAt: new Date(review).toISOString(),
        cancelled: false,
      })
      await handle.signal(meetingBookedSignal, {
        meetingId: 'calcom-t1',
        title: 'Training',
        startsAt: new Date(startedMs + 2 * day).toISOString(),
        cancelled: false,
      })
      await handled(handle)
      await handle.signal(meetingBookedSignal, {
        meetingId: 'calcom-t1',
        title: 'Training',
        startsAt: new Date(startedMs + 2 * day).toISOString(),
        cancelled: true,
      })
      await handled(handle)
      await env.sleep(firstMs + 7 * day - (await env.currentTimeMs()))
      await handled(handle)
      const reminders = fake.clientMessages.filter((m) => m.template.startsWith('appointment-reminder:'))
      const minutes = (ms: number) => Math.round(ms / 60_000)
      expect(reminders.map((m) => [m.template, minutes(m.atMs)])).toEqual([
        ['appointment-reminder:partnership-meeting/1h', minutes(review - hour)],
        ['appointment-reminder:partnership-meeting/24h', minutes(firstMs - day)],
        ['appointment-reminder:partnership-meeting/1h', minutes(firstMs - hour)],
        ['appointment-reminder:partnership-meeting/24h', minutes(firstMs + 6 * day)],
        ['appointment-reminder:partnership-meeting/1h', minutes(firstMs + 7 * day - hour)],
      ])
      expect(reminders.every((m) => m.channels.join() === 'SMS,EMAIL' && m.purpose === 'transactional')).toBe(true)
      expect(reminders[0]!.sms!.body).toContain('review is in 1 hour')
    })
  })

  it('moves a system through its statuses in order and checks in once per 7-day quiet spell', async () => {
    const { fake, startMs } = await freshPartnership(env, { status: 'ACTIVE', statusChanges: 1 })
    await withPartnership(env, fake, async (handle) => {
      await record(handle, {
        kind: 'add-system',
        name: 'Lead intake',
        category: 'LEAD_CAPTURE_QUALIFICATION',
        hoursSavedPerWeek: 6,
      })
      const systemId = 'system-1'
      const move = (status: 'PLANNING' | 'BUILDING' | 'TESTING' | 'DEPLOYED' | 'OPTIMIZING') =>
        record(handle, { kind: 'system-status', systemId, status })
      expect(await refusal(move('DEPLOYED'))).toBe('“Lead intake” is planning: it goes to building before deployed')
      await move('BUILDING')
      await move('TESTING')
      // A failed test sends it back to building, the one way back.
      await move('BUILDING')
      await move('TESTING')
      await env.sleep(2 * day)
      await move('DEPLOYED')
      expect(await refusal(move('TESTING'))).toBe('“Lead intake” is deployed: it cannot go back to testing')
      expect(await refusal(move('DEPLOYED'))).toBe('“Lead intake” is deployed already')
      expect(await refusal(record(handle, { kind: 'system-status', systemId: 'nope', status: 'BUILDING' }))).toMatch(
        /No such system/,
      )
      expect(fake.systemStatuses.map((s) => s.status)).toEqual([
        'BUILDING',
        'TESTING',
        'BUILDING',
        'TESTING',
        'DEPLOYED',
      ])
      expect(days(fake.systemStatuses.at(-1)!.deployedAtMs! - startMs)).toBe(2)

      // Used on day 5 (three days after deployment): quiet from day 12, checked in then, once.
      await env.sleep(3 * day)
      await handle.signal(systemUsageSignal, {
        systemId,
        deployedAt: null,
        usedAt: new Date(startMs + 5 * day).toISOString(),
      })
      await handled(handle)
      await env.sleep(6 * day + 23 * hour)
      expect(fake.daysOf('PARTNERSHIP_SYSTEM_QUIET')).toEqual([])
      await env.sleep(2 * hour)
      expect(fake.daysOf('PARTNERSHIP_SYSTEM_QUIET')).toEqual([12])
      expect(fake.clientMessagesOf('partnership:system-check-in')).toEqual([['partnership:system-check-in', 12]])
      await env.sleep(6 * day)
      expect(fake.daysOf('PARTNERSHIP_SYSTEM_QUIET')).toEqual([12])
      // Used again on day 18: a new spell, a new check-in on day 25.
      await handle.signal(systemUsageSignal, {
        systemId,
        deployedAt: null,
        usedAt: new Date(startMs + 18 * day).toISOString(),
      })
      await handled(handle)
      await env.sleep(8 * day)
      expect(fake.daysOf('PARTNERSHIP_SYSTEM_QUIET')).toEqual([12, 25])
      expect(fake.clientMessagesOf('partnership:system-check-in')).toHaveLength(2)
    })
  })

  it('sends the testimonial requests from the final milestone, waits out a pause, stops once it is in', async () => {
    // Foundation: the final milestone is week 12, day 84; the request at 70, the reminder at 77, the last call at 84.
    const { fake, startMs } = await freshPartnership(env, { status: 'ACTIVE', statusChanges: 1 })
    await withPartnership(env, fake, async (handle) => {
      await env.sleep(69 * day)
      expect(fake.clientMessagesOf('partnership:testimonial')).toEqual([])
      await env.sleep(day + hour)
      expect(fake.clientMessagesOf('partnership:testimonial')).toEqual([['partnership:testimonial-request', 70]])
      await handle.executeUpdate(changePartnershipUpdate, {
        args: [{ kind: 'pause', reason: 'Holidays', actor: owner }],
      })
      // Day 77 passes while paused: nothing sent, even when an event wakes the run after it (day 79).
      await env.sleep(9 * day)
      await handle.signal(satisfactionScoredSignal, { score: 9, at: new Date().toISOString() })
      await handled(handle)
      await env.sleep(day)
      expect(fake.clientMessagesOf('partnership:testimonial')).toHaveLength(1)
      await handle.executeUpdate(changePartnershipUpdate, { args: [{ kind: 'resume', actor: owner }] })
      // Paused 10 days: the final milestone is due on day 94; the reminder on day 87.
      const final = fake.lastPlan().milestones.find((m) => m.key === 'week-12')!
      expect(days(final.dueAtMs - startMs)).toBe(94)
      await env.sleep(87 * day + hour - ((await env.currentTimeMs()) - startMs))
      expect(fake.clientMessagesOf('partnership:testimonial')).toEqual([
        ['partnership:testimonial-request', 70],
        ['partnership:testimonial-reminder', 87],
      ])
      await record(handle, { kind: 'testimonial' })
      expect(fake.testimonialRecorded).toBe(true)
      await env.sleep(8 * day)
      expect(fake.clientMessagesOf('partnership:testimonial')).toHaveLength(2)
      expect(await refusal(record(handle, { kind: 'testimonial' }))).toMatch(/recorded already/)
    })
  })

  it('records knowledge transfer: the score and what was trained and documented, shown by the workflow', async () => {
    const { fake } = await freshPartnership(env, { status: 'ACTIVE', statusChanges: 1 })
    await withPartnership(env, fake, async (handle) => {
      expect(await refusal(record(handle, { kind: 'knowledge-transfer', score: 101 }))).toMatch(/0 to 100/)
      expect(await refusal(record(handle, { kind: 'knowledge-transfer' }))).toMatch(/Say what changed/)
      await record(handle, { kind: 'knowledge-transfer', score: 40, trainingModules: ['Intake basics'] })
      const status = await record(handle, {
        kind: 'knowledge-transfer',
        trainingModules: ['Intake basics', 'Escalations'],
        documents: ['Runbook'],
      })
      expect(status.work!.knowledgeTransfer).toEqual({
        score: 40,
        trainingModules: ['Intake basics', 'Escalations'],
        documents: ['Runbook'],
      })
      expect(fake.knowledge.at(-1)).toMatchObject({ score: 40, documents: ['Runbook'] })
    })
  })
})
