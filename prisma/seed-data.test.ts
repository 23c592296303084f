import { describe, expect, it } from 'vitest'
import {
  leadScoringWeights,
  scoreLead,
  type LeadScoringFacts,
  type ScoringFactorValue,
} from '../domain/leads/lead-scoring'
import { qualificationTriggers } from '../domain/leads/qualification'
import { calculateRoi, type RoiInputs } from '../domain/roi/roi-calculator'
import { tierTerms } from '../domain/tiers/tier-terms'
import { generateSeedData, leadCount, stageProbability } from './seed-data'
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

const missing = (all: Record<string, string>, seen: unknown[]) =>
  Object.values(all).filter((value) => !seen.includes(value))

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
      expect(
        ids.every((id) => id?.startsWith('seed-')),
        table,
      ).toBe(true)
    }
    const emails = [
      ...data.leads.map((row) => row.email),
      ...data.contacts.map((row) => row.email),
      ...data.users.map((row) => row.email),
    ]
    expect(new Set(data.leads.map((row) => row.email)).size).toBe(data.leads.length)
    expect(new Set(data.contacts.map((row) => row.email)).size).toBe(data.contacts.length)
    expect(emails.every((email) => email === email.trim().toLowerCase())).toBe(true)
  })
})

describe('lead scores (seed 002 §3.3)', () => {
  // The facts the lead workflow's rescoring reads, taken from the seeded rows.
  const factsOf = (lead: (typeof data.leads)[number]): LeadScoringFacts => ({
    industry: lead.industry ?? null,
    employeeCount: lead.employeeCount ?? null,
    source: lead.source,
    voiceSessions: data.voiceSessions
      .filter((session) => session.leadId === lead.id)
      .map((session) => ({
        totalQuestions: session.totalQuestions ?? 0,
        durationSeconds: session.duration ?? 0,
        intents: (session.intents ?? []) as LeadScoringFacts['voiceSessions'][number]['intents'],
      })),
    roiCalculations: data.roiCalculations
      .filter((row) => row.leadId === lead.id)
      .map((row) => ({ reportRequested: row.reportRequested ?? false })),
    bookings: data.calendarBookings
      .filter((row) => row.leadId === lead.id)
      .map((row) => ({ status: row.status ?? 'SCHEDULED' })),
    emailReplies: data.activities.filter(
      (row) => row.leadId === lead.id && row.type === 'EMAIL' && row.direction === 'INBOUND',
    ).length,
  })

  it.each(data.leads.map((lead) => [lead.id, lead] as const))(
    '%s stores the score and factors scoreLead gives its records',
    (_id, lead) => {
      const { score, factors } = scoreLead(factsOf(lead))
      expect(lead.scoringFactors as unknown as ScoringFactorValue[]).toEqual(factors)
      expect(lead.leadScore).toBe(score)
      expect(factors.map((factor) => factor.factor)).toEqual(Object.keys(leadScoringWeights))
    },
  )

  it('spreads the scores over every band', () => {
    const scores = data.leads.map((lead) => lead.leadScore ?? 0)
    expect(scores.some((score) => score < 40)).toBe(true)
    expect(scores.some((score) => score >= 40 && score < 70)).toBe(true)
    expect(scores.some((score) => score >= 70)).toBe(true)
  })

  it('qualifies leads by the automatic triggers: the stage reaches the best trigger, SQL goes with QUALIFIED', () => {
    const rank = { NONE: 0, MQL: 1, SQL: 2 } as const
    for (const lead of data.leads) {
      const stage = lead.qualificationStage ?? 'NONE'
      const best = qualificationTriggers(factsOf(lead), lead.leadScore ?? 0)[0]
      if (best) expect(rank[stage], lead.id).toBeGreaterThanOrEqual(rank[best.stage])
      if (lead.status === 'QUALIFIED' || lead.status === 'CONVERTED') expect(stage, lead.id).toBe('SQL')
      if (lead.status !== 'CONVERTED') expect(lead.status === 'QUALIFIED', lead.id).toBe(stage === 'SQL')
      expect(lead.marketingQualifiedAt != null, lead.id).toBe(stage !== 'NONE')
      expect(lead.salesQualifiedAt != null, lead.id).toBe(stage === 'SQL')
    }
    expect(new Set(data.leads.map((lead) => lead.qualificationStage))).toEqual(new Set(['NONE', 'MQL', 'SQL']))
  })

  it('stores the ROI calculator’s numbers for every calculation', () => {
    for (const row of data.roiCalculations) {
      const inputs = {
        industry: row.industry,
        employeeCount: row.employeeCount,
        hourlyRate: row.hourlyRate,
        weeklyAdminHours: row.weeklyAdminHours,
      } as RoiInputs
      expect(row.calculations, row.id).toEqual(calculateRoi(inputs))
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
      expect(opportunity.totalContractValue).toBe(
        terms.setupFee + terms.monthlyFee * (opportunity.estimatedMonths ?? 0),
      )
      expect(opportunity.probability).toBe(stageProbability[opportunity.stage ?? 'NEW_LEAD'])
    }
    expect([tierTerms.DISCOVERY.setupFee, tierTerms.FOUNDATION.setupFee, tierTerms.ARCHITECT.setupFee]).toEqual([
      4_000, 9_500, 30_000,
    ])
  })

  it('starts a partnership for every won deal and only for those', () => {
    const won = data.opportunities
      .filter((opportunity) => opportunity.stage === 'CLOSED_WON')
      .map((opportunity) => opportunity.id)
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
        data.payments.some(
          (payment) =>
            payment.partnershipId === partnership.id && payment.type === 'SETUP' && payment.status === 'PAID',
        ),
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
