import type { RecordResource } from '../../domain/access/permission-matrix'

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
