import type { Language, LeadSource } from '../../prisma/generated/enums'
import { leadGapsFilledBy, leadPersonData, type LeadPerson } from '../../domain/leads/lead-input'
import { leadWorkflowTargetSelect, type LeadWorkflowTarget } from '../leads/lead-workflow'
import { lockKey, type Transaction } from './ingestion-dependencies'

/** A lead as its workflow is started or told of an event: enough to start a v6 run from it (decision 0044). */
export interface LeadRef extends LeadWorkflowTarget {
  workflowId: string | null
}

const leadRefOnlySelect = { ...leadWorkflowTargetSelect, workflowId: true } as const

export type ResolvedPerson = { kind: 'contact'; contactId: string } | { kind: 'lead'; lead: LeadRef; created: boolean }

const leadRefSelect = {
  ...leadRefOnlySelect,
  firstName: true,
  lastName: true,
  phone: true,
  companyName: true,
  industry: true,
  employeeCount: true,
  aiMaturityIndicators: true,
  timezone: true,
} as const

export interface PersonInput {
  email: string
  /** The lead's source when this is the person's first touch (§3.1). */
  source: LeadSource
  sourceDetail?: string
  person: LeadPerson
  /** The language the person used, when the source knows it (a Spanish conversation). */
  language?: Language | null
  timezone?: string | null
}

/**
 * One person, one lead, across every source: a converted contact with the address takes the engagement (no new
 * lead); else the lead with the address (empty columns filled, first touch kept); else a new lead whose source is
 * this one. Locks the address for the rest of the transaction, so two sources capturing one person at the same time
 * create one lead.
 */
export async function resolvePerson(tx: Transaction, input: PersonInput): Promise<ResolvedPerson> {
  await lockKey(tx, `person:${input.email}`)
  const contact = await tx.contact.findFirst({
    where: { email: { equals: input.email, mode: 'insensitive' } },
    select: { id: true },
    orderBy: { createdAt: 'asc' },
  })
  if (contact) return { kind: 'contact', contactId: contact.id }

  const person: LeadPerson = { ...input.person }
  const known = await tx.lead.findUnique({ where: { email: input.email }, select: leadRefSelect })
  if (!known) {
    // A form capture inserts without this lock (the unique address is its lock, decision 0058): an insert that meets
    // its row skips, and the lead it made is the person's.
    const [created] = await tx.lead.createManyAndReturn({
      data: [newLeadData({ ...input, person })],
      skipDuplicates: true,
      select: leadRefSelect,
    })
    if (created) return { kind: 'lead', lead: leadRef(created), created: true }
  }
  const existing = known ?? (await tx.lead.findUniqueOrThrow({ where: { email: input.email }, select: leadRefSelect }))
  const gaps = leadGapsFilledBy(existing, person)
  if (!existing.timezone && !gaps.timezone && input.timezone) gaps.timezone = input.timezone
  if (Object.keys(gaps).length > 0)
    await tx.lead.update({ where: { id: existing.id }, data: gaps, select: { id: true } })
  return { kind: 'lead', lead: leadRef(existing), created: false }
}

/** The row of a person's first lead: this source is its first touch (§3.1). */
export function newLeadData(input: PersonInput) {
  const data = leadPersonData(input.person)
  return {
    ...data,
    email: input.email,
    source: input.source,
    sourceDetail: data.sourceDetail ?? input.sourceDetail,
    preferredLanguage: data.preferredLanguage ?? input.language ?? undefined,
    timezone: data.timezone ?? input.timezone ?? undefined,
  }
}

function leadRef(lead: LeadRef): LeadRef {
  const { id, source, status, workflowId, createdAt, assignedToId, leadScore, qualificationStage } = lead
  return { id, source, status, workflowId, createdAt, assignedToId, leadScore, qualificationStage }
}

export async function loadLeadRef(tx: Transaction, leadId: string): Promise<LeadRef | null> {
  return tx.lead.findUnique({
    where: { id: leadId },
    select: leadRefOnlySelect,
  })
}

/** Where an engagement belongs: the lead or the converted contact (one of the two, or neither while anonymous). */
export function ownerColumns(resolved: ResolvedPerson | null): { leadId: string | null; contactId: string | null } {
  if (!resolved) return { leadId: null, contactId: null }
  return resolved.kind === 'lead'
    ? { leadId: resolved.lead.id, contactId: null }
    : { leadId: null, contactId: resolved.contactId }
}

/** Who an ingested record ended up with, as the ingestion services answer it. */
export function resolvedLinks(resolved: ResolvedPerson | null): {
  lead: LeadRef | null
  leadCreated: boolean
  contactId: string | null
} {
  return {
    lead: resolved?.kind === 'lead' ? resolved.lead : null,
    leadCreated: resolved?.kind === 'lead' && resolved.created,
    contactId: resolved?.kind === 'contact' ? resolved.contactId : null,
  }
}
