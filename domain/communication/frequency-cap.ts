// How many marketing (non-transactional) emails a person receives: at most `maxPerWeek` in any trailing 7 days.

/** Seed 003's `maxMessagesPerWeek` for a person who never set it. */
export const defaultMaxMessagesPerWeek = 4

export const frequencyCapWindowMs = 7 * 24 * 60 * 60 * 1000

export type FrequencyCapDecision = { allowed: true } | { allowed: false; until: Date; reason: string }

/**
 * Whether one more marketing email may go out at `now`, given when the earlier ones went out. The window is
 * (now − 7 days, now]: a send exactly 7 days old no longer counts. When the cap is reached, `until` is the moment
 * enough of the in-window sends have left the window for one more to fit.
 */
export function frequencyCapDeferral(now: Date, recentSends: Date[], maxPerWeek: number): FrequencyCapDecision {
  if (!Number.isInteger(maxPerWeek) || maxPerWeek < 0) {
    throw new RangeError(`maxPerWeek must be a whole number of emails, 0 or more, not ${maxPerWeek}`)
  }
  const windowStart = now.getTime() - frequencyCapWindowMs
  const inWindow = recentSends
    .map((sent) => sent.getTime())
    .filter((sent) => sent > windowStart && sent <= now.getTime())
    .sort((a, b) => a - b)
  if (inWindow.length < maxPerWeek) return { allowed: true }

  if (maxPerWeek === 0) {
    // The person wants no marketing email at all: look again in a week, in case they change their mind.
    return {
      allowed: false,
      until: new Date(now.getTime() + frequencyCapWindowMs),
      reason: 'Frequency cap (the person accepts no marketing emails)',
    }
  }
  // One more fits once the count drops to maxPerWeek − 1, i.e. once this send has left the window.
  const leaving = inWindow[inWindow.length - maxPerWeek]!
  return {
    allowed: false,
    until: new Date(leaving + frequencyCapWindowMs),
    reason: `Frequency cap (${inWindow.length} of ${maxPerWeek} emails a week already sent in the last 7 days)`,
  }
}
