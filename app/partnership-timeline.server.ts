import {
  milestoneProgressOf,
  paymentStateOf,
  pausesOf,
  phaseSpansOf,
  timelineWindowOf,
} from '../domain/partnerships/partnership-timeline'
import { nextWeeklyMeetingMs, weeklyMeetingId, weeklyMeetingTitle } from '../domain/partnerships/partnership-meetings'
import { clientTimeZoneOf, clientTimeZoneSelect } from '../services/partnerships/client-time-zone'
import { partnershipHasEnded } from '../domain/partnerships/partnership-changes'
import type { Database, Prisma } from '../lib/db'

// What the partnership page and the client portal both show of a partnership's plan, read from the rows its
// workflow writes (milestones, systems, payments, meetings, status changes): never from the running workflow.

const iso = (date: Date) => date.toISOString()

/** What the plan reads of the partnership itself: its caller has the row already (select it with its own fields). */
export const partnershipPlanSelect = {
  id: true,
  startDate: true,
  status: true,
  weeklyMeetingDay: true,
  weeklyMeetingTime: true,
  ...clientTimeZoneSelect,
} satisfies Prisma.PartnershipSelect

type PartnershipPlanRow = Prisma.PartnershipGetPayload<{ select: typeof partnershipPlanSelect }>

export async function loadPartnershipPlan(db: Database, partnership: PartnershipPlanRow, now: Date) {
  const { id: partnershipId, startDate } = partnership
  const [milestones, systems, payments, meetings, statusChanges] = await Promise.all([
    db.partnershipMilestone.findMany({
      where: { partnershipId },
      select: {
        key: true,
        label: true,
        week: true,
        plannedAt: true,
        dueAt: true,
        completedAt: true,
        movedBecause: true,
        systemsLive: true,
      },
      orderBy: [{ dueAt: 'asc' }, { key: 'asc' }],
    }),
    db.deliveredSystem.findMany({
      where: { partnershipId },
      select: {
        id: true,
        name: true,
        category: true,
        status: true,
        deploymentDate: true,
        lastUsedAt: true,
        hoursSavedPerWeek: true,
      },
      orderBy: { createdAt: 'asc' },
    }),
    db.payment.findMany({
      where: { partnershipId },
      select: { id: true, type: true, amount: true, currency: true, dueDate: true, paidDate: true, status: true },
      orderBy: [{ dueDate: 'asc' }, { type: 'asc' }],
    }),
    db.partnershipMeeting.findMany({
      where: { partnershipId, cancelled: false },
      select: { id: true, key: true, title: true, startsAt: true, outcome: true },
      orderBy: { startsAt: 'desc' },
      take: 30,
    }),
    db.partnershipStatusChange.findMany({
      where: { partnershipId },
      select: {
        id: true,
        fromStatus: true,
        toStatus: true,
        at: true,
        reason: true,
        by: { select: { name: true } },
      },
      orderBy: { at: 'asc' },
    }),
  ])
  const nowMs = now.getTime()
  const ended = partnershipHasEnded(partnership.status)
  const pauses = pausesOf(
    statusChanges.map((change) => ({ toStatus: change.toStatus, atMs: change.at.getTime() })),
    nowMs,
  )
  const finalDueMs = Math.max(startDate.getTime(), ...milestones.map((m) => m.dueAt.getTime()))
  const phases = phaseSpansOf(startDate.getTime(), finalDueMs, pauses)
  const window = timelineWindowOf(startDate.getTime(), [
    finalDueMs,
    nowMs,
    ...milestones.map((m) => (m.completedAt ?? m.dueAt).getTime()),
  ])
  return {
    window: { from: new Date(window.fromMs).toISOString(), to: new Date(window.toMs).toISOString() },
    phases: phases.map((phase) => ({
      ...phase,
      from: new Date(phase.fromMs).toISOString(),
      to: phase.toMs === null ? null : new Date(phase.toMs).toISOString(),
    })),
    pauses: pauses.map((pause) => ({
      from: new Date(pause.fromMs).toISOString(),
      to: new Date(pause.toMs).toISOString(),
    })),
    milestones: milestones.map((milestone) => ({
      ...milestone,
      plannedAt: iso(milestone.plannedAt),
      dueAt: iso(milestone.dueAt),
      completedAt: milestone.completedAt ? iso(milestone.completedAt) : null,
      ...milestoneProgressOf(
        {
          plannedAtMs: milestone.plannedAt.getTime(),
          dueAtMs: milestone.dueAt.getTime(),
          completedAtMs: milestone.completedAt?.getTime() ?? null,
        },
        nowMs,
        ended,
      ),
    })),
    systems: systems.map((system) => ({
      ...system,
      deploymentDate: system.deploymentDate ? iso(system.deploymentDate) : null,
      lastUsedAt: system.lastUsedAt ? iso(system.lastUsedAt) : null,
    })),
    payments: payments.map((payment) => ({
      ...payment,
      amount: Number(payment.amount),
      dueDate: iso(payment.dueDate),
      paidDate: payment.paidDate ? iso(payment.paidDate) : null,
      state: paymentStateOf({ status: payment.status, dueMs: payment.dueDate.getTime() }, nowMs),
    })),
    meetings: meetingsOf(meetings, partnership, now),
    statusChanges: statusChanges.map((change) => ({ ...change, at: iso(change.at), by: change.by?.name ?? null })),
  }
}

type MeetingRow = { id: string; key: string; title: string; startsAt: Date; outcome: string | null }

/** The meetings the workflow recorded (newest first) and, while the partnership runs, its next weekly slot. */
function meetingsOf(rows: MeetingRow[], schedule: PartnershipPlanRow, now: Date) {
  const meetings = rows.map((meeting) => ({
    id: meeting.id,
    subject: meeting.title,
    scheduledAt: iso(meeting.startsAt),
    outcome: meeting.outcome,
    upcoming: meeting.outcome === null && meeting.startsAt > now,
  }))
  const running = !partnershipHasEnded(schedule.status) && schedule.status !== 'PAUSED'
  const timeZone = clientTimeZoneOf(schedule)
  const weekly =
    running && schedule.weeklyMeetingDay && schedule.weeklyMeetingTime
      ? nextWeeklyMeetingMs(
          { day: schedule.weeklyMeetingDay, time: schedule.weeklyMeetingTime, timeZone },
          now.getTime(),
        )
      : null
  if (weekly !== null && !rows.some((row) => row.key === weeklyMeetingId(weekly, timeZone))) {
    meetings.unshift({
      id: weeklyMeetingId(weekly, timeZone),
      subject: weeklyMeetingTitle,
      scheduledAt: iso(new Date(weekly)),
      outcome: null,
      upcoming: true,
    })
  }
  return meetings
}

export type PartnershipPlan = Awaited<ReturnType<typeof loadPartnershipPlan>>
