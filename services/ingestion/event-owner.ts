import { Prisma, type Database } from '../../lib/db'
import type { LeadEvent } from '../../workflows/lead-messages'
import type { IngestionDependencies } from './ingestion-dependencies'
import { deliverLeadEvents } from './lead-events'
import { newLeadData, type LeadRef, type PersonInput } from './person'

/** Who owns the person a recorded webhook event is about, as the request sees it before the event is applied. */
export type EventOwner = { kind: 'contact' } | { kind: 'lead'; lead: LeadRef } | { kind: 'nobody' }

/** One candidate row of an owner lookup: a contact, or a lead (joined to its status, source and workflow). */
export interface OwnerCandidateRow {
  contactId: string | null
  leadId: string | null
  status: string | null
  source: string | null
  workflowId: string | null
}

export function ownerOfRow(row: OwnerCandidateRow | undefined): EventOwner | null {
  if (!row) return null
  if (row.contactId) return { kind: 'contact' }
  if (row.leadId && row.status && row.source) {
    return {
      kind: 'lead',
      lead: { id: row.leadId, status: row.status, source: row.source, workflowId: row.workflowId },
    }
  }
  return null
}

/**
 * The lead a recorded event by somebody new creates (this source is their first touch), so that its workflow can
 * exist; two deliveries creating the same person at once end with one lead (the address is unique).
 */
export async function findOrCreateLead(db: Database, person: PersonInput): Promise<LeadRef> {
  const select = { id: true, source: true, status: true, workflowId: true } as const
  try {
    return await db.lead.create({ data: newLeadData(person), select })
  } catch (error) {
    if (!(error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2002')) throw error
    return db.lead.findUniqueOrThrow({ where: { email: person.email }, select })
  }
}

/** Leads whose workflow has ended (converted, disqualified): their events are applied where they arrive. */
const closedLeadStatuses = new Set(['CONVERTED', 'UNQUALIFIED'])

/**
 * The request's part of a claimed event (decision 0016): the person's lead — found, or created from `person` — hears
 * `event` (naming the WebhookEvent) through signal-with-start, and its workflow applies it (applyIngestedEvent).
 * Nobody's running process owns the event of a customer (a contact), of a closed lead, or of nobody (`person` null:
 * an anonymous voice session, a calculation without an email): `applyHere` applies it, with the same function.
 */
export async function signalOrApplyHere(
  dependencies: IngestionDependencies,
  {
    owner,
    person,
    event,
    beforeSignal,
    applyHere,
  }: {
    owner: EventOwner
    /** Who a new lead would be; null when the event names nobody. */
    person: PersonInput | null
    event: LeadEvent & { webhookEventId: string }
    /** What else the lead's workflow being told requires first (it fails the request before the signal). */
    beforeSignal?: (lead: LeadRef) => Promise<void>
    applyHere: () => Promise<void>
  },
): Promise<'settled'> {
  const runningLead = owner.kind === 'lead' && !closedLeadStatuses.has(owner.lead.status) ? owner.lead : null
  if (owner.kind === 'contact' || (owner.kind === 'lead' && !runningLead) || (owner.kind === 'nobody' && !person)) {
    await applyHere()
    return 'settled'
  }
  const lead = runningLead ?? (await findOrCreateLead(dependencies.db, person!))
  await beforeSignal?.(lead)
  await deliverLeadEvents(dependencies, lead, [event])
  return 'settled'
}
