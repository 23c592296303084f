import type { Response } from 'express'
import type { Parsed } from '../domain/deals/deal-input'
import type { WebDependencies } from '../services/dependencies'
import { Problem } from '../services/problems/problem'
import type { EntityActionContext } from '../services/workflows/entity-actions'

/** The signed-in person or API key a deal or partnership action runs for, with what the service needs. */
export function entityActionContext(
  { db, temporal, config }: WebDependencies,
  response: Response,
): EntityActionContext {
  const actor = response.locals.actor
  if (!actor) throw new Problem('unauthenticated', 'Sign in or present an API key')
  return { db, temporal, taskQueue: config.TEMPORAL_TASK_QUEUE, actor }
}

/** A parsed body, or a 400 problem naming every field at fault. */
export function validBody<T>(parsed: Parsed<T>, what: string): T {
  if (!parsed.ok) throw new Problem('invalid-input', `The ${what} is not valid`, { fields: parsed.errors })
  return parsed.value
}
