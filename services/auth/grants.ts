import { recordGrant, type Grant, type RecordAction, type RecordResource } from '../../domain/access/permission-matrix'
import type { Actor } from './actor'
import { scopeFor } from './api-keys'

/** What an actor may do with a record resource: people by the §14.2 matrix, API keys by their scopes. */
export function grantFor(actor: Actor, resource: RecordResource, action: RecordAction): Grant {
  if (actor.kind === 'api-key') return actor.scopes.includes(scopeFor(resource, action)) ? 'all' : 'none'
  return recordGrant(actor.role, resource, action)
}
