// The partnership's meetings in its workflow (decision 0035): the weekly slot of its schedule, Cal.com bookings,
// outcomes from people and Cal.com, and "Meeting missed → alert owner + email to client" (§9.3). Workflow code.
import { patched } from '@temporalio/workflow'
import type { LeadActivities } from '../activities'
import type { PartnershipWorkActivities } from '../activities/partnership-work-contract'
import {
  appointmentReminders,
  appointmentReminderText,
  type Appointment,
  type AppointmentReminder,
} from '../domain/communication/appointment-reminders'
import { dateTimeMarker } from '../domain/communication/local-time'
import { fellDueBeforeRun } from '../domain/leads/late-start'
import { isIanaTimezone } from '../domain/time/zoned-time'
import {
  bookedOnSameDay,
  meetingRecordRefusal,
  nextWeeklyMeetingMs,
  unrecordedMeetingsMissed,
  unrecordedMissedAfterMs,
  weeklyMeetingId,
  weeklyMeetingTitle,
  weeklyMeetingsBetween,
  type MeetingOutcome,
  type MeetingRecordedBy,
  type PartnershipMeeting,
  type WeeklySchedule,
} from '../domain/partnerships/partnership-meetings'
import type { UpcomingStep } from './lead-messages'
import type { MeetingBooked } from './partnership-work-messages'
import { iso, type WorkContext } from './partnership-work-context'
import { entityActivities } from './entity-run'

const { database, messages } = entityActivities<PartnershipWorkActivities & Pick<LeadActivities, 'notifyOwner'>>([
  'PartnershipNotFound',
])

/** Reminding the client of their meetings by SMS or email (decision 0033's reminders) came after the first version. */
export const meetingRemindersPatch = 'partnership-meeting-client-reminders'

type Arrival =
  | { kind: 'outcome'; meetingId: string; outcome: MeetingOutcome; atMs: number }
  | { kind: 'booked'; booking: MeetingBooked }

export class PartnershipMeetings {
  private schedule: WeeklySchedule | null
  /**
   * The weekly slot's clock: the client's (decision 0046), UTC for runs whose snapshot predates it; a change of the
   * client's zone reaches it at once (decision 0051).
   */
  private timeZone: string
  private readonly meetings = new Map<string, PartnershipMeeting>()
  /** Unrecorded meetings of a paused spell: nobody is asked about them and they never count as missed. */
  private readonly waived = new Set<string>()
  private readonly arrivals: Arrival[] = []
  private scannedUntilMs: number
  /** When each coming meeting was learnt of: only reminders due after that are sent (never a late "tomorrow"). */
  private readonly knownSince = new Map<string, number>()
  private readonly reminded = new Set<string>()
  private remindersOn: boolean | null = null

  constructor(
    private readonly context: WorkContext,
    /** The run's health evidence (engagement: attended ÷ held). */
    private readonly held: Map<string, { attended: boolean }>,
    private readonly onAttended: () => void,
  ) {
    this.timeZone = context.snapshot.clientTimeZone ?? 'UTC'
    this.schedule = this.onClientClock(context.snapshot.schedule)
    for (const meeting of context.snapshot.meetings) {
      this.meetings.set(meeting.meetingId, { ...meeting })
      if (meeting.outcome) held.set(meeting.meetingId, { attended: meeting.outcome === 'attended' })
    }
    // Weekly meetings before this run are not looked for: a seeded or restarted partnership is not told off for them.
    this.scannedUntilMs = Date.now()
  }

  /** A meeting ended (Cal.com's MEETING_ENDED or no-show, or an older caller): handled at the next settle. */
  outcomeArrived(meetingId: string, attended: boolean, at: string): void {
    const atMs = Number.isNaN(Date.parse(at)) ? Date.now() : Math.min(Date.parse(at), Date.now())
    this.arrivals.push({ kind: 'outcome', meetingId, outcome: attended ? 'attended' : 'missed', atMs })
  }

  booked(booking: MeetingBooked): void {
    this.arrivals.push({ kind: 'booked', booking })
  }

  scheduleChanged(schedule: WeeklySchedule | null): void {
    this.schedule = this.onClientClock(schedule)
    this.context.changed()
  }

  /**
   * The client now reads the clock of another zone: the coming weekly slots keep their wall-clock time there. Meetings
   * already planned keep theirs; reminders of the next slot count from now, so none comes late.
   */
  clientClockChanged(timeZone: string): void {
    if (timeZone === this.timeZone || !isIanaTimezone(timeZone)) return
    this.timeZone = timeZone
    this.schedule = this.onClientClock(this.schedule)
    // A slot that moved is learnt of now: a reminder whose time passed in the move is not sent late.
    for (const id of [...this.knownSince.keys()]) if (!this.meetings.has(id)) this.knownSince.delete(id)
    this.context.changed()
  }

  private onClientClock(schedule: WeeklySchedule | null): WeeklySchedule | null {
    return schedule && { ...schedule, timeZone: this.timeZone }
  }

  refusal(meetingId: string, outcome: MeetingOutcome): string | null {
    return meetingRecordRefusal(this.meetings.get(meetingId), outcome, Date.now())
  }

  /** A person records how a meeting went. */
  async record(meetingId: string, outcome: MeetingOutcome, byId: string | null): Promise<void> {
    await this.setOutcome(this.meetings.get(meetingId)!, outcome, 'person', byId)
  }

  async settle(nowMs: number): Promise<void> {
    for (const arrival of this.arrivals.splice(0)) {
      if (arrival.kind === 'booked') await this.applyBooking(arrival.booking)
      else {
        const known = this.meetings.get(arrival.meetingId)
        const meeting = known ?? this.add(arrival.meetingId, 'calcom', 'Meeting', arrival.atMs)
        await this.setOutcome(meeting, arrival.outcome, 'calcom', null)
      }
    }
    if (!this.context.running()) {
      for (const meeting of this.meetings.values()) if (meeting.outcome === null) this.waived.add(meeting.meetingId)
      this.scannedUntilMs = nowMs
      return
    }
    // The weekly meetings begin with the engagement: none before kickoff.
    const from = Math.max(this.scannedUntilMs, this.context.kickoffMs() - 1)
    for (const startsAtMs of weeklyMeetingsBetween(this.schedule, from, nowMs)) {
      const meetingId = weeklyMeetingId(startsAtMs, this.timeZone)
      if (this.meetings.has(meetingId) || bookedOnSameDay(this.meetings.values(), startsAtMs, this.timeZone)) continue
      await this.persist(this.add(meetingId, 'weekly', weeklyMeetingTitle, startsAtMs), null)
    }
    this.scannedUntilMs = nowMs
    const missed = unrecordedMeetingsMissed(this.meetings.values(), nowMs).filter((m) => !this.waived.has(m.meetingId))
    for (const meeting of missed) await this.setOutcome(meeting, 'missed', 'no-record', null)
    await this.remindClient(nowMs)
  }

  /** The meetings ahead the client is reminded of: the next weekly slot and the Cal.com bookings not held yet. */
  private comingAppointments(nowMs: number): (Appointment & { title: string })[] {
    if (!this.context.running()) return []
    const coming: (Appointment & { title: string })[] = []
    const next = nextWeeklyMeetingMs(this.schedule, Math.max(nowMs, this.context.kickoffMs() - 1))
    if (next !== null && !bookedOnSameDay(this.meetings.values(), next, this.timeZone)) {
      coming.push({ id: weeklyMeetingId(next, this.timeZone), startsAtMs: next, title: 'weekly meeting' })
    }
    for (const meeting of this.meetings.values()) {
      if (meeting.source === 'calcom' && meeting.outcome === null && meeting.startsAtMs > nowMs) {
        coming.push({ id: meeting.meetingId, startsAtMs: meeting.startsAtMs, title: meeting.title.toLowerCase() })
      }
    }
    return coming
  }

  private pendingReminders(nowMs: number): (AppointmentReminder & { title: string })[] {
    return this.comingAppointments(nowMs).flatMap((appointment) =>
      appointmentReminders(appointment, this.knownSince.get(appointment.id) ?? nowMs)
        .filter((reminder) => !this.reminded.has(reminder.key))
        .map((reminder) => ({ ...reminder, title: appointment.title })),
    )
  }

  /** The day before and an hour before each meeting, SMS first (seed 003 decides), never after it began. */
  private async remindClient(nowMs: number): Promise<void> {
    const coming = this.comingAppointments(nowMs)
    for (const appointment of coming)
      if (!this.knownSince.has(appointment.id)) this.knownSince.set(appointment.id, nowMs)
    const { partnershipId, snapshot } = this.context
    if (!snapshot.contactId) return
    for (const reminder of this.pendingReminders(nowMs).filter((r) => r.dueAtMs <= nowMs)) {
      this.remindersOn ??= patched(meetingRemindersPatch)
      if (!this.remindersOn) return
      this.reminded.add(reminder.key)
      const text = appointmentReminderText(reminder.title, reminder.notAfterMs, reminder.offset.when)
      await this.context.messenger.send(`Remind the client: ${reminder.title} ${reminder.offset.when}`, {
        idempotencyKey: `partnership-${partnershipId}/appointment-reminder/${reminder.key}`,
        entity: { kind: 'partnership', id: partnershipId },
        recipient: { contactId: snapshot.contactId },
        template: `appointment-reminder:partnership-meeting/${reminder.offset.key}`,
        channels: ['SMS', 'EMAIL'],
        sms: { body: text.sms },
        email: { subject: text.subject, text: text.text, html: null },
        timeline: { description: `Reminded the client of the ${reminder.title} (${reminder.offset.when})` },
        purpose: 'transactional',
        notAfter: iso(reminder.notAfterMs),
        now: iso(nowMs),
      })
    }
  }

  nextWakeUpMs(nowMs: number): (number | null)[] {
    if (!this.context.running()) return []
    const unrecorded = [...this.meetings.values()]
      .filter((m) => m.outcome === null && !this.waived.has(m.meetingId))
      .map((m) => m.startsAtMs + unrecordedMissedAfterMs)
    const after = Math.max(this.scannedUntilMs, nowMs, this.context.kickoffMs() - 1)
    return [
      nextWeeklyMeetingMs(this.schedule, after),
      ...unrecorded,
      ...this.pendingReminders(nowMs)
        .map((reminder) => reminder.dueAtMs)
        .filter((at) => at > nowMs),
    ]
  }

  upcoming(nowMs: number): UpcomingStep[] {
    const after = Math.max(nowMs, this.context.kickoffMs() - 1)
    const next = this.context.running() ? nextWeeklyMeetingMs(this.schedule, after) : null
    const reminders = this.pendingReminders(nowMs)
      .filter((reminder) => reminder.dueAtMs > nowMs && this.context.snapshot.contactId)
      .map((reminder): UpcomingStep => ({
        key: `appointment-reminder/${reminder.key}`,
        kind: 'nurture',
        label: `Remind the client of the ${reminder.title} (${reminder.offset.when}), by SMS or email`,
        dueAt: iso(reminder.dueAtMs),
        expectedSendAt: iso(reminder.dueAtMs),
        willFire: true,
        reason: 'Sent unless the meeting is cancelled, the partnership is paused, or the client opted out',
      }))
    return next === null
      ? reminders
      : [
          ...reminders,
          {
            key: `meeting/${weeklyMeetingId(next, this.timeZone)}`,
            kind: 'reminder',
            label: 'Weekly meeting with the client',
            dueAt: iso(next),
            expectedSendAt: null,
            willFire: true,
            reason: 'Counted missed a day later unless someone records it held (or Cal.com reports it ended)',
          },
        ]
  }

  view() {
    return [...this.meetings.values()].sort((a, b) => a.startsAtMs - b.startsAtMs).map((m) => ({ ...m }))
  }

  private add(meetingId: string, source: PartnershipMeeting['source'], title: string, startsAtMs: number) {
    const meeting: PartnershipMeeting = { meetingId, source, title, startsAtMs, outcome: null, recordedBy: null }
    this.meetings.set(meetingId, meeting)
    this.context.changed()
    return meeting
  }

  private async applyBooking(booking: MeetingBooked): Promise<void> {
    const known = this.meetings.get(booking.meetingId)
    if (known?.outcome) return
    if (booking.cancelled) {
      if (!known) return
      this.meetings.delete(booking.meetingId)
      this.context.changed()
      await this.persist(known, null, true)
      return
    }
    const meeting = this.add(booking.meetingId, 'calcom', booking.title, Date.parse(booking.startsAt))
    await this.persist(meeting, null)
  }

  private async setOutcome(
    meeting: PartnershipMeeting,
    outcome: MeetingOutcome,
    recordedBy: MeetingRecordedBy,
    byId: string | null,
  ): Promise<void> {
    const before = meeting.outcome
    meeting.outcome = outcome
    meeting.recordedBy = recordedBy
    this.held.set(meeting.meetingId, { attended: outcome === 'attended' })
    if (outcome === 'attended') this.onAttended()
    this.context.changed()
    await this.persist(meeting, byId)
    if (outcome === 'missed' && before !== 'missed') await this.announceMissed(meeting)
  }

  private async persist(meeting: PartnershipMeeting, byId: string | null, cancelled = false): Promise<void> {
    await database(`Record the meeting ${meeting.meetingId}`).recordPartnershipMeeting({
      partnershipId: this.context.partnershipId,
      ...meeting,
      byId,
      cancelled,
    })
  }

  /** §9.3 "Meeting missed → alert owner + email to client", once per meeting; never about a meeting before the run. */
  private async announceMissed(meeting: PartnershipMeeting): Promise<void> {
    const { partnershipId, runStart, snapshot } = this.context
    if (!this.context.running() || fellDueBeforeRun(meeting.startsAtMs, runStart)) return
    const when = iso(meeting.startsAtMs).slice(0, 16).replace('T', ' ')
    const now = iso(Date.now())
    const key = `partnership-${partnershipId}/meeting/${meeting.meetingId}/missed`
    await messages(`Alert the owner: ${meeting.title} missed`).notifyOwner({
      entity: { type: 'partnership', id: partnershipId },
      kind: 'PARTNERSHIP_MEETING_MISSED',
      idempotencyKey: key,
      detail: `${meeting.title} of ${when} UTC was missed (${missedHow[meeting.recordedBy!]}). Reach out to reschedule.`,
      now,
    })
    if (!snapshot.contactId) return
    await this.context.messenger.send(`Email the client: ${meeting.title} missed`, {
      idempotencyKey: `${key}/email`,
      entity: { kind: 'partnership', id: partnershipId },
      recipient: { contactId: snapshot.contactId },
      template: 'partnership:meeting-missed',
      channels: ['EMAIL'],
      email: {
        subject: 'We missed you at our meeting',
        text:
          `We missed you at our ${meeting.title.toLowerCase()} (${dateTimeMarker(meeting.startsAtMs)}). Reply to this ` +
          'email with a time that ' +
          'suits you and we will find another slot this week, so the work on your systems keeps its pace.',
        html: null,
      },
      timeline: { description: `Emailed the client: ${meeting.title} of ${when} UTC missed` },
      purpose: 'transactional',
      now,
    })
  }
}

const missedHow: Record<MeetingRecordedBy, string> = {
  person: 'recorded by a person',
  calcom: 'Cal.com reported a no-show',
  'no-record': 'nobody recorded it held within a day',
}
