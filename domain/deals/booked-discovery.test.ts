import { describe, expect, it } from 'vitest'
import {
  dealsOfBooking,
  discoveryCallAtStart,
  discoveryCallSignals,
  type BookingDealCandidate,
} from './booked-discovery'

const deal = (id: string, stage: BookingDealCandidate['stage'], primaryContactEmail: string) => ({
  id,
  stage,
  primaryContactEmail,
})

describe('dealsOfBooking', () => {
  const rosa = 'Rosa@Northwind.example'
  const deals = [
    deal('new', 'NEW_LEAD', 'rosa@northwind.example'),
    deal('discovery', 'DISCOVERY_CALL', 'ROSA@northwind.example'),
    deal('proposal', 'PROPOSAL_SENT', 'rosa@northwind.example'),
    deal('colleague', 'CONTACTED', 'ben@northwind.example'),
    deal('won', 'CLOSED_WON', 'rosa@northwind.example'),
  ]

  it('tells a live booking to the open deals before Proposal Sent whose primary contact is the attendee', () => {
    expect(dealsOfBooking(rosa, deals, { live: true }).map((d) => d.id)).toEqual(['new', 'discovery'])
  })

  it('falls back to the deals of the attendee’s company when the attendee is no deal’s primary contact', () => {
    expect(dealsOfBooking('ana@northwind.example', deals, { live: true }).map((d) => d.id)).toEqual([
      'new',
      'discovery',
      'colleague',
    ])
  })

  it('tells a cancellation to every open deal of the attendee, Proposal Sent included, never a closed one', () => {
    expect(dealsOfBooking(rosa, deals, { live: false }).map((d) => d.id)).toEqual(['new', 'discovery', 'proposal'])
  })

  it('tells nobody when every deal is past discovery or closed', () => {
    expect(dealsOfBooking(rosa, [deals[2]!, deals[4]!], { live: true })).toEqual([])
  })
})

describe('discoveryCallSignals', () => {
  const deals = [
    deal('d1', 'CONTACTED', 'rosa@northwind.example'),
    deal('d2', 'PROPOSAL_SENT', 'rosa@northwind.example'),
  ]
  const at = (iso: string) => new Date(iso)

  it('books a live booking for the early deal only', () => {
    const signals = discoveryCallSignals(
      {
        attendeeEmail: 'rosa@northwind.example',
        booking: { id: 'b1', startTime: at('2026-12-10T15:00:00Z'), live: true },
        replaced: null,
      },
      deals,
    )
    expect(signals.map(({ deal: d, change }) => [d.id, change])).toEqual([
      ['d1', { bookingId: 'b1', startsAt: '2026-12-10T15:00:00.000Z', cancelled: false }],
    ])
  })

  it('cancels the replaced booking, then books the new one, deal by deal (a reschedule under a new uid)', () => {
    const signals = discoveryCallSignals(
      {
        attendeeEmail: 'rosa@northwind.example',
        booking: { id: 'b2', startTime: at('2026-12-11T16:00:00Z'), live: true },
        replaced: { id: 'b1', startTime: at('2026-12-10T15:00:00Z') },
      },
      deals,
    )
    expect(signals.map(({ deal: d, change }) => [d.id, change])).toEqual([
      ['d1', { bookingId: 'b1', startsAt: '2026-12-10T15:00:00.000Z', cancelled: true }],
      ['d1', { bookingId: 'b2', startsAt: '2026-12-11T16:00:00.000Z', cancelled: false }],
      ['d2', { bookingId: 'b1', startsAt: '2026-12-10T15:00:00.000Z', cancelled: true }],
    ])
  })

  it('tells a cancellation as cancelled', () => {
    const signals = discoveryCallSignals(
      {
        attendeeEmail: 'rosa@northwind.example',
        booking: { id: 'b1', startTime: at('2026-12-10T15:00:00Z'), live: false },
        replaced: null,
      },
      deals,
    )
    expect(signals.map(({ deal: d, change }) => [d.id, change.cancelled])).toEqual([
      ['d1', true],
      ['d2', true],
    ])
  })
})

describe('discoveryCallAtStart', () => {
  const now = Date.parse('2026-12-02T10:00:00Z')
  const bookings = [
    { id: 'past', attendeeEmail: 'rosa@northwind.example', startTime: new Date('2026-12-01T10:00:00Z') },
    { id: 'later', attendeeEmail: 'rosa@northwind.example', startTime: new Date('2026-12-09T10:00:00Z') },
    { id: 'sooner', attendeeEmail: 'ROSA@northwind.example', startTime: new Date('2026-12-05T10:00:00Z') },
    { id: 'colleague', attendeeEmail: 'ben@northwind.example', startTime: new Date('2026-12-03T10:00:00Z') },
  ]

  it('starts from the primary contact’s soonest booking still ahead', () => {
    expect(
      discoveryCallAtStart({ stage: 'NEW_LEAD', primaryContactEmail: 'rosa@northwind.example' }, bookings, now),
    ).toEqual({ bookingId: 'sooner', startsAt: '2026-12-05T10:00:00.000Z', cancelled: false })
  })

  it('else from a colleague’s; nothing past Discovery Call', () => {
    expect(
      discoveryCallAtStart({ stage: 'CONTACTED', primaryContactEmail: 'ana@northwind.example' }, bookings, now)
        ?.bookingId,
    ).toBe('colleague')
    expect(
      discoveryCallAtStart({ stage: 'PROPOSAL_SENT', primaryContactEmail: 'rosa@northwind.example' }, bookings, now),
    ).toBeNull()
  })
})
