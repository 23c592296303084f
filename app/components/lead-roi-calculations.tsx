import { industryLabels, apiNameOfEmployeeCount } from '../../domain/leads/lead-vocabulary'
import type { EmployeeCount, Industry } from '../../prisma/generated/enums'
import { ViewerTime } from './lead-time'

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
  figures: {
    tier: 'discovery' | 'foundation' | 'architect'
    weeklyHoursSaved: number | null
    weeklyValueCreated: number | null
    annualValue: number | null
    annualPercentage: number | null
    paybackWeeks: number | null
  }[]
}

const money = new Intl.NumberFormat('en-US', { style: 'currency', currency: 'USD', maximumFractionDigits: 0 })
const show = (value: number | null, format: (value: number) => string) => (value === null ? '—' : format(value))
const tierNames = { discovery: 'Discovery', foundation: 'Foundation', architect: 'Architect' }

/** The lead's ROI calculations (§7.1) with the figures per tier and a link to the PDF report (§7.2). */
export function LeadRoiCalculations({ calculations }: { calculations: RoiCalculationView[] }) {
  if (calculations.length === 0) return <p className="empty">No ROI calculation by this lead.</p>
  return (
    <>
      {calculations.map((calculation) => (
        <article key={calculation.id} className="roi-calculation">
          <p>
            <ViewerTime iso={calculation.createdAt} /> · {industryLabels[calculation.industry]} ·{' '}
            {apiNameOfEmployeeCount[calculation.employeeCount]} employees · {money.format(calculation.hourlyRate)}/h ·{' '}
            {calculation.weeklyAdminHours} admin h/week
            {calculation.selectedTier
              ? ` · picked ${tierNames[calculation.selectedTier.toLowerCase() as keyof typeof tierNames] ?? calculation.selectedTier}`
              : ''}
          </p>
          <table className="roi-figures">
            <thead>
              <tr>
                <th scope="col">Tier</th>
                <th scope="col" className="number">
                  Hours saved / week
                </th>
                <th scope="col" className="number">
                  Value / week
                </th>
                <th scope="col" className="number">
                  Annual ROI
                </th>
                <th scope="col" className="number">
                  Payback
                </th>
              </tr>
            </thead>
            <tbody>
              {calculation.figures.map((row) => (
                <tr key={row.tier}>
                  <th scope="row">{tierNames[row.tier]}</th>
                  <td className="number">{show(row.weeklyHoursSaved, (value) => value.toFixed(1))}</td>
                  <td className="number">{show(row.weeklyValueCreated, (value) => money.format(value))}</td>
                  <td className="number">
                    {show(row.annualValue, (value) => money.format(value))}
                    {row.annualPercentage === null ? '' : ` (${Math.round(row.annualPercentage)}%)`}
                  </td>
                  <td className="number">{show(row.paybackWeeks, (value) => `${value.toFixed(1)} weeks`)}</td>
                </tr>
              ))}
            </tbody>
          </table>
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
