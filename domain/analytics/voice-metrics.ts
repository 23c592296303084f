// Seed 002 §10.2 "Voice Agent Metrics" and §6.2 "Conversation Analytics", from the recorded sessions. Pure: the
// query reads the sessions of a period, these functions count. Times of day are the agency's wall clock.
import { wallClockReader, type WallClock } from '../time/zoned-time'

export interface VoiceSessionFacts {
  startMs: number
  /** Seconds; 0 for a session that has not ended. */
  durationSeconds: number
  ended: boolean
  language: 'EN' | 'ES'
  totalQuestions: number
  /** The session became a lead or a known contact (an email or a link to a person). */
  identified: boolean
  industry: string | null
  topics: readonly string[]
  intents: readonly string[]
  objections: readonly string[]
  outcome: 'CONTINUED_BROWSING' | 'ROI_CALCULATOR' | 'CALENDAR_BOOKING' | 'LEFT_SITE' | null
}

const mean = (values: number[]) => (values.length === 0 ? null : values.reduce((a, b) => a + b, 0) / values.length)
const share = (part: number, whole: number) => (whole === 0 ? null : part / whole)

export interface Ranked {
  value: string
  count: number
}

/** Occurrences, most frequent first (then alphabetical), at most `limit`. */
export function ranked(values: Iterable<string>, limit = 10): Ranked[] {
  const counts = new Map<string, number>()
  for (const value of values) counts.set(value, (counts.get(value) ?? 0) + 1)
  return [...counts.entries()]
    .map(([value, count]) => ({ value, count }))
    .sort((a, b) => b.count - a.count || a.value.localeCompare(b.value))
    .slice(0, limit)
}

/** What a session adds to the headline figures: all the previous period's comparison reads. */
export type VoiceHeadlineFacts = Pick<
  VoiceSessionFacts,
  'durationSeconds' | 'ended' | 'language' | 'totalQuestions' | 'identified'
>

export interface VoiceHeadline {
  sessions: number
  /** Of the ended sessions, in seconds. */
  averageDurationSeconds: number | null
  questionsPerSession: number | null
  /** §10.2 "voice agent engagement rate": sessions in which the visitor asked at least one question. */
  engagementRate: number | null
  /** §10.2 "session-to-lead conversion". */
  sessionToLeadRate: number | null
  languages: Record<'EN' | 'ES', number>
}

export interface VoiceSummary extends VoiceHeadline {
  topics: Ranked[]
  intents: Ranked[]
  outcomes: Ranked[]
}

export function voiceHeadline(sessions: readonly VoiceHeadlineFacts[]): VoiceHeadline {
  return {
    sessions: sessions.length,
    averageDurationSeconds: mean(sessions.filter((s) => s.ended).map((s) => s.durationSeconds)),
    questionsPerSession: mean(sessions.map((s) => s.totalQuestions)),
    engagementRate: share(sessions.filter((s) => s.totalQuestions > 0).length, sessions.length),
    sessionToLeadRate: share(sessions.filter((s) => s.identified).length, sessions.length),
    languages: {
      EN: sessions.filter((s) => s.language === 'EN').length,
      ES: sessions.filter((s) => s.language === 'ES').length,
    },
  }
}

export function voiceSummary(sessions: readonly VoiceSessionFacts[]): VoiceSummary {
  return {
    ...voiceHeadline(sessions),
    topics: ranked(sessions.flatMap((s) => s.topics)),
    intents: ranked(sessions.flatMap((s) => s.intents)),
    outcomes: ranked(sessions.map((s) => s.outcome ?? 'NOT_ENDED')),
  }
}

/** §6.2 "common questions by industry" (topics) and "objection patterns", per industry ("Unknown" without one). */
export function byIndustry(
  sessions: readonly VoiceSessionFacts[],
): { industry: string; topics: Ranked[]; objections: Ranked[] }[] {
  const industries = [...new Set(sessions.map((s) => s.industry ?? 'Unknown'))].sort()
  return industries.map((industry) => {
    const of = sessions.filter((s) => (s.industry ?? 'Unknown') === industry)
    return {
      industry,
      topics: ranked(
        of.flatMap((s) => s.topics),
        5,
      ),
      objections: ranked(
        of.flatMap((s) => s.objections),
        5,
      ),
    }
  })
}

/**
 * §6.2 "drop-off points": of the sessions that ended with the visitor leaving the site, how many left after each
 * number of questions (0 = left without asking anything).
 */
export function dropOffPoints(sessions: readonly VoiceSessionFacts[]): { afterQuestions: number; sessions: number }[] {
  const left = sessions.filter((s) => s.outcome === 'LEFT_SITE')
  const counts = new Map<number, number>()
  for (const s of left) counts.set(s.totalQuestions, (counts.get(s.totalQuestions) ?? 0) + 1)
  return [...counts.entries()]
    .sort((a, b) => a[0] - b[0])
    .map(([afterQuestions, count]) => ({ afterQuestions, sessions: count }))
}

const pad = (value: number, width = 2) => String(value).padStart(width, '0')
const isoDateOf = (clock: WallClock) => `${pad(clock.year, 4)}-${pad(clock.month)}-${pad(clock.day)}`

/** §10.2 "sessions per day", by the agency's calendar day, every day of the period listed (zero days too). */
export function sessionsPerDay(
  sessions: readonly VoiceSessionFacts[],
  period: { fromMs: number; toMs: number },
  timezone: string,
): { date: string; sessions: number }[] {
  const wallClock = wallClockReader(timezone)
  const counts = new Map<string, number>()
  for (const s of sessions) {
    const date = isoDateOf(wallClock(s.startMs))
    counts.set(date, (counts.get(date) ?? 0) + 1)
  }
  const days: string[] = []
  for (let ms = period.fromMs; ms < period.toMs; ms += 60 * 60 * 1000) {
    const date = isoDateOf(wallClock(ms))
    if (days[days.length - 1] !== date) days.push(date)
  }
  return days.map((date) => ({ date, sessions: counts.get(date) ?? 0 }))
}

/** §6.2 "peak usage times": sessions by weekday (0 = Monday) and hour of the agency's wall clock, a 7 × 24 grid. */
export function usageByHour(sessions: readonly VoiceSessionFacts[], timezone: string): number[][] {
  const wallClock = wallClockReader(timezone)
  const grid = Array.from({ length: 7 }, () => Array.from({ length: 24 }, () => 0))
  for (const s of sessions) {
    const { weekday, hour } = wallClock(s.startMs)
    grid[(weekday + 6) % 7]![hour]! += 1
  }
  return grid
}
