import { describe, expect, it } from 'vitest'
import {
  bookingChangeOf,
  bookingTimelineEntry,
  calcomBookingEventSchema,
  isStaleBookingEvent,
  splitName,
} from './calcom-booking'
import { parseBody } from './parse'

// A BOOKING_RESCHEDULED as Cal.com sends it (fields the CRM does not read included, as they come).
const rescheduled = {
  triggerEvent: 'BOOKING_RESCHEDULED',
  createdAt: '2026-11-23T09:30:00.538Z',
  payload: {
    bookerUrl: 'https://cal.com',
    type: 'discovery-call',
    title: 'Discovery call between Alex Reyes and Rosa Martínez',
    description: '',
    additionalNotes: '',
    customInputs: {},
    startTime: '2026-12-02T15:00:00Z',
    endTime: '2026-12-02T15:30:00Z',
    organizer: {
      id: 7,
      name: 'Alex Reyes',
      email: 'alex@aikre8tion.example',
      username: 'alex',
      timeZone: 'America/New_York',
      language: { locale: 'en' },
      timeFormat: 'h:mma',
      utcOffset: -300,
    },
    responses: {
      name: { label: 'your_name', value: 'Rosa Martínez' },
      email: { label: 'email_address', value: 'rosa@northwind.example' },
    },
    attendees: [
      {
        email: 'Rosa@Northwind.example',
        name: 'Rosa Martínez Soto',
        timeZone: 'America/Chicago',
        language: { locale: 'es' },
        utcOffset: -360,
      },
    ],
    uid: 'bk_new',
    bookingId: 4211,
    rescheduleUid: 'bk_old',
    rescheduleStartTime: '2026-12-01T15:00:00Z',
    rescheduleEndTime: '2026-12-01T15:30:00Z',
    rescheduledBy: 'rosa@northwind.example',
    status: 'ACCEPTED',
    location: 'integrations:daily',
    metadata: { videoCallUrl: 'https://app.cal.com/video/bk_new' },
    eventTypeId: 88,
  },
}

describe("Cal.com's booking webhook", () => {
  it('reads a real BOOKING_RESCHEDULED body', () => {
    const parsed = parseBody(calcomBookingEventSchema, rescheduled, 'Cal.com booking')
    expect(parsed.ok).toBe(true)
    if (!parsed.ok) return
    expect(bookingChangeOf(parsed.value)).toEqual({
      kind: 'rescheduled',
      occurredAt: new Date('2026-11-23T09:30:00.538Z'),
      uid: 'bk_new',
      title: 'Discovery call between Alex Reyes and Rosa Martínez',
      startTime: new Date('2026-12-02T15:00:00Z'),
      endTime: new Date('2026-12-02T15:30:00Z'),
      attendee: {
        email: 'rosa@northwind.example',
        name: 'Rosa Martínez Soto',
        timezone: 'America/Chicago',
        language: 'ES',
      },
      meetingUrl: 'https://app.cal.com/video/bk_new',
      rescheduledFromUid: 'bk_old',
      previousTime: { startTime: new Date('2026-12-01T15:00:00Z'), endTime: new Date('2026-12-01T15:30:00Z') },
      cancellationReason: null,
    })
  })

  it('reads a cancellation with its reason, and a seated reschedule that keeps its uid', () => {
    const cancelled = parseBody(
      calcomBookingEventSchema,
      {
        ...rescheduled,
        triggerEvent: 'BOOKING_CANCELLED',
        payload: { ...rescheduled.payload, rescheduleUid: undefined, cancellationReason: ' Found another provider ' },
      },
      'Cal.com booking',
    )
    expect(cancelled.ok && bookingChangeOf(cancelled.value)).toMatchObject({
      kind: 'cancelled',
      rescheduledFromUid: null,
      cancellationReason: 'Found another provider',
    })
    const seated = parseBody(
      calcomBookingEventSchema,
      { ...rescheduled, payload: { ...rescheduled.payload, rescheduleUid: 'bk_new' } },
      'Cal.com booking',
    )
    expect(seated.ok && bookingChangeOf(seated.value).rescheduledFromUid).toBeNull()
  })

  it('ignores a time zone it does not know and a locale other than en/es', () => {
    const odd = parseBody(
      calcomBookingEventSchema,
      {
        ...rescheduled,
        payload: {
          ...rescheduled.payload,
          attendees: [{ email: 'a@b.example', name: null, timeZone: 'Mars/Olympus', language: { locale: 'de' } }],
        },
      },
      'Cal.com booking',
    )
    expect(odd.ok && bookingChangeOf(odd.value).attendee).toEqual({
      email: 'a@b.example',
      name: null,
      timezone: null,
      language: null,
    })
  })

  it('names the fields it cannot act on', () => {
    const parsed = parseBody(
      calcomBookingEventSchema,
      {
        triggerEvent: 'BOOKING_CREATED',
        createdAt: 'yesterday',
        payload: { uid: 'bk_1', title: 'Call', startTime: '2026-12-01T15:00:00Z', attendees: [] },
      },
      'Cal.com booking',
    )
    expect(parsed.ok).toBe(false)
    if (parsed.ok) return
    expect(parsed.errors.map((error) => error.field).sort()).toEqual([
      'createdAt',
      'payload.attendees',
      'payload.endTime',
    ])
  })
})

describe('isStaleBookingEvent', () => {
  const t = (minute: number) => new Date(Date.UTC(2026, 10, 23, 9, minute))
  it('refuses only what is older than the newest event applied; the same instant applies again', () => {
    expect(isStaleBookingEvent(null, t(0))).toBe(false)
    expect(isStaleBookingEvent(t(5), t(4))).toBe(true)
    expect(isStaleBookingEvent(t(5), t(5))).toBe(false)
    expect(isStaleBookingEvent(t(5), t(6))).toBe(false)
  })
})

describe('splitName and bookingTimelineEntry', () => {
  it('splits a single name field', () => {
    expect(splitName('Rosa Martínez Soto')).toEqual({ firstName: 'Rosa', lastName: 'Martínez Soto' })
    expect(splitName('Rosa')).toEqual({ firstName: 'Rosa' })
    expect(splitName(null)).toEqual({})
  })

  it('says what happened and when, in the attendee time zone', () => {
    const call = { title: 'Discovery call', timezone: 'America/Chicago' }
    expect(
      bookingTimelineEntry({
        ...call,
        kind: 'cancelled',
        startTime: new Date('2026-12-01T15:00:00Z'),
        cancellationReason: 'Sick',
      }),
    ).toEqual({
      subject: 'Cancelled: Discovery call (Dec 1, 2026, 9:00 AM CST)',
      description: 'Reason: Sick',
      outcome: 'cancelled',
    })
    expect(bookingTimelineEntry({ ...call, kind: 'created', startTime: new Date('2026-12-01T15:00:00Z') })).toEqual({
      subject: 'Booked: Discovery call (Dec 1, 2026, 9:00 AM CST)',
      description: null,
      outcome: 'booked',
    })
  })

  it('says where a booking moved from and to, or only where to when the earlier time is unknown', () => {
    const move = {
      kind: 'rescheduled' as const,
      title: 'Discovery call',
      timezone: 'America/Chicago',
      startTime: new Date('2026-12-02T16:00:00Z'),
    }
    expect(bookingTimelineEntry({ ...move, previousStartTime: new Date('2026-12-01T15:00:00Z') })).toEqual({
      subject: 'Moved: Discovery call (Dec 1, 2026, 9:00 AM CST → Dec 2, 2026, 10:00 AM CST)',
      description: 'From Dec 1, 2026, 9:00 AM CST to Dec 2, 2026, 10:00 AM CST',
      outcome: 'moved',
    })
    expect(bookingTimelineEntry({ ...move, previousStartTime: null })).toMatchObject({
      subject: 'Moved: Discovery call (to Dec 2, 2026, 10:00 AM CST)',
    })
  })
})
