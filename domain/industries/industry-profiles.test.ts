import { describe, expect, it } from 'vitest'
import { Industry, SystemCategory } from '../../prisma/generated/enums'
import { industryProfile, localize, type IndustryProfile, type Localized } from './industry-profiles'

const everyProfile: [string, IndustryProfile][] = [
  ...Object.values(Industry).map((industry) => [industry, industryProfile(industry)] as [string, IndustryProfile]),
  ['unknown', industryProfile(null)],
]

function localizedTexts(value: unknown): Localized[] {
  if (Array.isArray(value)) return value.flatMap(localizedTexts)
  if (typeof value !== 'object' || value === null) return []
  const record = value as Record<string, unknown>
  if (typeof record.en === 'string' && typeof record.es === 'string' && Object.keys(record).length === 2)
    return [record as Localized]
  return Object.values(record).flatMap(localizedTexts)
}

const english = (texts: Localized[]) => texts.map((text) => text.en)

describe('§8.2 pre-configured industry data', () => {
  it('gives HVAC and Plumbing the "HVAC/Plumbing" row, each under its own name', () => {
    const hvac = industryProfile('HVAC')
    const plumbing = industryProfile('PLUMBING')
    expect(english(hvac.painPoints)).toEqual(['Scheduling chaos', 'Quote delays', 'Follow-up drops'])
    expect(english(hvac.recommendedSystems.map((system) => system.name))).toEqual([
      'Dispatch AI',
      'Quote Generator',
      'Follow-up Bot',
    ])
    const { industry: _h, displayName: hvacName, ...hvacContent } = hvac
    const { industry: _p, displayName: plumbingName, ...plumbingContent } = plumbing
    expect(plumbingContent).toEqual(hvacContent)
    expect([hvacName.en, plumbingName.en, plumbingName.es]).toEqual(['HVAC', 'Plumbing', 'Plomería'])
  })

  it.each([
    [
      'PROPERTY_MANAGEMENT',
      ['Tenant communications', 'Maintenance tracking', 'Rent collection'],
      ['Tenant Portal AI', 'Maintenance Bot', 'Collection Automation'],
    ],
    [
      'CONSTRUCTION',
      ['Bid management', 'Subcontractor communications', 'Timeline tracking'],
      ['Bid Assistant', 'Project Comms', 'Timeline AI'],
    ],
    [
      'PROFESSIONAL_SERVICES',
      ['Client intake', 'Scheduling', 'Billing'],
      ['Intake Bot', 'Calendar AI', 'Invoice Automation'],
    ],
    [
      'REAL_ESTATE',
      ['Lead qualification', 'Showing scheduling', 'Follow-ups'],
      ['Lead Qualifier', 'Showing Scheduler', 'Nurture Bot'],
    ],
  ] as const)('%s has the spec’s pain points and top systems', (industry, painPoints, systems) => {
    const profile = industryProfile(industry)
    expect(english(profile.painPoints)).toEqual(painPoints)
    expect(english(profile.recommendedSystems.map((system) => system.name))).toEqual(systems)
  })

  it('has sensible profiles for retail, e-commerce, other and unknown industries', () => {
    expect(industryProfile('RETAIL').recommendedSystems.map((system) => system.category)).toContain(
      'INVENTORY_MANAGEMENT',
    )
    expect(industryProfile('ECOMMERCE').recommendedSystems.map((system) => system.category)).toContain(
      'CUSTOMER_COMMUNICATIONS',
    )
    expect(industryProfile('OTHER')).toMatchObject({ industry: 'OTHER', displayName: { en: 'Other industry' } })
    expect(industryProfile(null)).toMatchObject({
      industry: null,
      displayName: { en: 'Small business', es: 'Pequeña empresa' },
    })
  })
})

describe.each(everyProfile)('the %s profile (§8.1 shape)', (name, profile) => {
  it('names its own industry', () => {
    expect(profile.industry).toBe(name === 'unknown' ? null : name)
  })

  it('says everything in English and in Spanish', () => {
    const texts = localizedTexts(profile)
    expect(texts.length).toBeGreaterThan(20)
    for (const text of texts) {
      expect(text.en.trim(), JSON.stringify(text)).not.toBe('')
      expect(text.es.trim(), JSON.stringify(text)).not.toBe('')
      expect(text.es, `untranslated: ${text.en}`).not.toBe(text.en)
    }
  })

  it('pairs every objection with a response and has content in every section', () => {
    expect(profile.objectionResponses).toHaveLength(profile.commonObjections.length)
    for (const list of [
      profile.painPoints,
      profile.recommendedSystems,
      profile.useCases,
      profile.commonObjections,
      profile.discoveryQuestions,
    ]) {
      expect(list.length).toBeGreaterThanOrEqual(1)
    }
  })

  it('has systems in schema categories and benchmarks in plausible ranges', () => {
    for (const system of profile.recommendedSystems) {
      expect(Object.values(SystemCategory)).toContain(system.category)
      expect(system.typicalHoursSaved).toBeGreaterThan(0)
    }
    const { benchmarks } = profile
    expect(benchmarks.automationFactor).toBeGreaterThanOrEqual(0.5)
    expect(benchmarks.automationFactor).toBeLessThanOrEqual(1.5)
    expect(benchmarks.avgHourlyRate).toBeGreaterThan(0)
    expect(benchmarks.avgWeeklyAdminHours).toBeGreaterThan(0)
    expect(benchmarks.avgEmployeeCount).toBeGreaterThan(0)
    expect(benchmarks.avgROI).toBeGreaterThan(0)
  })
})

describe('localize', () => {
  it('picks the text in the person’s language', () => {
    const text = { en: 'Quote delays', es: 'Retrasos en las cotizaciones' }
    expect(localize(text, 'EN')).toBe('Quote delays')
    expect(localize(text, 'ES')).toBe('Retrasos en las cotizaciones')
  })
})
