// When a client is reminded of an appointment (a discovery call now, partnership meetings later): the day before
// and an hour before (decision 0033). Pure, so a workflow plans its timers with it and a test can hold it against
// the arithmetic. An appointment is known by its id and start: a reschedule is a new start, so its reminders are new
// ones (new keys) and the old start's never fire.
import { dateTimeMarker } from './local-time'

export interface Appointment {
  /** Stable per appointment, e.g. the Cal.com booking id. */
  id: string
  startsAtMs: number
}

export interface AppointmentReminderOffset {
  /** Part of the reminder's key, e.g. `24h`. */
  key: string
  beforeMs: number
  /** How the message says when, e.g. "tomorrow", "in 1 hour". */
  when: string
}

const hourMs = 60 * 60 * 1000

/** The day before (time to move it) and an hour before (time to join). */
export const appointmentReminderOffsets: readonly AppointmentReminderOffset[] = [
  { key: '24h', beforeMs: 24 * hourMs, when: 'tomorrow' },
  { key: '1h', beforeMs: hourMs, when: 'in 1 hour' },
]

export interface AppointmentReminder {
  /** Unique per appointment, start and offset: `booking-7@2026-12-03T15:00:00.000Z/24h`. */
  key: string
  dueAtMs: number
  offset: AppointmentReminderOffset
  /** After the start a reminder is pointless. */
  notAfterMs: number
}

/**
 * The reminders of an appointment learnt of at `knownSinceMs` (booked, or moved): those due after that moment only.
 * A call booked 3 hours ahead gets the 1-hour reminder, not a "tomorrow" one sent late; a call already begun none.
 */
export function appointmentReminders(
  appointment: Appointment,
  knownSinceMs: number,
  offsets: readonly AppointmentReminderOffset[] = appointmentReminderOffsets,
): AppointmentReminder[] {
  const start = new Date(appointment.startsAtMs).toISOString()
  return offsets
    .map((offset) => ({
      key: `${appointment.id}@${start}/${offset.key}`,
      dueAtMs: appointment.startsAtMs - offset.beforeMs,
      offset,
      notAfterMs: appointment.startsAtMs,
    }))
    .filter((reminder) => reminder.dueAtMs >= knownSinceMs && reminder.dueAtMs < appointment.startsAtMs)
}

/** The reminders due at `nowMs` not sent yet, oldest first. */
export function dueAppointmentReminders(
  appointment: Appointment,
  knownSinceMs: number,
  nowMs: number,
  sent: ReadonlySet<string>,
): AppointmentReminder[] {
  return appointmentReminders(appointment, knownSinceMs)
    .filter((reminder) => reminder.dueAtMs <= nowMs && !sent.has(reminder.key))
    .sort((a, b) => a.dueAtMs - b.dueAtMs)
}

/** When the next reminder not sent yet falls due, or null. */
export function nextAppointmentReminderMs(
  appointment: Appointment,
  knownSinceMs: number,
  sent: ReadonlySet<string>,
): number | null {
  const ahead = appointmentReminders(appointment, knownSinceMs).filter((reminder) => !sent.has(reminder.key))
  return ahead.length === 0 ? null : Math.min(...ahead.map((reminder) => reminder.dueAtMs))
}

/**
 * The SMS (at most 320 characters) and the email of a reminder; `what` names the appointment. The start is a
 * marker sendClientMessage renders on the recipient's clock (local-time.ts): "Tue 8 Dec, 10:00 AM CST".
 */
export function appointmentReminderText(what: string, startsAtMs: number, when: string) {
  const at = dateTimeMarker(startsAtMs)
  const sms = `Reminder: your ${what} is ${when} (${at}). Reply HELP for help, STOP to opt out.`
  return {
    sms,
    subject: `Reminder: your ${what} ${when}`,
    text: `This is a reminder that your ${what} is ${when}, at ${at}.\n\nIf the time no longer suits you, reply to this email and we will find another.`,
  }
}
