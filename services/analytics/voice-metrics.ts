import {
  byIndustry,
  dropOffPoints,
  sessionsPerDay,
  usageByHour,
  voiceSummary,
  type IndustryMention,
  type VoiceMentions,
  type VoiceSummary,
  type VoiceTotals,
} from '../../domain/analytics/voice-metrics'
import type { ZonedRange } from '../../domain/analytics/report-period'
import { Prisma, type Database } from '../../lib/db'
import { at, voiceScope, type AnalyticsScope } from './analytics-scope'

// §10.2 voice agent metrics and §6.2 conversation analytics, counted in SQL: a year of sessions is ~15,000 rows,
// which took ~95 ms to read and ~30 ms to count in JavaScript (bench/results/dashboard.md); their counts are a few
// hundred rows. The pure functions of domain/analytics/voice-metrics.ts turn the counts into figures.

type Range = { fromMs: number; toMs: number }

const inPeriod = (scope: AnalyticsScope, range: Range) =>
  Prisma.sql`v."startTime" >= ${at(range.fromMs)}::timestamp AND v."startTime" < ${at(range.toMs)}::timestamp
      AND ${voiceScope(scope)}`

/** The session's start on the wall clock of `timeZone` (the column holds UTC without a zone). */
const localStart = (timeZone: string) => Prisma.sql`((v."startTime" AT TIME ZONE 'UTC') AT TIME ZONE ${timeZone})`

export async function voiceTotals(db: Database, scope: AnalyticsScope, range: Range): Promise<VoiceTotals> {
  const [row] = await db.$queryRaw<(Omit<VoiceTotals, 'languages'> & { en: number; es: number })[]>`
    SELECT count(*)::int AS sessions,
           count(*) FILTER (WHERE v."endedAt" IS NOT NULL)::int AS ended,
           COALESCE(sum(v.duration) FILTER (WHERE v."endedAt" IS NOT NULL), 0)::float8 AS "endedSeconds",
           COALESCE(sum(v."totalQuestions"), 0)::int AS questions,
           count(*) FILTER (WHERE v."totalQuestions" > 0)::int AS engaged,
           count(*) FILTER (WHERE v."leadId" IS NOT NULL OR v."contactId" IS NOT NULL OR v.email IS NOT NULL)::int
             AS identified,
           count(*) FILTER (WHERE v.language = 'EN')::int AS en,
           count(*) FILTER (WHERE v.language = 'ES')::int AS es
    FROM "VoiceSession" v
    WHERE ${inPeriod(scope, range)}`
  const {
    en = 0,
    es = 0,
    ...totals
  } = row ?? {
    sessions: 0,
    ended: 0,
    endedSeconds: 0,
    questions: 0,
    engaged: 0,
    identified: 0,
  }
  return { ...totals, languages: { EN: en, ES: es } }
}

/** A session's industry: its lead's, else its contact's company's (by primary key: no join over every lead). */
const sessionIndustry = Prisma.sql`COALESCE(
    (SELECT l.industry FROM "Lead" l WHERE l.id = v."leadId"),
    (SELECT co.industry FROM "Contact" c JOIN "Company" co ON co.id = c."companyId" WHERE c.id = v."contactId")
  )::text`

type CountKind =
  'day' | 'hour' | 'topic' | 'intent' | 'outcome' | 'industry' | 'industry-topic' | 'industry-objection' | 'drop-off'

interface CountRow {
  kind: CountKind
  industry: string | null
  value: string
  hour: number | null
  count: number
}

/** Everything the charts count, from one read of the period's sessions (each one's local time and industry once). */
interface VoiceCounts {
  mentions: VoiceMentions
  days: { date: string; sessions: number }[]
  hours: { isoWeekday: number; hour: number; sessions: number }[]
  industries: (string | null)[]
  industryMentions: IndustryMention[]
  dropOff: { afterQuestions: number; sessions: number }[]
}

/**
 * Two reads of the period's sessions, run side by side: when they happened (each session's local time computed once)
 * and what was said (each session's industry looked up once). Topics are counted per industry and summed here, so
 * each array is unnested once.
 */
async function voiceCounts(db: Database, scope: AnalyticsScope, period: ZonedRange): Promise<VoiceCounts> {
  const [when, what] = await Promise.all([
    db.$queryRaw<CountRow[]>`
      WITH s AS MATERIALIZED (
        SELECT ${localStart(period.timeZone)} AS local, v.outcome, v."totalQuestions"
        FROM "VoiceSession" v WHERE ${inPeriod(scope, period)}
      )
      SELECT 'day' AS kind, NULL::text AS industry, to_char(day, 'YYYY-MM-DD') AS value, NULL::int AS hour, count
        FROM (SELECT local::date AS day, count(*)::int AS count FROM s GROUP BY 1) d
      UNION ALL
      SELECT 'hour', NULL, extract(isodow FROM local)::text, extract(hour FROM local)::int, count(*)::int
        FROM s GROUP BY 3, 4
      UNION ALL
      SELECT 'outcome', NULL, COALESCE(outcome::text, 'NOT_ENDED'), NULL, count(*)::int FROM s GROUP BY 3
      UNION ALL
      SELECT 'drop-off', NULL, "totalQuestions"::text, NULL, count(*)::int FROM s WHERE outcome = 'LEFT_SITE'
        GROUP BY 3`,
    db.$queryRaw<CountRow[]>`
      WITH s AS MATERIALIZED (
        SELECT ${sessionIndustry} AS industry, v.topics, v.intents, v.objections
        FROM "VoiceSession" v WHERE ${inPeriod(scope, period)}
      )
      SELECT 'industry' AS kind, industry, '' AS value, NULL::int AS hour, 0 AS count FROM s GROUP BY industry
      UNION ALL
      SELECT 'industry-topic', industry, t, NULL, count(*)::int
        FROM (SELECT industry, unnest(topics) AS t FROM s) x GROUP BY 2, 3
      UNION ALL
      SELECT 'industry-objection', industry, o, NULL, count(*)::int
        FROM (SELECT industry, unnest(objections) AS o FROM s) x GROUP BY 2, 3
      UNION ALL
      SELECT 'intent', NULL, i::text, NULL, count(*)::int FROM (SELECT unnest(intents) AS i FROM s) x GROUP BY 3`,
  ])
  const rows = [...when, ...what]
  const of = (kind: CountKind) => rows.filter((row) => row.kind === kind)
  const ranks = (kind: CountKind) => of(kind).map(({ value, count }) => ({ value, count }))
  const industryMentions = (kind: CountKind, as: IndustryMention['kind']) =>
    of(kind).map(({ industry, value, count }) => ({ industry, kind: as, value, count }))
  const topics = new Map<string, number>()
  for (const { value, count } of of('industry-topic')) topics.set(value, (topics.get(value) ?? 0) + count)
  return {
    mentions: {
      topics: [...topics].map(([value, count]) => ({ value, count })),
      intents: ranks('intent'),
      outcomes: ranks('outcome'),
    },
    days: of('day').map(({ value, count }) => ({ date: value, sessions: count })),
    hours: of('hour').map(({ value, hour, count }) => ({ isoWeekday: Number(value), hour: hour!, sessions: count })),
    industries: of('industry').map((row) => row.industry),
    industryMentions: [
      ...industryMentions('industry-topic', 'topic'),
      ...industryMentions('industry-objection', 'objection'),
    ],
    dropOff: of('drop-off').map(({ value, count }) => ({ afterQuestions: Number(value), sessions: count })),
  }
}

/** The headline figures with the topics, intents and outcomes: the home dashboard's and the emailed report's. */
export async function voiceSummaryOf(db: Database, scope: AnalyticsScope, period: ZonedRange): Promise<VoiceSummary> {
  const [totals, counts] = await Promise.all([voiceTotals(db, scope, period), voiceCounts(db, scope, period)])
  return voiceSummary(totals, counts.mentions)
}

export interface VoiceReport {
  summary: VoiceSummary
  perDay: { date: string; sessions: number }[]
  byIndustry: ReturnType<typeof byIndustry>
  dropOff: ReturnType<typeof dropOffPoints>
  /** 7 × 24, Monday first. */
  byHour: number[][]
}

/** The Reports page's voice section, and the emailed report's: by the days and hours of the period's zone. */
export async function voiceReport(db: Database, scope: AnalyticsScope, period: ZonedRange): Promise<VoiceReport> {
  const [totals, counts] = await Promise.all([voiceTotals(db, scope, period), voiceCounts(db, scope, period)])
  return {
    summary: voiceSummary(totals, counts.mentions),
    perDay: sessionsPerDay(counts.days, period, period.timeZone),
    byIndustry: byIndustry(counts.industries, counts.industryMentions),
    dropOff: dropOffPoints(counts.dropOff),
    byHour: usageByHour(counts.hours),
  }
}
