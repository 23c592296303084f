import {
  byIndustry,
  dropOffPoints,
  sessionsPerDay,
  usageByHour,
  voiceSummary,
  type VoiceHeadlineFacts,
  type VoiceSessionFacts,
  type VoiceSummary,
} from '../../domain/analytics/voice-metrics'
import type { ZonedRange } from '../../domain/analytics/report-period'
import { Prisma, type Database } from '../../lib/db'
import { at, voiceScope, type AnalyticsScope } from './analytics-scope'

// §10.2 voice agent metrics and §6.2 conversation analytics: the period's sessions read once (explicit columns,
// the lead's industry), counted by the pure functions of domain/analytics/voice-metrics.ts.

type Range = { fromMs: number; toMs: number }

/**
 * The arrays come joined by U+001F (unit separator): the driver parses a year of sessions' arrays in about twice the
 * time (bench/results/dashboard.md). The labels are keywords; one that held a U+001F would count as two.
 */
const listOf = (joined: string) => (joined === '' ? [] : joined.split('\u001f'))

/** The session became a lead or a known contact. */
const identified = Prisma.sql`(v."leadId" IS NOT NULL OR v."contactId" IS NOT NULL OR v.email IS NOT NULL)`

const inPeriod = (scope: AnalyticsScope, range: Range) =>
  Prisma.sql`v."startTime" >= ${at(range.fromMs)}::timestamp AND v."startTime" < ${at(range.toMs)}::timestamp
      AND ${voiceScope(scope)}`

/**
 * Only what the headline figures read (the previous period's comparison): no arrays, no industry. A year of sessions
 * reads in about half the time of the full facts.
 */
export async function voiceHeadlineFacts(
  db: Database,
  scope: AnalyticsScope,
  range: Range,
): Promise<VoiceHeadlineFacts[]> {
  const rows = await db.$queryRaw<
    { duration: number; ended: boolean; language: 'EN' | 'ES'; totalQuestions: number; identified: boolean }[]
  >`
    SELECT v.duration, v."endedAt" IS NOT NULL AS ended, v.language::text AS language, v."totalQuestions",
           ${identified} AS identified
    FROM "VoiceSession" v
    WHERE ${inPeriod(scope, range)}`
  return rows.map((row) => ({
    durationSeconds: row.duration,
    ended: row.ended,
    language: row.language,
    totalQuestions: row.totalQuestions,
    identified: row.identified,
  }))
}

export async function voiceSessionFacts(
  db: Database,
  scope: AnalyticsScope,
  range: Range,
): Promise<VoiceSessionFacts[]> {
  const rows = await db.$queryRaw<
    {
      startTime: Date
      duration: number
      ended: boolean
      language: 'EN' | 'ES'
      totalQuestions: number
      identified: boolean
      industry: string | null
      topics: string
      intents: string
      objections: string
      outcome: VoiceSessionFacts['outcome']
    }[]
  >`
    SELECT v."startTime", v.duration, v."endedAt" IS NOT NULL AS ended, v.language::text AS language,
           v."totalQuestions", ${identified} AS identified,
           COALESCE(
             (SELECT l.industry FROM "Lead" l WHERE l.id = v."leadId"),
             (SELECT co.industry FROM "Contact" c JOIN "Company" co ON co.id = c."companyId" WHERE c.id = v."contactId")
           )::text AS industry,
           array_to_string(v.topics, chr(31)) AS topics, array_to_string(v.intents::text[], chr(31)) AS intents,
           array_to_string(v.objections, chr(31)) AS objections, v.outcome::text AS outcome
    FROM "VoiceSession" v
    WHERE ${inPeriod(scope, range)}`
  return rows.map((row) => ({
    startMs: row.startTime.getTime(),
    durationSeconds: row.duration,
    ended: row.ended,
    language: row.language,
    totalQuestions: row.totalQuestions,
    identified: row.identified,
    industry: row.industry,
    topics: listOf(row.topics),
    intents: listOf(row.intents),
    objections: listOf(row.objections),
    outcome: row.outcome,
  }))
}

export interface VoiceReport {
  summary: VoiceSummary
  perDay: { date: string; sessions: number }[]
  byIndustry: ReturnType<typeof byIndustry>
  dropOff: ReturnType<typeof dropOffPoints>
  /** 7 × 24, Monday first. */
  byHour: number[][]
}

/** The period's charts, by the days and hours of its zone. */
export function voiceReport(sessions: readonly VoiceSessionFacts[], period: ZonedRange): VoiceReport {
  return {
    summary: voiceSummary(sessions),
    perDay: sessionsPerDay(sessions, period, period.timeZone),
    byIndustry: byIndustry(sessions),
    dropOff: dropOffPoints(sessions),
    byHour: usageByHour(sessions, period.timeZone),
  }
}
