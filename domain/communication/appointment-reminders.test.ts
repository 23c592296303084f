import { describe, expect, it } from 'vitest'
import {
  appointmentReminders,
  appointmentReminderText,
  dueAppointmentReminders,
  nextAppointmentReminderMs,
} from './appointment-reminders'
import { renderLocalTimes } from './local-time'

const hour = 3_600_000
// A call on Thursday 2026-12-03 at 15:00Z.
const call = { id: 'booking-7', startsAtMs: Date.parse('2026-12-03T15:00:00Z') }

describe('appointment reminders', () => {
  it('booked days ahead: the day before and an hour before', () => {
    const reminders = appointmentReminders(call, Date.parse('2026-11-30T09:00:00Z'))
    expect(
      reminders.map(({ key, dueAtMs, notAfterMs }) => ({ key, dueAt: new Date(dueAtMs).toISOString(), notAfterMs })),
    ).toEqual([
      { key: 'booking-7@2026-12-03T15:00:00.000Z/24h', dueAt: '2026-12-02T15:00:00.000Z', notAfterMs: call.startsAtMs },
      { key: 'booking-7@2026-12-03T15:00:00.000Z/1h', dueAt: '2026-12-03T14:00:00.000Z', notAfterMs: call.startsAtMs },
    ])
  })

  it('booked 3 hours ahead: only the 1-hour reminder (no "tomorrow" sent late)', () => {
    const reminders = appointmentReminders(call, call.startsAtMs - 3 * hour)
    expect(reminders.map((reminder) => reminder.offset.key)).toEqual(['1h'])
  })

  it('a call already begun gets none', () => {
    expect(appointmentReminders(call, call.startsAtMs + 1)).toEqual([])
  })

  it('a reschedule is a new start: new keys, the old ones never come due again', () => {
    const moved = { ...call, startsAtMs: call.startsAtMs + 48 * hour }
    expect(appointmentReminders(moved, 0).map((reminder) => reminder.key)).toEqual([
      'booking-7@2026-12-05T15:00:00.000Z/24h',
      'booking-7@2026-12-05T15:00:00.000Z/1h',
    ])
  })

  it('due ones in order, not the ones sent; the next wake-up after them', () => {
    const known = 0
    const now = call.startsAtMs - 30 * 60_000
    expect(dueAppointmentReminders(call, known, now, new Set()).map((reminder) => reminder.offset.key)).toEqual([
      '24h',
      '1h',
    ])
    const sent = new Set(['booking-7@2026-12-03T15:00:00.000Z/24h'])
    expect(dueAppointmentReminders(call, known, now, sent).map((reminder) => reminder.offset.key)).toEqual(['1h'])
    expect(nextAppointmentReminderMs(call, known, sent)).toBe(call.startsAtMs - hour)
    expect(
      nextAppointmentReminderMs(call, known, new Set([...sent, 'booking-7@2026-12-03T15:00:00.000Z/1h'])),
    ).toBeNull()
  })

  it('writes the start as a marker the recipient reads on their own clock', () => {
    const text = appointmentReminderText('discovery call', call.startsAtMs, 'tomorrow')
    expect(renderLocalTimes(text.sms, 'America/Chicago')).toBe(
      'Reminder: your discovery call is tomorrow (Thu 3 Dec, 9:00 AM CST). Reply HELP for help, STOP to opt out.',
    )
    expect(renderLocalTimes(text.text, 'Europe/Berlin')).toMatch(
      /^This is a reminder that your discovery call is tomorrow, at Thu 3 Dec, 4:00 PM GMT\+1\./,
    )
    expect(text.subject).toBe('Reminder: your discovery call tomorrow')
  })
})
