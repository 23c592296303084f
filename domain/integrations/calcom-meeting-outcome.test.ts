import { describe, expect, it } from 'vitest'
import { parseBody } from './parse'
import { calcomMeetingOutcomeSchema, meetingOutcomeOf } from './calcom-meeting-outcome'

const createdAt = '2027-01-06T11:00:00Z'

describe('a Cal.com meeting outcome', () => {
  it('MEETING_ENDED: the meeting took place', () => {
    const parsed = parseBody(
      calcomMeetingOutcomeSchema,
      { triggerEvent: 'MEETING_ENDED', createdAt, payload: { uid: 'b1' } },
      'x',
    )
    expect(parsed.ok && meetingOutcomeOf(parsed.value)).toEqual({
      uid: 'b1',
      occurredAt: new Date(createdAt),
      attended: true,
    })
  })

  it('BOOKING_NO_SHOW_UPDATED: missed while an attendee is marked a no-show, attended once unmarked', () => {
    const event = (noShow: boolean) =>
      parseBody(
        calcomMeetingOutcomeSchema,
        {
          triggerEvent: 'BOOKING_NO_SHOW_UPDATED',
          createdAt,
          payload: { bookingUid: 'b2', attendees: [{ email: 'a@x.example', noShow }] },
        },
        'x',
      )
    const marked = event(true)
    const unmarked = event(false)
    expect(marked.ok && meetingOutcomeOf(marked.value).attended).toBe(false)
    expect(unmarked.ok && meetingOutcomeOf(unmarked.value).attended).toBe(true)
  })

  it('refuses an event that names no booking', () => {
    const parsed = parseBody(calcomMeetingOutcomeSchema, { triggerEvent: 'MEETING_ENDED', createdAt, payload: {} }, 'x')
    expect(parsed.ok).toBe(false)
    expect(!parsed.ok && parsed.errors.map((e) => e.field)).toEqual(['payload.uid'])
  })
})
