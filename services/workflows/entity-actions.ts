import type { Client } from '@temporalio/client'
import type { UpdateDefinition } from '@temporalio/common'
import type { RecordResource } from '../../domain/access/permission-matrix'
import type { MoveActor } from '../../domain/deals/deal-moves'
import type { Database } from '../../lib/db'
import type { Actor } from '../auth/actor'
import { recordAudit } from '../auth/audit'
import { grantFor } from '../auth/grants'
import { Problem } from '../problems/problem'
import { problemFrom } from '../problems/problem-from-error'
import { executeEntityUpdate, type EntityWorkflow } from './entity-workflow-client'

// What every person's change to a deal or a partnership goes through, transport-free: the right to ask (§14.2),
// the workflow's update (whose validator answers for everyone), the audit entry and the one error model.

export interface EntityActionContext {
  db: Database
  temporal: Client
  taskQueue: string
  actor: Actor
}

/** Who asks, as the workflows' validators judge it. */
export function workflowActorOf(actor: Actor): MoveActor {
  return actor.kind === 'user'
    ? { kind: 'user', userId: actor.userId, role: actor.role }
    : { kind: 'api-key', id: actor.apiKeyId }
}

/**
 * §14.2: only who may update `resource` may ask its workflow to change a record. The workflows count an API key as
 * a manager, so a key needs the `<resource>:update` scope here, before any workflow is asked.
 */
export function requireUpdateGrant(actor: Actor, resource: RecordResource, refusal: string): void {
  if (grantFor(actor, resource, 'update') === 'none') throw new Problem('forbidden', refusal)
}

/** One update of the record's workflow on the actor's behalf: audited once done, its failure a problem. */
export async function auditedEntityUpdate<Ret, Args extends unknown[]>(
  context: EntityActionContext,
  entity: EntityWorkflow,
  audit: { resource: RecordResource; action: string; id: string },
  update: UpdateDefinition<Ret, Args>,
  ...args: Args
): Promise<Ret> {
  return auditedWorkflowCall(context, audit, () =>
    executeEntityUpdate(context.temporal, entity, context.taskQueue, update, ...args),
  )
}

/** A call to a workflow on a person's behalf, audited when it succeeds; any failure answers as a problem. */
export async function auditedWorkflowCall<T>(
  context: EntityActionContext,
  audit: { resource: RecordResource; action: string; id: string },
  call: () => Promise<T>,
): Promise<T> {
  try {
    const result = await call()
    await recordAudit(context.db, {
      actor: context.actor,
      action: `${audit.resource}.${audit.action}`,
      outcome: 'SUCCESS',
      entityType: audit.resource,
      entityId: audit.id,
    })
    return result
  } catch (error) {
    throw problemFrom(error)
  }
}
