// What a deal's proposal says, read from the database: the deal, its systems, company, contact and owner, and the
// prospect's newest ROI calculation for when the deal carries no projection of its own.
import { buildProposal, type Proposal, type ProposalDeal, type ProposalProjection } from '../../domain/deals/proposal'
import { roiTierKeys } from '../../domain/roi/roi-calculator'
import type { Database, Prisma } from '../db'
import { loadNewestRoiReportInput } from './roi-report-input'

export const proposalOpportunitySelect = {
  id: true,
  tier: true,
  setupFee: true,
  monthlyFee: true,
  estimatedMonths: true,
  projectedHoursSaved: true,
  projectedWeeklyValue: true,
  projectedROI: true,
  paybackWeeks: true,
  implementationStart: true,
  proposedSystems: {
    select: { name: true, category: true, complexity: true, estimatedHours: true, description: true },
    orderBy: [{ createdAt: 'asc' as const }, { id: 'asc' as const }],
  },
  company: { select: { name: true, industry: true } },
  primaryContact: { select: { id: true, firstName: true, lastName: true, preferredLanguage: true } },
  owner: { select: { name: true, email: true } },
  sourceLead: { select: { id: true } },
} satisfies Prisma.OpportunitySelect

const amount = (value: { toString(): string } | null) => (value === null ? null : Number(value))

/** The deal as the proposal needs it, or null when there is no deal with that id. */
export async function loadProposalDeal(
  db: Database,
  opportunityId: string,
  preparedAt: Date,
): Promise<ProposalDeal | null> {
  const deal = await db.opportunity.findUnique({ where: { id: opportunityId }, select: proposalOpportunitySelect })
  if (!deal) return null
  const contact = deal.primaryContact
  return {
    opportunityId: deal.id,
    tier: deal.tier,
    setupFee: Number(deal.setupFee),
    monthlyFee: Number(deal.monthlyFee),
    estimatedMonths: deal.estimatedMonths,
    projection: {
      hoursSaved: deal.projectedHoursSaved,
      weeklyValue: amount(deal.projectedWeeklyValue),
      roiPercentage: deal.projectedROI,
      paybackWeeks: deal.paybackWeeks,
    },
    implementationStart: deal.implementationStart,
    proposedSystems: deal.proposedSystems,
    company: deal.company,
    contact: { firstName: contact.firstName, lastName: contact.lastName },
    owner: deal.owner,
    language: contact.preferredLanguage,
    roiCalculation: await newestRoiCalculation(db, deal.tier, contact.id, deal.sourceLead?.id ?? null),
    preparedAt,
  }
}

/** The proposal of a deal, or null when there is no deal with that id. */
export async function loadProposal(db: Database, opportunityId: string, preparedAt: Date): Promise<Proposal | null> {
  const deal = await loadProposalDeal(db, opportunityId, preparedAt)
  return deal && buildProposal(deal)
}

/** The figures for the deal's tier of the newest calculation of the contact or of the lead the deal came from. */
async function newestRoiCalculation(
  db: Database,
  tier: ProposalDeal['tier'],
  contactId: string,
  leadId: string | null,
): Promise<ProposalDeal['roiCalculation']> {
  // The report's reading of a stored calculation: the figures the prospect saw, recomputed only when unreadable.
  const report = await loadNewestRoiReportInput(db, { contactId, leadId }, '')
  if (!report) return null
  const key = roiTierKeys[tier]
  const projection: ProposalProjection = {
    hoursSaved: report.result.weeklyHoursSaved[key],
    weeklyValue: report.result.weeklyValueCreated[key],
    roiPercentage: report.result.annualROI[key].percentage,
    paybackWeeks: report.result.paybackPeriod[key],
  }
  return { calculatedAt: report.createdAt, projection }
}
