import type { CostPerLeadRow } from '../../domain/analytics/cost-per-lead'
import type { FunnelStep } from '../../domain/analytics/funnel'
import { voiceHeadline, type VoiceHeadline } from '../../domain/analytics/voice-metrics'
import { periodEndMs, type ReportPeriod, type ZonedRange } from '../../domain/analytics/report-period'
import type { Database } from '../../lib/db'
import type { AnalyticsScope } from './analytics-scope'
import { leadCohort, roiCompletion, type SourceRow } from './lead-metrics'
import { costPerLead } from './marketing-spend'
import { partnershipSummary, type PartnershipSummary } from './partnership-metrics'
import { loadRevenueForecast, type Forecast } from './revenue-forecast'
import {
  closedDeals,
  pipelineByStage,
  revenueByTier,
  salesSummary,
  type SalesSummary,
  type StageRow,
  type TierRevenueRow,
} from './sales-metrics'
import { standingAt, type Standing } from './standing'
import { tilesOf, type Tile } from './tiles'
import { teamMetrics, type TeamRow } from './team-metrics'
import { voiceReport, voiceTotals, type VoiceReport } from './voice-metrics'

// The Reports page (seed 002 §10.1 in full and §10.2): every figure for the period and the one before it.

export interface PeriodFigures {
  funnel: FunnelStep[]
  sources: SourceRow[]
  /** By source; null for a Sales Rep's own numbers (the spend buys the agency's leads, decision 0040). */
  costPerLead: CostPerLeadRow[] | null
  roi: { calculations: number; completed: number; rate: number | null }
  sales: SalesSummary
  revenueByTier: TierRevenueRow[]
  partnerships: PartnershipSummary
  /** The previous period's comparison reads only the headline figures. */
  voice: { summary: VoiceHeadline }
}

/** The period shown: every figure, and the voice charts. */
export interface CurrentPeriodFigures extends PeriodFigures {
  voice: VoiceReport
}

export interface ExecutiveReport {
  tiles: Tile[]
  pipelineByStage: StageRow[]
  current: CurrentPeriodFigures
  previous: PeriodFigures
  forecast: Forecast
  /** Full analytics only. */
  team: TeamRow[] | null
}

/**
 * A period's figures, and how the business stood at its end (the tiles read it, with the period's lead count, rather
 * than asking the database again).
 */
async function periodFigures<Voice extends PeriodFigures['voice']>(
  db: Database,
  scope: AnalyticsScope,
  range: ZonedRange,
  nowMs: number,
  voiceFigures: () => Promise<Voice>,
): Promise<{ figures: PeriodFigures & { voice: Voice }; standing: Standing }> {
  const endMs = periodEndMs(range, nowMs)
  const [{ funnel, sources }, roi, closed, standing, revenue, partnerships, voice] = await Promise.all([
    leadCohort(db, scope, range),
    roiCompletion(db, scope, range),
    closedDeals(db, scope, range),
    standingAt(db, scope, endMs),
    revenueByTier(db, scope, range),
    partnershipSummary(db, scope, range, endMs),
    voiceFigures(),
  ])
  // The spend of a running period counts up to now, as its leads do.
  const spendRange = { fromMs: range.fromMs, toMs: Math.max(range.fromMs, endMs) }
  const figures = {
    funnel,
    sources,
    costPerLead: await costPerLead(db, scope, spendRange, sources, range.timeZone),
    roi,
    sales: salesSummary(closed, standing.openDeals),
    revenueByTier: revenue,
    partnerships,
    voice,
  }
  return { figures, standing }
}

export async function executiveReport(
  db: Database,
  scope: AnalyticsScope,
  period: ReportPeriod,
  nowMs: number,
): Promise<ExecutiveReport> {
  const [stages, now, before, forecast, team] = await Promise.all([
    pipelineByStage(db, scope),
    periodFigures(db, scope, period, nowMs, () => voiceReport(db, scope, period)),
    periodFigures(db, scope, { ...period.previous, timeZone: period.timeZone }, nowMs, async () => ({
      summary: voiceHeadline(await voiceTotals(db, scope, period.previous)),
    })),
    loadRevenueForecast(db, scope, nowMs, period.timeZone),
    scope.full ? teamMetrics(db, period) : Promise.resolve(null),
  ])
  // The previous period ends where this one starts, so its standing is the tiles' "before".
  const tiles = tilesOf(
    {
      leadsNow: now.figures.funnel[0]?.count ?? 0,
      leadsBefore: before.figures.funnel[0]?.count ?? 0,
      standingNow: now.standing,
      standingBefore: before.standing,
    },
    period,
  )
  return { tiles, pipelineByStage: stages, current: now.figures, previous: before.figures, forecast, team }
}
