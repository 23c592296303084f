import type { Client } from '@temporalio/client'
import {
  decideChangeActivity,
  decideLogActivity,
  decideReadActivities,
  resourceOfTarget,
  type ActivityActor,
  type ActivityDecision,
} from '../../domain/activities/activity-access'
import {
  activityTargetFields,
  loggedActivityTypes,
  parseChangeTaskInput,
  parseLogActivityInput,
  type ActivityTarget,
  type ActivityTargetKind,
  type LoggedActivityKind,
} from '../../domain/activities/activity-input'
import { activityStatus } from '../../domain/activities/activity-status'
import type { ActivityType } from '../../prisma/generated/enums'
import type { FieldError } from '../../domain/validation/field-errors'
import type { Database } from '../../lib/db'
import { logger } from '../../lib/logger'
import type { Actor } from '../auth/actor'
import { recordAudit } from '../auth/audit'
import { grantFor } from '../auth/grants'
import { Problem } from '../problems/problem'
import { defaultActivityHooks, type ActivityChange, type ActivityHooks } from './activity-hooks'
import { closeTaskReminder, rescheduleTaskReminder, startTaskReminder } from './task-workflow'

// Work logged on a lead, deal, company or contact (calls, emails, meetings, notes, tasks), transport-free: the API
// (api/routes/activities.ts) and the pages (app/activities.server.ts) both call these. A task's reminder is its own
// workflow (workflows/task-reminder.ts), started and signalled from here.

export interface ActivityContext {
  db: Database
  temporal: Client
  taskQueue: string
  actor: Actor
  client?: { ipAddress?: string; userAgent?: string }
  /** The request that asked, for a denied attempt's audit row. */
  via?: { method: string; path: string }
  /** Who else learns of the change (the deal workflow); the default listens as the web process does. */
  hooks?: ActivityHooks
  /** The clock (tests); defaults to now. */
  now?: () => Date
}

const activitySelect = {
  id: true,
  type: true,
  subject: true,
  description: true,
  outcome: true,
  direction: true,
  leadId: true,
  opportunityId: true,
  companyId: true,
  contactId: true,
  scheduledAt: true,
  completedAt: true,
  userId: true,
  user: { select: { name: true } },
  createdAt: true,
} as const

type ActivityRow = {
  id: string
  type: ActivityType
  subject: string
  description: string | null
  outcome: string | null
  direction: string | null
  leadId: string | null
  opportunityId: string | null
  companyId: string | null
  contactId: string | null
  scheduledAt: Date | null
  completedAt: Date | null
  userId: string | null
  user: { name: string } | null
  createdAt: Date
}

const kindOfType = Object.fromEntries(
  Object.entries(loggedActivityTypes).map(([kind, type]) => [type, kind]),
) as Record<string, LoggedActivityKind>

/** An activity as the API answers it and the pages show it. */
export function representActivity(row: ActivityRow) {
  const isTask = row.type === 'TASK'
  return {
    id: row.id,
    /** call, email, meeting, note, task; other kinds (voice sessions, system events) in lower case. */
    type: kindOfType[row.type] ?? row.type.toLowerCase(),
    subject: row.subject,
    description: row.description,
    outcome: row.outcome,
    direction: row.direction?.toLowerCase() ?? null,
    leadId: row.leadId,
    opportunityId: row.opportunityId,
    companyId: row.companyId,
    contactId: row.contactId,
    /** A task's due time. */
    dueAt: isTask ? (row.scheduledAt?.toISOString() ?? null) : null,
    /** A meeting still to come. */
    scheduledAt: isTask ? null : (row.scheduledAt?.toISOString() ?? null),
    completedAt: row.completedAt?.toISOString() ?? null,
    /** A task's owner, or who logged the work (null for work logged by an integration). */
    userId: row.userId,
    userName: row.user?.name ?? null,
    status: activityStatus(row),
    createdAt: row.createdAt.toISOString(),
  }
}

export type ActivityRepresentation = ReturnType<typeof representActivity>

function activityActorOf(actor: Actor, target: ActivityTargetKind): ActivityActor {
  const resource = resourceOfTarget[target]
  const read = grantFor(actor, resource, 'read')
  const update = grantFor(actor, resource, 'update')
  return actor.kind === 'user'
    ? { kind: 'user', userId: actor.userId, role: actor.role, read, update }
    : { kind: 'api-key', read, update }
}

/** The record work is logged on, with who owns it where §14.2 says "own" (leads, deals), or null when missing. */
async function findTarget(db: Database, target: ActivityTarget): Promise<{ ownerId: string | null } | null> {
  switch (target.kind) {
    case 'lead': {
      const lead = await db.lead.findUnique({ where: { id: target.id }, select: { assignedToId: true } })
      return lead && { ownerId: lead.assignedToId }
    }
    case 'deal': {
      const deal = await db.opportunity.findUnique({ where: { id: target.id }, select: { ownerId: true } })
      return deal && { ownerId: deal.ownerId }
    }
    case 'company': {
      const company = await db.company.findUnique({ where: { id: target.id }, select: { id: true } })
      return company && { ownerId: null }
    }
    case 'contact': {
      const contact = await db.contact.findUnique({ where: { id: target.id }, select: { id: true } })
      return contact && { ownerId: null }
    }
  }
}

const targetNouns: Record<ActivityTargetKind, string> = {
  lead: 'lead',
  deal: 'deal',
  company: 'company',
  contact: 'contact',
}

function targetOfRow(row: Pick<ActivityRow, 'leadId' | 'opportunityId' | 'companyId' | 'contactId'>): ActivityTarget {
  if (row.leadId) return { kind: 'lead', id: row.leadId }
  if (row.opportunityId) return { kind: 'deal', id: row.opportunityId }
  if (row.companyId) return { kind: 'company', id: row.companyId }
  if (row.contactId) return { kind: 'contact', id: row.contactId }
  throw new Problem('not-found', 'This activity is not on a lead, deal, company or contact')
}

async function enforce(
  context: ActivityContext,
  decision: ActivityDecision,
  action: string,
  missing: { detail: string; field?: string },
  entityId: string | undefined,
): Promise<void> {
  if (decision === 'allowed') return
  if (decision === 'not-found') {
    throw new Problem('not-found', missing.detail, {
      fields: missing.field ? [{ field: missing.field, message: 'names no record you may see' }] : [],
    })
  }
  await recordAudit(context.db, {
    actor: context.actor,
    action: `activities.${action}`,
    outcome: 'DENIED',
    entityType: 'activities',
    entityId,
    metadata: context.via ? { method: context.via.method, path: context.via.path } : undefined,
    client: context.client,
  })
  throw new Problem('forbidden', `Your role does not allow you to ${action} this work`)
}

function invalid(detail: string, errors: FieldError[]): Problem {
  const problems = errors.map((error) => `${error.field} ${error.message}`).join('; ')
  return new Problem('invalid-input', `${detail}: ${problems}`, { fields: errors })
}

/** An active user who can own a task, or a 400 naming `ownerId`. */
async function requireTaskOwner(db: Database, ownerId: string): Promise<void> {
  const owner = await db.user.findUnique({ where: { id: ownerId }, select: { active: true } })
  if (!owner?.active) {
    throw invalid('The task was not saved', [{ field: 'ownerId', message: 'is not an active user' }])
  }
}

async function tell(context: ActivityContext, change: ActivityChange, row: ActivityRow): Promise<void> {
  const hooks = context.hooks ?? defaultActivityHooks(context)
  try {
    await hooks.onActivityLogged({
      change,
      activityId: row.id,
      type: row.type,
      direction: row.direction,
      leadId: row.leadId,
      opportunityId: row.opportunityId,
      companyId: row.companyId,
      contactId: row.contactId,
      completedAt: row.completedAt,
      scheduledAt: row.scheduledAt,
    })
  } catch (error) {
    // The work is recorded either way; a listener that could not be told must not make the person log it twice.
    logger.warn('An activity listener could not be told of a change', { activityId: row.id, change, error })
  }
}

/** The company whose "last activity" a piece of work touches: its own, or that of its contact or deal. */
async function companyOf(db: Database, target: ActivityTarget): Promise<string | null> {
  if (target.kind === 'company') return target.id
  if (target.kind === 'contact') {
    return (await db.contact.findUnique({ where: { id: target.id }, select: { companyId: true } }))?.companyId ?? null
  }
  if (target.kind === 'deal') {
    return (
      (await db.opportunity.findUnique({ where: { id: target.id }, select: { companyId: true } }))?.companyId ?? null
    )
  }
  return null
}

/**
 * Logs a call, email, meeting, note or task. A task gets its reminder workflow before the answer: when Temporal
 * does not answer, the task is not kept (503), so a task never exists without its reminder.
 */
export async function logActivity(context: ActivityContext, body: unknown): Promise<ActivityRepresentation> {
  const { db, actor } = context
  const now = context.now?.() ?? new Date()
  const parsed = parseLogActivityInput(body, now)
  if (!parsed.ok) throw invalid('The activity was not logged', parsed.errors)
  const request = parsed.request
  const field = activityTargetFields[request.target.kind]

  const record = await findTarget(db, request.target)
  await enforce(
    context,
    decideLogActivity(activityActorOf(actor, request.target.kind), record),
    'log',
    { detail: `No ${targetNouns[request.target.kind]} with id ${request.target.id}`, field },
    request.target.id,
  )

  const isTask = request.type === 'TASK'
  let userId = actor.kind === 'user' ? actor.userId : null
  if (isTask) {
    const ownerId = request.ownerId ?? userId
    if (!ownerId) {
      throw invalid('The task was not saved', [
        { field: 'ownerId', message: 'is required when an API key logs a task' },
      ])
    }
    await requireTaskOwner(db, ownerId)
    userId = ownerId
  }

  const row: ActivityRow = await db.activity.create({
    data: {
      type: request.type,
      subject: request.subject,
      description: request.description,
      outcome: request.outcome,
      direction: request.direction,
      [field]: request.target.id,
      scheduledAt: request.scheduledAt,
      completedAt: request.completedAt,
      userId,
      createdAt: now,
    },
    select: activitySelect,
  })

  if (isTask) {
    try {
      await startTaskReminder(context.temporal, { id: row.id, dueAt: request.scheduledAt! }, context.taskQueue)
    } catch (error) {
      await db.activity.delete({ where: { id: row.id } })
      throw error
    }
  }
  if (request.completedAt) {
    const companyId = await companyOf(db, request.target)
    if (companyId) {
      await db.company.updateMany({
        where: { id: companyId, lastActivityDate: { lt: request.completedAt } },
        data: { lastActivityDate: request.completedAt },
      })
    }
  }
  await tell(context, 'logged', row)
  return representActivity(row)
}

export const defaultActivityListLimit = 50
export const maxActivityListLimit = 200

/** The work on one record, newest first (a company's includes the work on its contacts and the deals one may see). */
export async function listActivities(
  context: ActivityContext,
  target: ActivityTarget,
  limit: number = defaultActivityListLimit,
): Promise<ActivityRepresentation[]> {
  const { db, actor } = context
  const field = activityTargetFields[target.kind]
  const record = await findTarget(db, target)
  await enforce(
    context,
    decideReadActivities(activityActorOf(actor, target.kind), record),
    'read',
    { detail: `No ${targetNouns[target.kind]} with id ${target.id}`, field },
    target.id,
  )
  const where = target.kind === 'company' ? await companyWorkWhere(context, target.id) : { [field]: target.id }
  const rows = await db.activity.findMany({
    where,
    select: activitySelect,
    orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
    take: Math.min(Math.max(1, limit), maxActivityListLimit),
  })
  return rows.map(representActivity)
}

async function companyWorkWhere(context: ActivityContext, companyId: string) {
  const { actor } = context
  const or: Record<string, unknown>[] = [{ companyId }]
  if (grantFor(actor, 'contacts', 'read') !== 'none') or.push({ contact: { is: { companyId } } })
  const deals = grantFor(actor, 'opportunities', 'read')
  if (deals === 'all') or.push({ opportunity: { is: { companyId } } })
  if (deals === 'own' && actor.kind === 'user') {
    or.push({ opportunity: { is: { companyId, ownerId: actor.userId } } })
  }
  return { OR: or }
}

async function loadForChange(context: ActivityContext, activityId: string, action: string) {
  const row = await context.db.activity.findUnique({ where: { id: activityId }, select: activitySelect })
  if (!row) throw new Problem('not-found', `No activity with id ${activityId}`)
  const target = targetOfRow(row)
  const record = await findTarget(context.db, target)
  await enforce(
    context,
    decideChangeActivity(activityActorOf(context.actor, target.kind), record, row),
    action,
    { detail: `No activity with id ${activityId}` },
    activityId,
  )
  return row
}

/** Completes a task, moves its due time or hands it to someone else; its reminder follows. */
export async function changeTask(
  context: ActivityContext,
  activityId: string,
  body: unknown,
): Promise<ActivityRepresentation> {
  const { db, temporal, taskQueue } = context
  const now = context.now?.() ?? new Date()
  const row = await loadForChange(context, activityId, 'change')
  if (row.type !== 'TASK') {
    throw new Problem('conflict', `Only a task is completed or moved; this is a ${kindOfType[row.type] ?? 'record'}`)
  }
  if (row.completedAt) throw new Problem('conflict', 'This task is completed already; log a new one')
  const parsed = parseChangeTaskInput(body)
  if (!parsed.ok) throw invalid('The task was not changed', parsed.errors)
  const request = parsed.request
  if (request.ownerId) await requireTaskOwner(db, request.ownerId)

  // Moving: the reminder learns the new time first, so a refused move (Temporal away) changes nothing.
  if (request.dueAt && !request.complete) {
    await rescheduleTaskReminder(temporal, { id: row.id, dueAt: request.dueAt }, taskQueue)
  }
  const updated: ActivityRow = await db.activity.update({
    where: { id: row.id },
    data: {
      ...(request.dueAt ? { scheduledAt: request.dueAt } : {}),
      ...(request.ownerId ? { userId: request.ownerId } : {}),
      ...(request.outcome ? { outcome: request.outcome } : {}),
      ...(request.complete ? { completedAt: now } : {}),
    },
    select: activitySelect,
  })
  if (request.complete) {
    // Completed in the database first: a reminder whose signal is lost finds the task done and stays silent.
    await closeTaskReminder(temporal, row.id, 'completed').catch((error: unknown) =>
      logger.warn('A completed task could not stop its reminder; the reminder will find it done', {
        activityId: row.id,
        error,
      }),
    )
  }
  await tell(context, request.complete ? 'completed' : 'rescheduled', updated)
  return representActivity(updated)
}

/** Deletes logged work; a task's reminder ends without reminding. */
export async function deleteActivity(context: ActivityContext, activityId: string): Promise<void> {
  const row = await loadForChange(context, activityId, 'delete')
  await context.db.activity.delete({ where: { id: row.id } })
  if (row.type === 'TASK' && !row.completedAt) {
    await closeTaskReminder(context.temporal, row.id, 'deleted').catch((error: unknown) =>
      logger.warn('A deleted task could not stop its reminder; the reminder will find it gone', {
        activityId: row.id,
        error,
      }),
    )
  }
  await tell(context, 'deleted', row)
}

/** `?leadId=…` (or opportunityId, companyId, contactId): the record a list is about, or the field errors. */
export function targetOfQuery(
  query: Record<string, unknown>,
): { ok: true; target: ActivityTarget } | { ok: false; errors: FieldError[] } {
  const given = (Object.entries(activityTargetFields) as [ActivityTargetKind, string][]).filter(
    ([, field]) => typeof query[field] === 'string' && query[field] !== '',
  )
  if (given.length !== 1) {
    return {
      ok: false,
      errors: [{ field: 'leadId', message: 'name exactly one of leadId, opportunityId, companyId, contactId' }],
    }
  }
  const [kind, field] = given[0]!
  return { ok: true, target: { kind, id: String(query[field]) } }
}

/** Whether the actor may log work on the record (for showing the form only where it will work). */
export async function mayLogActivityOn(context: Pick<ActivityContext, 'db' | 'actor'>, target: ActivityTarget) {
  const record = await findTarget(context.db, target)
  return decideLogActivity(activityActorOf(context.actor, target.kind), record) === 'allowed'
}
