// What any entity workflow (lead, deal, partnership) asks of notifyOwner. Types only: workflows import these.
import type { NotificationKind } from '../prisma/generated/enums'

/** The record a notification is about; its page is where the notification links. */
export type EntityReference =
  | { type: 'lead'; id: string }
  | { type: 'deal'; id: string }
  | { type: 'partnership'; id: string }
  /** A task (an Activity of type TASK): its owner is reminded, and the link is the record the task is on. */
  | { type: 'task'; id: string }

export interface NotifyOwnerInput {
  entity: EntityReference
  kind: NotificationKind
  /** Unique per alert, e.g. `lead-<id>/new-overdue`: the notification and its email exist once per person. */
  idempotencyKey: string
  /** Extra words for the alert, e.g. the qualification trigger. */
  detail?: string
  /** Who hears it: the record's owner (the default), or the Sales Managers (§9.2 "Deal stalled": manager notification). */
  audience?: 'owner' | 'managers'
  /** For a task: the due time the reminder is for (ISO); a task that is no longer due then is not reminded. */
  taskDueAt?: string
  now: string
}

/** A task reminder found its task completed, deleted or moved: nothing to remind (the workflow ends). */
export const taskNotOpenFailureType = 'TaskNotOpen'

/** The input lead workflows scheduled before the entity reference existed (still in running histories). */
export type LegacyLeadNotifyOwnerInput = Omit<NotifyOwnerInput, 'entity'> & { leadId: string }

export interface NotifyOwnerResult {
  notified: boolean
  recipients: number
}

/** The page of a record in the app. */
export function entityPath(entity: EntityReference): string {
  // A task's own link is the record it is on (the notifications activity knows it); this is the fallback.
  if (entity.type === 'task') return '/my-work'
  const segment = { lead: 'leads', deal: 'opportunities', partnership: 'partnerships' }[entity.type]
  return `/${segment}/${entity.id}`
}
