import { ApplicationFailure } from '@temporalio/activity'
import { tierContract } from '../domain/tiers/contract-value'
import { tierLabels, tierTerms } from '../domain/tiers/tier-terms'
import { roiTierKeys, type RoiCalculationResult } from '../domain/roi/roi-calculator'
import type { Prisma } from '../lib/db'
import { loadRoiReportInput } from '../lib/reports/roi-report-input'
import { businessModelOfIndustry } from '../domain/industries/industry-profiles'
import type { ConvertLeadInput, LeadConversion } from '../workflows/lead-messages'
import type { ActivityDependencies } from './dependencies'
import { leadNotFound } from './lead-not-found'
import { leadDisplayName } from './notifications'
import { leadTransactionOptions, type Transaction } from './transactions'

const leadSelect = {
  id: true,
  email: true,
  firstName: true,
  lastName: true,
  phone: true,
  companyName: true,
  industry: true,
  employeeCount: true,
  source: true,
  preferredLanguage: true,
  timezone: true,
  status: true,
  assignedToId: true,
  convertedToCompanyId: true,
  convertedToContactId: true,
  convertedToOpportunityId: true,
} as const satisfies Prisma.LeadSelect

type ConvertingLead = Prisma.LeadGetPayload<{ select: typeof leadSelect }>

async function findOrCreateCompany(tx: Transaction, lead: ConvertingLead, companyId: string | undefined) {
  if (companyId) {
    const company = await tx.company.findUnique({ where: { id: companyId }, select: { id: true, name: true } })
    if (!company) throw ApplicationFailure.nonRetryable(`Company ${companyId} does not exist`, 'CompanyNotFound')
    return company
  }
  const name = lead.companyName?.trim() || `${leadDisplayName(lead)} (individual)`
  const existing = await tx.company.findFirst({
    where: { name },
    orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
    select: { id: true, name: true },
  })
  if (existing) return existing
  const industry = lead.industry ?? 'OTHER'
  return tx.company.create({
    data: {
      name,
      industry,
      // The smallest band when the lead never said: a salesperson corrects it on the company record.
      employeeCount: lead.employeeCount ?? 'RANGE_1_5',
      businessModel: businessModelOfIndustry[industry],
      source: lead.source,
      preferredLanguage: lead.preferredLanguage,
      ...(lead.timezone ? { timezone: lead.timezone } : {}),
    },
    select: { id: true, name: true },
  })
}

async function findOrCreateContact(tx: Transaction, lead: ConvertingLead, companyId: string) {
  const existing = await tx.contact.findUnique({ where: { email: lead.email }, select: { id: true } })
  if (existing) return existing
  return tx.contact.create({
    data: {
      companyId,
      email: lead.email,
      firstName: lead.firstName ?? lead.email.split('@')[0]!,
      lastName: lead.lastName ?? '',
      phone: lead.phone,
      preferredLanguage: lead.preferredLanguage,
      timezone: lead.timezone,
    },
    select: { id: true },
  })
}

/** The person's engagement before conversion now belongs to the contact (the lead keeps its links too). */
async function linkEngagementToContact(tx: Transaction, leadId: string, contactId: string) {
  const preference = await tx.communicationPreference.findUnique({
    where: { leadId },
    select: { id: true, contactId: true },
  })
  const contactHasOne = await tx.communicationPreference.findUnique({ where: { contactId }, select: { id: true } })
  if (preference && !preference.contactId && !contactHasOne) {
    await tx.communicationPreference.update({ where: { id: preference.id }, data: { contactId }, select: { id: true } })
  }
  await tx.voiceSession.updateMany({ where: { leadId, contactId: null }, data: { contactId } })
  await tx.rOICalculation.updateMany({ where: { leadId, contactId: null }, data: { contactId } })
  await tx.calendarBooking.updateMany({ where: { leadId, contactId: null }, data: { contactId } })
}

export function createConversionActivities({ db, bookingUrl }: ActivityDependencies) {
  return {
    /**
     * Turns a qualified lead into a company, a contact and an opportunity in one transaction. A converted lead
     * answers with the records it was converted to, so a retry creates nothing twice.
     */
    async convertLead(input: ConvertLeadInput & { leadId: string; now: string }): Promise<LeadConversion> {
      const at = new Date(input.now)
      // Projections come from the lead's latest calculation, with the figures the person was shown.
      const latestCalculation = await db.rOICalculation.findFirst({
        where: { leadId: input.leadId },
        orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
        select: { id: true },
      })
      const roi: RoiCalculationResult | null = latestCalculation
        ? ((await loadRoiReportInput(db, latestCalculation.id, bookingUrl))?.result ?? null)
        : null

      return db.$transaction(async (tx) => {
        const locked = await tx.$queryRaw<{ id: string }[]>`SELECT id FROM "Lead" WHERE id = ${input.leadId} FOR UPDATE`
        if (locked.length === 0) throw leadNotFound(input.leadId)
        const lead = await tx.lead.findUniqueOrThrow({ where: { id: input.leadId }, select: leadSelect })

        if (
          lead.status === 'CONVERTED' &&
          lead.convertedToCompanyId &&
          lead.convertedToContactId &&
          lead.convertedToOpportunityId
        ) {
          return {
            companyId: lead.convertedToCompanyId,
            contactId: lead.convertedToContactId,
            opportunityId: lead.convertedToOpportunityId,
          }
        }
        if (lead.status !== 'QUALIFIED') {
          throw ApplicationFailure.nonRetryable(
            `Only a qualified lead can be converted; this lead is ${lead.status.toLowerCase()}`,
            'LeadNotQualified',
          )
        }

        const company = await findOrCreateCompany(tx, lead, input.companyId)
        const contact = await findOrCreateContact(tx, lead, company.id)
        await linkEngagementToContact(tx, lead.id, contact.id)

        const terms = tierTerms[input.tier]
        const tierKey = roiTierKeys[input.tier]
        const name = input.opportunityName?.trim() || `${company.name} — ${tierLabels[input.tier].en}`
        const opportunity = await tx.opportunity.create({
          data: {
            companyId: company.id,
            primaryContactId: contact.id,
            name,
            tier: input.tier,
            stageEnteredAt: at,
            ...tierContract(input.tier),
            systemCount: terms.systems,
            ownerId: lead.assignedToId ?? input.actor.userId,
            ...(roi
              ? {
                  projectedHoursSaved: roi.weeklyHoursSaved[tierKey],
                  projectedWeeklyValue: roi.weeklyValueCreated[tierKey],
                  projectedROI: roi.annualROI[tierKey].percentage,
                  paybackWeeks: roi.paybackPeriod[tierKey],
                }
              : {}),
          },
          select: { id: true },
        })

        await tx.lead.update({
          where: { id: lead.id },
          data: {
            status: 'CONVERTED',
            convertedAt: at,
            convertedToCompanyId: company.id,
            convertedToContactId: contact.id,
            convertedToOpportunityId: opportunity.id,
          },
          select: { id: true },
        })
        await tx.activity.create({
          data: {
            leadId: lead.id,
            companyId: company.id,
            contactId: contact.id,
            opportunityId: opportunity.id,
            type: 'SYSTEM_EVENT',
            subject: 'Converted to an opportunity',
            description: `${name} (${tierLabels[input.tier].en}) by ${input.actor.name}`,
            userId: input.actor.userId,
            completedAt: at,
          },
          select: { id: true },
        })
        await tx.auditLog.create({
          data: {
            actorType: input.actor.userId ? 'USER' : 'API_KEY',
            actorId: input.actor.userId,
            action: 'leads.convert',
            entityType: 'leads',
            entityId: lead.id,
            metadata: {
              actorName: input.actor.name,
              tier: input.tier,
              companyId: company.id,
              contactId: contact.id,
              opportunityId: opportunity.id,
            },
          },
          select: { id: true },
        })
        return { companyId: company.id, contactId: contact.id, opportunityId: opportunity.id }
      }, leadTransactionOptions)
    },
  }
}
