import { industryLabels, apiNameOfEmployeeCount } from '../../domain/leads/lead-vocabulary'
import type { EmployeeCount, Industry } from '../../prisma/generated/enums'
import { ViewerTime } from './lead-time'
import { money, roiTierNames, RoiTierTable, type RoiTierKey, type RoiTierRow } from './roi-tier-table'

export interface RoiCalculationView {
  id: string
  industry: Industry
  employeeCount: EmployeeCount
  hourlyRate: number
  weeklyAdminHours: number
  selectedTier: string | null
  reportRequested: boolean
  reportSentAt: string | null
  createdAt: string
  reportUrl: string
  figures: RoiTierRow[]
}

/** When a calculation was made and from which inputs (§7.1), and the tier the person picked, if any. */
export function RoiCalculationSummary({
  calculation,
}: {
  calculation: Pick<
    RoiCalculationView,
    'createdAt' | 'industry' | 'employeeCount' | 'hourlyRate' | 'weeklyAdminHours' | 'selectedTier'
  >
}) {
  return (
    <p>
      <ViewerTime iso={calculation.createdAt} /> · {industryLabels[calculation.industry]} ·{' '}
      {apiNameOfEmployeeCount[calculation.employeeCount]} employees · {money.format(calculation.hourlyRate)}/h ·{' '}
      {calculation.weeklyAdminHours} admin h/week
      {calculation.selectedTier
        ? ` · picked ${roiTierNames[calculation.selectedTier.toLowerCase() as RoiTierKey] ?? calculation.selectedTier}`
        : ''}
    </p>
  )
}

/** The lead's ROI calculations (§7.1) with the figures per tier and a link to the PDF report (§7.2). */
export function LeadRoiCalculations({ calculations }: { calculations: RoiCalculationView[] }) {
  if (calculations.length === 0) return <p className="empty">No ROI calculation by this lead.</p>
  return (
    <>
      {calculations.map((calculation) => (
        <article key={calculation.id} className="roi-calculation">
          <RoiCalculationSummary calculation={calculation} />
          <RoiTierTable rows={calculation.figures} />
          <p className="roi-report">
            <a href={calculation.reportUrl} target="_blank" rel="noreferrer">
              Open the ROI report (PDF)
            </a>
            <span className="muted">
              {' '}
              {calculation.reportSentAt ? (
                <>
                  · emailed <ViewerTime iso={calculation.reportSentAt} />
                </>
              ) : calculation.reportRequested ? (
                '· requested by the lead'
              ) : (
                ''
              )}
            </span>
          </p>
        </article>
      ))}
    </>
  )
}
