import { describe, expect, it } from 'vitest'
import {
  generateSeedData,
  leadCount,
  leadScore,
  leadScoringWeights,
  scoringFactors,
  stageProbability,
  tierTerms,
  type ScoringFactor,
} from './seed-data'
import {
  Industry,
  LeadSource,
  LeadStatus,
  Language,
  PartnershipStatus,
  PaymentStatus,
  Phase,
  PipelineStage,
  Tier,
  UserRole,
} from './generated/enums'

const now = new Date('2026-03-02T15:00:00Z')
const data = generateSeedData(now)

const missing = (all: Record<string, string>, seen: unknown[]) => Object.values(all).filter((value) => !seen.includes(value))

describe('demo data coverage', () => {
  it.each([
    ['Industry (companies)', Industry, data.companies.map((row) => row.industry)],
    ['Industry (leads)', Industry, data.leads.map((row) => row.industry)],
    ['LeadSource', LeadSource, data.leads.map((row) => row.source)],
    ['LeadStatus', LeadStatus, data.leads.map((row) => row.status)],
    ['PipelineStage', PipelineStage, data.opportunities.map((row) => row.stage)],
    ['Tier (opportunities)', Tier, data.opportunities.map((row) => row.tier)],
    ['Tier (partnerships)', Tier, data.partnerships.map((row) => row.tier)],
    ['PartnershipStatus', PartnershipStatus, data.partnerships.map((row) => row.status)],
    ['Phase', Phase, data.partnerships.map((row) => row.currentPhase)],
    ['UserRole', UserRole, data.users.map((row) => row.role)],
    ['Language (contacts)', Language, data.contacts.map((row) => row.preferredLanguage)],
    ['PaymentStatus', PaymentStatus, data.payments.map((row) => row.status)],
  ] as const)('shows every %s value', (_name, values, seen) => {
    expect(missing(values, [...seen])).toEqual([])
  })

  it('has the advertised volume', () => {
    expect(data.users).toHaveLength(8)
    expect(data.companies).toHaveLength(30)
    expect(data.leads).toHaveLength(leadCount)
    expect(data.contacts.length).toBeGreaterThanOrEqual(data.companies.length)
    expect(new Set(data.contacts.map((row) => row.timezone)).size).toBeGreaterThanOrEqual(4)
    for (const source of ['voiceSessions', 'roiCalculations', 'activities', 'payments', 'deliveredSystems'] as const) {
      expect(data[source].length, source).toBeGreaterThan(0)
    }
  })

  it('is the same on every run, and ids are unique per table', () => {
    expect(generateSeedData(now)).toEqual(data)
    for (const [table, rows] of Object.entries(data)) {
      const ids = (rows as { id?: string }[]).map((row) => row.id)
      expect(new Set(ids).size, table).toBe(rows.length)
      expect(ids.every((id) => id?.startsWith('seed-')), table).toBe(true)
    }
    const emails = [...data.leads.map((row) => row.email), ...data.contacts.map((row) => row.email), ...data.users.map((row) => row.email)]
    expect(new Set(data.leads.map((row) => row.email)).size).toBe(data.leads.length)
    expect(new Set(data.contacts.map((row) => row.email)).size).toBe(data.contacts.length)
    expect(emails.every((email) => email === email.trim().toLowerCase())).toBe(true)
  })
})

describe('lead scores (seed 002 §3.3)', () => {
  it('uses the spec weights, which add up to 100%', () => {
    expect(leadScoringWeights).toEqual({
      'Industry match': 0.2,
      'Employee count (5-50)': 0.15,
      'Voice agent engagement': 0.2,
      'ROI calculator completed': 0.15,
      'Multiple sessions': 0.1,
      'Calendar booking': 0.1,
      'Email engagement': 0.05,
      'Referral source': 0.05,
    })
    expect(Object.values(leadScoringWeights).reduce((sum, weight) => sum + weight, 0)).toBeCloseTo(1, 10)
  })

  it.each(data.leads.map((lead) => [lead.id, lead] as const))('%s scores the weighted sum of its factors', (_id, lead) => {
    const factors = lead.scoringFactors as unknown as ScoringFactor[]
    expect(factors.map((factor) => factor.factor)).toEqual(Object.keys(leadScoringWeights))
    for (const factor of factors) {
      expect(factor.weight).toBe(leadScoringWeights[factor.factor])
      expect(factor.value).toBeGreaterThanOrEqual(0)
      expect(factor.value).toBeLessThanOrEqual(100)
      expect(factor.contribution).toBeCloseTo(factor.weight * factor.value, 2)
    }
    expect(lead.leadScore).toBe(Math.round(factors.reduce((sum, factor) => sum + factor.weight * factor.value, 0)))
  })

  it('gives a referred lead in a target industry at 5-50 employees full marks for those factors', () => {
    const factors = scoringFactors({
      industry: 'HVAC',
      employeeCount: 'RANGE_10_25',
      voiceQuestions: 0,
      voiceSessions: 0,
      roiCompleted: false,
      calendarBooked: false,
      emailEngagement: 0,
      source: 'REFERRAL',
    })
    expect(leadScore(factors)).toBe(20 + 15 + 5)
  })

  it('qualifies leads by the automatic triggers', () => {
    for (const lead of data.leads) {
      if ((lead.leadScore ?? 0) > 70) expect(lead.qualificationStage, lead.id).not.toBe('NONE')
      if (lead.calendarBookingId && (lead.leadScore ?? 0) > 50) expect(lead.qualificationStage, lead.id).toBe('SQL')
    }
  })

  it('keeps UTM attribution on leads from campaigns', () => {
    const paid = data.leads.filter((lead) => lead.source === 'PAID_ADS')
    expect(paid.length).toBeGreaterThan(0)
    for (const lead of paid) expect(lead).toMatchObject({ utmSource: 'google', utmMedium: 'cpc' })
  })
})

describe('deals and partnerships', () => {
  it('prices each opportunity by its tier and stage (§2.3, §4.1)', () => {
    for (const opportunity of data.opportunities) {
      const terms = tierTerms[opportunity.tier]
      expect(opportunity.setupFee).toBe(terms.setupFee)
      expect(opportunity.monthlyFee).toBe(terms.monthlyFee)
      expect(opportunity.systemCount).toBe(terms.systems)
      expect(opportunity.totalContractValue).toBe(terms.setupFee + terms.monthlyFee * (opportunity.estimatedMonths ?? 0))
      expect(opportunity.probability).toBe(stageProbability[opportunity.stage ?? 'NEW_LEAD'])
    }
    expect([tierTerms.DISCOVERY.setupFee, tierTerms.FOUNDATION.setupFee, tierTerms.ARCHITECT.setupFee]).toEqual([4_000, 9_500, 30_000])
  })

  it('starts a partnership for every won deal and only for those', () => {
    const won = data.opportunities.filter((opportunity) => opportunity.stage === 'CLOSED_WON').map((opportunity) => opportunity.id)
    expect(data.partnerships.map((partnership) => partnership.opportunityId).sort()).toEqual(won.sort())
  })

  it('delivers as many systems as the tier promises and counts only paid payments as revenue', () => {
    for (const partnership of data.partnerships) {
      const systems = data.deliveredSystems.filter((system) => system.partnershipId === partnership.id)
      expect(systems).toHaveLength(tierTerms[partnership.tier].systems)
      const paid = data.payments
        .filter((payment) => payment.partnershipId === partnership.id && payment.status === 'PAID')
        .reduce((sum, payment) => sum + Number(payment.amount), 0)
      expect(partnership.totalRevenue).toBe(paid)
      expect(partnership.setupFeePaid).toBe(
        data.payments.some((payment) => payment.partnershipId === partnership.id && payment.type === 'SETUP' && payment.status === 'PAID'),
      )
    }
  })

  it('links converted leads to their company, contact and opportunity', () => {
    const converted = data.leads.filter((lead) => lead.status === 'CONVERTED')
    expect(converted.length).toBeGreaterThan(0)
    for (const lead of converted) {
      const opportunity = data.opportunities.find((row) => row.id === lead.convertedToOpportunityId)
      expect(opportunity?.companyId, lead.id).toBe(lead.convertedToCompanyId)
      expect(opportunity?.primaryContactId, lead.id).toBe(lead.convertedToContactId)
    }
  })

  it('records voice transcripts in the lead’s language', () => {
    const spanish = data.voiceSessions.find((session) => session.language === 'ES' && session.leadId)
    expect(spanish).toBeDefined()
    const messages = spanish!.messages as { role: string; content: string }[]
    expect(messages[0]).toMatchObject({ role: 'user' })
    expect(messages[0]!.content).toMatch(/[¿áéíóú]/)
    expect(messages.filter((message) => message.role === 'user')).toHaveLength(spanish!.totalQuestions ?? 0)
  })
})
