// How a Cal.com meeting went, as Cal.com tells it (decision 0035): MEETING_ENDED (the meeting took place) and
// BOOKING_NO_SHOW_UPDATED (`payload: { bookingUid, attendees: [{ email, noShow }] }`, sent when the host marks an
// attendee as a no-show, or unmarks them). Unknown fields are ignored, as for bookings.
import { z } from 'zod'
import { isoDateTime, externalId } from './parse'

export const calcomMeetingOutcomeTriggers = ['MEETING_ENDED', 'BOOKING_NO_SHOW_UPDATED'] as const
export type CalcomMeetingOutcomeTrigger = (typeof calcomMeetingOutcomeTriggers)[number]

export const calcomMeetingOutcomeSchema = z.object({
  triggerEvent: z.enum(calcomMeetingOutcomeTriggers),
  createdAt: isoDateTime,
  payload: z
    .object({
      uid: externalId.nullish(),
      bookingUid: externalId.nullish(),
      attendees: z.array(z.object({ email: z.string().nullish(), noShow: z.boolean().nullish() })).nullish(),
    })
    .refine((payload) => Boolean(payload.uid ?? payload.bookingUid), {
      message: 'must name the booking (uid or bookingUid)',
      path: ['uid'],
    }),
})

export type CalcomMeetingOutcomeEvent = z.infer<typeof calcomMeetingOutcomeSchema>

export interface MeetingOutcomeChange {
  /** The booking's uid. */
  uid: string
  occurredAt: Date
  /** The client attended: the meeting ended, or no attendee is marked a no-show (any more). */
  attended: boolean
}

export function meetingOutcomeOf(event: CalcomMeetingOutcomeEvent): MeetingOutcomeChange {
  const { payload } = event
  const attended =
    event.triggerEvent === 'MEETING_ENDED' || !(payload.attendees ?? []).some((attendee) => attendee.noShow === true)
  return { uid: (payload.uid ?? payload.bookingUid)!, occurredAt: new Date(event.createdAt), attended }
}

/** The booking uid a raw outcome payload names, for the event id (before the body is parsed), or null. */
export function outcomeBookingUid(payload: Record<string, unknown>): string | null {
  const uid = payload.uid ?? payload.bookingUid
  return typeof uid === 'string' && uid.length > 0 ? uid : null
}

/** Whether a raw no-show update marks someone a no-show (part of its event id: marking and unmarking differ). */
export function marksNoShow(payload: Record<string, unknown>): boolean {
  return Array.isArray(payload.attendees) && payload.attendees.some((a) => (a as { noShow?: unknown })?.noShow === true)
}
