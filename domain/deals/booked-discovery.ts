// Issue 10: "a Cal.com booking for one of the deal's contacts schedules discovery". Which deals a booking belongs
// to, and what each is told, stated once: the webhook's request asks it of the deals it finds, the deal's workflow
// asks it of the booking it finds at start.
import type { PipelineStage } from './pipeline-policy'

/** Stages whose deal a booked call is a discovery call for; from Proposal Sent on, a call is something else. */
export const discoveryStages: readonly PipelineStage[] = ['NEW_LEAD', 'CONTACTED', 'DISCOVERY_CALL']

const closedStages: readonly PipelineStage[] = ['CLOSED_WON', 'CLOSED_LOST']

export function hearsOfNewBookings(stage: PipelineStage): boolean {
  return discoveryStages.includes(stage)
}

/** A deal of the attendee's company (or whose primary contact is the attendee), as the request reads it. */
export interface BookingDealCandidate {
  id: string
  stage: PipelineStage
  primaryContactEmail: string
}

/** What a deal's workflow is told of one booking (`discoveryCallBooked`): keyed by the CRM's booking id. */
export interface DiscoveryCallChange {
  bookingId: string
  startsAt: string
  cancelled: boolean
}

/** A booking as applied: its state after the event, and the booking it replaces (a reschedule under a new uid). */
export interface AppliedBooking {
  attendeeEmail: string
  booking: { id: string; startTime: Date; live: boolean }
  replaced: { id: string; startTime: Date } | null
}

const sameAddress = (a: string, b: string) => a.trim().toLowerCase() === b.trim().toLowerCase()

/**
 * The deals one change of a booking concerns: among the open deals that may hear it, those whose primary contact
 * is the attendee, else every one of them (the attendee is another contact of the deal's company). A live booking
 * is told to deals before Proposal Sent; a cancellation to every open deal, so that one which heard the booking and
 * moved on since does not keep a call that is no longer happening.
 */
export function dealsOfBooking<D extends BookingDealCandidate>(
  attendeeEmail: string,
  deals: readonly D[],
  { live }: { live: boolean },
): D[] {
  const eligible = deals.filter((deal) => (live ? hearsOfNewBookings(deal.stage) : !closedStages.includes(deal.stage)))
  const theirs = eligible.filter((deal) => sameAddress(deal.primaryContactEmail, attendeeEmail))
  return theirs.length > 0 ? theirs : eligible
}

/**
 * Each deal and what it is told, in the order to tell it. A reschedule under a new uid is the replaced booking
 * cancelled, then the new one booked: the workflow keys calls by booking id, so it ends with one call at the new
 * time. Telling the same thing twice (a redelivery after a failure) leaves the workflow as it was.
 */
export function discoveryCallSignals<D extends BookingDealCandidate>(
  applied: AppliedBooking,
  deals: readonly D[],
): { deal: D; change: DiscoveryCallChange }[] {
  const changes: { change: DiscoveryCallChange; live: boolean }[] = []
  if (applied.replaced && applied.replaced.id !== applied.booking.id) {
    const { id, startTime } = applied.replaced
    changes.push({ change: { bookingId: id, startsAt: startTime.toISOString(), cancelled: true }, live: false })
  }
  const { id, startTime, live } = applied.booking
  changes.push({ change: { bookingId: id, startsAt: startTime.toISOString(), cancelled: !live }, live })

  const told = new Map<string, { deal: D; changes: DiscoveryCallChange[] }>()
  for (const { change, live: isLive } of changes) {
    for (const deal of dealsOfBooking(applied.attendeeEmail, deals, { live: isLive })) {
      const entry = told.get(deal.id) ?? { deal, changes: [] }
      entry.changes.push(change)
      told.set(deal.id, entry)
    }
  }
  return [...told.values()].flatMap(({ deal, changes: dealChanges }) => dealChanges.map((change) => ({ deal, change })))
}

/**
 * The booking a deal starts from (its run began after the booking was made, e.g. a lead that booked and was then
 * converted): by the same rule, the primary contact's live bookings, else those of the company's other contacts;
 * the soonest still ahead.
 */
export function discoveryCallAtStart(
  deal: { stage: PipelineStage; primaryContactEmail: string },
  bookings: readonly { id: string; attendeeEmail: string; startTime: Date }[],
  nowMs: number,
): DiscoveryCallChange | null {
  if (!hearsOfNewBookings(deal.stage)) return null
  const ahead = bookings.filter((booking) => booking.startTime.getTime() > nowMs)
  const theirs = ahead.filter((booking) => sameAddress(booking.attendeeEmail, deal.primaryContactEmail))
  const soonest = (theirs.length > 0 ? theirs : ahead).sort((a, b) => a.startTime.getTime() - b.startTime.getTime())[0]
  return soonest ? { bookingId: soonest.id, startsAt: soonest.startTime.toISOString(), cancelled: false } : null
}
