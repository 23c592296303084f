import { describe, expect, it } from 'vitest'
import { buildProposal, proposalRoiSource, type ProposalDeal, type ProposalSystemInput } from './proposal'

const noFigures = { hoursSaved: null, weeklyValue: null, roiPercentage: null, paybackWeeks: null }

const system = (name: string, estimatedHours: number): ProposalSystemInput => ({
  name,
  category: 'SCHEDULING_DISPATCH',
  complexity: 'MEDIUM',
  estimatedHours,
  description: null,
})

function deal(overrides: Partial<ProposalDeal> = {}): ProposalDeal {
  return {
    opportunityId: 'opp_1',
    tier: 'FOUNDATION',
    setupFee: 9_500,
    monthlyFee: 3_500,
    estimatedMonths: 3,
    projection: { hoursSaved: 16.5, weeklyValue: 742.5, roiPercentage: 101.18, paybackWeeks: 25.8 },
    implementationStart: null,
    proposedSystems: [system('Dispatch AI', 6), system('Quote builder', 4.5), system('Follow-up agent', 5)],
    company: { name: 'Northwind Plumbing', industry: 'PLUMBING' },
    contact: { firstName: 'Rosa', lastName: 'Díaz' },
    owner: { name: 'Sam Rep', email: 'sam@kre8tion.example' },
    language: 'EN',
    roiCalculation: null,
    preparedAt: new Date('2026-12-02T10:00:00Z'),
    ...overrides,
  }
}

describe('a proposal: the tier and what it includes (§5.3: 8 weeks/1, 12 weeks/3, 24 weeks/6)', () => {
  it.each([
    { tier: 'DISCOVERY', weeks: 8, systems: 1, summary: '8 weeks · 1 system' },
    { tier: 'FOUNDATION', weeks: 12, systems: 3, summary: '12 weeks · 3 systems' },
    { tier: 'ARCHITECT', weeks: 24, systems: 6, summary: '24 weeks · 6 systems' },
  ] as const)('$tier: $summary', ({ tier, weeks, systems, summary }) => {
    const proposal = buildProposal(deal({ tier }))
    expect(proposal.tier).toMatchObject({ tier, weeks, systems, summary })
    expect(proposal.tier.includes[0]).toMatch(new RegExp(`^${systems} AI system`))
  })

  it('is addressed to the contact at their company, dated and signed by the owner', () => {
    const { header, intro } = buildProposal(deal())
    expect(header).toEqual({
      preparedFor: 'Prepared for Rosa Díaz, Northwind Plumbing',
      preparedOn: 'Prepared on December 2, 2026',
      preparedBy: 'Your contact: Sam Rep · sam@kre8tion.example',
    })
    expect(intro).toContain('the Foundation partnership for Northwind Plumbing')
    expect(buildProposal(deal({ owner: null })).header.preparedBy).toBeNull()
  })
})

describe('a proposal: the proposed systems against the tier', () => {
  it('lists the deal’s systems with their hours, and says nothing more when they are as many as the tier includes', () => {
    const { systems } = buildProposal(deal())
    expect(systems.items.map((item) => [item.name, item.category, item.complexity, item.hoursSaved])).toEqual([
      ['Dispatch AI', 'Scheduling & Dispatch', 'Medium', 6],
      ['Quote builder', 'Scheduling & Dispatch', 'Medium', 4.5],
      ['Follow-up agent', 'Scheduling & Dispatch', 'Medium', 5],
    ])
    // 6 + 4.5 + 5
    expect(systems.totalHoursSaved).toBe(15.5)
    expect(systems.note).toBeNull()
  })

  it('says how many systems are still to choose rather than inventing them', () => {
    const one = buildProposal(deal({ proposedSystems: [system('Dispatch AI', 6)] })).systems
    expect(one.items).toHaveLength(1)
    expect(one.note).toBe(
      'The Foundation partnership includes 3 systems; 1 is proposed above. We choose the other 2 with you in the Discover phase (weeks 1–2).',
    )
    const none = buildProposal(deal({ tier: 'DISCOVERY', proposedSystems: [] })).systems
    expect(none.items).toEqual([])
    expect(none.totalHoursSaved).toBe(0)
    expect(none.note).toBe(
      'The Discovery partnership includes 1 system. We choose it with you in the Discover phase (weeks 1–2).',
    )
    const spanish = buildProposal(deal({ language: 'ES', proposedSystems: [system('A', 1), system('B', 1)] })).systems
    expect(spanish.note).toBe(
      'La colaboración Foundation incluye 3 sistemas; 2 se proponen arriba. El otro lo elegimos con usted en la fase Descubrir (semanas 1–2).',
    )
  })

  it('says which systems come first when the deal proposes more than the tier includes', () => {
    const { systems } = buildProposal(
      deal({ tier: 'DISCOVERY', proposedSystems: [system('Dispatch AI', 6), system('Quote builder', 4)] }),
    )
    expect(systems.items).toHaveLength(2)
    expect(systems.note).toBe(
      'The Discovery partnership includes 1 system; 2 are proposed above. In the Discover phase (weeks 1–2) we choose the 1 to build first.',
    )
  })
})

describe('a proposal: the fees', () => {
  it.each([
    // By hand: setup + monthly × months.
    { setupFee: 4_000, monthlyFee: 1_500, estimatedMonths: 2, contractValue: 7_000 },
    { setupFee: 9_500, monthlyFee: 3_500, estimatedMonths: 3, contractValue: 20_000 },
    { setupFee: 30_000, monthlyFee: 7_500, estimatedMonths: 6, contractValue: 75_000 },
    { setupFee: 9_500, monthlyFee: 3_250.5, estimatedMonths: 12, contractValue: 48_506 },
  ])('$setupFee + $monthlyFee × $estimatedMonths = $contractValue', ({ contractValue, ...terms }) => {
    const { fees } = buildProposal(deal(terms))
    expect(fees).toMatchObject({ ...terms, contractValue })
    expect(fees.terms).toContain(`${terms.estimatedMonths} months of the monthly fee`)
  })
})

describe('a proposal: the ROI projection', () => {
  const calculation = {
    calculatedAt: new Date('2026-11-20T15:00:00Z'),
    projection: { hoursSaved: 8, weeklyValue: 360, roiPercentage: 176.56, paybackWeeks: 18.8 },
  }

  it('shows the deal’s own projection when it has one, with the value of 52 weeks', () => {
    const { roi } = buildProposal(deal({ roiCalculation: calculation }))
    // 742.50 × 52 = 38,610
    expect(roi).toEqual({
      source: 'deal',
      note: 'Projection agreed for this proposal.',
      hoursSaved: 16.5,
      weeklyValue: 742.5,
      yearlyValue: 38_610,
      roiPercentage: 101.18,
      paybackWeeks: 25.8,
    })
  })

  it('falls back to the prospect’s ROI calculation for the tier, and says so', () => {
    const { roi } = buildProposal(deal({ projection: noFigures, roiCalculation: calculation }))
    expect(roi).toMatchObject({ source: 'roi-calculation', hoursSaved: 8, weeklyValue: 360, yearlyValue: 18_720 })
    expect(roi.note).toBe("From your ROI calculation of November 20, 2026, at the tier's standard pricing.")
  })

  it('with no figures anywhere, shows none: only the tier’s typical hours (§7.1) and a promise to work them out', () => {
    const { roi } = buildProposal(deal({ tier: 'ARCHITECT', projection: noFigures }))
    expect(roi).toMatchObject({ source: 'typical', hoursSaved: null, weeklyValue: null, yearlyValue: null })
    expect(roi.note).toBe(
      'Architect partners typically save 20–30 hours a week. We work out your own figures with you in the walkthrough.',
    )
    expect(
      proposalRoiSource({ projection: noFigures, roiCalculation: { ...calculation, projection: noFigures } }),
    ).toBe('typical')
  })

  it('keeps the deal’s partial projection as it is and leaves out a figure that is not a number', () => {
    const { roi } = buildProposal(
      deal({
        projection: { hoursSaved: 12, weeklyValue: null, roiPercentage: null, paybackWeeks: Infinity },
        roiCalculation: calculation,
      }),
    )
    expect(roi).toMatchObject({ source: 'deal', hoursSaved: 12, weeklyValue: null, paybackWeeks: null })
  })
})

describe('a proposal: the implementation timeline (§5.1 phases, §5.3 milestones)', () => {
  it('runs the phases of §5.1 to the tier’s last week', () => {
    const { timeline } = buildProposal(deal({ tier: 'DISCOVERY' }))
    expect(timeline.phases.map((phase) => [phase.name, phase.when])).toEqual([
      ['Onboarding', 'Week 1'],
      ['Discover', 'Weeks 1–2'],
      ['Co-Create', 'Weeks 3–6'],
      ['Deploy', 'Weeks 7–8'],
      ['Independent', 'After week 8'],
    ])
    expect(timeline.phases[1]!.activities).toEqual(['Audit', 'Prioritize', 'Roadmap'])
    const architect = buildProposal(deal({ tier: 'ARCHITECT', language: 'ES' })).timeline
    expect(architect.phases.map((phase) => phase.when)).toEqual([
      'Semana 1',
      'Semanas 1–2',
      'Semanas 3–6',
      'Semanas 7–24',
      'Después de la semana 24',
    ])
  })

  it.each([
    {
      tier: 'DISCOVERY',
      milestones: [
        [4, 'System live'],
        [8, 'Independence check'],
      ],
      recurring: null,
    },
    {
      tier: 'FOUNDATION',
      milestones: [
        [4, 'First system live'],
        [8, 'Second system live'],
        [12, 'Third system live + graduation'],
      ],
      recurring: null,
    },
    {
      tier: 'ARCHITECT',
      milestones: [
        [4, 'First system live'],
        [8, 'Second system live'],
        [12, 'Third system live'],
        [16, 'Fourth system live'],
        [20, 'Fifth system live'],
        [24, 'Sixth system live'],
      ],
      recurring: 'Monthly: ROI review',
    },
  ] as const)('$tier: the milestones of §5.3', ({ tier, milestones, recurring }) => {
    const { timeline } = buildProposal(deal({ tier }))
    expect(timeline.milestones.map((milestone) => [milestone.week, milestone.text])).toEqual(milestones)
    expect(timeline.milestones.every((milestone) => milestone.date === null)).toBe(true)
    expect(timeline.recurring).toBe(recurring)
  })

  it('dates each milestone by the end of its week once the implementation start is known', () => {
    // Kickoff Monday 4 January 2027: week 4 ends Sunday 31 January, week 8 ends Sunday 28 February.
    const { timeline } = buildProposal(
      deal({ tier: 'DISCOVERY', implementationStart: new Date('2027-01-04T00:00:00Z') }),
    )
    expect(timeline.milestones.map((milestone) => milestone.date?.toISOString())).toEqual([
      '2027-01-31T00:00:00.000Z',
      '2027-02-28T00:00:00.000Z',
    ])
  })
})

describe('a proposal in Spanish', () => {
  it('speaks Spanish throughout, tier names kept with their translation', () => {
    const proposal = buildProposal(deal({ language: 'ES' }))
    expect(proposal.title).toBe('Propuesta de colaboración')
    expect(proposal.header.preparedFor).toBe('Preparada para Rosa Díaz, Northwind Plumbing')
    expect(proposal.header.preparedOn).toBe('Preparada el 2 de diciembre de 2026')
    expect(proposal.tier).toMatchObject({
      name: 'Foundation',
      translation: 'Fundamentos',
      summary: '12 semanas · 3 sistemas',
    })
    expect(proposal.systems.items[0]).toMatchObject({ category: 'Agenda y despacho', complexity: 'Media' })
    expect(proposal.timeline.milestones.at(-1)!.text).toBe('Tercer sistema en producción + graduación')
    expect(proposal.fees.terms).toContain('3 meses de cuota mensual')
    expect(proposal.nextSteps[0]).toBe('Revisamos juntos esta propuesta y respondemos sus preguntas.')
  })
})
