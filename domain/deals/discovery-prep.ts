// §9.2 "Discovery call scheduled → prep reminder with lead data": what the owner reads the day before the call.
import type { EmployeeCount } from '../../prisma/generated/enums'
import { employeeCountByApiName } from '../leads/lead-vocabulary'
import { enumWordsInline } from '../records/enum-words'

export interface DiscoveryPrepLead {
  companyName: string
  industry: string | null
  employeeCount: EmployeeCount | null
  source: string | null
  leadScore: number | null
  aiMaturityIndicators: string[]
  voiceSessions: number
  roiCalculations: number
  projectedWeeklyValue: number | null
}

/** One line per fact the lead gave us; facts we do not have are left out rather than shown empty. */
export function discoveryPrepFacts(lead: DiscoveryPrepLead): string[] {
  const band = Object.entries(employeeCountByApiName).find(([, value]) => value === lead.employeeCount)?.[0]
  const company = [lead.industry ? enumWordsInline(lead.industry) : null, band ? `${band} employees` : null]
    .filter(Boolean)
    .join(', ')
  return [
    `Company: ${lead.companyName}${company ? ` (${company})` : ''}`,
    lead.source ? `Came in through: ${enumWordsInline(lead.source)}` : null,
    lead.leadScore !== null ? `Lead score: ${lead.leadScore}/100` : null,
    lead.aiMaturityIndicators.length > 0 ? `AI maturity: ${lead.aiMaturityIndicators.join(', ')}` : null,
    lead.voiceSessions > 0 ? `Voice agent sessions: ${lead.voiceSessions}` : null,
    lead.roiCalculations > 0 ? `ROI calculations: ${lead.roiCalculations}` : null,
    lead.projectedWeeklyValue !== null
      ? `Projected weekly value: $${lead.projectedWeeklyValue.toLocaleString('en-US', { maximumFractionDigits: 0 })}`
      : null,
  ].filter((line): line is string => line !== null)
}
