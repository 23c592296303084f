import { Link } from '@remix-run/react'
import type { Tier } from '../../prisma/generated/enums'
import { RoiCalculationSummary, type RoiCalculationView } from './lead-roi-calculations'
import { RoiTierChart, RoiTierTable, type RoiTierKey, type RoiTierRow } from './roi-tier-table'

// §15 phase 3 "ROI comparison on opportunities": the three tiers side by side for the deal's prospect, the deal's
// tier marked (decision 0024).

export interface DealRoiView {
  calculation: Pick<
    RoiCalculationView,
    'createdAt' | 'industry' | 'employeeCount' | 'hourlyRate' | 'weeklyAdminHours' | 'selectedTier'
  >
  reportUrl: string | null
  rows: RoiTierRow[]
}

export function DealRoiComparison({ roi, tier }: { roi: DealRoiView | null; tier: Tier }) {
  const highlight = tier.toLowerCase() as RoiTierKey
  return (
    <section className="panel spaced" aria-labelledby="roi-comparison">
      <h2 id="roi-comparison">ROI by tier</h2>
      {roi === null ? (
        <p className="empty">
          No ROI calculation by this prospect yet (neither the primary contact nor the lead the deal came from).{' '}
          <Link to="/roi-calculator">Open the ROI calculator</Link> to make one.
        </p>
      ) : (
        <div className="roi-comparison">
          <div>
            <RoiCalculationSummary calculation={roi.calculation} />
            <RoiTierTable rows={roi.rows} highlight={highlight} annualLabel="First-year ROI" />
            {roi.reportUrl ? (
              <p className="roi-report">
                <a href={roi.reportUrl} target="_blank" rel="noreferrer">
                  Open the ROI report (PDF)
                </a>
              </p>
            ) : null}
          </div>
          <RoiTierChart rows={roi.rows} highlight={highlight} />
        </div>
      )}
    </section>
  )
}
