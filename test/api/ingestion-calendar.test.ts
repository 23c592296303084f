import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { postJson } from '../support/web'
import {
  ingestionTimelineRows,
  leadEventsOf,
  postCalcom,
  startIngestionStack,
  unique,
  type IngestionStack,
} from './ingestion-helpers'

let stack: IngestionStack
/** Signals sent while a workflow task runs reach the history when the task completes. */
const signalled = { timeout: 20_000, interval: 250 }

beforeAll(async () => {
  stack = await startIngestionStack('ingestion-calendar')
})

afterAll(async () => {
  await stack?.close()
})

const db = () => stack.database.db

/** Cal.com's event id (lib/webhooks/calcom.ts), written out by hand for the bodies below. */
function calcomEventIdOf(body: { triggerEvent: string; payload: Record<string, unknown> }): string {
  const { uid, startTime } = body.payload as { uid: string; startTime: string }
  return body.triggerEvent === 'BOOKING_RESCHEDULED'
    ? `${body.triggerEvent}:${uid}@${startTime}`
    : `${body.triggerEvent}:${uid}`
}

const storedEvent = (body: { triggerEvent: string; payload: Record<string, unknown> }) =>
  db().webhookEvent.findUnique({
    where: { provider_eventId: { provider: 'CALCOM', eventId: calcomEventIdOf(body) } },
    select: { id: true, status: true },
  })

/**
 * Delivers a booking and waits until the lead's workflow applied it: the request only records and signals, the
 * activity writes the booking and marks its WebhookEvent PROCESSED.
 */
async function deliverCalcom(body: ReturnType<typeof calcom>, path?: string) {
  const response = await postCalcom(stack.baseUrl, body, path)
  if (response.status === 200) {
    await expect.poll(async () => (await storedEvent(body))?.status, signalled).toBe('PROCESSED')
  }
  return response
}
/** Cal.com's createdAt must be within the 300 s replay window: events are ordered by seconds ago. */
const secondsAgo = (seconds: number) => new Date(Date.now() - seconds * 1000).toISOString()

function calcom(triggerEvent: string, createdAt: string, payload: Record<string, unknown>) {
  return {
    triggerEvent,
    createdAt,
    payload: {
      bookerUrl: 'https://cal.com',
      type: 'discovery-call',
      title: 'Discovery call between Alex Reyes and Rosa Martínez',
      startTime: '2026-12-01T15:00:00Z',
      endTime: '2026-12-01T15:30:00Z',
      organizer: {
        id: 7,
        name: 'Alex Reyes',
        email: 'alex@aikre8tion.example',
        timeZone: 'America/New_York',
        language: { locale: 'en' },
      },
      attendees: [
        { email: 'rosa@example.com', name: 'Rosa Martínez', timeZone: 'America/Chicago', language: { locale: 'es' } },
      ],
      status: 'ACCEPTED',
      metadata: { videoCallUrl: 'https://app.cal.com/video/abc' },
      ...payload,
    },
  }
}

const booking = (externalUid: string) =>
  db().calendarBooking.findUnique({
    where: { externalUid },
    select: {
      id: true,
      leadId: true,
      contactId: true,
      status: true,
      startTime: true,
      rescheduledFromUid: true,
      cancellationReason: true,
      meetingUrl: true,
      lastEventAt: true,
      timezone: true,
      updatedAt: true,
    },
  })

const attendee = (email: string) => [
  { email, name: 'Rosa Martínez Soto', timeZone: 'America/Chicago', language: { locale: 'es' } },
]

describe('Cal.com bookings (POST /api/webhooks/calendar, /api/crm/webhooks/calendar)', () => {
  it('books, reschedules and cancels, for a new calendar booking lead', async () => {
    const email = `${unique('rosa')}@northwind.example`
    const uid = unique('bk')
    const created = calcom('BOOKING_CREATED', secondsAgo(30), { uid, attendees: attendee(email) })
    const response = await deliverCalcom(created)
    expect(response.status).toBe(200)
    expect(await response.json()).toEqual({ received: true, duplicate: false })

    const first = await booking(uid)
    expect(first).toMatchObject({
      status: 'SCHEDULED',
      meetingUrl: 'https://app.cal.com/video/abc',
      timezone: 'America/Chicago',
      lastEventAt: new Date(created.createdAt),
    })
    const lead = await db().lead.findUniqueOrThrow({
      where: { email },
      select: {
        id: true,
        source: true,
        firstName: true,
        lastName: true,
        preferredLanguage: true,
        timezone: true,
        calendarBookingId: true,
      },
    })
    expect(lead).toEqual({
      id: first!.leadId,
      source: 'CALENDAR_BOOKING',
      firstName: 'Rosa',
      lastName: 'Martínez Soto',
      preferredLanguage: 'ES',
      timezone: 'America/Chicago',
      calendarBookingId: first!.id,
    })
    expect(
      await db().activity.findMany({
        where: { type: 'MEETING', externalId: `${first!.id}:booked` },
        select: { leadId: true, subject: true, scheduledAt: true },
      }),
    ).toEqual([
      {
        leadId: lead.id,
        subject: 'Booked: Discovery call between Alex Reyes and Rosa Martínez (Dec 1, 2026, 9:00 AM CST)',
        scheduledAt: new Date('2026-12-01T15:00:00Z'),
      },
    ])

    // Rescheduled under a new uid through the landing page's path.
    const newUid = unique('bk')
    const rescheduled = calcom('BOOKING_RESCHEDULED', secondsAgo(20), {
      uid: newUid,
      rescheduleUid: uid,
      startTime: '2026-12-02T16:00:00Z',
      endTime: '2026-12-02T16:30:00Z',
      attendees: attendee(email),
      rescheduleStartTime: '2026-12-01T15:00:00Z',
      rescheduleEndTime: '2026-12-01T15:30:00Z',
    })
    expect((await deliverCalcom(rescheduled, '/api/crm/webhooks/calendar')).status).toBe(200)
    expect(await booking(uid)).toMatchObject({ status: 'RESCHEDULED' })
    const moved = await booking(newUid)
    expect(moved).toMatchObject({
      status: 'SCHEDULED',
      leadId: lead.id,
      rescheduledFromUid: uid,
      startTime: new Date('2026-12-02T16:00:00Z'),
    })

    const cancelled = calcom('BOOKING_CANCELLED', secondsAgo(10), {
      uid: newUid,
      startTime: '2026-12-02T16:00:00Z',
      endTime: '2026-12-02T16:30:00Z',
      attendees: attendee(email),
      cancellationReason: 'Found another provider',
    })
    expect((await deliverCalcom(cancelled)).status).toBe(200)
    expect(await booking(newUid)).toMatchObject({ status: 'CANCELLED', cancellationReason: 'Found another provider' })

    // Each signal names the recorded WebhookEvent the workflow applied.
    const recorded = async (body: ReturnType<typeof calcom>) => (await storedEvent(body))!.id
    await expect
      .poll(
        async () =>
          (await leadEventsOf(stack.env, lead.id)).map(({ eventId, kind, webhookEventId }) => ({
            eventId,
            kind,
            webhookEventId,
          })),
        signalled,
      )
      .toEqual([
        { eventId: `calcom:BOOKING_CREATED:${uid}`, kind: 'booking.created', webhookEventId: await recorded(created) },
        {
          eventId: `calcom:BOOKING_RESCHEDULED:${newUid}@2026-12-02T16:00:00Z`,
          kind: 'booking.rescheduled',
          webhookEventId: await recorded(rescheduled),
        },
        {
          eventId: `calcom:BOOKING_CANCELLED:${newUid}`,
          kind: 'booking.cancelled',
          webhookEventId: await recorded(cancelled),
        },
      ])
    expect(await db().lead.count({ where: { email } })).toBe(1)
  })

  it('takes the booking credit away when a moved booking is cancelled, and keeps booked, moved and cancelled on the timeline', async () => {
    const email = `${unique('ana')}@ana-plumbing.example`
    const uid = unique('bk')
    const newUid = unique('bk')
    const calendarFactor = async (leadId: string) => {
      const response = await fetch(`${stack.baseUrl}/api/leads/${leadId}`, { headers: stack.landingPage })
      const lead = (await response.json()) as { scoringFactors: { factor: string; value: number }[] }
      return lead.scoringFactors.find((factor) => factor.factor === 'calendarBooking')?.value
    }

    const created = calcom('BOOKING_CREATED', secondsAgo(30), { uid, attendees: attendee(email) })
    expect((await deliverCalcom(created)).status).toBe(200)
    const leadId = (await booking(uid))!.leadId!
    // §3.3 calendar booking: a live booking is worth the whole factor.
    await expect.poll(() => calendarFactor(leadId), signalled).toBe(100)

    const rescheduled = calcom('BOOKING_RESCHEDULED', secondsAgo(20), {
      uid: newUid,
      rescheduleUid: uid,
      startTime: '2026-12-02T16:00:00Z',
      endTime: '2026-12-02T16:30:00Z',
      attendees: attendee(email),
      rescheduleStartTime: '2026-12-01T15:00:00Z',
      rescheduleEndTime: '2026-12-01T15:30:00Z',
    })
    expect((await deliverCalcom(rescheduled)).status).toBe(200)
    await expect
      .poll(async () => (await leadEventsOf(stack.env, leadId)).map((event) => event.kind), signalled)
      .toEqual(['booking.created', 'booking.rescheduled'])
    await expect.poll(() => calendarFactor(leadId), signalled).toBe(100)

    const cancelled = calcom('BOOKING_CANCELLED', secondsAgo(10), {
      uid: newUid,
      startTime: '2026-12-02T16:00:00Z',
      endTime: '2026-12-02T16:30:00Z',
      attendees: attendee(email),
      cancellationReason: 'Found another provider',
    })
    expect((await deliverCalcom(cancelled)).status).toBe(200)
    await expect.poll(() => calendarFactor(leadId), signalled).toBe(0)

    const timeline = await fetch(`${stack.baseUrl}/api/leads/${leadId}/timeline`, { headers: stack.landingPage })
    expect(timeline.status).toBe(200)
    const meetings = ((await timeline.json()).entries as { kind: string }[]).filter((entry) => entry.kind === 'meeting')
    // Newest first; the attendee is in America/Chicago (CST, UTC−6).
    expect(meetings).toMatchObject([
      {
        title: 'Cancelled: Discovery call between Alex Reyes and Rosa Martínez (Dec 2, 2026, 10:00 AM CST)',
        detail: 'Reason: Found another provider — cancelled',
        scheduledAt: '2026-12-02T16:00:00.000Z',
      },
      {
        title:
          'Moved: Discovery call between Alex Reyes and Rosa Martínez (Dec 1, 2026, 9:00 AM CST → Dec 2, 2026, 10:00 AM CST)',
        detail: 'From Dec 1, 2026, 9:00 AM CST to Dec 2, 2026, 10:00 AM CST — moved',
        scheduledAt: '2026-12-02T16:00:00.000Z',
      },
      {
        title: 'Booked: Discovery call between Alex Reyes and Rosa Martínez (Dec 1, 2026, 9:00 AM CST)',
        scheduledAt: '2026-12-01T15:00:00.000Z',
      },
    ])
    expect(meetings).toHaveLength(3)
  })

  it('never lets an older event overwrite a newer one: the workflow hears of it and it changes nothing', async () => {
    const email = `${unique('kim')}@kim-builds.example`
    const uid = unique('bk')
    const cancelled = calcom('BOOKING_CANCELLED', secondsAgo(5), {
      uid,
      attendees: attendee(email),
      cancellationReason: 'Changed plans',
    })
    const created = calcom('BOOKING_CREATED', secondsAgo(60), { uid, attendees: attendee(email) })
    expect((await deliverCalcom(cancelled)).status).toBe(200)
    const afterCancel = await booking(uid)
    expect(afterCancel).toMatchObject({ status: 'CANCELLED' })

    const late = await deliverCalcom(created)
    expect(late.status).toBe(200)
    expect(await late.json()).toEqual({ received: true, duplicate: false })
    expect(await booking(uid)).toEqual(afterCancel)
    await expect
      .poll(async () => (await leadEventsOf(stack.env, afterCancel!.leadId!)).map((event) => event.kind), signalled)
      .toEqual(['booking.cancelled', 'booking.created'])
    expect(
      await db().webhookEvent.findUnique({
        where: { provider_eventId: { provider: 'CALCOM', eventId: `BOOKING_CREATED:${uid}` } },
        select: { status: true },
      }),
    ).toEqual({ status: 'PROCESSED' })
  })

  it('keeps a rescheduled booking rescheduled when its own creation arrives after the reschedule', async () => {
    const email = `${unique('lee')}@lee-hvac.example`
    const oldUid = unique('bk-old')
    const newUid = unique('bk-new')
    const rescheduled = calcom('BOOKING_RESCHEDULED', secondsAgo(5), {
      uid: newUid,
      rescheduleUid: oldUid,
      startTime: '2026-12-03T15:00:00Z',
      endTime: '2026-12-03T15:30:00Z',
      attendees: attendee(email),
    })
    expect((await deliverCalcom(rescheduled)).status).toBe(200)
    expect(await booking(oldUid)).toMatchObject({ status: 'RESCHEDULED' })
    expect(
      (await deliverCalcom(calcom('BOOKING_CREATED', secondsAgo(50), { uid: oldUid, attendees: attendee(email) })))
        .status,
    ).toBe(200)
    expect(await booking(oldUid)).toMatchObject({ status: 'RESCHEDULED' })
    expect(await booking(newUid)).toMatchObject({ status: 'SCHEDULED' })
  })

  it('lands a booking on the lead the ROI calculator captured (one person, one lead)', async () => {
    const email = `${unique('sam')}@ortiz-pm.example`
    const roi = await postJson(
      `${stack.baseUrl}/api/crm/roi-calculations`,
      {
        calculationId: unique('calc'),
        email,
        industry: 'property_management',
        employeeCount: '25-50',
        hourlyRate: 40,
        weeklyAdminHours: 25,
      },
      stack.landingPage,
    )
    expect(roi.status).toBe(201)
    const { leadId } = await roi.json()
    const uid = unique('bk')
    expect(
      (await deliverCalcom(calcom('BOOKING_CREATED', secondsAgo(1), { uid, attendees: attendee(email.toUpperCase()) })))
        .status,
    ).toBe(200)
    expect(await booking(uid)).toMatchObject({ leadId })
    expect(
      await db().lead.findUniqueOrThrow({
        where: { id: leadId },
        select: { source: true, firstName: true, calendarBookingId: true },
      }),
    ).toEqual({
      source: 'ROI_CALCULATOR',
      firstName: 'Rosa',
      calendarBookingId: (await booking(uid))!.id,
    })
    await expect
      .poll(async () => (await leadEventsOf(stack.env, leadId)).map((event) => event.kind), signalled)
      .toEqual(['roi.calculation.completed', 'booking.created'])
  })

  it('acknowledges a redelivery as a duplicate and changes nothing', async () => {
    const uid = unique('bk')
    const created = calcom('BOOKING_CREATED', secondsAgo(2), {
      uid,
      attendees: attendee(`${unique('dup')}@example.com`),
    })
    expect((await deliverCalcom(created)).status).toBe(200)
    const before = await booking(uid)
    const activities = await db().activity.count({ where: ingestionTimelineRows })
    const again = await postCalcom(stack.baseUrl, created, '/api/crm/webhooks/calendar')
    expect(await again.json()).toEqual({ received: true, duplicate: true })
    expect(await booking(uid)).toEqual(before)
    expect(await db().activity.count({ where: ingestionTimelineRows })).toBe(activities)
    await expect.poll(() => leadEventsOf(stack.env, before!.leadId!), signalled).toHaveLength(1)
  })

  it('acknowledges a signed booking it can never act on, naming the fields, and records it FAILED only', async () => {
    const before = await db().webhookEvent.count()
    const bookings = await db().calendarBooking.count()
    const body = calcom('BOOKING_CREATED', secondsAgo(1), { uid: unique('bk'), attendees: [], endTime: 'soon' })
    const response = await postCalcom(stack.baseUrl, body)
    expect(response.status).toBe(200)
    expect((await response.json()).errors.map((error: { field: string }) => error.field).sort()).toEqual([
      'payload.attendees',
      'payload.endTime',
    ])
    expect(await db().webhookEvent.count()).toBe(before + 1)
    expect(
      await db().webhookEvent.count({ where: { status: 'FAILED', error: { contains: 'payload.attendees' } } }),
    ).toBe(1)
    expect(await db().calendarBooking.count()).toBe(bookings)
  })

  it('refuses a delivery signed with another secret', async () => {
    const uid = unique('bk')
    const response = await postCalcom(
      stack.baseUrl,
      calcom('BOOKING_CREATED', secondsAgo(1), { uid }),
      '/api/webhooks/calendar',
      'someone-elses-secret',
    )
    expect(response.status).toBe(401)
    expect(await booking(uid)).toBeNull()
  })
})
