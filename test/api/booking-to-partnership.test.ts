// A Cal.com booking by one of a running partnership's contacts becomes a meeting of the partnership (decision 0035),
// on real parts: signed webhooks to the real web app, PostgreSQL, Temporal's test server, a worker of the real
// partnership workflow.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { partnershipWorkflowId } from '../../workflows/entity-ids'
import { partnershipStatusQuery } from '../../workflows/partnership-messages'
import { signedInUser } from '../support/actors'
import { createDealWithPartnership } from '../support/deal-records'
import { startCrmStack, type CrmStack } from '../support/stack'
import { calcom, postCalcom, unique, webhookSecrets } from './ingestion-helpers'

let stack: CrmStack
const eventually = { timeout: 20_000, interval: 200 }
const day = 24 * 60 * 60 * 1000

beforeAll(async () => {
  stack = await startCrmStack('booking-to-partnership', {
    settings: { WEBHOOK_PROVIDERS: 'calcom', CALCOM_WEBHOOK_SECRET: webhookSecrets.CALCOM_WEBHOOK_SECRET },
  })
}, 240_000)

afterAll(async () => {
  await stack?.close()
})

/** Whole minutes from now: the meeting's time, as Cal.com would send it. */
const inDays = (days: number) => new Date(Math.floor((Date.now() + days * day) / 60_000) * 60_000)

describe('a Cal.com booking by a partnership’s contact', () => {
  it('is a meeting of the partnership’s workflow; cancelled, it is no longer one', async () => {
    const db = stack.database.db
    const { contact, deal, partnership } = await createDealWithPartnership(db, {
      startDate: new Date(Date.now() - 7 * day),
      targetEndDate: new Date(Date.now() + 77 * day),
    })
    // The deal was won: only the partnership hears of the booking.
    await db.opportunity.update({ where: { id: deal.id }, data: { stage: 'CLOSED_WON' } })
    const { email } = await db.contact.findUniqueOrThrow({ where: { id: contact.id }, select: { email: true } })
    const uid = unique('pm')
    const startsAt = inDays(3)
    const created = await postCalcom(
      stack.web.baseUrl,
      calcom('BOOKING_CREATED', 20, { uid, email: email!.toUpperCase(), startTime: startsAt }),
    )
    expect(created.status).toBe(200)
    const booking = await db.calendarBooking.findUniqueOrThrow({ where: { externalUid: uid }, select: { id: true } })
    const handle = stack.env.client.workflow.getHandle(partnershipWorkflowId(partnership.id))
    const meetings = async () =>
      ((await handle.query(partnershipStatusQuery).catch(() => null))?.work?.meetings ?? []).map((m) => [
        m.meetingId,
        m.source,
        new Date(m.startsAtMs).toISOString(),
        m.outcome,
      ])
    await expect.poll(meetings, eventually).toEqual([[`calcom-${booking.id}`, 'calcom', startsAt.toISOString(), null]])

    const cancelled = await postCalcom(
      stack.web.baseUrl,
      calcom('BOOKING_CANCELLED', 10, { uid, email: email!, startTime: startsAt }),
    )
    expect(cancelled.status).toBe(200)
    await expect.poll(meetings, eventually).toEqual([])
    await expect
      .poll(
        async () =>
          (
            await db.partnershipMeeting.findMany({
              where: { partnershipId: partnership.id },
              select: { cancelled: true },
            })
          ).map((m) => m.cancelled),
        eventually,
      )
      .toEqual([true])
  })

  it('hears from Cal.com how a meeting went: a no-show is a missed meeting, MEETING_ENDED one held', async () => {
    const db = stack.database.db
    const owner = await signedInUser(db, 'CUSTOMER_SUCCESS')
    const { contact, deal, partnership } = await createDealWithPartnership(db, {
      ownerId: owner.id,
      startDate: new Date(Date.now() - 14 * day),
      targetEndDate: new Date(Date.now() + 70 * day),
    })
    await db.opportunity.update({ where: { id: deal.id }, data: { stage: 'CLOSED_WON' } })
    const { email } = await db.contact.findUniqueOrThrow({ where: { id: contact.id }, select: { email: true } })
    // Meetings of the last hour: the partnership's workflow (started by the first booking) takes them as its own.
    const book = async (minutesAgo: number) => {
      const uid = unique('pm')
      const startTime = new Date(Math.floor(Date.now() / 60_000 - minutesAgo) * 60_000)
      const body = calcom('BOOKING_CREATED', 30, { uid, email: email!, startTime })
      expect((await postCalcom(stack.web.baseUrl, body)).status).toBe(200)
      const { id } = await db.calendarBooking.findUniqueOrThrow({ where: { externalUid: uid }, select: { id: true } })
      return { uid, meetingId: `calcom-${id}` }
    }
    const review = await book(40)
    const training = await book(20)
    const outcome = (triggerEvent: string, payload: Record<string, unknown>) =>
      postCalcom(stack.web.baseUrl, { triggerEvent, createdAt: new Date().toISOString(), payload })
    expect((await outcome('MEETING_ENDED', { uid: training.uid })).status).toBe(200)
    const noShow = { bookingUid: review.uid, attendees: [{ email, noShow: true }] }
    expect((await outcome('BOOKING_NO_SHOW_UPDATED', noShow)).status).toBe(200)
    // Cal.com's redelivery of the same change is a duplicate.
    expect(await (await outcome('BOOKING_NO_SHOW_UPDATED', noShow)).json()).toEqual({ received: true, duplicate: true })

    const handle = stack.env.client.workflow.getHandle(partnershipWorkflowId(partnership.id))
    const outcomes = async () =>
      ((await handle.query(partnershipStatusQuery).catch(() => null))?.work?.meetings ?? []).map((m) => [
        m.meetingId,
        m.outcome,
        m.recordedBy,
      ])
    await expect.poll(outcomes, eventually).toEqual([
      [review.meetingId, 'missed', 'calcom'],
      [training.meetingId, 'attended', 'calcom'],
    ])
    // The owner hears of the missed one (the client's email goes through sendClientMessage).
    await expect
      .poll(
        () => db.notification.count({ where: { partnershipId: partnership.id, kind: 'PARTNERSHIP_MEETING_MISSED' } }),
        eventually,
      )
      .toBe(1)
  })
})
