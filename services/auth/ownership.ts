import type { Grant, RecordResource } from '../../domain/access/permission-matrix'
import type { Actor } from './actor'

/**
 * What "own" means per resource in §14.2: the leads assigned to the user, the opportunities they own, and the
 * voice sessions of their leads. Used as a Prisma `where` fragment, so lists, details, exports and counts all
 * narrow the same way.
 */
export function ownedBy(resource: RecordResource, userId: string): Record<string, unknown> {
  switch (resource) {
    case 'leads':
      return { assignedToId: userId }
    case 'opportunities':
      return { ownerId: userId }
    case 'voiceSessions':
      return { lead: { is: { assignedToId: userId } } }
    default:
      throw new Error(`${resource} has no owner: the matrix never grants "own" on it`)
  }
}

/**
 * The `where` an actor's read grant narrows a resource to: `{}` for every record, `ownedBy` under "own", null
 * when they may not read it at all. Search and exports ask this, so they see exactly what the lists show.
 */
export function readScope(grant: Grant, resource: RecordResource, actor: Actor): Record<string, unknown> | null {
  if (grant === 'none') return null
  if (grant === 'all') return {}
  if (actor.kind !== 'user') throw new Error('only people hold "own" grants')
  return ownedBy(resource, actor.userId)
}
