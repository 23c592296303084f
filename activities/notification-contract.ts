// What any entity workflow (lead, deal, partnership) asks of notifyOwner. Types only: workflows import these.
import type { NotificationKind } from '../prisma/generated/enums'

/** The record a notification is about; its page is where the notification links. */
export type EntityReference =
  { type: 'lead'; id: string } | { type: 'deal'; id: string } | { type: 'partnership'; id: string }

export interface NotifyOwnerInput {
  entity: EntityReference
  kind: NotificationKind
  /** Unique per alert, e.g. `lead-<id>/new-overdue`: the notification and its email exist once per person. */
  idempotencyKey: string
  /** Extra words for the alert, e.g. the qualification trigger. */
  detail?: string
  /** Who hears it: the record's owner (the default), or the Sales Managers (§9.2 "Deal stalled": manager notification). */
  audience?: 'owner' | 'managers'
  now: string
}

/** The input lead workflows scheduled before the entity reference existed (still in running histories). */
export type LegacyLeadNotifyOwnerInput = Omit<NotifyOwnerInput, 'entity'> & { leadId: string }

export interface NotifyOwnerResult {
  notified: boolean
  recipients: number
}

/** The page of a record in the app. */
export function entityPath(entity: EntityReference): string {
  const segment = { lead: 'leads', deal: 'opportunities', partnership: 'partnerships' }[entity.type]
  return `/${segment}/${entity.id}`
}
