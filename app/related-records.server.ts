import type { AppLoadContext } from '@remix-run/node'
import type { RecordResource } from '../domain/access/permission-matrix'
import { enumWords } from '../domain/records/enum-words'
import { grantOf, scopeOf, type SignedInUser } from './auth.server'

// What a company or contact page shows beside its form: the leads, deals, partnerships (and a company's contacts)
// that belong to it, each list only as far as the user may read that kind of record (§14.2).

const limit = 50

export interface RelatedRow {
  id: string
  path: string
  name: string
  /** Stage, status or role, in words. */
  state: string
  /** Owner, value or email: the one thing worth seeing next to the name. */
  detail: string
}

export interface RelatedList {
  kind: 'contacts' | 'leads' | 'deals' | 'partnerships'
  title: string
  rows: RelatedRow[]
}

const money = (value: { toString(): string }) =>
  new Intl.NumberFormat('en-US', { style: 'currency', currency: 'USD', maximumFractionDigits: 0 }).format(
    Number(value.toString()),
  )

function readable(user: SignedInUser, resource: RecordResource) {
  const grant = grantOf(user, { resource, action: 'read' })
  return grant === 'none' ? null : scopeOf(grant, resource, user)
}

/** The related records of a company or a contact, or null for the other record pages. */
export async function loadRelatedRecords(
  context: AppLoadContext,
  user: SignedInUser,
  segment: string,
  id: string,
): Promise<RelatedList[] | null> {
  const { db } = context
  let companyId: string
  let leadsWhere: Record<string, unknown>
  let dealsWhere: Record<string, unknown>
  if (segment === 'companies') {
    companyId = id
    leadsWhere = { convertedToCompanyId: id }
    dealsWhere = { companyId: id }
  } else if (segment === 'contacts') {
    const contact = await db.contact.findUnique({ where: { id }, select: { companyId: true, email: true } })
    if (!contact) return null
    companyId = contact.companyId
    // The person as a lead: the lead they were converted from, or a lead under the same address.
    leadsWhere = { OR: [{ convertedToContactId: id }, { email: contact.email }] }
    dealsWhere = { primaryContactId: id }
  } else {
    return null
  }

  const lists: RelatedList[] = []
  const contactsScope = segment === 'companies' ? readable(user, 'contacts') : null
  if (contactsScope) {
    const contacts = await db.contact.findMany({
      where: { companyId, ...contactsScope },
      select: { id: true, firstName: true, lastName: true, email: true, role: true },
      orderBy: [{ lastName: 'asc' }, { firstName: 'asc' }],
      take: limit,
    })
    lists.push({
      kind: 'contacts',
      title: 'Contacts',
      rows: contacts.map((contact) => ({
        id: contact.id,
        path: `/contacts/${contact.id}`,
        name: `${contact.firstName} ${contact.lastName}`,
        state: contact.role ? enumWords(contact.role) : '',
        detail: contact.email,
      })),
    })
  }
  const leadsScope = readable(user, 'leads')
  if (leadsScope) {
    const leads = await db.lead.findMany({
      where: { AND: [leadsWhere, leadsScope] },
      select: {
        id: true,
        email: true,
        firstName: true,
        lastName: true,
        status: true,
        leadScore: true,
        assignedTo: { select: { name: true } },
      },
      orderBy: { createdAt: 'desc' },
      take: limit,
    })
    lists.push({
      kind: 'leads',
      title: 'Leads',
      rows: leads.map((lead) => ({
        id: lead.id,
        path: `/leads/${lead.id}`,
        name: [lead.firstName, lead.lastName].filter(Boolean).join(' ') || lead.email,
        state: enumWords(lead.status),
        detail: `Score ${lead.leadScore} · ${lead.assignedTo?.name ?? 'Unassigned'}`,
      })),
    })
  }
  const dealsScope = readable(user, 'opportunities')
  if (dealsScope) {
    const deals = await db.opportunity.findMany({
      where: { ...dealsWhere, ...dealsScope },
      select: { id: true, name: true, stage: true, totalContractValue: true, owner: { select: { name: true } } },
      orderBy: { createdAt: 'desc' },
      take: limit,
    })
    lists.push({
      kind: 'deals',
      title: 'Deals',
      rows: deals.map((deal) => ({
        id: deal.id,
        path: `/opportunities/${deal.id}`,
        name: deal.name,
        state: enumWords(deal.stage),
        detail: `${money(deal.totalContractValue)} · ${deal.owner?.name ?? 'No owner'}`,
      })),
    })
  }
  const partnershipsScope = readable(user, 'partnerships')
  if (partnershipsScope) {
    const partnerships = await db.partnership.findMany({
      where: { companyId, ...partnershipsScope },
      select: { id: true, tier: true, status: true, currentPhase: true, healthScore: true },
      orderBy: { startDate: 'desc' },
      take: limit,
    })
    lists.push({
      kind: 'partnerships',
      title: 'Partnerships',
      rows: partnerships.map((partnership) => ({
        id: partnership.id,
        path: `/partnerships/${partnership.id}`,
        name: `${enumWords(partnership.tier)} partnership`,
        state: enumWords(partnership.status),
        detail: `Phase ${enumWords(partnership.currentPhase)}${partnership.healthScore === null ? '' : ` · health ${partnership.healthScore}`}`,
      })),
    })
  }
  return lists
}
