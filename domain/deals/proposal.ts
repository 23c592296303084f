// A deal's proposal (seed 002 §13.1 "proposals", §2.3 Opportunity and ProposedSystem): what it says, in the
// contact's language, from the deal's tier, systems, fees and projections. The PDF renderer only lays it out.
import type { Industry, Language, SystemCategory, SystemComplexity, Tier } from '../../prisma/generated/enums'
import { numberFormats } from '../formatting/number-formats'
import { localize } from '../industries/industry-profiles'
import { contractValue } from '../tiers/contract-value'
import { partnershipPhases, tierPlans, type PartnershipPhase } from '../tiers/tier-plans'
import { tierNameIn, tierTerms } from '../tiers/tier-terms'
import { proposalCopy } from './proposal-copy'

/** §2.3's ROI projections of a deal; any of them may be missing. */
export interface ProposalProjection {
  hoursSaved: number | null
  weeklyValue: number | null
  roiPercentage: number | null
  paybackWeeks: number | null
}

export interface ProposalSystemInput {
  name: string
  category: SystemCategory
  complexity: SystemComplexity
  /** Estimated hours saved a week. */
  estimatedHours: number
  description: string | null
}

export interface ProposalDeal {
  opportunityId: string
  tier: Tier
  setupFee: number
  monthlyFee: number
  /** Whole months the contract is estimated to bill. */
  estimatedMonths: number
  projection: ProposalProjection
  /** When set, the milestones carry dates. */
  implementationStart: Date | null
  proposedSystems: ProposalSystemInput[]
  company: { name: string; industry: Industry }
  contact: { firstName: string; lastName: string }
  /** The deal's owner, named as the person to talk to; null when unassigned. */
  owner: { name: string; email: string } | null
  language: Language
  /** The newest ROI calculation of the contact (or the lead the deal came from): its figures for the deal's tier. */
  roiCalculation: { calculatedAt: Date; projection: ProposalProjection } | null
  /** The proposal's date: the moment it is sent or downloaded. */
  preparedAt: Date
}

export type ProposalRoiSource = 'deal' | 'roi-calculation' | 'typical'

export interface Proposal {
  opportunityId: string
  language: Language
  title: string
  preparedAt: Date
  header: { preparedFor: string; preparedOn: string; preparedBy: string | null }
  intro: string
  tier: {
    tier: Tier
    name: string
    translation: string | null
    weeks: number
    systems: number
    summary: string
    includes: string[]
  }
  systems: {
    items: {
      name: string
      category: string
      complexity: string
      hoursSaved: number
      description: string | null
    }[]
    totalHoursSaved: number
    /** What the deal's systems leave open against the tier (fewer or more than it includes), or null. */
    note: string | null
  }
  fees: { setupFee: number; monthlyFee: number; estimatedMonths: number; contractValue: number; terms: string }
  roi: {
    source: ProposalRoiSource
    note: string
    hoursSaved: number | null
    weeklyValue: number | null
    /** Weekly value × 52. */
    yearlyValue: number | null
    roiPercentage: number | null
    paybackWeeks: number | null
  }
  timeline: {
    weeks: number
    intro: string
    phases: {
      phase: PartnershipPhase['phase']
      name: string
      when: string
      firstWeek: number
      lastWeek: number | null
      activities: string[]
    }[]
    milestones: { week: number; text: string; date: Date | null }[]
    recurring: string | null
  }
  nextSteps: string[]
}

const dayMs = 24 * 60 * 60 * 1000

const hasFigures = (projection: ProposalProjection) =>
  [projection.hoursSaved, projection.weeklyValue, projection.roiPercentage, projection.paybackWeeks].some(
    (figure) => figure !== null && Number.isFinite(figure),
  )

/**
 * Which projection the proposal shows: the deal's own when it has any figure (a rep set them for this deal),
 * else the ROI calculation the prospect already saw, for this tier; else no figures, only the tier's typical
 * hours. Sources are never mixed in one proposal.
 */
export function proposalRoiSource(deal: Pick<ProposalDeal, 'projection' | 'roiCalculation'>): ProposalRoiSource {
  if (hasFigures(deal.projection)) return 'deal'
  if (deal.roiCalculation && hasFigures(deal.roiCalculation.projection)) return 'roi-calculation'
  return 'typical'
}

export function buildProposal(deal: ProposalDeal): Proposal {
  const copy = proposalCopy(deal.language)
  const format = numberFormats(deal.language)
  const say = (text: Parameters<typeof localize>[0]) => localize(text, deal.language)
  const plan = tierPlans[deal.tier]
  const { name: tierName, translation } = tierNameIn(deal.tier, deal.language)
  const contactName = `${deal.contact.firstName} ${deal.contact.lastName}`.trim()

  const discover = partnershipPhases.find((phase) => phase.phase === 'DISCOVER')!
  const discoverWeeks = copy.phaseWeeks.range(discover.firstWeek!, discover.lastWeek!).toLowerCase()
  const proposed = deal.proposedSystems.length
  const systemsNote =
    proposed < plan.systems
      ? copy.systemsToChoose(tierName, plan.systems, proposed, discoverWeeks)
      : proposed > plan.systems
        ? copy.systemsBeyondTier(tierName, plan.systems, proposed, discoverWeeks)
        : null
  const totalHoursSaved =
    Math.round(deal.proposedSystems.reduce((sum, system) => sum + system.estimatedHours, 0) * 10) / 10

  const source = proposalRoiSource(deal)
  const chosen =
    source === 'deal' ? deal.projection : source === 'roi-calculation' ? deal.roiCalculation!.projection : null
  // A figure that is not a number (an infinite payback: no value created) is left out, not printed.
  const finite = (figure: number | null | undefined) =>
    figure !== null && figure !== undefined && Number.isFinite(figure) ? figure : null
  const projection = chosen && {
    hoursSaved: finite(chosen.hoursSaved),
    weeklyValue: finite(chosen.weeklyValue),
    roiPercentage: finite(chosen.roiPercentage),
    paybackWeeks: finite(chosen.paybackWeeks),
  }
  const [low, high] = tierTerms[deal.tier].hoursSaved
  const weeklyValue = projection?.weeklyValue ?? null

  const terms = { setupFee: deal.setupFee, monthlyFee: deal.monthlyFee, estimatedMonths: deal.estimatedMonths }

  const phases = partnershipPhases.map((phase) => {
    // §5.1 prints Deploy as "Week 7+" and Independent as "Ongoing": for a tier, Deploy runs to its last week and
    // independence follows it.
    const firstWeek = phase.firstWeek ?? plan.weeks + 1
    const lastWeek = phase.phase === 'DEPLOY' ? plan.weeks : phase.lastWeek
    const when =
      phase.phase === 'INDEPENDENT'
        ? copy.phaseWeeks.after(plan.weeks)
        : lastWeek === firstWeek
          ? copy.phaseWeeks.single(firstWeek)
          : copy.phaseWeeks.range(firstWeek, lastWeek!)
    return {
      phase: phase.phase,
      name: say(phase.name),
      when,
      firstWeek,
      lastWeek,
      activities: phase.activities.map(say),
    }
  })

  return {
    opportunityId: deal.opportunityId,
    language: deal.language,
    title: copy.title,
    preparedAt: deal.preparedAt,
    header: {
      preparedFor: copy.preparedFor(contactName, deal.company.name),
      preparedOn: copy.preparedOn(format.date(deal.preparedAt)),
      preparedBy: deal.owner ? copy.preparedBy(deal.owner.name, deal.owner.email) : null,
    },
    intro: copy.intro(deal.company.name, tierName),
    tier: {
      tier: deal.tier,
      name: tierName,
      translation,
      weeks: plan.weeks,
      systems: plan.systems,
      summary: copy.tierSummary(plan.weeks, plan.systems),
      includes: copy.tierIncludes[deal.tier](plan.systems, plan.weeks),
    },
    systems: {
      items: deal.proposedSystems.map((system) => ({
        name: system.name,
        category: copy.category[system.category],
        complexity: copy.complexity[system.complexity],
        hoursSaved: system.estimatedHours,
        description: system.description,
      })),
      totalHoursSaved,
      note: systemsNote,
    },
    fees: { ...terms, contractValue: contractValue(terms), terms: copy.feeTerms(deal.estimatedMonths) },
    roi: {
      source,
      note:
        source === 'deal'
          ? copy.roiFromDeal
          : source === 'roi-calculation'
            ? copy.roiFromCalculation(format.date(deal.roiCalculation!.calculatedAt))
            : copy.roiTypical(tierName, low, high),
      hoursSaved: projection?.hoursSaved ?? null,
      weeklyValue,
      yearlyValue: weeklyValue === null ? null : Math.round(weeklyValue * 52 * 100) / 100,
      roiPercentage: projection?.roiPercentage ?? null,
      paybackWeeks: projection?.paybackWeeks ?? null,
    },
    timeline: {
      weeks: plan.weeks,
      intro: copy.timelineIntro(plan.weeks, plan.systems),
      phases,
      milestones: plan.milestones.map((milestone) => ({
        week: milestone.week,
        text: say(milestone.text),
        // A milestone of week N is due by the last day of that week.
        date:
          deal.implementationStart === null
            ? null
            : new Date(deal.implementationStart.getTime() + (milestone.week * 7 - 1) * dayMs),
      })),
      recurring: plan.recurring ? say(plan.recurring) : null,
    },
    nextSteps: copy.nextSteps,
  }
}
