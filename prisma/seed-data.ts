// Demo data for `npm run seed`, generated without touching a database so it can be tested on its own.
// Every row has a fixed id starting with `seed-`, so inserting the same data twice is a no-op.
import type { Prisma } from './generated/client'
import {
  ActivityType,
  BookingStatus,
  ContactRole,
  Device,
  EmployeeCount,
  Industry,
  Language,
  LeadSource,
  LeadStatus,
  PartnershipStatus,
  PaymentStatus,
  Phase,
  PipelineStage,
  QualificationStage,
  Sentiment,
  SystemCategory,
  SystemComplexity,
  SystemStatus,
  Tier,
  UserRole,
  VoiceIntent,
  VoiceOutcome,
} from './generated/enums'
import { scoreLead, type LeadScoringFacts } from '../domain/leads/lead-scoring'
import { nextQualification } from '../domain/leads/qualification'
import { sendsAcknowledgement } from '../domain/nurture/sequences'
import { calculateRoi } from '../domain/roi/roi-calculator'
import { tierContract, tierEstimatedMonths } from '../domain/tiers/contract-value'
import { tierTerms } from '../domain/tiers/tier-terms'
import { finalMilestone, initialPlan, type MilestonePlan } from '../domain/partnerships/milestone-plan'
import { healthFactsOf, type PartnershipEvidence } from '../domain/partnerships/health-facts'
import { healthBandOf, healthScoreOf } from '../domain/partnerships/health-score'
import { completingWithinMs, partnershipStatusReasons } from '../domain/partnerships/partnership-phase'
import { dunningWords } from '../domain/partnerships/dunning-messages'
import { dunningStepKey } from '../domain/partnerships/payment-plan'
import { checklistPassedBefore } from '../domain/deals/checklist'
import { openStages, stagePolicies, type ClosedStage, type OpenStage } from '../domain/deals/pipeline-policy'
import { businessModelOfIndustry } from '../domain/industries/industry-profiles'
import { voiceSessionTimelineEntry } from '../domain/integrations/voice-session-state'
import { industryLabels } from '../domain/leads/lead-vocabulary'
import { recipientTimeZone } from '../domain/communication/local-time'
import { monthsTouched } from '../domain/analytics/cost-per-lead'
import { reportKeys, type ReportKey } from '../domain/reports/report-catalogue'
import {
  developmentEmailSettings,
  seededAcknowledgement,
  seededRoiReport,
  seededVoiceThankYou,
  type SeedEmailSettings,
  type SeededEmail,
} from './seed-emails'
import { meetingsRecordedBy, seededWeeklyMeetings } from './seed-meetings'

// ---------------------------------------------------------------------------------------------------------
// Seed 002 numbers the demo data is held to
// ---------------------------------------------------------------------------------------------------------

/** §1 target industries, the ones most demo leads come from. */
const targetIndustries: readonly Industry[] = [
  'HVAC',
  'PLUMBING',
  'PROPERTY_MANAGEMENT',
  'CONSTRUCTION',
  'RETAIL',
  'ECOMMERCE',
  'PROFESSIONAL_SERVICES',
  'REAL_ESTATE',
]

// ---------------------------------------------------------------------------------------------------------
// Deterministic randomness
// ---------------------------------------------------------------------------------------------------------

/** mulberry32: a tiny seeded PRNG, so every run produces the same demo data. */
export function createRandom(seed: number) {
  let state = seed >>> 0
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0
    let t = state
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
  const int = (min: number, max: number) => min + Math.floor(next() * (max - min + 1))
  const pick = <T>(items: readonly T[]): T => {
    if (items.length === 0) throw new Error('pick from an empty list')
    return items[Math.floor(next() * items.length)] as T
  }
  const chance = (probability: number) => next() < probability
  return { next, int, pick, chance }
}

type Random = ReturnType<typeof createRandom>

// ---------------------------------------------------------------------------------------------------------
// Reference data
// ---------------------------------------------------------------------------------------------------------

const day = 24 * 60 * 60 * 1000
/** §4.3: the most days a deal may spend in its open stages, one after the other. */
const daysAllowedInOpenStages = openStages.reduce((sum, stage) => sum + stagePolicies[stage].maxDaysInStage!, 0)
const pad = (n: number, width = 3) => String(n).padStart(width, '0')
const slug = (text: string) =>
  text
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '')
const round2 = (n: number) => Math.round(n * 100) / 100

const users = [
  { name: 'Alex Morgan', role: 'ADMIN' },
  { name: 'Priya Natarajan', role: 'SALES_MANAGER' },
  { name: 'Marcus Bell', role: 'SALES_REP' },
  { name: 'Lucía Fernández', role: 'SALES_REP' },
  { name: 'Jordan Lee', role: 'SALES_REP' },
  { name: 'Hannah Okafor', role: 'CUSTOMER_SUCCESS' },
  { name: 'Diego Ramírez', role: 'CUSTOMER_SUCCESS' },
  { name: 'Sam Whitaker', role: 'VIEWER' },
] as const satisfies readonly { name: string; role: UserRole }[]

const salesUserIds = [2, 3, 4, 5].map((n) => `seed-user-${pad(n, 2)}`) // manager + three reps
const successUserIds = [6, 7].map((n) => `seed-user-${pad(n, 2)}`)

interface CompanyProfile {
  name: string
  industry: Industry
  size: EmployeeCount
  city: string
  state: string
  country: string
  timezone: string
  language: Language
}

const companyProfiles: readonly CompanyProfile[] = [
  {
    name: 'Summit Comfort HVAC',
    industry: 'HVAC',
    size: 'RANGE_10_25',
    city: 'Denver',
    state: 'CO',
    country: 'US',
    timezone: 'America/Denver',
    language: 'EN',
  },
  {
    name: 'Desert Breeze Heating & Air',
    industry: 'HVAC',
    size: 'RANGE_25_50',
    city: 'Phoenix',
    state: 'AZ',
    country: 'US',
    timezone: 'America/Phoenix',
    language: 'EN',
  },
  {
    name: 'Clima Total Monterrey',
    industry: 'HVAC',
    size: 'RANGE_5_10',
    city: 'Monterrey',
    state: 'NL',
    country: 'MX',
    timezone: 'America/Monterrey',
    language: 'ES',
  },
  {
    name: 'Rio Grande Plumbing',
    industry: 'PLUMBING',
    size: 'RANGE_10_25',
    city: 'El Paso',
    state: 'TX',
    country: 'US',
    timezone: 'America/Denver',
    language: 'ES',
  },
  {
    name: 'Blue Line Plumbing Co.',
    industry: 'PLUMBING',
    size: 'RANGE_5_10',
    city: 'Columbus',
    state: 'OH',
    country: 'US',
    timezone: 'America/New_York',
    language: 'EN',
  },
  {
    name: 'PipeRight Services',
    industry: 'PLUMBING',
    size: 'RANGE_1_5',
    city: 'Tampa',
    state: 'FL',
    country: 'US',
    timezone: 'America/New_York',
    language: 'EN',
  },
  {
    name: 'Harborview Property Group',
    industry: 'PROPERTY_MANAGEMENT',
    size: 'RANGE_25_50',
    city: 'Seattle',
    state: 'WA',
    country: 'US',
    timezone: 'America/Los_Angeles',
    language: 'EN',
  },
  {
    name: 'Casa Segura Administración',
    industry: 'PROPERTY_MANAGEMENT',
    size: 'RANGE_10_25',
    city: 'Miami',
    state: 'FL',
    country: 'US',
    timezone: 'America/New_York',
    language: 'ES',
  },
  {
    name: 'Keystone Residential Management',
    industry: 'PROPERTY_MANAGEMENT',
    size: 'RANGE_50_PLUS',
    city: 'Philadelphia',
    state: 'PA',
    country: 'US',
    timezone: 'America/New_York',
    language: 'EN',
  },
  {
    name: 'Ironclad Builders',
    industry: 'CONSTRUCTION',
    size: 'RANGE_25_50',
    city: 'Dallas',
    state: 'TX',
    country: 'US',
    timezone: 'America/Chicago',
    language: 'EN',
  },
  {
    name: 'Constructora Del Valle',
    industry: 'CONSTRUCTION',
    size: 'RANGE_50_PLUS',
    city: 'San Antonio',
    state: 'TX',
    country: 'US',
    timezone: 'America/Chicago',
    language: 'ES',
  },
  {
    name: 'Northstar Renovations',
    industry: 'CONSTRUCTION',
    size: 'RANGE_10_25',
    city: 'Minneapolis',
    state: 'MN',
    country: 'US',
    timezone: 'America/Chicago',
    language: 'EN',
  },
  {
    name: 'Maple & Main Outfitters',
    industry: 'RETAIL',
    size: 'RANGE_10_25',
    city: 'Burlington',
    state: 'VT',
    country: 'US',
    timezone: 'America/New_York',
    language: 'EN',
  },
  {
    name: 'La Tiendita Boutique',
    industry: 'RETAIL',
    size: 'RANGE_5_10',
    city: 'Los Angeles',
    state: 'CA',
    country: 'US',
    timezone: 'America/Los_Angeles',
    language: 'ES',
  },
  {
    name: 'Trailhead Gear Co.',
    industry: 'RETAIL',
    size: 'RANGE_25_50',
    city: 'Boise',
    state: 'ID',
    country: 'US',
    timezone: 'America/Boise',
    language: 'EN',
  },
  {
    name: 'Brightcart Home Goods',
    industry: 'ECOMMERCE',
    size: 'RANGE_10_25',
    city: 'Austin',
    state: 'TX',
    country: 'US',
    timezone: 'America/Chicago',
    language: 'EN',
  },
  {
    name: 'Verde Natural Skincare',
    industry: 'ECOMMERCE',
    size: 'RANGE_5_10',
    city: 'San Diego',
    state: 'CA',
    country: 'US',
    timezone: 'America/Los_Angeles',
    language: 'ES',
  },
  {
    name: 'PetPantry Direct',
    industry: 'ECOMMERCE',
    size: 'RANGE_25_50',
    city: 'Nashville',
    state: 'TN',
    country: 'US',
    timezone: 'America/Chicago',
    language: 'EN',
  },
  {
    name: 'Ledgerline Accounting',
    industry: 'PROFESSIONAL_SERVICES',
    size: 'RANGE_10_25',
    city: 'Charlotte',
    state: 'NC',
    country: 'US',
    timezone: 'America/New_York',
    language: 'EN',
  },
  {
    name: 'Ortega & Asociados Abogados',
    industry: 'PROFESSIONAL_SERVICES',
    size: 'RANGE_5_10',
    city: 'Houston',
    state: 'TX',
    country: 'US',
    timezone: 'America/Chicago',
    language: 'ES',
  },
  {
    name: 'Clearpath Insurance Partners',
    industry: 'PROFESSIONAL_SERVICES',
    size: 'RANGE_25_50',
    city: 'Atlanta',
    state: 'GA',
    country: 'US',
    timezone: 'America/New_York',
    language: 'EN',
  },
  {
    name: 'Pinnacle Staffing Solutions',
    industry: 'PROFESSIONAL_SERVICES',
    size: 'RANGE_50_PLUS',
    city: 'Chicago',
    state: 'IL',
    country: 'US',
    timezone: 'America/Chicago',
    language: 'EN',
  },
  {
    name: 'Coastline Realty',
    industry: 'REAL_ESTATE',
    size: 'RANGE_10_25',
    city: 'San Diego',
    state: 'CA',
    country: 'US',
    timezone: 'America/Los_Angeles',
    language: 'EN',
  },
  {
    name: 'Hogar Ideal Bienes Raíces',
    industry: 'REAL_ESTATE',
    size: 'RANGE_5_10',
    city: 'Orlando',
    state: 'FL',
    country: 'US',
    timezone: 'America/New_York',
    language: 'ES',
  },
  {
    name: 'Mesa Verde Homes',
    industry: 'REAL_ESTATE',
    size: 'RANGE_25_50',
    city: 'Albuquerque',
    state: 'NM',
    country: 'US',
    timezone: 'America/Denver',
    language: 'EN',
  },
  {
    name: 'Aloha Island Properties',
    industry: 'REAL_ESTATE',
    size: 'RANGE_1_5',
    city: 'Honolulu',
    state: 'HI',
    country: 'US',
    timezone: 'Pacific/Honolulu',
    language: 'EN',
  },
  {
    name: 'Glacier Bay Charters',
    industry: 'OTHER',
    size: 'RANGE_5_10',
    city: 'Juneau',
    state: 'AK',
    country: 'US',
    timezone: 'America/Juneau',
    language: 'EN',
  },
  {
    name: 'Sunrise Veterinary Clinic',
    industry: 'OTHER',
    size: 'RANGE_10_25',
    city: 'Portland',
    state: 'OR',
    country: 'US',
    timezone: 'America/Los_Angeles',
    language: 'EN',
  },
  {
    name: 'Frontier Mechanical',
    industry: 'HVAC',
    size: 'RANGE_50_PLUS',
    city: 'Kansas City',
    state: 'MO',
    country: 'US',
    timezone: 'America/Chicago',
    language: 'EN',
  },
  {
    name: 'San Juan Servicios de Plomería',
    industry: 'PLUMBING',
    size: 'RANGE_5_10',
    city: 'San Juan',
    state: 'PR',
    country: 'US',
    timezone: 'America/Puerto_Rico',
    language: 'ES',
  },
]

/** Pipeline position and tier of each company's opportunity, by company index. */
const opportunityPlan: readonly { stage: PipelineStage; tier: Tier; lostFrom?: OpenStage }[] = [
  { stage: 'CLOSED_WON', tier: 'FOUNDATION' },
  { stage: 'CLOSED_WON', tier: 'ARCHITECT' },
  { stage: 'NEGOTIATION', tier: 'DISCOVERY' },
  { stage: 'CLOSED_WON', tier: 'DISCOVERY' },
  { stage: 'PROPOSAL_SENT', tier: 'DISCOVERY' },
  { stage: 'CLOSED_LOST', tier: 'DISCOVERY', lostFrom: 'PROPOSAL_SENT' },
  { stage: 'CLOSED_WON', tier: 'FOUNDATION' },
  { stage: 'DISCOVERY_CALL', tier: 'FOUNDATION' },
  { stage: 'CLOSED_WON', tier: 'ARCHITECT' },
  { stage: 'NEGOTIATION', tier: 'FOUNDATION' },
  { stage: 'PROPOSAL_SENT', tier: 'ARCHITECT' },
  { stage: 'CLOSED_WON', tier: 'FOUNDATION' },
  { stage: 'CONTACTED', tier: 'DISCOVERY' },
  { stage: 'NEW_LEAD', tier: 'DISCOVERY' },
  { stage: 'CLOSED_LOST', tier: 'FOUNDATION', lostFrom: 'NEGOTIATION' },
  { stage: 'CLOSED_WON', tier: 'DISCOVERY' },
  { stage: 'DISCOVERY_CALL', tier: 'DISCOVERY' },
  { stage: 'NEGOTIATION', tier: 'FOUNDATION' },
  { stage: 'CLOSED_WON', tier: 'FOUNDATION' },
  { stage: 'CONTACTED', tier: 'DISCOVERY' },
  { stage: 'PROPOSAL_SENT', tier: 'FOUNDATION' },
  { stage: 'DISCOVERY_CALL', tier: 'ARCHITECT' },
  { stage: 'NEW_LEAD', tier: 'FOUNDATION' },
  { stage: 'CONTACTED', tier: 'DISCOVERY' },
  { stage: 'DISCOVERY_CALL', tier: 'FOUNDATION' },
  { stage: 'NEW_LEAD', tier: 'DISCOVERY' },
  { stage: 'CLOSED_LOST', tier: 'DISCOVERY', lostFrom: 'DISCOVERY_CALL' },
  { stage: 'PROPOSAL_SENT', tier: 'FOUNDATION' },
  { stage: 'NEGOTIATION', tier: 'ARCHITECT' },
  { stage: 'CONTACTED', tier: 'DISCOVERY' },
]

/** Where each won deal's partnership stands, in the order the won deals appear above. */
const partnershipPlan: readonly {
  status: PartnershipStatus
  phase: Phase
  startedDaysAgo: number
  /** A churn's day; a graduation is on the plan's final milestone. */
  churnedDaysAgo?: number
  /** The owner's pause, a week after the month it left unpaid fell due. */
  pausedDaysAgo?: number
}[] = [
  { status: 'ACTIVE', phase: 'CO_CREATE', startedDaysAgo: 30 },
  { status: 'ACTIVE', phase: 'DEPLOY', startedDaysAgo: 70 },
  { status: 'GRADUATED', phase: 'INDEPENDENT', startedDaysAgo: 95 },
  { status: 'COMPLETING', phase: 'DEPLOY', startedDaysAgo: 78 },
  { status: 'PAUSED', phase: 'CO_CREATE', startedDaysAgo: 45, pausedDaysAgo: 8 },
  // Before its kickoff: Onboarding (decision 0027).
  { status: 'ONBOARDING', phase: 'ONBOARDING', startedDaysAgo: 3 },
  // Never reached its final milestone (so still in Deploy), its system unused for ten days and a month's payment
  // failed: churned.
  { status: 'CHURNED', phase: 'DEPLOY', startedDaysAgo: 110, churnedDaysAgo: 15 },
  { status: 'ACTIVE', phase: 'DISCOVER', startedDaysAgo: 9 },
]

const lostReasons = [
  'Chose to hire an in-house developer',
  'Budget frozen until next fiscal year',
  'Went with a larger consultancy',
]

const industrySystems: Record<Industry, readonly [string, SystemCategory][]> = {
  HVAC: [
    ['Dispatch AI', 'SCHEDULING_DISPATCH'],
    ['Quote Generator', 'QUOTE_GENERATION'],
    ['Follow-up Bot', 'CUSTOMER_COMMUNICATIONS'],
  ],
  PLUMBING: [
    ['Dispatch AI', 'SCHEDULING_DISPATCH'],
    ['Quote Generator', 'QUOTE_GENERATION'],
    ['Follow-up Bot', 'CUSTOMER_COMMUNICATIONS'],
  ],
  PROPERTY_MANAGEMENT: [
    ['Tenant Portal AI', 'CUSTOMER_COMMUNICATIONS'],
    ['Maintenance Bot', 'SCHEDULING_DISPATCH'],
    ['Collection Automation', 'INVOICE_PROCESSING'],
  ],
  CONSTRUCTION: [
    ['Bid Assistant', 'QUOTE_GENERATION'],
    ['Project Comms', 'CUSTOMER_COMMUNICATIONS'],
    ['Timeline AI', 'REPORTING_ANALYTICS'],
  ],
  RETAIL: [
    ['Inventory Forecaster', 'INVENTORY_MANAGEMENT'],
    ['Customer Care Assistant', 'CUSTOMER_COMMUNICATIONS'],
    ['Sales Reporting', 'REPORTING_ANALYTICS'],
  ],
  ECOMMERCE: [
    ['Order Support Bot', 'CUSTOMER_COMMUNICATIONS'],
    ['Inventory Sync', 'INVENTORY_MANAGEMENT'],
    ['Review Responder', 'CUSTOMER_COMMUNICATIONS'],
  ],
  PROFESSIONAL_SERVICES: [
    ['Intake Bot', 'LEAD_CAPTURE_QUALIFICATION'],
    ['Calendar AI', 'SCHEDULING_DISPATCH'],
    ['Invoice Automation', 'INVOICE_PROCESSING'],
  ],
  REAL_ESTATE: [
    ['Lead Qualifier', 'LEAD_CAPTURE_QUALIFICATION'],
    ['Showing Scheduler', 'SCHEDULING_DISPATCH'],
    ['Nurture Bot', 'CUSTOMER_COMMUNICATIONS'],
  ],
  OTHER: [
    ['Operations Assistant', 'CUSTOM'],
    ['Weekly KPI Digest', 'REPORTING_ANALYTICS'],
    ['Intake Bot', 'LEAD_CAPTURE_QUALIFICATION'],
  ],
}

/** What an Architect engagement adds after the industry's top three systems. */
const architectExtraSystems: readonly [string, SystemCategory][] = [
  ['Web Lead Qualifier', 'LEAD_CAPTURE_QUALIFICATION'],
  ['Quality Checklist AI', 'QUALITY_CONTROL'],
  ['Owner Dashboard', 'REPORTING_ANALYTICS'],
]

const industryPainPoints: Record<Industry, readonly string[]> = {
  HVAC: ['Scheduling chaos', 'Quote delays', 'Follow-up drops'],
  PLUMBING: ['Scheduling chaos', 'Quote delays', 'Follow-up drops'],
  PROPERTY_MANAGEMENT: ['Tenant communications', 'Maintenance tracking', 'Rent collection'],
  CONSTRUCTION: ['Bid management', 'Subcontractor communications', 'Timeline tracking'],
  RETAIL: ['Stock-outs', 'Customer questions after hours', 'Manual sales reports'],
  ECOMMERCE: ['Order status emails', 'Inventory sync between channels', 'Review responses'],
  PROFESSIONAL_SERVICES: ['Client intake', 'Scheduling', 'Billing'],
  REAL_ESTATE: ['Lead qualification', 'Showing scheduling', 'Follow-ups'],
  OTHER: ['Manual data entry', 'Missed follow-ups'],
}

const industryHourlyRate: Record<Industry, number> = {
  HVAC: 65,
  PLUMBING: 70,
  PROPERTY_MANAGEMENT: 45,
  CONSTRUCTION: 75,
  RETAIL: 35,
  ECOMMERCE: 40,
  PROFESSIONAL_SERVICES: 120,
  REAL_ESTATE: 85,
  OTHER: 50,
}

const employeeMidpoint: Record<EmployeeCount, number> = {
  RANGE_1_5: 3,
  RANGE_5_10: 8,
  RANGE_10_25: 18,
  RANGE_25_50: 36,
  RANGE_50_PLUS: 70,
}

const englishFirstNames = [
  'Emily',
  'James',
  'Olivia',
  'Michael',
  'Sarah',
  'David',
  'Ashley',
  'Ryan',
  'Megan',
  'Kevin',
  'Rachel',
  'Brian',
  'Laura',
  'Tyler',
  'Nicole',
  'Chris',
]
const englishLastNames = [
  'Carter',
  'Nguyen',
  'Patel',
  'Brooks',
  'Sullivan',
  'Kim',
  'Walsh',
  'Foster',
  'Hughes',
  'Reed',
  'Bennett',
  'Coleman',
  'Price',
  'Hayes',
  'Murphy',
  'Grant',
]
const spanishFirstNames = [
  'Alejandro',
  'Sofía',
  'Carlos',
  'Valentina',
  'José',
  'Camila',
  'Miguel',
  'Isabella',
  'Javier',
  'Gabriela',
  'Luis',
  'Mariana',
  'Andrés',
  'Daniela',
]
const spanishLastNames = [
  'García',
  'Martínez',
  'Rodríguez',
  'López',
  'Hernández',
  'González',
  'Pérez',
  'Sánchez',
  'Ramírez',
  'Torres',
  'Flores',
  'Rivera',
  'Morales',
  'Castillo',
]

const prospectNameParts = {
  HVAC: ['Air', 'Climate Control', 'Heating & Cooling'],
  PLUMBING: ['Plumbing', 'Drain & Sewer', 'Pipe Pros'],
  PROPERTY_MANAGEMENT: ['Property Management', 'Rentals', 'Residential'],
  CONSTRUCTION: ['Builders', 'Contracting', 'Construction'],
  RETAIL: ['Outfitters', 'Market', 'Supply'],
  ECOMMERCE: ['Shop', 'Goods Online', 'Direct'],
  PROFESSIONAL_SERVICES: ['Advisors', 'Consulting', 'CPA Group'],
  REAL_ESTATE: ['Realty', 'Homes', 'Properties'],
  OTHER: ['Studio', 'Clinic', 'Services'],
} as const satisfies Record<Industry, readonly string[]>
const prospectNamePrefixes = [
  'Evergreen',
  'Redwood',
  'Lakeside',
  'Copper',
  'Granite',
  'Bayside',
  'Prairie',
  'Lone Star',
  'Sierra',
  'Harbor',
  'Cedar',
  'Golden State',
  'Sol',
  'Brisa',
  'Altamira',
]
const prospectTimezones = [
  'America/New_York',
  'America/Chicago',
  'America/Denver',
  'America/Phoenix',
  'America/Los_Angeles',
  'America/Mexico_City',
  'America/Puerto_Rico',
]

const campaignsBySource: Record<
  LeadSource,
  {
    utmSource?: string
    utmMedium?: string
    utmCampaign?: string
    landingPage: string
    referrer?: string
    detail: string
  }
> = {
  VOICE_AGENT: {
    utmSource: 'website',
    utmMedium: 'voice-agent',
    utmCampaign: 'always-on',
    landingPage: '/',
    detail: 'Voice Agent',
  },
  ROI_CALCULATOR: {
    utmSource: 'website',
    utmMedium: 'calculator',
    utmCampaign: 'roi-2025',
    landingPage: '/roi-calculator',
    detail: 'ROI Calc',
  },
  CALENDAR_BOOKING: {
    utmSource: 'website',
    utmMedium: 'cta',
    utmCampaign: 'book-a-call',
    landingPage: '/book',
    detail: 'Calendar Booking',
  },
  ORGANIC_SEARCH: {
    utmSource: 'google',
    utmMedium: 'organic',
    landingPage: '/industries',
    referrer: 'https://www.google.com/',
    detail: 'Organic Search',
  },
  PAID_ADS: {
    utmSource: 'google',
    utmMedium: 'cpc',
    utmCampaign: 'ai-for-trades-q4',
    landingPage: '/lp/ai-for-trades',
    referrer: 'https://www.google.com/',
    detail: 'Google Ads',
  },
  REFERRAL: {
    utmSource: 'partner',
    utmMedium: 'referral',
    utmCampaign: 'partner-referrals',
    landingPage: '/referral',
    detail: 'Partner Referral',
  },
  LINKEDIN_OUTREACH: {
    utmSource: 'linkedin',
    utmMedium: 'social',
    utmCampaign: 'founder-outreach',
    landingPage: '/about',
    referrer: 'https://www.linkedin.com/',
    detail: 'LinkedIn Outreach',
  },
  INDUSTRY_EVENT: {
    utmSource: 'event',
    utmMedium: 'offline',
    utmCampaign: 'ahr-expo',
    landingPage: '/events',
    detail: 'Industry Event',
  },
  WEBSITE: { utmSource: 'website', utmMedium: 'form', landingPage: '/contact', detail: 'Contact Form' },
}

// ---------------------------------------------------------------------------------------------------------
// Generation
// ---------------------------------------------------------------------------------------------------------

const msOrNull = (date: Date | string | null | undefined) => (date ? new Date(date).getTime() : null)

/**
 * The status history a partnership's run would have recorded by now (decisions 0055 and 0076): started, active once
 * its kickoff was held (the day after the start), completing two weeks before its final milestone when that came first,
 * then paused, graduated or churned by its owner. A running partnership's workflow goes on from it.
 */
function seededStatusHistory(input: {
  partnershipId: string
  start: Date
  status: PartnershipStatus
  plan: MilestonePlan
  ownerId: string
  /** The owner's pause or end, and why; null while it runs. */
  stop: { at: Date; reason: string } | null
}): Prisma.PartnershipStatusChangeCreateManyInput[] {
  const { partnershipId, start, status, stop } = input
  const day = 24 * 60 * 60 * 1000
  const moves: { to: PartnershipStatus; atMs: number; byId: string | null; reason: string }[] = [
    { to: 'ONBOARDING', atMs: start.getTime(), byId: null, reason: partnershipStatusReasons.ONBOARDING },
  ]
  if (status !== 'ONBOARDING') {
    moves.push({ to: 'ACTIVE', atMs: start.getTime() + day, byId: null, reason: partnershipStatusReasons.ACTIVE })
  }
  const completingAtMs = finalMilestone(input.plan).dueAtMs - completingWithinMs
  if (status === 'COMPLETING' || (stop && completingAtMs < stop.at.getTime())) {
    moves.push({ to: 'COMPLETING', atMs: completingAtMs, byId: null, reason: partnershipStatusReasons.COMPLETING })
  }
  if (stop) moves.push({ to: status, atMs: stop.at.getTime(), byId: input.ownerId, reason: stop.reason })
  return moves.map((move, index) => ({
    id: `${partnershipId}-status-${index + 1}`,
    partnershipId,
    fromStatus: index === 0 ? null : moves[index - 1]!.to,
    toStatus: move.to,
    at: new Date(move.atMs),
    byId: move.byId,
    reason: move.reason,
    idempotencyKey: `partnership-${partnershipId}/status/${index + 1}`,
  }))
}

/** A seeded deal's stages as its run would have recorded them: where each was entered, oldest first. */
interface SeededStagePath {
  stages: { stage: PipelineStage; enteredAtMs: number }[]
  /** When the deal was created: the first stage's entry. */
  createdAtMs: number
  /** When it left `stage` for the next one. */
  leftAtMs(stage: OpenStage): number
}

/**
 * The path a seeded deal took (decision 0079): created in New Lead, then each open stage up to the one it stands in
 * (or was lost from; a won deal passed Negotiation), then its close. Each stage it has left took a share (`share()`,
 * 0–1) of the days §4.3 allows it, so the deal was created that long before it reached its last open stage; squeezed
 * when that would be before `notBeforeMs`.
 */
function seededStagePath(input: {
  reached: OpenStage
  /** An open deal: when it entered `reached`. */
  enteredLastAtMs?: number
  /** A closed deal: its close. */
  close?: { stage: ClosedStage; atMs: number }
  notBeforeMs: number
  share: () => number
}): SeededStagePath {
  const { reached, close, notBeforeMs } = input
  const allowance = (stage: OpenStage) => input.share() * stagePolicies[stage].maxDaysInStage! * day
  const passed = openStages.slice(0, openStages.indexOf(reached) + 1)
  const lastEnteredAtMs = Math.max(notBeforeMs, close ? close.atMs - allowance(reached) : input.enteredLastAtMs!)
  const earlier = passed.slice(0, -1).map(allowance)
  const total = earlier.reduce((sum, ms) => sum + ms, 0)
  const room = lastEnteredAtMs - notBeforeMs
  const scale = total > room ? room / total : 1
  const stages: SeededStagePath['stages'] = []
  let atMs = lastEnteredAtMs - total * scale
  passed.forEach((stage, index) => {
    stages.push({ stage, enteredAtMs: Math.round(atMs) })
    atMs += (earlier[index] ?? 0) * scale
  })
  if (close) stages.push({ stage: close.stage, enteredAtMs: close.atMs })
  return {
    stages,
    createdAtMs: stages[0]!.enteredAtMs,
    leftAtMs: (stage) => stages[stages.findIndex((entry) => entry.stage === stage) + 1]!.enteredAtMs,
  }
}

/** The transitions of a seeded path: the system creates the deal, its owner moves and closes it (decision 0079). */
function seededStageTransitions(input: {
  opportunityId: string
  path: SeededStagePath
  ownerId: string
  closeReason: string | null
}): Prisma.DealStageTransitionCreateManyInput[] {
  const { opportunityId, path } = input
  return path.stages.map((entry, index) => {
    const next = path.stages[index + 1]
    const closing = entry.stage === 'CLOSED_WON' || entry.stage === 'CLOSED_LOST'
    return {
      id: `${opportunityId}-stage-${index + 1}`,
      opportunityId,
      fromStage: index === 0 ? null : path.stages[index - 1]!.stage,
      toStage: entry.stage,
      enteredAt: new Date(entry.enteredAtMs),
      exitedAt: next ? new Date(next.enteredAtMs) : null,
      changedById: index === 0 ? null : input.ownerId,
      reason: index === 0 ? 'Deal created' : closing ? input.closeReason : null,
      // The run's own numbering: its next move is the one after these.
      idempotencyKey: `deal-${opportunityId}/transition/${index + 1}`,
    }
  })
}

/**
 * The health scores a running partnership's run would have recorded by now (decision 0080): a week after its start,
 * each week after, and now, when the score changed, each from what was true then (a system deployed by then counts as
 * used). The last one is where it stands now, so its run goes on in the same band and raises no alert about the past.
 */
function seededHealthHistory(input: {
  partnershipId: string
  startMs: number
  nowMs: number
  evidence: Omit<PartnershipEvidence, 'meetings'>
  meetings: readonly Prisma.PartnershipMeetingCreateManyInput[]
}): Prisma.PartnershipHealthSnapshotCreateManyInput[] {
  const { partnershipId, evidence } = input
  const week = 7 * day
  const instants: number[] = []
  for (let atMs = input.startMs + week; atMs < input.nowMs; atMs += week) instants.push(atMs)
  instants.push(input.nowMs)
  const snapshots: Prisma.PartnershipHealthSnapshotCreateManyInput[] = []
  let last: string | null = null
  for (const atMs of instants) {
    const systems = new Map(
      [...evidence.systems].map(([id, system]) => [
        id,
        { ...system, lastUsedAtMs: system.lastUsedAtMs === null ? null : Math.min(system.lastUsedAtMs, atMs) },
      ]),
    )
    const meetings = meetingsRecordedBy(input.meetings, atMs)
    const score = healthScoreOf(healthFactsOf({ ...evidence, systems, meetings }, atMs))
    const recorded = JSON.stringify(score)
    if (recorded === last) continue
    last = recorded
    const n = snapshots.length + 1
    snapshots.push({
      id: `${partnershipId}-health-${n}`,
      partnershipId,
      overall: score.overall,
      components: { ...score.components },
      band: healthBandOf(score.overall),
      at: new Date(atMs),
      idempotencyKey: `partnership-${partnershipId}/health/${n}`,
    })
  }
  return snapshots
}

/** The last health score an ended partnership's run would have left: computed from its rows at the end (0055). */
function endedPartnershipHealth(input: { partnershipId: string; endedAt: Date; evidence: PartnershipEvidence }) {
  const { partnershipId, endedAt } = input
  const score = healthScoreOf(healthFactsOf(input.evidence, endedAt.getTime()))
  const band = healthBandOf(score.overall)
  const snapshot = {
    id: `${partnershipId}-health-1`,
    partnershipId,
    overall: score.overall,
    components: { ...score.components },
    band,
    at: endedAt,
    idempotencyKey: `partnership-${partnershipId}/health/1`,
  } satisfies Prisma.PartnershipHealthSnapshotCreateManyInput
  return { snapshot, atRisk: band === 'at-risk' }
}

export interface SeedData {
  users: Prisma.UserCreateManyInput[]
  companies: Prisma.CompanyCreateManyInput[]
  contacts: Prisma.ContactCreateManyInput[]
  communicationPreferences: Prisma.CommunicationPreferenceCreateManyInput[]
  opportunities: Prisma.OpportunityCreateManyInput[]
  proposedSystems: Prisma.ProposedSystemCreateManyInput[]
  leads: Prisma.LeadCreateManyInput[]
  partnerships: Prisma.PartnershipCreateManyInput[]
  partnershipMilestones: Prisma.PartnershipMilestoneCreateManyInput[]
  partnershipMeetings: Prisma.PartnershipMeetingCreateManyInput[]
  partnershipStatusChanges: Prisma.PartnershipStatusChangeCreateManyInput[]
  dealStageTransitions: Prisma.DealStageTransitionCreateManyInput[]
  partnershipHealthSnapshots: Prisma.PartnershipHealthSnapshotCreateManyInput[]
  deliveredSystems: Prisma.DeliveredSystemCreateManyInput[]
  payments: Prisma.PaymentCreateManyInput[]
  voiceSessions: Prisma.VoiceSessionCreateManyInput[]
  roiCalculations: Prisma.ROICalculationCreateManyInput[]
  calendarBookings: Prisma.CalendarBookingCreateManyInput[]
  activities: Prisma.ActivityCreateManyInput[]
  outboxMessages: Prisma.OutboxMessageCreateManyInput[]
  marketingSpends: Prisma.MarketingSpendCreateManyInput[]
  scheduledReportRecipients: Prisma.ScheduledReportRecipientCreateManyInput[]
}

export const leadCount = 120

interface Person {
  firstName: string
  lastName: string
  language: Language
}

function person(random: Random, language: Language): Person {
  const spanish = language === 'ES'
  return {
    firstName: random.pick(spanish ? spanishFirstNames : englishFirstNames),
    lastName: random.pick(spanish ? spanishLastNames : englishLastNames),
    language,
  }
}

const emailLocal = (p: Person) =>
  `${p.firstName}.${p.lastName}`
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()

function phoneNumber(random: Random, country: string) {
  if (country === 'MX') return `+52 81 ${random.int(1000, 9999)} ${random.int(1000, 9999)}`
  return `+1 ${random.int(201, 989)}-555-${pad(random.int(100, 199), 4)}`
}

function transcript(language: Language, industry: Industry, questions: number, start: Date) {
  const english = [
    [
      'How can AI help a company like mine?',
      `For ${industry === 'HVAC' ? 'HVAC' : industryLabels[industry].toLowerCase()} businesses, we usually start with the work that eats the most admin hours.`,
    ],
    ['What does it cost?', 'Discovery starts with a $4,000 setup fee; Foundation is $9,500 and Architect $30,000.'],
    ['How long until something is live?', 'Most partners have their first system live around week 4.'],
    ['Do we need developers on staff?', 'No. We build with your team and train them to run the systems on their own.'],
    [
      'Can it answer customers after hours?',
      'Yes, a customer communications system can answer and book around the clock.',
    ],
    [
      'Will it work with our current software?',
      'We connect to the tools you already use, such as your scheduling and invoicing apps.',
    ],
    [
      'What happens after the engagement ends?',
      'You keep the systems and the documentation; the goal is independence.',
    ],
    ['Can I see the ROI for my numbers?', 'Sure, the ROI calculator on this page shows hours saved per tier.'],
  ]
  const spanish = [
    [
      '¿Cómo puede ayudar la IA a una empresa como la mía?',
      'Normalmente empezamos por las tareas administrativas que más horas consumen.',
    ],
    ['¿Cuánto cuesta?', 'Discovery tiene una cuota inicial de $4,000; Foundation $9,500 y Architect $30,000.'],
    ['¿Cuánto tarda en estar funcionando?', 'La mayoría tiene su primer sistema funcionando alrededor de la semana 4.'],
    ['¿Necesitamos programadores?', 'No. Construimos con su equipo y lo capacitamos para manejar los sistemas.'],
    ['¿Puede responder a clientes fuera del horario?', 'Sí, puede responder y agendar citas a cualquier hora.'],
    ['¿Funciona con nuestro software actual?', 'Nos conectamos con las herramientas que ya usan.'],
    [
      '¿Qué pasa cuando termina el programa?',
      'Los sistemas y la documentación son suyos; la meta es la independencia.',
    ],
    ['¿Puedo ver el retorno con mis números?', 'Claro, la calculadora de ROI en esta página lo muestra por nivel.'],
  ]
  const script = language === 'ES' ? spanish : english
  return Array.from({ length: questions }, (_, index) => script[index % script.length]!).flatMap(
    ([question, answer], index) => [
      {
        role: 'user',
        content: question,
        timestamp: new Date(start.getTime() + index * 60_000).toISOString(),
        transcriptionConfidence: 0.93,
      },
      {
        role: 'assistant',
        content: answer,
        timestamp: new Date(start.getTime() + index * 60_000 + 8_000).toISOString(),
      },
    ],
  )
}

/**
 * Builds the whole demo data set; `now` anchors every date so the demo always looks recent. The emails its history
 * sent name the sender and links of `emailSettings`, as the running system's would.
 */
export function generateSeedData(
  now: Date = new Date(),
  emailSettings: SeedEmailSettings = developmentEmailSettings,
  seed = 2002,
): SeedData {
  const random = createRandom(seed)
  const ago = (days: number, hours = 0) => new Date(now.getTime() - days * day - hours * 3_600_000)
  const after = (date: Date, days: number) => new Date(date.getTime() + days * day)
  // What happened by now happened at the latest now: a seed run on any day records nothing in the future.
  const notAfterNow = (date: Date) => new Date(Math.min(date.getTime(), now.getTime()))

  const data: SeedData = {
    users: [],
    companies: [],
    contacts: [],
    communicationPreferences: [],
    opportunities: [],
    proposedSystems: [],
    leads: [],
    partnerships: [],
    partnershipMilestones: [],
    partnershipMeetings: [],
    partnershipStatusChanges: [],
    dealStageTransitions: [],
    partnershipHealthSnapshots: [],
    deliveredSystems: [],
    payments: [],
    voiceSessions: [],
    roiCalculations: [],
    calendarBookings: [],
    activities: [],
    outboxMessages: [],
    marketingSpends: [],
    scheduledReportRecipients: [],
  }
  const usedEmails = new Set<string>()
  const uniqueEmail = (local: string, domain: string) => {
    let email = `${local}@${domain}`
    for (let n = 2; usedEmails.has(email); n++) email = `${local}${n}@${domain}`
    usedEmails.add(email)
    return email
  }
  const activity = (row: Omit<Prisma.ActivityCreateManyInput, 'id'>) => {
    data.activities.push({ id: `seed-activity-${pad(data.activities.length + 1, 4)}`, ...row })
  }
  /** A sent email: its outbox row, and its timeline entry under the id `timelineId` gives it. */
  const sent = ({ outbox, timeline }: SeededEmail, timelineId?: string) => {
    data.outboxMessages.push(outbox)
    if (timelineId) data.activities.push({ id: timelineId, ...timeline })
    else activity(timeline)
    return outbox
  }

  users.forEach((user, index) => {
    data.users.push({
      id: `seed-user-${pad(index + 1, 2)}`,
      name: user.name,
      email: uniqueEmail(
        emailLocal({ firstName: user.name.split(' ')[0]!, lastName: user.name.split(' ')[1]!, language: 'EN' }),
        'kre8tion.example',
      ),
      role: user.role,
      createdAt: ago(200),
    })
  })

  // Companies, their people, and one opportunity each.
  const companyContacts: string[][] = []
  let wonIndex = 0
  companyProfiles.forEach((profile, index) => {
    const companyId = `seed-company-${pad(index + 1)}`
    const domain = `${slug(profile.name)}.example`
    const plan = opportunityPlan[index]!
    // A won deal closed a week at most before its partnership began, after at most §4.3's days in its stages: the
    // company's first touch came before all of it.
    const firstTouch = ago(
      Math.max(
        random.int(60, 180),
        plan.stage === 'CLOSED_WON' ? partnershipPlan[wonIndex]!.startedDaysAgo + 7 + daysAllowedInOpenStages + 10 : 0,
      ),
    )
    const maturity = random.int(1, 6)
    data.companies.push({
      id: companyId,
      name: profile.name,
      website: `https://www.${domain}`,
      industry: profile.industry,
      employeeCount: profile.size,
      annualRevenue: employeeMidpoint[profile.size] * random.int(90, 160) * 1_000,
      businessModel: businessModelOfIndustry[profile.industry],
      aiMaturityScore: maturity,
      currentAITools: maturity > 3 ? ['ChatGPT', 'Google Workspace'] : maturity > 1 ? ['ChatGPT'] : [],
      aiPainPoints: [...industryPainPoints[profile.industry]],
      street: `${random.int(100, 9800)} ${random.pick(['Main St', 'Commerce Dr', 'Industrial Blvd', 'Oak Ave', 'Calle Hidalgo'])}`,
      city: profile.city,
      state: profile.state,
      zipCode: pad(random.int(10000, 99950), 5),
      country: profile.country,
      timezone: profile.timezone,
      preferredLanguage: profile.language,
      source: Object.values(LeadSource)[index % Object.values(LeadSource).length]!,
      tags: [profile.industry.toLowerCase(), profile.language === 'ES' ? 'spanish' : 'english'],
      firstTouchDate: firstTouch,
      lastActivityDate: firstTouch,
      totalInteractions: 0,
      createdAt: firstTouch,
    })

    const ids: string[] = []
    const roles: ContactRole[] = [
      random.pick(['OWNER', 'CEO'] as const),
      random.pick(['COO', 'OPERATIONS_MANAGER', 'OFFICE_MANAGER', 'IT_MANAGER', 'OTHER'] as const),
    ]
    roles.forEach((role, n) => {
      const language: Language = profile.language === 'ES' || (n === 1 && random.chance(0.2)) ? 'ES' : 'EN'
      const p = person(random, language)
      const contactId = `seed-contact-${pad(index + 1)}-${n + 1}`
      ids.push(contactId)
      const preferred = random.pick(['EMAIL', 'EMAIL', 'PHONE', 'VOICE_AGENT'] as const)
      data.contacts.push({
        id: contactId,
        companyId,
        firstName: p.firstName,
        lastName: p.lastName,
        email: uniqueEmail(emailLocal(p), domain),
        phone: phoneNumber(random, profile.country),
        title: {
          OWNER: 'Owner',
          CEO: 'Chief Executive Officer',
          COO: 'Chief Operating Officer',
          OPERATIONS_MANAGER: 'Operations Manager',
          OFFICE_MANAGER: 'Office Manager',
          IT_MANAGER: 'IT Manager',
          OTHER: 'Dispatcher',
        }[role],
        role,
        decisionMaker: n === 0,
        preferredContactMethod: preferred,
        preferredLanguage: language,
        timezone: profile.timezone,
        engagementScore: random.int(10, 95),
        lastEngagement: ago(random.int(0, 30)),
        createdAt: firstTouch,
      })
      const channels =
        language === 'ES' ? ['whatsapp', 'sms', 'email'] : preferred === 'PHONE' ? ['phone', 'email'] : ['email', 'sms']
      const consent = random.chance(0.7)
      data.communicationPreferences.push({
        id: `seed-preference-${pad(index + 1)}-${n + 1}`,
        contactId,
        channelPriorities: channels.map((channel, priority) => ({ channel, priority: priority + 1 })),
        whatsappNumber: language === 'ES' ? phoneNumber(random, profile.country) : null,
        timezone: profile.timezone,
        contactHoursStart: '09:00',
        contactHoursEnd: random.pick(['17:00', '18:00', '19:00']),
        weekendContact: random.chance(0.2),
        maxMessagesPerWeek: random.pick([2, 3, 4]),
        marketingConsent: consent,
        marketingConsentAt: consent ? firstTouch : null,
        marketingConsentSource: consent ? 'website-form' : null,
        createdAt: firstTouch,
      })
    })
    companyContacts.push(ids)

    const terms = tierTerms[plan.tier]
    const opportunityId = `seed-opportunity-${pad(index + 1)}`
    const creatable = after(firstTouch, random.int(1, 10))
    const closed =
      plan.stage === 'CLOSED_WON'
        ? ago(partnershipPlan[wonIndex]!.startedDaysAgo + random.int(2, 7))
        : plan.stage === 'CLOSED_LOST'
          ? ago(random.int(5, 40))
          : null
    const enteredLastAt = closed ? null : ago(random.int(0, 10))
    const pathRandom = createRandom(seed * 1_000 + index)
    const path = seededStagePath({
      reached: plan.lostFrom ?? (plan.stage === 'CLOSED_WON' ? 'NEGOTIATION' : (plan.stage as OpenStage)),
      ...(closed
        ? { close: { stage: plan.stage as ClosedStage, atMs: closed.getTime() } }
        : { enteredLastAtMs: enteredLastAt!.getTime() }),
      notBeforeMs: creatable.getTime(),
      share: () => 0.4 + 0.5 * pathRandom.next(),
    })
    const created = new Date(path.createdAtMs)
    const stageEntered = new Date(path.stages.at(-1)!.enteredAtMs)
    const months = tierEstimatedMonths(plan.tier)
    const hourlyRate = industryHourlyRate[profile.industry]
    const hoursSaved = round2((terms.hoursSaved[0] + terms.hoursSaved[1]) / 2 + random.int(-1, 2))
    const weeklyValue = round2(hoursSaved * hourlyRate)
    const systems = [...industrySystems[profile.industry], ...architectExtraSystems].slice(0, terms.systems)
    data.opportunities.push({
      id: opportunityId,
      companyId,
      primaryContactId: ids[0]!,
      name: `${profile.name} — ${plan.tier[0]}${plan.tier.slice(1).toLowerCase()} partnership`,
      tier: plan.tier,
      stage: plan.stage,
      stageEnteredAt: stageEntered,
      ...tierContract(plan.tier),
      projectedHoursSaved: hoursSaved,
      projectedWeeklyValue: weeklyValue,
      projectedROI: round2(
        ((weeklyValue * 52 - (terms.setupFee + terms.monthlyFee * 12)) / (terms.setupFee + terms.monthlyFee * 12)) *
          100,
      ),
      paybackWeeks: round2(terms.setupFee / weeklyValue),
      expectedCloseDate: closed ?? after(now, random.int(7, 45)),
      actualCloseDate: closed,
      implementationStart: plan.stage === 'CLOSED_WON' ? ago(partnershipPlan[wonIndex]!.startedDaysAgo) : null,
      systemCount: terms.systems,
      probability: stagePolicies[plan.stage].probability,
      lostFromStage: plan.lostFrom ?? null,
      lostReason: plan.stage === 'CLOSED_LOST' ? random.pick(lostReasons) : null,
      competitorInfo:
        plan.stage === 'CLOSED_LOST' && random.chance(0.5) ? 'Summit IT Partners, a local IT consultancy' : null,
      ownerId: random.pick(salesUserIds),
      nextStep: plan.stage.startsWith('CLOSED')
        ? null
        : {
            NEW_LEAD: 'Assign owner and review lead data',
            CONTACTED: 'Schedule the discovery call',
            DISCOVERY_CALL: 'Identify the tier',
            PROPOSAL_SENT: 'Proposal walkthrough call',
            NEGOTIATION: 'Prepare the contract',
          }[plan.stage as Exclude<PipelineStage, 'CLOSED_WON' | 'CLOSED_LOST'>],
      createdAt: created,
    })
    const deal = data.opportunities.at(-1)!
    // A lost deal passed the stages before the one it was lost from.
    deal.checklist = checklistPassedBefore(plan.lostFrom ?? plan.stage, {
      createdAt: created.toISOString(),
      leftAt: (passed) => new Date(path.leftAtMs(passed)).toISOString(),
      ownerId: deal.ownerId!,
    })
    data.dealStageTransitions.push(
      ...seededStageTransitions({
        opportunityId,
        path,
        ownerId: deal.ownerId!,
        closeReason: plan.stage === 'CLOSED_WON' ? 'Contract signed' : (deal.lostReason ?? null),
      }),
    )
    systems.forEach(([name, category], n) => {
      data.proposedSystems.push({
        id: `seed-proposed-system-${pad(index + 1)}-${n + 1}`,
        opportunityId,
        name,
        category,
        complexity: random.pick(Object.values(SystemComplexity)),
        estimatedHours: round2(hoursSaved / systems.length),
        description: `${name} for ${profile.name}: ${industryPainPoints[profile.industry][n % industryPainPoints[profile.industry].length]!.toLowerCase()}.`,
        createdAt: created,
      })
    })
    // The discovery call was held halfway through the deal's Discovery Call stage, once the deal left it (or was lost
    // there); a call not held yet is ahead of today, never planned in the past.
    const discoveryEntry = path.stages.find((entry) => entry.stage === 'DISCOVERY_CALL')
    const discoveryHeldAt =
      discoveryEntry && (closed || plan.stage !== 'DISCOVERY_CALL')
        ? new Date((discoveryEntry.enteredAtMs + path.leftAtMs('DISCOVERY_CALL')) / 2)
        : null
    activity({
      companyId,
      contactId: ids[0],
      opportunityId,
      type: 'MEETING',
      channel: 'PHONE',
      direction: 'OUTBOUND',
      subject: 'Discovery call',
      outcome: discoveryHeldAt && plan.lostFrom !== 'DISCOVERY_CALL' ? 'Tier identified' : null,
      scheduledAt: discoveryHeldAt ?? after(now, 3),
      completedAt: discoveryHeldAt,
      userId: deal.ownerId,
      // Planned when the deal entered Discovery Call; one ahead was planned by the day before at the latest.
      createdAt: discoveryHeldAt ? new Date(discoveryEntry!.enteredAtMs) : new Date(Math.min(+stageEntered, +ago(1))),
    })
    if (!plan.stage.startsWith('CLOSED')) {
      activity({
        companyId,
        contactId: ids[0],
        opportunityId,
        type: 'TASK',
        subject: `Follow up: ${deal.nextStep}`,
        scheduledAt: after(now, random.int(1, 7)),
        userId: deal.ownerId,
        createdAt: ago(1),
      })
    } else {
      activity({
        companyId,
        opportunityId,
        type: 'NOTE',
        subject: plan.stage === 'CLOSED_WON' ? 'Contract signed' : 'Deal lost',
        description: deal.lostReason ?? 'Setup invoice sent',
        createdAt: closed!,
      })
    }

    if (plan.stage === 'CLOSED_WON') {
      const partnership = partnershipPlan[wonIndex++]!
      const partnershipId = `seed-partnership-${pad(wonIndex, 2)}`
      const start = ago(partnership.startedDaysAgo)
      const milestonePlan = initialPlan(plan.tier, start.getTime())
      const endedAt =
        partnership.status === 'GRADUATED'
          ? new Date(finalMilestone(milestonePlan).dueAtMs)
          : partnership.churnedDaysAgo !== undefined
            ? ago(partnership.churnedDaysAgo)
            : null
      const pausedAt = partnership.pausedDaysAgo === undefined ? null : ago(partnership.pausedDaysAgo)
      const ownerId = random.pick(successUserIds)
      const payments: Prisma.PaymentCreateManyInput[] = []
      const setupPaid = partnership.status !== 'ONBOARDING'
      payments.push({
        id: `${partnershipId}-payment-setup`,
        partnershipId,
        type: 'SETUP',
        amount: terms.setupFee,
        dueDate: start,
        paidDate: setupPaid ? after(start, 1) : null,
        status: setupPaid ? 'PAID' : 'PENDING',
        stripeInvoiceId: `in_seed_${wonIndex}_setup`,
        createdAt: start,
      })
      const monthsElapsed = Math.min(Math.floor(partnership.startedDaysAgo / 30), months + 1)
      for (let m = 1; m <= monthsElapsed + 1; m++) {
        const due = after(start, m * 30)
        const upcoming = due > now
        let status: PaymentStatus = upcoming ? 'PENDING' : 'PAID'
        if (!upcoming && m === monthsElapsed && partnership.status === 'PAUSED') status = 'OVERDUE'
        if (!upcoming && m === monthsElapsed && partnership.status === 'CHURNED') status = 'FAILED'
        if (!upcoming && m === monthsElapsed - 1 && partnership.status === 'CHURNED') status = 'REFUNDED'
        if (upcoming && partnership.status === 'GRADUATED') break
        // Drawn before the end is applied, so every other seeded row keeps the values its tests were written on.
        const paidDate = status === 'PAID' || status === 'REFUNDED' ? notAfterNow(after(due, random.int(0, 3))) : null
        // The end cancelled the months due after it (decision 0042).
        if (endedAt && due > endedAt) status = 'CANCELLED'
        payments.push({
          id: `${partnershipId}-payment-${pad(m, 2)}`,
          partnershipId,
          type: 'MONTHLY',
          amount: terms.monthlyFee,
          dueDate: due,
          paidDate: status === 'CANCELLED' ? null : paidDate,
          status,
          stripeInvoiceId: status === 'CANCELLED' ? null : `in_seed_${wonIndex}_${pad(m, 2)}`,
          createdAt: after(due, -7),
        })
      }
      data.payments.push(...payments)
      const revenue = payments
        .filter((payment) => payment.status === 'PAID')
        .reduce((sum, payment) => sum + Number(payment.amount), 0)
      const deliveredStatus = (n: number): SystemStatus => {
        switch (partnership.phase) {
          case 'ONBOARDING':
          case 'DISCOVER':
            return 'PLANNING'
          case 'CO_CREATE':
            return n === 0 ? 'BUILDING' : 'PLANNING'
          case 'DEPLOY':
            return n === 0 ? 'DEPLOYED' : n === 1 ? 'TESTING' : 'BUILDING'
          case 'INDEPENDENT':
            return n === 0 ? 'OPTIMIZING' : 'DEPLOYED'
        }
      }
      systems.forEach(([name, category], n) => {
        const status = deliveredStatus(n)
        const live = status === 'DEPLOYED' || status === 'OPTIMIZING'
        data.deliveredSystems.push({
          id: `${partnershipId}-system-${n + 1}`,
          partnershipId,
          name,
          category,
          status,
          deploymentDate: live ? after(start, 28 * (n + 1)) : null,
          lastUsedAt: live ? ago(partnership.status === 'CHURNED' ? 25 : random.int(0, 2)) : null,
          hoursSavedPerWeek: live ? round2(hoursSaved / systems.length) : 0,
          clientIndependent: partnership.phase === 'INDEPENDENT',
          createdAt: start,
        })
      })
      // The §5.3 plan from the start date, as the partnership's workflow plans it: what fell due before seeding
      // (or before the churn) was reached on its date (the seeded risks are in meetings, health and payments).
      const reachedBy = (endedAt ?? now).getTime()
      for (const m of milestonePlan.milestones) {
        data.partnershipMilestones.push({
          id: `${partnershipId}-milestone-${m.key}`,
          partnershipId,
          key: m.key,
          label: m.label,
          week: m.week,
          plannedAt: new Date(m.plannedAtMs),
          dueAt: new Date(m.dueAtMs),
          completedAt:
            m.dueAtMs <= reachedBy && !(partnership.status === 'CHURNED' && m.key === finalMilestone(milestonePlan).key)
              ? new Date(m.dueAtMs)
              : null,
          dependsOn: m.dependsOn,
          systemsLive: m.systemsLive,
        })
      }
      const atRisk = partnership.status === 'PAUSED' || partnership.status === 'CHURNED'
      const liveHours = data.deliveredSystems
        .filter((system) => system.partnershipId === partnershipId)
        .reduce((sum, system) => sum + (system.hoursSavedPerWeek ?? 0), 0)
      data.partnerships.push({
        id: partnershipId,
        opportunityId,
        companyId,
        tier: plan.tier,
        startDate: start,
        targetEndDate: after(start, terms.weeks * 7),
        status: partnership.status,
        pausedAt,
        setupFeePaid: setupPaid,
        monthlyFee: terms.monthlyFee,
        totalRevenue: revenue,
        currentPhase: partnership.phase,
        weeklyMeetingDay: random.pick(['Monday', 'Tuesday', 'Wednesday', 'Thursday']),
        weeklyMeetingTime: random.pick(['09:30', '11:00', '14:00', '16:00']),
        knowledgeTransferScore: { ONBOARDING: 0, DISCOVER: 10, CO_CREATE: 35, DEPLOY: 65, INDEPENDENT: 92 }[
          partnership.phase
        ],
        trainingCompleted: ['Kickoff', 'Prompting basics', 'System walkthrough', 'Maintenance & monitoring'].slice(
          0,
          { ONBOARDING: 0, DISCOVER: 1, CO_CREATE: 2, DEPLOY: 3, INDEPENDENT: 4 }[partnership.phase],
        ),
        docsDelivered:
          partnership.phase === 'ONBOARDING'
            ? []
            : partnership.phase === 'DISCOVER'
              ? ['Automation roadmap']
              : ['Automation roadmap', ...systems.slice(0, 2).map(([name]) => `${name} runbook`)],
        healthScore: atRisk ? random.int(25, 45) : random.int(70, 95),
        satisfactionScore: atRisk ? random.int(3, 5) : random.int(8, 10),
        engagementLevel: atRisk
          ? 'LOW'
          : partnership.phase === 'DISCOVER' || partnership.phase === 'ONBOARDING'
            ? 'HIGH'
            : random.pick(['HIGH', 'MEDIUM'] as const),
        atRisk,
        riskReasons:
          partnership.status === 'PAUSED'
            ? ['Missed two weekly meetings', 'Monthly payment overdue']
            : partnership.status === 'CHURNED'
              ? ['Payment failed', 'Champion left the company']
              : [],
        actualHoursSaved: liveHours > 0 ? round2(liveHours) : null,
        actualROI:
          liveHours > 0 ? round2(((liveHours * hourlyRate * 52 - revenue) / Math.max(revenue, 1)) * 100) : null,
        testimonialProvided: partnership.status === 'GRADUATED',
        caseStudyCreated: partnership.status === 'GRADUATED',
        referralsMade: partnership.status === 'GRADUATED' ? 2 : partnership.phase === 'DEPLOY' ? 1 : 0,
        ownerId,
        nextStep: {
          ONBOARDING: 'Kickoff meeting and tool access',
          ACTIVE: 'Weekly build session',
          COMPLETING: 'Independence check',
          GRADUATED: null,
          PAUSED: 'Re-engagement call',
          CHURNED: null,
        }[partnership.status],
        createdAt: start,
      })
      const partnershipRow = data.partnerships.at(-1)!
      const meetings = seededWeeklyMeetings({
        partnershipId,
        schedule: {
          day: partnershipRow.weeklyMeetingDay!,
          time: partnershipRow.weeklyMeetingTime!,
          timeZone: recipientTimeZone({
            preference: data.communicationPreferences.find((row) => row.contactId === ids[0])?.timezone,
            person: data.contacts.find((row) => row.id === ids[0])?.timezone,
            company: data.companies.find((row) => row.id === companyId)?.timezone,
          }),
        },
        startMs: start.getTime(),
        untilMs: (pausedAt ?? endedAt ?? now).getTime(),
        engagement: partnershipRow.engagementLevel!,
        ownerId,
      })
      data.partnershipMeetings.push(...meetings)
      data.partnershipStatusChanges.push(
        ...seededStatusHistory({
          partnershipId,
          start,
          status: partnership.status,
          plan: milestonePlan,
          ownerId,
          stop: endedAt
            ? {
                at: endedAt,
                reason:
                  partnership.status === 'CHURNED'
                    ? 'Payment failed; the champion left the company'
                    : 'Final milestone reached',
              }
            : pausedAt
              ? { at: pausedAt, reason: 'Client asked for a break: two weekly meetings missed, a monthly fee unpaid' }
              : null,
        }),
      )
      const evidence: PartnershipEvidence = {
        milestones: data.partnershipMilestones
          .filter((m) => m.partnershipId === partnershipId)
          .map((m) => ({ dueAtMs: new Date(m.dueAt).getTime(), completedAtMs: msOrNull(m.completedAt) })),
        meetings: meetingsRecordedBy(meetings, (endedAt ?? now).getTime()),
        systems: new Map(
          data.deliveredSystems
            .filter((system) => system.partnershipId === partnershipId)
            .map((system) => [
              system.id!,
              { deployedAtMs: msOrNull(system.deploymentDate), lastUsedAtMs: msOrNull(system.lastUsedAt) },
            ]),
        ),
        satisfaction: partnershipRow.satisfactionScore ?? null,
        payments: payments
          .filter((payment) => payment.status !== 'CANCELLED')
          .map((payment) => ({ dueAtMs: new Date(payment.dueDate).getTime(), paidAtMs: msOrNull(payment.paidDate) })),
      }
      if (!endedAt) {
        const history = seededHealthHistory({
          partnershipId,
          startMs: start.getTime(),
          nowMs: now.getTime(),
          evidence,
          meetings,
        })
        data.partnershipHealthSnapshots.push(...history)
        partnershipRow.healthScore = history.at(-1)!.overall
      } else {
        // An ended partnership runs no workflow: the score its run would have left is written here.
        const ended = endedPartnershipHealth({ partnershipId, endedAt, evidence })
        Object.assign(partnershipRow, { healthScore: ended.snapshot.overall, atRisk: ended.atRisk })
        data.partnershipHealthSnapshots.push(ended.snapshot)
        // What was still owed at the end went to the owner as a call task (decision 0056).
        for (const payment of payments) {
          if (payment.status !== 'FAILED' && payment.status !== 'OVERDUE' && payment.status !== 'PENDING') continue
          const paymentKey = `row-${payment.id}`
          const words = dunningWords(
            'call-task',
            {
              key: paymentKey,
              type: payment.type,
              amount: Number(payment.amount),
              currency: 'usd',
              dueAtMs: new Date(payment.dueDate).getTime(),
            },
            profile.name,
          )
          activity({
            companyId,
            partnershipId,
            type: 'TASK',
            subject: words.subject,
            description: words.summary,
            externalId: dunningStepKey(partnershipId, paymentKey, 'call-task'),
            scheduledAt: new Date(endedAt.getTime() + 60 * 60 * 1000),
            userId: ownerId,
            createdAt: endedAt,
          })
        }
      }
      activity({
        companyId,
        contactId: ids[0],
        partnershipId,
        type: 'MEETING',
        channel: 'PHONE',
        direction: 'OUTBOUND',
        subject: 'Partnership kickoff',
        completedAt: after(start, 1),
        userId: ownerId,
        createdAt: start,
      })
      activity({
        companyId,
        partnershipId,
        type: 'SYSTEM_EVENT',
        subject: setupPaid ? 'Setup fee paid' : 'Setup invoice sent',
        createdAt: after(start, 1),
      })
      if (partnership.startedDaysAgo > 14) {
        activity({
          companyId,
          contactId: ids[1],
          partnershipId,
          type: 'MEETING',
          channel: 'PHONE',
          direction: 'OUTBOUND',
          subject: 'Weekly build session',
          completedAt: ago(random.int(1, 7)),
          userId: ownerId,
          createdAt: ago(8),
        })
      }
    }
  })

  // Leads: the first ones became the companies' opportunities; the rest are prospects at every stage.
  const sources = Object.values(LeadSource)
  const convertedCount = 24
  let voiceIndex = 0
  let roiIndex = 0
  let bookingIndex = 0
  const bookingStatuses = Object.values(BookingStatus)
  for (let index = 0; index < leadCount; index++) {
    const leadId = `seed-lead-${pad(index + 1)}`
    const converted = index < convertedCount
    const profile = converted ? companyProfiles[index]! : null
    const language: Language = profile ? profile.language : random.chance(0.3) ? 'ES' : 'EN'
    const p = person(random, language)
    const source: LeadSource = converted
      ? data.companies[index]!.source
      : random.pick([...sources, 'VOICE_AGENT', 'ROI_CALCULATOR', 'REFERRAL', 'ORGANIC_SEARCH'] as const)
    const industry: Industry | null = profile
      ? profile.industry
      : random.chance(0.1)
        ? null
        : random.chance(0.12)
          ? 'OTHER'
          : random.pick(targetIndustries)
    const employeeCount: EmployeeCount | null = profile
      ? profile.size
      : random.chance(0.15)
        ? null
        : random.pick(Object.values(EmployeeCount))
    const companyName = profile
      ? profile.name
      : `${random.pick(prospectNamePrefixes)} ${random.pick(prospectNameParts[industry ?? 'OTHER'])}`
    const timezone = profile ? profile.timezone : random.pick(prospectTimezones)
    // Most prospects are recent, so the demo's open leads have nurture steps and reminders still ahead of them.
    const created = converted
      ? new Date((data.companies[index]!.firstTouchDate as Date).getTime())
      : random.chance(0.6)
        ? ago(random.int(0, 6), random.int(0, 23))
        : ago(random.int(7, 120), random.int(0, 23))

    const voiceSessions = source === 'VOICE_AGENT' ? random.int(1, 3) : random.chance(0.3) ? random.int(1, 2) : 0
    const voiceQuestions = voiceSessions > 0 ? random.int(2, 9) : 0
    const roiCompleted = source === 'ROI_CALCULATOR' || random.chance(0.25)
    const calendarBooked = source === 'CALENDAR_BOOKING' || (converted && random.chance(0.5)) || random.chance(0.1)
    const emailReplies = random.chance(0.25) ? 1 : 0

    const campaign = campaignsBySource[source]
    const domain = profile ? `${slug(profile.name)}.example` : `${slug(companyName)}.example`
    const email = converted
      ? data.contacts.find((contact) => contact.id === companyContacts[index]![0])!.email
      : uniqueEmail(emailLocal(p), domain)
    const firstName = converted
      ? data.contacts.find((contact) => contact.id === companyContacts[index]![0])!.firstName
      : p.firstName
    const lastName = converted
      ? data.contacts.find((contact) => contact.id === companyContacts[index]![0])!.lastName
      : p.lastName
    const contactId = converted ? companyContacts[index]![0]! : null
    const recipient = { leadId, contactId, email, firstName, companyName, industry, preferredLanguage: language }
    const acknowledgement = sendsAcknowledgement(source)
      ? seededAcknowledgement(
          emailSettings,
          { ...recipient, source },
          notAfterNow(new Date(created.getTime() + 5 * 60_000)),
        )
      : null

    // Engagement records first, so the lead can point at the ones that brought it in.
    const sessionIds: string[] = []
    let voiceThankYou: Prisma.OutboxMessageCreateManyInput | null = null
    for (let s = 0; s < voiceSessions; s++) {
      const id = `seed-voice-${pad(++voiceIndex)}`
      sessionIds.push(id)
      // Every other day from capture; a lead captured lately had its later sessions between capture and now.
      const everyOtherDay = created.getTime() + s * 2 * day
      const start = new Date(
        everyOtherDay < now.getTime()
          ? everyOtherDay
          : created.getTime() + ((now.getTime() - created.getTime()) * s) / voiceSessions,
      )
      const questions = s === 0 ? voiceQuestions : random.int(1, 4)
      const intents: VoiceIntent[] = [
        'GENERAL_INFO',
        ...(questions > 1 ? (['PRICING_INQUIRY'] as const) : []),
        ...(questions > 2 ? (['INDUSTRY_USE_CASE', 'TIMELINE_QUESTION'] as const) : []),
        ...(questions > 5 ? (['READY_TO_PROCEED'] as const) : []),
      ]
      if (random.chance(0.25))
        intents.push(random.pick(['OBJECTION', 'COMPARISON_TO_COMPETITOR', 'CAPABILITY_QUESTION'] as const))
      const outcome: VoiceOutcome =
        calendarBooked && s === voiceSessions - 1
          ? 'CALENDAR_BOOKING'
          : roiCompleted && s === 0
            ? 'ROI_CALCULATOR'
            : random.pick(['CONTINUED_BROWSING', 'LEFT_SITE'] as const)
      const duration = questions * random.int(45, 90)
      const session = {
        id,
        leadId,
        contactId,
        externalSessionId: `seed-va-${pad(voiceIndex)}`,
        startTime: start,
        endTime: new Date(start.getTime() + duration * 1000),
        endedAt: new Date(start.getTime() + duration * 1000),
        duration,
        language,
        userAgent: random.chance(0.55)
          ? 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 Mobile/15E148'
          : 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 Chrome/124.0 Safari/537.36',
        device: random.chance(0.55) ? 'MOBILE' : 'DESKTOP',
        referrerPage: campaign.landingPage,
        messages: transcript(language, industry ?? 'OTHER', questions, start),
        totalQuestions: questions,
        actionsTaken: questions > 2 ? ['SCROLL_TO_PRICING', ...(roiCompleted ? ['SCROLL_TO_ROI'] : [])] : [],
        topics: ['pricing', ...(industry ? [industry.toLowerCase()] : []), ...(questions > 3 ? ['timeline'] : [])],
        sentiment: random.pick(Object.values(Sentiment)),
        intents,
        painPoints: industry ? [random.pick(industryPainPoints[industry])] : [],
        objections: intents.includes('OBJECTION')
          ? [random.pick(['Too expensive right now', 'Worried about staff adoption', 'Already tried a chatbot'])]
          : [],
        outcome,
        createdAt: start,
      } satisfies Prisma.VoiceSessionCreateManyInput
      data.voiceSessions.push(session)
      // The timeline entry the voice agent's webhook would have written for this session.
      const entry = voiceSessionTimelineEntry(session)
      activity({
        leadId,
        contactId,
        type: 'VOICE_SESSION',
        channel: 'VOICE_AGENT',
        direction: 'INBOUND',
        subject: entry.subject,
        description: entry.description,
        outcome: entry.outcome,
        externalId: `seed-va-${pad(voiceIndex)}`,
        completedAt: start,
        createdAt: start,
      })
      // The first conversation that ended starts the voice sequence, whose thank-you leaves at once.
      if (s === 0 && session.endedAt.getTime() <= now.getTime()) {
        voiceThankYou = sent(
          seededVoiceThankYou(emailSettings, recipient, session, session.endedAt),
          `seed-activity-voice-thank-you-${pad(voiceIndex)}`,
        )
      }
    }
    let roiId: string | null = null
    let roiReport: Prisma.OutboxMessageCreateManyInput | null = null
    if (roiCompleted) {
      roiId = `seed-roi-${pad(++roiIndex)}`
      const roiIndustry = industry ?? 'OTHER'
      const roiSize = employeeCount ?? 'RANGE_5_10'
      const hourlyRate = industryHourlyRate[roiIndustry] + random.int(-10, 15)
      const weeklyAdminHours = random.int(15, 60)
      const at = new Date(created.getTime() + 30 * 60_000)
      const selectedTier: Tier =
        employeeMidpoint[roiSize] > 30 ? 'ARCHITECT' : employeeMidpoint[roiSize] > 10 ? 'FOUNDATION' : 'DISCOVERY'
      const reportRequested = random.chance(0.6)
      const result = calculateRoi({ industry: roiIndustry, employeeCount: roiSize, hourlyRate, weeklyAdminHours })
      const reportSentAt = reportRequested ? notAfterNow(new Date(at.getTime() + 2 * 60_000)) : null
      data.roiCalculations.push({
        id: roiId,
        externalId: `seed-roi-calc-${pad(roiIndex)}`,
        leadId,
        contactId,
        industry: roiIndustry,
        employeeCount: roiSize,
        hourlyRate,
        weeklyAdminHours,
        calculations: { ...result },
        selectedTier,
        emailCaptured: true,
        email,
        reportRequested,
        reportSentAt,
        timeOnCalculator: random.int(60, 600),
        adjustmentsCount: random.int(0, 12),
        createdAt: at,
      })
      activity({
        leadId,
        contactId,
        type: 'ROI_CALCULATION',
        channel: 'FORM',
        direction: 'INBOUND',
        subject: `ROI calculator: ${selectedTier.toLowerCase()} tier`,
        externalId: `seed-roi-calc-${pad(roiIndex)}`,
        completedAt: at,
        createdAt: at,
      })
      if (reportSentAt) {
        roiReport = sent(
          seededRoiReport(emailSettings, recipient, { id: roiId, result }, reportSentAt),
          `seed-activity-roi-report-${pad(roiIndex)}`,
        )
      }
    }
    let bookingId: string | null = null
    if (calendarBooked) {
      bookingId = `seed-booking-${pad(++bookingIndex)}`
      const startTime = new Date(created.getTime() + random.int(1, 6) * day)
      startTime.setUTCHours(random.int(14, 21), random.pick([0, 30]), 0, 0)
      const bookingStatus =
        startTime > now
          ? random.pick(['SCHEDULED', 'RESCHEDULED'] as const)
          : bookingStatuses[bookingIndex % bookingStatuses.length]!
      data.calendarBookings.push({
        id: bookingId,
        externalUid: `seed-cal-${pad(bookingIndex)}`,
        leadId,
        contactId,
        title: language === 'ES' ? 'Llamada de descubrimiento' : 'Discovery call',
        attendeeEmail: email,
        attendeeName: `${firstName} ${lastName}`,
        startTime,
        endTime: new Date(startTime.getTime() + 30 * 60_000),
        timezone,
        status: bookingStatus,
        meetingUrl: `https://meet.example/seed-${pad(bookingIndex)}`,
        rescheduledFromUid: bookingStatus === 'RESCHEDULED' ? `seed-cal-${pad(bookingIndex)}-original` : null,
        cancellationReason: bookingStatus === 'CANCELLED' ? 'Schedule conflict' : null,
        createdAt: created,
      })
      activity({
        leadId,
        contactId,
        type: 'MEETING',
        channel: 'FORM',
        direction: 'INBOUND',
        subject: `Discovery call booked (${bookingStatus.toLowerCase()})`,
        externalId: `seed-cal-${pad(bookingIndex)}`,
        scheduledAt: startTime,
        createdAt: created,
      })
    }

    if (emailReplies > 0) {
      const at = notAfterNow(new Date(created.getTime() + 6 * 3_600_000))
      // An answer to the first email the person got; one who got none from us writes first.
      const [answered] = [acknowledgement?.outbox, roiReport, voiceThankYou]
        .flatMap((message) => (message ? [message] : []))
        .sort((a, b) => new Date(a.sentAt!).getTime() - new Date(b.sentAt!).getTime())
      activity({
        leadId,
        contactId,
        type: 'EMAIL',
        channel: 'EMAIL',
        direction: 'INBOUND',
        subject: answered
          ? `Re: ${answered.subject}`
          : language === 'ES'
            ? 'Pregunta sobre los niveles de colaboración'
            : 'Question about the partnership tiers',
        completedAt: at,
        createdAt: at,
      })
    }

    // Scored and qualified from the records above, the way the lead workflow's rescoring does it.
    const facts: LeadScoringFacts = {
      industry,
      employeeCount,
      source,
      voiceSessions: data.voiceSessions
        .filter((session) => session.leadId === leadId)
        .map((session) => ({
          totalQuestions: session.totalQuestions ?? 0,
          durationSeconds: session.duration ?? 0,
          intents: (session.intents ?? []) as VoiceIntent[],
        })),
      roiCalculations: data.roiCalculations
        .filter((calculation) => calculation.leadId === leadId)
        .map((calculation) => ({ reportRequested: calculation.reportRequested ?? false })),
      bookings: data.calendarBookings
        .filter((booking) => booking.leadId === leadId)
        .map((booking) => ({ status: booking.status ?? 'SCHEDULED' })),
      emailReplies,
    }
    const { score, factors } = scoreLead(facts)
    const triggered = nextQualification({ stage: 'NONE', status: 'NEW' }, facts, score)

    // A lead a person qualified (or that converted) is SQL; one only marketing-qualified is still being worked.
    let status: LeadStatus
    let qualification: QualificationStage = triggered.stage
    if (converted) [status, qualification] = ['CONVERTED', 'SQL']
    else if (triggered.stage === 'SQL') status = 'QUALIFIED'
    else if (triggered.stage === 'MQL')
      [status, qualification] = random.chance(0.3) ? ['QUALIFIED', 'SQL'] : ['CONTACTED', 'MQL']
    else if ((industry === 'OTHER' || industry === null) && score < 35) status = 'UNQUALIFIED'
    // New means not yet worked: past a day, the owner has made contact (the 24-hour alert saw to it).
    else
      status = created > ago(1) ? 'NEW' : random.pick(['CONTACTED', 'CONTACTED', 'CONTACTED', 'UNQUALIFIED'] as const)
    // Every lead was assigned round-robin the moment it was captured.
    const assignedToId = random.pick(salesUserIds)
    const contactedAt = status === 'NEW' ? null : notAfterNow(after(created, 1))

    data.leads.push({
      id: leadId,
      email,
      firstName,
      lastName,
      phone: random.chance(0.7) ? phoneNumber(random, profile?.country ?? 'US') : null,
      companyName,
      preferredLanguage: language,
      timezone,
      source,
      sourceDetail: `${campaign.detail}${language === 'ES' ? ' - Spanish' : ''}${industry && source === 'ROI_CALCULATOR' ? ` - ${industry}` : ''}`,
      utmSource: campaign.utmSource ?? null,
      utmMedium: campaign.utmMedium ?? null,
      utmCampaign: campaign.utmCampaign ?? null,
      utmTerm:
        source === 'PAID_ADS'
          ? random.pick(['ai for hvac', 'ai scheduling software', 'automate small business'])
          : null,
      utmContent: source === 'PAID_ADS' ? random.pick(['headline-a', 'headline-b']) : null,
      landingPage: campaign.landingPage,
      referrer:
        source === 'REFERRAL'
          ? `https://www.${slug(random.pick(companyProfiles).name)}.example/`
          : (campaign.referrer ?? null),
      voiceSessionId: sessionIds[0] ?? null,
      roiCalculationId: roiId,
      calendarBookingId: bookingId,
      industry,
      employeeCount,
      aiMaturityIndicators: [
        ...(voiceQuestions > 5 ? ['asked detailed implementation questions'] : []),
        ...(roiCompleted ? ['completed ROI calculator'] : []),
        ...(random.chance(0.3) ? ['uses ChatGPT informally'] : []),
      ],
      qualificationStage: qualification,
      marketingQualifiedAt: qualification !== 'NONE' ? new Date(created.getTime() + 3_600_000) : null,
      salesQualifiedAt: qualification === 'SQL' ? new Date(created.getTime() + 2 * 3_600_000) : null,
      contactedAt,
      disqualifiedAt: status === 'UNQUALIFIED' ? contactedAt : null,
      disqualifiedReason:
        status === 'UNQUALIFIED'
          ? random.pick([
              'Outside target industries',
              'Company too small for a partnership',
              'No budget this year',
              'Student project',
            ])
          : null,
      status,
      assignedToId,
      leadScore: score,
      scoringFactors: factors.map((factor) => ({ ...factor })),
      nextStep:
        status === 'NEW'
          ? 'Send acknowledgement and assign owner'
          : status === 'CONTACTED'
            ? 'Follow-up call'
            : status === 'QUALIFIED'
              ? 'Book the discovery call'
              : null,
      nextStepAt:
        status === 'NEW' || status === 'CONTACTED' || status === 'QUALIFIED' ? after(now, random.int(0, 5)) : null,
      convertedAt: converted ? data.opportunities[index]!.createdAt : null,
      convertedToCompanyId: converted ? `seed-company-${pad(index + 1)}` : null,
      convertedToContactId: contactId,
      convertedToOpportunityId: converted ? `seed-opportunity-${pad(index + 1)}` : null,
      createdAt: created,
    })
    if (acknowledgement) sent(acknowledgement)
    if (status !== 'NEW') {
      // A day after capture, or halfway to now for a lead captured less than a day ago: a call held, never ahead.
      const introCallAt = new Date(Math.min(after(created, 1).getTime(), (created.getTime() + now.getTime()) / 2))
      activity({
        leadId,
        contactId,
        type: 'CALL',
        channel: 'PHONE',
        direction: 'OUTBOUND',
        subject: 'Intro call',
        outcome: random.pick(['Connected', 'Left voicemail', 'No answer']),
        completedAt: introCallAt,
        userId: assignedToId,
        createdAt: introCallAt,
      })
    }
  }

  // Visitors who talked to the voice agent without leaving an email, kept for a later merge (§6.3).
  for (let n = 1; n <= 6; n++) {
    const id = `seed-voice-anon-${pad(n, 2)}`
    const language: Language = n % 3 === 0 ? 'ES' : 'EN'
    const start = ago(random.int(0, 20), random.int(0, 23))
    const questions = random.int(1, 4)
    data.voiceSessions.push({
      id,
      visitorId: `seed-visitor-${pad(n, 2)}`,
      externalSessionId: `seed-va-anon-${pad(n, 2)}`,
      startTime: start,
      endTime: new Date(start.getTime() + questions * 60_000),
      endedAt: new Date(start.getTime() + questions * 60_000),
      duration: questions * 60,
      language,
      device: random.pick(Object.values(Device)),
      referrerPage: '/',
      messages: transcript(language, random.pick(Object.values(Industry)), questions, start),
      totalQuestions: questions,
      topics: ['general'],
      sentiment: 'NEUTRAL',
      intents: ['GENERAL_INFO'],
      outcome: 'LEFT_SITE',
      createdAt: start,
    })
  }

  // Engagement counters and "last activity" follow from the activities recorded against a company or a deal.
  const lastActivityOf = (own: Prisma.ActivityCreateManyInput[]) => {
    const latest = own.map((row) => (row.completedAt ?? row.createdAt) as Date).filter((date) => date <= now)
    return latest.length > 0 ? new Date(Math.max(...latest.map((date) => date.getTime()))) : null
  }
  for (const company of data.companies) {
    const own = data.activities.filter((row) => row.companyId === company.id)
    company.totalInteractions = own.length
    company.lastActivityDate = lastActivityOf(own) ?? company.lastActivityDate
  }
  for (const deal of data.opportunities) {
    deal.lastActivityAt = lastActivityOf(data.activities.filter((row) => row.opportunityId === deal.id))
  }

  // §10.2 cost per lead: what each source cost in every month of the demo, entered by the Sales Manager (decision
  // 0040). Drawn last, so the random draws of everything above stay as they were.
  const firstLead = Math.min(...data.leads.map((row) => (row.createdAt as Date).getTime()))
  const manager = data.users.find((user) => user.role === 'SALES_MANAGER')!
  // Every month a reader in any zone (UTC−12 to UTC+14) sees the demo's leads in.
  const anyZone = 14 * 60 * 60 * 1000
  for (const month of monthsTouched({ fromMs: firstLead - anyZone, toMs: now.getTime() + anyZone }, 'UTC')) {
    const quarterStart = Number(month.slice(5)) % 3 === 1
    for (const [source, budgetCents] of Object.entries(monthlyMarketingBudget) as [LeadSource, number][]) {
      // Events are paid for in the month they happen: one trade show a quarter.
      const base = source === 'INDUSTRY_EVENT' ? (quarterStart ? budgetCents : 0) : budgetCents
      const amountCents = base === 0 ? 0 : Math.round((base * random.int(90, 110)) / 100 / 100) * 100
      const entered = new Date(Math.min(Date.parse(`${month}-01T14:00:00Z`), now.getTime()))
      data.marketingSpends.push({
        id: `seed-spend-${month}-${source.toLowerCase().replaceAll('_', '-')}`,
        source,
        month,
        amountCents,
        enteredById: manager.id,
        enteredAt: entered,
        // The spend page shows when a month was last entered: the seed's own run time would say "today" for all.
        updatedAt: entered,
      })
    }
  }

  // §10.3: every scheduled report has its audience among the seeded people, so /admin/reports is alive on a fresh
  // start. Their schedules are created by the worker at start and by `npm run seed`.
  reportKeys.forEach((report) => {
    reportAudience[report].forEach(([name, timeZone], n) => {
      const user = data.users.find((candidate) => candidate.name === name)!
      data.scheduledReportRecipients.push({
        id: `seed-report-recipient-${report}-${n + 1}`,
        report,
        email: user.email,
        name: user.name,
        timeZone,
        createdById: data.users.find((candidate) => candidate.role === 'ADMIN')!.id,
        createdAt: ago(30),
      })
    })
  })

  return data
}

/**
 * A month's marketing spend by source, in cents, before a ±10 % month-to-month variation: ads and SEO content are
 * the big lines, LinkedIn is a Sales Navigator seat and sponsored messages, an event is a booth once a quarter,
 * the voice agent, calculator and forms cost their hosting, Cal.com its seats; referrals cost nothing.
 */
const monthlyMarketingBudget: Record<LeadSource, number> = {
  PAID_ADS: 320_000,
  ORGANIC_SEARCH: 120_000,
  LINKEDIN_OUTREACH: 85_000,
  INDUSTRY_EVENT: 450_000,
  VOICE_AGENT: 30_000,
  ROI_CALCULATOR: 15_000,
  WEBSITE: 20_000,
  CALENDAR_BOOKING: 3_000,
  REFERRAL: 0,
}

/**
 * §10.3's audiences as the seeded people: Marketing and Strategy are the Admin (the owner) and the Sales Manager,
 * Sales the Sales Manager, Product/Sales the Admin and the Sales Manager, Customer Success its two managers of
 * partnerships, Executive the Admin and the Viewer (the owner's partner who reads the numbers).
 */
const reportAudience: Record<ReportKey, [name: string, timeZone: string][]> = {
  'lead-source-performance': [
    ['Alex Morgan', 'America/New_York'],
    ['Priya Natarajan', 'America/Chicago'],
  ],
  'pipeline-status': [['Priya Natarajan', 'America/Chicago']],
  'voice-agent-analytics': [
    ['Alex Morgan', 'America/New_York'],
    ['Priya Natarajan', 'America/Chicago'],
  ],
  'partnership-health': [
    ['Hannah Okafor', 'America/Chicago'],
    ['Diego Ramírez', 'America/Denver'],
  ],
  'revenue-forecast': [
    ['Alex Morgan', 'America/New_York'],
    ['Sam Whitaker', 'America/Los_Angeles'],
  ],
  'industry-breakdown': [
    ['Alex Morgan', 'America/New_York'],
    ['Priya Natarajan', 'America/Chicago'],
  ],
  'roi-calculator-analytics': [
    ['Alex Morgan', 'America/New_York'],
    ['Priya Natarajan', 'America/Chicago'],
  ],
}

/** The enum values the demo data must show at least once, for a complete-looking demo. */
export const coveredEnums = {
  Industry,
  LeadSource,
  LeadStatus,
  PipelineStage,
  Tier,
  PartnershipStatus,
  Phase,
  UserRole,
  Language,
  PaymentStatus,
  BookingStatus,
  ActivityType,
  SystemStatus,
} as const
