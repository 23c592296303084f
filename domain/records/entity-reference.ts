/** The records that own a long-running workflow: a lead, a deal (an Opportunity row) or a partnership. */
export type EntityKind = 'lead' | 'deal' | 'partnership'

/** Which entity a side effect (a message, a timeline entry, an alert) belongs to. */
export interface EntityReference {
  kind: EntityKind
  id: string
}

export const leadEntity = (id: string): EntityReference => ({ kind: 'lead', id })

/** The foreign-key columns Activity and OutboxMessage use to link to an entity: exactly one is set. */
export function entityLinkColumns(entity: EntityReference | null | undefined): {
  leadId: string | null
  opportunityId: string | null
  partnershipId: string | null
} {
  return {
    leadId: entity?.kind === 'lead' ? entity.id : null,
    opportunityId: entity?.kind === 'deal' ? entity.id : null,
    partnershipId: entity?.kind === 'partnership' ? entity.id : null,
  }
}
