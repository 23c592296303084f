import { randomUUID } from 'node:crypto'
import type { Database, Prisma } from '../../lib/db'
import type {
  LeadSource,
  PartnershipStatus,
  PaymentStatus,
  PaymentType,
  PipelineStage,
  Tier,
} from '../../prisma/generated/enums'

// Records written straight to the rows, with the history the workflows would have recorded (stage transitions,
// status changes, payments), dated by the caller: what the analytics tests count by hand.

export const utc = (iso: string) => new Date(`${iso}Z`)

/** A visitor's conversation with the voice agent: an English minute that ended with the visitor leaving, unless told. */
export function voiceSession(
  db: Database,
  session: Omit<Prisma.VoiceSessionUncheckedCreateInput, 'externalSessionId'> & { externalSessionId?: string },
) {
  return db.voiceSession.create({
    data: {
      externalSessionId: `vs-${randomUUID()}`,
      duration: 60,
      language: 'EN',
      outcome: 'LEFT_SITE',
      ...session,
    },
    select: { id: true },
  })
}

/** A plumbing company and one contact at it. */
export async function companyAndContact(db: Database) {
  const { id: companyId } = await db.company.create({
    data: {
      name: `Analytics Co ${randomUUID().slice(0, 6)}`,
      industry: 'PLUMBING',
      employeeCount: 'RANGE_10_25',
      businessModel: 'SERVICE',
      source: 'REFERRAL',
    },
    select: { id: true },
  })
  const { id: contactId } = await db.contact.create({
    data: { companyId, firstName: 'Ana', lastName: 'Ruiz', email: `ana-${randomUUID()}@example.com` },
    select: { id: true },
  })

  return { companyId, contactId }
}

export async function analyticsLead(
  db: Database,
  options: {
    createdAt: string
    source: LeadSource
    assignedToId: string | null
    mqlAt?: string
    sqlAt?: string
    convertedToOpportunityId?: string
    industry?: 'PLUMBING' | 'HVAC'
  },
) {
  return db.lead.create({
    data: {
      email: `lead-${randomUUID()}@example.com`,
      companyName: 'Lead Co',
      source: options.source,
      assignedToId: options.assignedToId,
      industry: options.industry ?? 'PLUMBING',
      marketingQualifiedAt: options.mqlAt ? utc(options.mqlAt) : null,
      salesQualifiedAt: options.sqlAt ? utc(options.sqlAt) : null,
      qualificationStage: options.sqlAt ? 'SQL' : options.mqlAt ? 'MQL' : 'NONE',
      convertedToOpportunityId: options.convertedToOpportunityId ?? null,
      status: options.convertedToOpportunityId ? 'CONVERTED' : 'NEW',
      createdAt: utc(options.createdAt),
    },
    select: { id: true },
  })
}

/** A deal and its stage history: `stages` in order, each entered at its time; the last is where it stands. */
export async function analyticsDeal(
  db: Database,
  options: {
    tier: Tier
    value: number
    ownerId: string | null
    stages: [PipelineStage, string][]
    lostReason?: string
    expectedCloseDate?: string
    probability?: number
  },
) {
  const { companyId, contactId } = await companyAndContact(db)
  const [last] = options.stages.slice(-1)
  const deal = await db.opportunity.create({
    data: {
      companyId,
      primaryContactId: contactId,
      name: `${options.tier} ${randomUUID().slice(0, 4)}`,
      tier: options.tier,
      stage: last![0],
      stageEnteredAt: utc(last![1]),
      setupFee: options.value,
      totalContractValue: options.value,
      ownerId: options.ownerId,
      lostReason: options.lostReason ?? null,
      expectedCloseDate: options.expectedCloseDate ? utc(options.expectedCloseDate) : null,
      probability: options.probability ?? 5,
      createdAt: utc(options.stages[0]![1]),
    },
    select: { id: true, companyId: true },
  })
  await db.dealStageTransition.createMany({
    data: options.stages.map(([stage, at], index) => ({
      opportunityId: deal.id,
      fromStage: index === 0 ? null : options.stages[index - 1]![0],
      toStage: stage,
      enteredAt: utc(at),
      exitedAt: index + 1 < options.stages.length ? utc(options.stages[index + 1]![1]) : null,
      idempotencyKey: `deal-${deal.id}/stage/${index}`,
    })),
  })
  return deal
}

/** A partnership of a won deal, its status history, and its payments. */
export async function analyticsPartnership(
  db: Database,
  deal: { id: string; companyId: string },
  options: {
    tier: Tier
    monthlyFee: number
    startDate: string
    statuses: [PartnershipStatus, string][]
    healthScore?: number
    referralsMade?: number
    testimonialProvided?: boolean
    payments?: { type: PaymentType; amount: number; dueDate: string; status: PaymentStatus; paidDate?: string }[]
  },
) {
  const [last] = options.statuses.slice(-1)
  const partnership = await db.partnership.create({
    data: {
      opportunityId: deal.id,
      companyId: deal.companyId,
      tier: options.tier,
      monthlyFee: options.monthlyFee,
      startDate: utc(options.startDate),
      targetEndDate: utc('2027-12-31T00:00:00'),
      status: last![0],
      healthScore: options.healthScore ?? null,
      referralsMade: options.referralsMade ?? 0,
      testimonialProvided: options.testimonialProvided ?? false,
    },
    select: { id: true },
  })
  await db.partnershipStatusChange.createMany({
    data: options.statuses.map(([status, at], index) => ({
      partnershipId: partnership.id,
      fromStatus: index === 0 ? null : options.statuses[index - 1]![0],
      toStatus: status,
      at: utc(at),
      idempotencyKey: `partnership-${partnership.id}/status/${index}`,
    })),
  })
  for (const [index, payment] of (options.payments ?? []).entries()) {
    await db.payment.create({
      data: {
        partnershipId: partnership.id,
        type: payment.type,
        amount: payment.amount,
        dueDate: utc(payment.dueDate),
        status: payment.status,
        paidDate: payment.paidDate ? utc(payment.paidDate) : null,
        idempotencyKey: `partnership-${partnership.id}/payment/${index}`,
      },
      select: { id: true },
    })
  }
  return partnership
}

/**
 * November 2026 of a small agency, for the analytics tests (the tests work out every expected figure by hand):
 * - leads: Oct 15 (rep, referral); Nov 3 (rep, referral, MQL, SQL, became deal A, won); Nov 5 (rep, voice, MQL);
 *   Nov 8 (other, voice, MQL, SQL, became deal B, open); Nov 10 (other, website);
 * - deals: A Foundation $20,000 (rep) created Oct 1, proposal Oct 20, won Nov 10; B Discovery $5,000 (other)
 *   created Nov 8, discovery call Nov 9, 30 %, expected to close Dec 15; C Architect $50,000 (other) created Sep 1,
 *   proposal Oct 1, lost Nov 12 ("Budget"); D Foundation $30,000 (other) created Oct 10, won Nov 16 (no proposal);
 *   E and F won in January (the deals partnerships Q and R came from), G won in May (partnership S);
 * - partnerships: P from A, $3,500 a month, onboarding Nov 12, active Nov 15, setup $9,500 paid Nov 12, next month
 *   $3,500 due Dec 12; Q Architect $6,000 (from E) active since Mar 1, graduated Nov 14, $6,000 paid Nov 1;
 *   R Discovery $2,000 (from F) active since Mar 1, churned Nov 18; S Foundation $3,000 (from G) active since Jun 1,
 *   health 45, one referral, a testimonial, $3,000 paid Nov 1;
 * - voice: Nov 4 10:00 the rep's Nov 5 lead, 3 questions, 120 s, English, left; Nov 6 15:00 anonymous, no question,
 *   30 s, Spanish, left; ROI calculations: Nov 7 the rep's lead with an email, Nov 9 anonymous without one.
 */
export async function novemberBusiness(db: Database, people: { repId: string; otherId: string }) {
  const { repId, otherId } = people
  const dealA = await analyticsDeal(db, {
    tier: 'FOUNDATION',
    value: 20_000,
    ownerId: repId,
    stages: [
      ['NEW_LEAD', '2026-10-01T09:00:00'],
      ['PROPOSAL_SENT', '2026-10-20T09:00:00'],
      ['CLOSED_WON', '2026-11-10T09:00:00'],
    ],
  })
  const dealB = await analyticsDeal(db, {
    tier: 'DISCOVERY',
    value: 5_000,
    ownerId: otherId,
    probability: 30,
    expectedCloseDate: '2026-12-15T00:00:00',
    stages: [
      ['NEW_LEAD', '2026-11-08T12:00:00'],
      ['DISCOVERY_CALL', '2026-11-09T12:00:00'],
    ],
  })
  await analyticsDeal(db, {
    tier: 'ARCHITECT',
    value: 50_000,
    ownerId: otherId,
    lostReason: 'Budget',
    stages: [
      ['NEW_LEAD', '2026-09-01T09:00:00'],
      ['PROPOSAL_SENT', '2026-10-01T09:00:00'],
      ['CLOSED_LOST', '2026-11-12T09:00:00'],
    ],
  })
  await analyticsDeal(db, {
    tier: 'FOUNDATION',
    value: 30_000,
    ownerId: otherId,
    stages: [
      ['NEW_LEAD', '2026-10-10T09:00:00'],
      ['CLOSED_WON', '2026-11-16T09:00:00'],
    ],
  })
  const wonLongAgo = (tier: Tier, at: string) =>
    analyticsDeal(db, { tier, value: 1_000, ownerId: otherId, stages: [['CLOSED_WON', at]] })
  const [dealE, dealF, dealG] = [
    await wonLongAgo('ARCHITECT', '2026-01-15T09:00:00'),
    await wonLongAgo('DISCOVERY', '2026-01-20T09:00:00'),
    await wonLongAgo('FOUNDATION', '2026-05-20T09:00:00'),
  ]

  await analyticsLead(db, { createdAt: '2026-10-15T09:00:00', source: 'REFERRAL', assignedToId: repId })
  await analyticsLead(db, {
    createdAt: '2026-11-03T09:00:00',
    source: 'REFERRAL',
    assignedToId: repId,
    mqlAt: '2026-11-03T10:00:00',
    sqlAt: '2026-11-04T10:00:00',
    convertedToOpportunityId: dealA.id,
  })
  const voiceLead = await analyticsLead(db, {
    createdAt: '2026-11-05T09:00:00',
    source: 'VOICE_AGENT',
    assignedToId: repId,
    mqlAt: '2026-11-05T10:00:00',
  })
  await analyticsLead(db, {
    createdAt: '2026-11-08T09:00:00',
    source: 'VOICE_AGENT',
    assignedToId: otherId,
    mqlAt: '2026-11-08T10:00:00',
    sqlAt: '2026-11-08T11:00:00',
    convertedToOpportunityId: dealB.id,
  })
  await analyticsLead(db, { createdAt: '2026-11-10T09:00:00', source: 'WEBSITE', assignedToId: otherId })

  const partnershipP = await analyticsPartnership(db, dealA, {
    tier: 'FOUNDATION',
    monthlyFee: 3_500,
    startDate: '2026-11-12T00:00:00',
    statuses: [
      ['ONBOARDING', '2026-11-12T00:00:00'],
      ['ACTIVE', '2026-11-15T00:00:00'],
    ],
    payments: [
      { type: 'SETUP', amount: 9_500, dueDate: '2026-11-12T00:00:00', status: 'PAID', paidDate: '2026-11-12T10:00:00' },
      { type: 'MONTHLY', amount: 3_500, dueDate: '2026-12-12T00:00:00', status: 'PENDING' },
    ],
  })
  await analyticsPartnership(db, dealE, {
    tier: 'ARCHITECT',
    monthlyFee: 6_000,
    startDate: '2026-02-01T00:00:00',
    statuses: [
      ['ONBOARDING', '2026-02-01T00:00:00'],
      ['ACTIVE', '2026-03-01T00:00:00'],
      ['GRADUATED', '2026-11-14T00:00:00'],
    ],
    payments: [
      {
        type: 'MONTHLY',
        amount: 6_000,
        dueDate: '2026-11-01T00:00:00',
        status: 'PAID',
        paidDate: '2026-11-01T08:00:00',
      },
    ],
  })
  await analyticsPartnership(db, dealF, {
    tier: 'DISCOVERY',
    monthlyFee: 2_000,
    startDate: '2026-03-01T00:00:00',
    statuses: [
      ['ACTIVE', '2026-03-01T00:00:00'],
      ['CHURNED', '2026-11-18T00:00:00'],
    ],
  })
  await analyticsPartnership(db, dealG, {
    tier: 'FOUNDATION',
    monthlyFee: 3_000,
    startDate: '2026-06-01T00:00:00',
    statuses: [['ACTIVE', '2026-06-01T00:00:00']],
    healthScore: 45,
    referralsMade: 1,
    testimonialProvided: true,
    payments: [
      {
        type: 'MONTHLY',
        amount: 3_000,
        dueDate: '2026-11-01T00:00:00',
        status: 'PAID',
        paidDate: '2026-11-01T09:00:00',
      },
    ],
  })

  await voiceSession(db, {
    leadId: voiceLead.id,
    startTime: utc('2026-11-04T10:00:00'),
    endedAt: utc('2026-11-04T10:02:00'),
    duration: 120,
    totalQuestions: 3,
    topics: ['pricing', 'roi'],
  })
  await voiceSession(db, {
    startTime: utc('2026-11-06T15:00:00'),
    endedAt: utc('2026-11-06T15:00:30'),
    duration: 30,
    language: 'ES',
    totalQuestions: 0,
    topics: ['pricing'],
  })
  const calculation = (leadId: string | null, emailCaptured: boolean, createdAt: string) =>
    db.rOICalculation.create({
      data: {
        leadId,
        industry: 'PLUMBING',
        employeeCount: 'RANGE_10_25',
        hourlyRate: 40,
        weeklyAdminHours: 20,
        calculations: {},
        emailCaptured,
        createdAt: utc(createdAt),
      },
      select: { id: true },
    })
  await calculation(voiceLead.id, true, '2026-11-07T09:00:00')
  await calculation(null, false, '2026-11-09T09:00:00')
  return { dealA, dealB, partnershipP }
}
