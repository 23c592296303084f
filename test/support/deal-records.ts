import { randomUUID } from 'node:crypto'
import { stagePolicies, type PipelineStage, type RequiredAction } from '../../domain/deals/pipeline-policy'
import type { Database } from '../../lib/db'

/**
 * A company, its contact, a Foundation deal and the partnership it became: the records a deal or partnership alert
 * links to. The deal's value is the Foundation contract by hand: 9,500 setup + 3,500 × 3 months = 20,000.
 */
export async function createDealWithPartnership(
  db: Database,
  options: { companyName?: string; ownerId?: string | null; startDate: Date; targetEndDate: Date },
) {
  const ownerId = options.ownerId ?? null
  const company = await db.company.create({
    data: {
      name: options.companyName ?? 'Northwind Plumbing',
      industry: 'PLUMBING',
      employeeCount: 'RANGE_10_25',
      businessModel: 'SERVICE',
      source: 'REFERRAL',
    },
    select: { id: true, name: true },
  })
  const contact = await db.contact.create({
    data: { companyId: company.id, firstName: 'Ada', lastName: 'Lovelace', email: `ada-${randomUUID()}@example.com` },
    select: { id: true },
  })
  const deal = await db.opportunity.create({
    data: {
      companyId: company.id,
      primaryContactId: contact.id,
      name: 'Northwind — Foundation',
      tier: 'FOUNDATION',
      setupFee: 9_500,
      totalContractValue: 20_000,
      ownerId,
    },
    select: { id: true },
  })
  const partnership = await db.partnership.create({
    data: {
      opportunityId: deal.id,
      companyId: company.id,
      tier: 'FOUNDATION',
      startDate: options.startDate,
      targetEndDate: options.targetEndDate,
      ownerId,
    },
    select: { id: true },
  })
  return { company, contact, deal, partnership }
}

/**
 * A company, its contact and a deal written straight to the rows, where the deal's workflow would have recorded its
 * stage and checklist (the workflow starts from the row on its first update). The contact reads English.
 */
export async function createDealAt(
  db: Database,
  options: {
    stage: PipelineStage
    ownerId: string | null
    done: RequiredAction[]
    companyName?: string
  },
) {
  const company = await db.company.create({
    data: {
      name: options.companyName ?? `Cool Air ${randomUUID()}`,
      industry: 'HVAC',
      employeeCount: 'RANGE_10_25',
      businessModel: 'SERVICE',
      source: 'REFERRAL',
    },
    select: { id: true, name: true },
  })
  const contact = await db.contact.create({
    data: { companyId: company.id, firstName: 'Ada', lastName: 'Diaz', email: `ada-${randomUUID()}@example.com` },
    select: { id: true, email: true },
  })
  const doneAt = new Date().toISOString()
  const deal = await db.opportunity.create({
    data: {
      companyId: company.id,
      primaryContactId: contact.id,
      name: `${company.name} — Foundation`,
      tier: 'FOUNDATION',
      setupFee: 9_500,
      totalContractValue: 9_500,
      ownerId: options.ownerId,
      stage: options.stage,
      probability: stagePolicies[options.stage].probability,
      checklist: options.done.map((action) => ({ action, doneAt, byUserId: options.ownerId, how: 'Marked done' })),
    },
    select: { id: true },
  })
  return { company, contact, deal }
}
