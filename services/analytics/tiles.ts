import { relativeChange } from '../../domain/analytics/funnel'
import { periodEndMs, type ReportPeriod } from '../../domain/analytics/report-period'
import type { Database } from '../../lib/db'
import type { AnalyticsScope } from './analytics-scope'
import { leadsCreated, standingAt, type Standing } from './standing'
import { leadsListLink } from './drill-links'

// Seed 002 §10.1's four tiles, each against the period before: new leads counted in each period; pipeline value,
// active partners and MRR as they stood at each period's end (now, for a running period).

export type TileKey = 'newLeads' | 'pipelineValue' | 'activePartners' | 'mrr'

export interface Tile {
  key: TileKey
  label: string
  value: number
  previous: number
  /** Relative change (0.23 = +23 %), null without a previous figure. */
  change: number | null
  format: 'count' | 'money'
  /** The records behind the number. */
  link: string
}

/** What the tiles are made of, for the period (`now`) and the one before it. */
export interface TileFigures {
  leadsNow: number
  leadsBefore: number
  /** At the period's end (now, while it runs). */
  standingNow: Standing
  /** At the period's start: the end of the one before. */
  standingBefore: Standing
}

/** The tiles of the home dashboard, read for them alone. */
export async function dashboardTiles(
  db: Database,
  scope: AnalyticsScope,
  period: ReportPeriod,
  nowMs: number,
): Promise<Tile[]> {
  const [leadsNow, leadsBefore, standingNow, standingBefore] = await Promise.all([
    leadsCreated(db, scope, period),
    leadsCreated(db, scope, period.previous),
    standingAt(db, scope, periodEndMs(period, nowMs)),
    standingAt(db, scope, period.fromMs),
  ])
  return tilesOf({ leadsNow, leadsBefore, standingNow, standingBefore }, period)
}

/** The four tiles from their figures (the Reports page has them from its own queries). */
export function tilesOf(figures: TileFigures, period: ReportPeriod): Tile[] {
  const { leadsNow, leadsBefore, standingNow, standingBefore } = figures
  const tile = (key: TileKey, label: string, value: number, previous: number, format: Tile['format'], link: string) =>
    ({ key, label, value, previous, change: relativeChange(value, previous), format, link }) satisfies Tile
  return [
    tile('newLeads', 'New leads', leadsNow, leadsBefore, 'count', leadsListLink(period)),
    tile(
      'pipelineValue',
      'Pipeline value',
      standingNow.pipelineValue,
      standingBefore.pipelineValue,
      'money',
      '/pipeline',
    ),
    tile(
      'activePartners',
      'Active partners',
      standingNow.activePartners,
      standingBefore.activePartners,
      'count',
      '/partnerships?status=active',
    ),
    tile('mrr', 'MRR', standingNow.mrr, standingBefore.mrr, 'money', '/partnerships'),
  ]
}
