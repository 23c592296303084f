import { ApplicationFailure } from '@temporalio/common'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { calculateRoi } from '../../domain/roi/roi-calculator'
import type { Prisma } from '../../lib/db'
import type { ConvertLeadInput } from '../../workflows/lead-messages'
import { createUser, type TestUser } from '../support/actors'
import { createLead, runActivity, startActivityHarness, type ActivityHarness } from './activity-harness'

let harness: ActivityHarness
let manager: TestUser
let rep: TestUser

beforeAll(async () => {
  harness = await startActivityHarness()
  manager = await createUser(harness.db, { role: 'SALES_MANAGER', name: 'Morgan Manager' })
  rep = await createUser(harness.db, { role: 'SALES_REP', name: 'Riley Rep' })
})

afterAll(async () => {
  await harness?.close()
})

const now = '2030-03-05T15:00:00.000Z'

function convert(leadId: string, input: Partial<ConvertLeadInput> = {}) {
  return runActivity(harness.activities.convertLead, {
    leadId,
    now,
    tier: 'FOUNDATION',
    actor: { userId: manager.id, name: manager.name },
    ...input,
  })
}

async function qualifiedLead(data: Partial<Prisma.LeadUncheckedCreateInput> = {}) {
  return createLead(harness.db, {
    status: 'QUALIFIED',
    qualificationStage: 'SQL',
    firstName: 'Avery',
    lastName: 'Stone',
    phone: '+1 555 0100',
    companyName: `Stone HVAC ${Math.random().toString(36).slice(2, 8)}`,
    industry: 'HVAC',
    employeeCount: 'RANGE_10_25',
    source: 'ROI_CALCULATOR',
    preferredLanguage: 'ES',
    timezone: 'America/Chicago',
    ...data,
  })
}

describe('convertLead', () => {
  it('creates the company, contact and opportunity, moves the engagement to the contact and closes the lead', async () => {
    const lead = await qualifiedLead({ assignedToId: rep.id })
    const inputs = {
      industry: 'HVAC' as const,
      employeeCount: 'RANGE_10_25' as const,
      hourlyRate: 45,
      weeklyAdminHours: 30,
    }
    const figures = calculateRoi(inputs)
    const [preference, session, calculation, booking] = await Promise.all([
      harness.db.communicationPreference.create({ data: { leadId: lead.id, marketingConsent: true } }),
      harness.db.voiceSession.create({
        data: { leadId: lead.id, externalSessionId: `s-${lead.id}`, startTime: new Date(now) },
      }),
      harness.db.rOICalculation.create({
        data: { leadId: lead.id, ...inputs, calculations: figures as unknown as Prisma.InputJsonValue },
      }),
      harness.db.calendarBooking.create({
        data: {
          leadId: lead.id,
          externalUid: `b-${lead.id}`,
          title: 'Discovery call',
          attendeeEmail: lead.email,
          startTime: new Date(now),
          endTime: new Date(now),
        },
      }),
    ])

    const conversion = await convert(lead.id)

    const company = await harness.db.company.findUniqueOrThrow({ where: { id: conversion.companyId } })
    expect(company).toMatchObject({
      industry: 'HVAC',
      employeeCount: 'RANGE_10_25',
      businessModel: 'SERVICE',
      source: 'ROI_CALCULATOR',
      preferredLanguage: 'ES',
      timezone: 'America/Chicago',
    })
    expect(await harness.db.contact.findUniqueOrThrow({ where: { id: conversion.contactId } })).toMatchObject({
      companyId: company.id,
      email: lead.email,
      firstName: 'Avery',
      lastName: 'Stone',
      phone: '+1 555 0100',
      preferredLanguage: 'ES',
    })
    const opportunity = await harness.db.opportunity.findUniqueOrThrow({ where: { id: conversion.opportunityId } })
    expect(opportunity).toMatchObject({
      companyId: company.id,
      primaryContactId: conversion.contactId,
      name: `${company.name} — Foundation`,
      tier: 'FOUNDATION',
      estimatedMonths: 3,
      systemCount: 3,
      ownerId: rep.id,
      projectedHoursSaved: figures.weeklyHoursSaved.foundation,
      projectedROI: figures.annualROI.foundation.percentage,
      paybackWeeks: figures.paybackPeriod.foundation,
    })
    expect(Number(opportunity.setupFee)).toBe(9_500)
    expect(Number(opportunity.monthlyFee)).toBe(3_500)
    // 12 weeks bill 3 months: 9,500 + 3,500 × 3, the value a later fee edit keeps (the same rule).
    expect(Number(opportunity.totalContractValue)).toBe(20_000)
    expect(Number(opportunity.projectedWeeklyValue)).toBe(figures.weeklyValueCreated.foundation)

    expect(await harness.db.lead.findUniqueOrThrow({ where: { id: lead.id } })).toMatchObject({
      status: 'CONVERTED',
      convertedAt: new Date(now),
      convertedToCompanyId: conversion.companyId,
      convertedToContactId: conversion.contactId,
      convertedToOpportunityId: conversion.opportunityId,
    })
    const contactId = conversion.contactId
    expect(await harness.db.communicationPreference.findUniqueOrThrow({ where: { id: preference.id } })).toMatchObject({
      contactId,
      leadId: lead.id,
    })
    expect(await harness.db.voiceSession.findUniqueOrThrow({ where: { id: session.id } })).toMatchObject({ contactId })
    expect(await harness.db.rOICalculation.findUniqueOrThrow({ where: { id: calculation.id } })).toMatchObject({
      contactId,
    })
    expect(await harness.db.calendarBooking.findUniqueOrThrow({ where: { id: booking.id } })).toMatchObject({
      contactId,
    })
    expect(await harness.db.activity.findMany({ where: { leadId: lead.id } })).toMatchObject([
      {
        type: 'SYSTEM_EVENT',
        subject: 'Converted to an opportunity',
        opportunityId: conversion.opportunityId,
        userId: manager.id,
      },
    ])
    expect(await harness.db.auditLog.findMany({ where: { entityId: lead.id } })).toMatchObject([
      {
        actorType: 'USER',
        actorId: manager.id,
        action: 'leads.convert',
        metadata: { tier: 'FOUNDATION', opportunityId: conversion.opportunityId },
      },
    ])
  })

  it('is idempotent: a retry, even a concurrent one, returns the same records and creates nothing', async () => {
    const lead = await qualifiedLead()

    const [first, concurrent] = await Promise.all([convert(lead.id), convert(lead.id)])
    const retried = await convert(lead.id, { tier: 'ARCHITECT' })

    expect(concurrent).toEqual(first)
    expect(retried).toEqual(first)
    expect(await harness.db.opportunity.count({ where: { companyId: first.companyId } })).toBe(1)
    expect(await harness.db.activity.count({ where: { leadId: lead.id } })).toBe(1)
  })

  it('reuses the company named on the lead and the contact with the same email; the owner falls back to the actor', async () => {
    const lead = await qualifiedLead()
    const company = await harness.db.company.create({
      data: {
        name: (await harness.db.lead.findUniqueOrThrow({ where: { id: lead.id } })).companyName!,
        industry: 'PLUMBING',
        employeeCount: 'RANGE_5_10',
        businessModel: 'SERVICE',
        source: 'REFERRAL',
      },
    })
    const contact = await harness.db.contact.create({
      data: { companyId: company.id, email: lead.email, firstName: 'Avery', lastName: 'Stone-Existing' },
    })

    const conversion = await convert(lead.id, { tier: 'DISCOVERY', opportunityName: 'Dispatch pilot' })

    expect(conversion).toMatchObject({ companyId: company.id, contactId: contact.id })
    expect(await harness.db.opportunity.findUniqueOrThrow({ where: { id: conversion.opportunityId } })).toMatchObject({
      name: 'Dispatch pilot',
      tier: 'DISCOVERY',
      ownerId: manager.id,
      projectedROI: null,
    })
  })

  it('links to the company it is given', async () => {
    const lead = await qualifiedLead()
    const company = await harness.db.company.create({
      data: {
        name: 'Parent Holdings',
        industry: 'CONSTRUCTION',
        employeeCount: 'RANGE_50_PLUS',
        businessModel: 'CONSTRUCTION',
        source: 'REFERRAL',
      },
    })

    expect((await convert(lead.id, { companyId: company.id })).companyId).toBe(company.id)
    const missing = await convert((await qualifiedLead()).id, { companyId: 'no-such-company' }).catch(
      (error: unknown) => error,
    )
    expect(missing).toMatchObject({ type: 'CompanyNotFound', nonRetryable: true })
  })

  it('refuses a lead that is not qualified, and writes nothing', async () => {
    const lead = await qualifiedLead({ status: 'CONTACTED', qualificationStage: 'MQL' })

    const refused = await convert(lead.id).catch((error: unknown) => error)

    expect(refused).toBeInstanceOf(ApplicationFailure)
    expect(refused).toMatchObject({ type: 'LeadNotQualified', nonRetryable: true })
    expect(await harness.db.contact.count({ where: { email: lead.email } })).toBe(0)
    expect(await harness.db.lead.findUniqueOrThrow({ where: { id: lead.id } })).toMatchObject({
      status: 'CONTACTED',
      convertedAt: null,
    })
  })
})
