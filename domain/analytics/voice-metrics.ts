// Seed 002 §10.2 "Voice Agent Metrics" and §6.2 "Conversation Analytics". The period's sessions are counted in SQL
// (services/analytics/voice-metrics.ts: a year of sessions is too many to read one by one); these functions turn the
// counts into the figures and charts. Pure.
import { wallClockReader, type WallClock } from '../time/zoned-time'

export interface Ranked {
  value: string
  count: number
}

/** Most frequent first (then alphabetical), at most `limit`. */
export function ranked(counts: readonly Ranked[], limit = 10): Ranked[] {
  return [...counts].sort((a, b) => b.count - a.count || a.value.localeCompare(b.value)).slice(0, limit)
}

/** A period's sessions, counted. */
export interface VoiceTotals {
  sessions: number
  /** Sessions that have ended, and their durations summed in seconds. */
  ended: number
  endedSeconds: number
  /** Questions asked in all sessions. */
  questions: number
  /** §10.2 "voice agent engagement": sessions in which the visitor asked at least one question. */
  engaged: number
  /** Sessions that became a lead or a known contact (an email, or a link to a person). */
  identified: number
  languages: Record<'EN' | 'ES', number>
}

export interface VoiceHeadline {
  sessions: number
  /** Of the ended sessions, in seconds. */
  averageDurationSeconds: number | null
  questionsPerSession: number | null
  engagementRate: number | null
  /** §10.2 "session-to-lead conversion". */
  sessionToLeadRate: number | null
  languages: Record<'EN' | 'ES', number>
}

const share = (part: number, whole: number) => (whole === 0 ? null : part / whole)

export function voiceHeadline(totals: VoiceTotals): VoiceHeadline {
  return {
    sessions: totals.sessions,
    averageDurationSeconds: share(totals.endedSeconds, totals.ended),
    questionsPerSession: share(totals.questions, totals.sessions),
    engagementRate: share(totals.engaged, totals.sessions),
    sessionToLeadRate: share(totals.identified, totals.sessions),
    languages: totals.languages,
  }
}

/** How often each topic and intent was heard, and how sessions ended (`NOT_ENDED` for a running one). */
export interface VoiceMentions {
  topics: readonly Ranked[]
  intents: readonly Ranked[]
  outcomes: readonly Ranked[]
}

export interface VoiceSummary extends VoiceHeadline {
  topics: Ranked[]
  intents: Ranked[]
  outcomes: Ranked[]
}

export function voiceSummary(totals: VoiceTotals, mentions: VoiceMentions): VoiceSummary {
  return {
    ...voiceHeadline(totals),
    topics: ranked(mentions.topics),
    intents: ranked(mentions.intents),
    outcomes: ranked(mentions.outcomes),
  }
}

/** One count of the industry breakdown: a topic or objection heard in an industry's sessions (null: no industry). */
export interface IndustryMention {
  industry: string | null
  kind: 'topic' | 'objection'
  value: string
  count: number
}

/**
 * §6.2 "common questions by industry" (topics) and "objection patterns", for every industry that had sessions
 * ("Unknown" without one), alphabetical, the top 5 of each.
 */
export function byIndustry(
  industries: readonly (string | null)[],
  mentions: readonly IndustryMention[],
): { industry: string; topics: Ranked[]; objections: Ranked[] }[] {
  const name = (industry: string | null) => industry ?? 'Unknown'
  const of = (industry: string, kind: IndustryMention['kind']) =>
    ranked(
      mentions.filter((row) => name(row.industry) === industry && row.kind === kind),
      5,
    ).map(({ value, count }) => ({ value, count }))
  return [...new Set(industries.map(name))]
    .sort()
    .map((industry) => ({ industry, topics: of(industry, 'topic'), objections: of(industry, 'objection') }))
}

/**
 * §6.2 "drop-off points": of the sessions that ended with the visitor leaving the site, how many left after each
 * number of questions (0 = left without asking anything), fewest questions first.
 */
export function dropOffPoints(
  left: readonly { afterQuestions: number; sessions: number }[],
): { afterQuestions: number; sessions: number }[] {
  return [...left].sort((a, b) => a.afterQuestions - b.afterQuestions)
}

const pad = (value: number, width = 2) => String(value).padStart(width, '0')
const isoDateOf = (clock: WallClock) => `${pad(clock.year, 4)}-${pad(clock.month)}-${pad(clock.day)}`

/** §10.2 "sessions per day": every calendar day of the period in `timezone`, days without sessions too. */
export function sessionsPerDay(
  counted: readonly { date: string; sessions: number }[],
  period: { fromMs: number; toMs: number },
  timezone: string,
): { date: string; sessions: number }[] {
  const wallClock = wallClockReader(timezone)
  const counts = new Map(counted.map((row) => [row.date, row.sessions]))
  const days: string[] = []
  for (let ms = period.fromMs; ms < period.toMs; ms += 60 * 60 * 1000) {
    const date = isoDateOf(wallClock(ms))
    if (days[days.length - 1] !== date) days.push(date)
  }
  return days.map((date) => ({ date, sessions: counts.get(date) ?? 0 }))
}

/**
 * §6.2 "peak usage times": sessions by weekday and hour of the local wall clock, a 7 × 24 grid, Monday first.
 * `isoWeekday` is 1 (Monday) to 7 (Sunday).
 */
export function usageByHour(counted: readonly { isoWeekday: number; hour: number; sessions: number }[]): number[][] {
  const grid = Array.from({ length: 7 }, () => Array.from({ length: 24 }, () => 0))
  for (const { isoWeekday, hour, sessions } of counted) grid[isoWeekday - 1]![hour]! += sessions
  return grid
}
