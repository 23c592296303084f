// Who may log, read and change work logged on a record. §14.2 has no row for activities: they are part of the
// record they are logged on, so its row decides, read as below (docs/decisions/0022-work-logging.md).
import type { Grant, RecordResource } from '../access/permission-matrix'
import type { ActivityTargetKind } from './activity-input'

/** The §14.2 row of the record an activity is logged on. */
export const resourceOfTarget: Record<ActivityTargetKind, RecordResource> = {
  lead: 'leads',
  deal: 'opportunities',
  company: 'companies',
  contact: 'contacts',
}

/** What the actor is, for these rules: a person with a role, or an API key with its scopes on the record's row. */
export type ActivityActor =
  | { kind: 'user'; userId: string; role: string; read: Grant; update: Grant }
  | { kind: 'api-key'; read: Grant; update: Grant }

export type ActivityDecision = 'allowed' | 'not-found' | 'forbidden'

/**
 * Reading the work on a record is reading the record: an "own" grant sees the work on its own records only, and
 * a record outside it is answered as missing.
 */
export function decideReadActivities(
  actor: ActivityActor,
  record: { ownerId: string | null } | null,
): ActivityDecision {
  if (actor.read === 'none') return 'forbidden'
  if (!record) return 'not-found'
  if (actor.read === 'own' && (actor.kind !== 'user' || record.ownerId !== actor.userId)) return 'not-found'
  return 'allowed'
}

/**
 * Logging work is part of working a record, not editing it: every person who may read the record logs on it (a
 * Sales Rep on the leads assigned to them, whose matrix cell is "Read own"), except a Viewer, whose role reads
 * only. An API key writes, so it needs the record's update scope.
 */
export function decideLogActivity(actor: ActivityActor, record: { ownerId: string | null } | null): ActivityDecision {
  const reading = decideReadActivities(actor, record)
  if (reading !== 'allowed') return reading
  if (actor.kind === 'api-key') return actor.update === 'all' ? 'allowed' : 'forbidden'
  return actor.role === 'VIEWER' ? 'forbidden' : 'allowed'
}

/**
 * Changing or deleting logged work (completing, moving or handing on a task): the person it belongs to (a task's
 * owner, a call's author), or an Admin or Sales Manager, who run the team's work. Nobody else changes a
 * colleague's call notes. An API key needs the record's update scope.
 */
export function decideChangeActivity(
  actor: ActivityActor,
  record: { ownerId: string | null } | null,
  activity: { userId: string | null },
): ActivityDecision {
  const reading = decideReadActivities(actor, record)
  if (reading !== 'allowed') return reading
  if (actor.kind === 'api-key') return actor.update === 'all' ? 'allowed' : 'forbidden'
  if (actor.role === 'ADMIN' || actor.role === 'SALES_MANAGER') return 'allowed'
  return actor.role !== 'VIEWER' && activity.userId === actor.userId ? 'allowed' : 'forbidden'
}

/** For a page that already shows the work: whether to offer this person the buttons that change it. */
export function mayChangeShownActivity(person: { userId: string; role: string }, activity: { userId: string | null }) {
  return (
    decideChangeActivity({ kind: 'user', ...person, read: 'all', update: 'all' }, { ownerId: null }, activity) ===
    'allowed'
  )
}
