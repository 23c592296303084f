// When an open lead that nobody has touched for a while reminds its owner to follow up (decision 0089). Seed 002
// §9.2 reminds about a lead still New after 24 hours; seed 003's pipeline gives a first contact 1–3 days and a
// qualified lead 3–7 days before it should move, and schedules a follow-up for every lead.

const day = 24 * 60 * 60 * 1000

/** How many days a lead of each status may stay quiet before its owner is reminded; New has §9.2's own alert. */
export const leadQuietPeriodDays = {
  CONTACTED: 3,
  QUALIFIED: 7,
} as const

export type FollowedUpStatus = keyof typeof leadQuietPeriodDays

export function isFollowedUp(status: string): status is FollowedUpStatus {
  return Object.hasOwn(leadQuietPeriodDays, status)
}

/** Whole days from one instant to another, for the reminder's words. */
export function daysBetween(fromMs: number, toMs: number): number {
  return Math.round((toMs - fromMs) / day)
}

/**
 * The next reminder for a lead of `status` last touched at `lastTouchedAtMs`: one quiet period after the touch, then
 * one every period while it stays quiet. The first such moment after `afterMs`, so a reminder that fell due before
 * (a run that starts late, a seeded lead) is never sent about the past; null for a status without reminders.
 */
export function nextFollowUpReminderAt(status: string, lastTouchedAtMs: number, afterMs: number): number | null {
  if (!isFollowedUp(status)) return null
  const period = leadQuietPeriodDays[status] * day
  const periods = Math.max(1, Math.floor((afterMs - lastTouchedAtMs) / period) + 1)
  return lastTouchedAtMs + periods * period
}
