// Work logged by people on a lead, deal, company or contact (seed 002 §2 Activity; seed 001 "Sales Activities":
// call logging, email tracking, meeting scheduling, task management): what a request must say, checked once for the
// API and the pages.
import { z } from 'zod'
import { toFieldErrors, type FieldError } from '../validation/field-errors'
import { isoInstant } from '../validation/instant'
import { safeString, unsafeJsonFields } from '../validation/safe-text'

/** The kinds a person logs, in the API's words, and the stored ActivityType of each. */
export const loggedActivityTypes = {
  call: 'CALL',
  email: 'EMAIL',
  meeting: 'MEETING',
  note: 'NOTE',
  task: 'TASK',
} as const

export type LoggedActivityKind = keyof typeof loggedActivityTypes
export type LoggedActivityType = (typeof loggedActivityTypes)[LoggedActivityKind]
export const loggedActivityKinds = Object.keys(loggedActivityTypes) as LoggedActivityKind[]

export const activityKindLabels: Record<LoggedActivityKind, string> = {
  call: 'Call',
  email: 'Email',
  meeting: 'Meeting',
  note: 'Note',
  task: 'Task',
}

/** The records work is logged on, each named by the API field that links it. */
export const activityTargetFields = {
  lead: 'leadId',
  deal: 'opportunityId',
  company: 'companyId',
  contact: 'contactId',
} as const

export type ActivityTargetKind = keyof typeof activityTargetFields
export type ActivityTarget = { kind: ActivityTargetKind; id: string }
const targetEntries = Object.entries(activityTargetFields) as [ActivityTargetKind, string][]

export const subjectMaxLength = 200
export const descriptionMaxLength = 5_000
export const outcomeMaxLength = 500

const id = safeString({ message: 'must be text' }).trim().min(1, 'must not be empty').max(100)

const logActivitySchema = z.strictObject({
  type: z.enum(loggedActivityKinds as [LoggedActivityKind, ...LoggedActivityKind[]], {
    message: `must be one of ${loggedActivityKinds.join(', ')}`,
  }),
  subject: safeString({ message: 'must be text' })
    .trim()
    .min(1, 'must not be empty')
    .max(subjectMaxLength, `must be at most ${subjectMaxLength} characters`),
  description: safeString({ message: 'must be text' })
    .trim()
    .max(descriptionMaxLength, `must be at most ${descriptionMaxLength} characters`)
    .optional(),
  outcome: safeString({ message: 'must be text' })
    .trim()
    .max(outcomeMaxLength, `must be at most ${outcomeMaxLength} characters`)
    .optional(),
  direction: z.enum(['inbound', 'outbound'], { message: 'must be inbound or outbound' }).optional(),
  leadId: id.optional(),
  opportunityId: id.optional(),
  companyId: id.optional(),
  contactId: id.optional(),
  /** When a call, email, meeting or note took place (default: now); a meeting in the future is scheduled. */
  occurredAt: isoInstant.optional(),
  /** A task's due time. */
  dueAt: isoInstant.optional(),
  /** A task's owner (default: the person logging it). */
  ownerId: id.optional(),
})

export type LogActivityRequest = {
  type: LoggedActivityType
  subject: string
  description: string | null
  outcome: string | null
  direction: 'INBOUND' | 'OUTBOUND' | null
  target: ActivityTarget
  /** Set for a meeting still to come and for a task (its due time). */
  scheduledAt: Date | null
  /** Set for what has happened (a call, an email, a note, a past meeting); a task is open until completed. */
  completedAt: Date | null
  /** A task's owner when the request names one. */
  ownerId: string | null
}

export type InputResult<T> = { ok: true; request: T } | { ok: false; errors: FieldError[] }

function objectBody(body: unknown): { ok: true; input: object } | { ok: false; errors: FieldError[] } {
  const input = body === undefined || body === null ? {} : body
  if (typeof input !== 'object' || Array.isArray(input)) {
    return { ok: false, errors: [{ field: '(body)', message: 'must be a JSON object' }] }
  }
  const unsafe = unsafeJsonFields(input)
  return unsafe.length > 0 ? { ok: false, errors: unsafe } : { ok: true, input }
}

/**
 * A logged activity, checked: exactly one record it is about, a due time for a task (and only for a task), a
 * direction only for a call or an email. `now` places a meeting: one still to come is scheduled, not done.
 */
export function parseLogActivityInput(body: unknown, now: Date): InputResult<LogActivityRequest> {
  const object = objectBody(body)
  if (!object.ok) return object
  const parsed = logActivitySchema.safeParse(object.input)
  if (!parsed.success) return { ok: false, errors: toFieldErrors(parsed.error, object.input, 'activity') }
  const input = parsed.data
  const errors: FieldError[] = []

  const targets = targetEntries.filter(([, field]) => input[field as keyof typeof input] !== undefined)
  if (targets.length === 0) {
    errors.push({ field: 'leadId', message: 'is required: name one of leadId, opportunityId, companyId, contactId' })
  } else if (targets.length > 1) {
    for (const [, field] of targets.slice(1)) {
      errors.push({ field, message: `must not be given with ${targets[0]![1]}: an activity is about one record` })
    }
  }
  const isTask = input.type === 'task'
  if (isTask && input.dueAt === undefined) errors.push({ field: 'dueAt', message: 'is required for a task' })
  if (!isTask && input.dueAt !== undefined) errors.push({ field: 'dueAt', message: 'is only for a task' })
  if (!isTask && input.ownerId !== undefined) errors.push({ field: 'ownerId', message: 'is only for a task' })
  if (isTask && input.occurredAt !== undefined) {
    errors.push({ field: 'occurredAt', message: 'is not for a task: give dueAt' })
  }
  if (input.direction !== undefined && input.type !== 'call' && input.type !== 'email') {
    errors.push({ field: 'direction', message: 'is only for a call or an email' })
  }
  if (input.occurredAt !== undefined && input.type !== 'meeting' && Date.parse(input.occurredAt) > now.getTime()) {
    errors.push({ field: 'occurredAt', message: `must not be in the future for a ${input.type}` })
  }
  if (errors.length > 0) return { ok: false, errors }

  const [kind, field] = targets[0]!
  const occurredAt = input.occurredAt === undefined ? now : new Date(input.occurredAt)
  const meetingToCome = input.type === 'meeting' && occurredAt.getTime() > now.getTime()
  return {
    ok: true,
    request: {
      type: loggedActivityTypes[input.type],
      subject: input.subject,
      description: input.description || null,
      outcome: input.outcome || null,
      direction: input.direction === undefined ? null : input.direction === 'inbound' ? 'INBOUND' : 'OUTBOUND',
      target: { kind, id: input[field as keyof typeof input] as string },
      scheduledAt: isTask ? new Date(input.dueAt!) : meetingToCome ? occurredAt : null,
      completedAt: isTask || meetingToCome ? null : occurredAt,
      ownerId: input.ownerId ?? null,
    },
  }
}

const changeTaskSchema = z
  .strictObject({
    completed: z.literal(true, { message: 'can only be true: a completed task is not reopened, log a new one' }),
    dueAt: isoInstant,
    ownerId: id,
    outcome: safeString({ message: 'must be text' })
      .trim()
      .max(outcomeMaxLength, `must be at most ${outcomeMaxLength} characters`),
  })
  .partial()

export type ChangeTaskRequest = {
  complete: boolean
  dueAt: Date | null
  ownerId: string | null
  outcome: string | null
}

/** A change to an open task: complete it, move its due time, hand it to someone else (at least one of them). */
export function parseChangeTaskInput(body: unknown): InputResult<ChangeTaskRequest> {
  const object = objectBody(body)
  if (!object.ok) return object
  const parsed = changeTaskSchema.safeParse(object.input)
  if (!parsed.success) return { ok: false, errors: toFieldErrors(parsed.error, object.input, 'task change') }
  const input = parsed.data
  if (input.completed === undefined && input.dueAt === undefined && input.ownerId === undefined) {
    return { ok: false, errors: [{ field: '(body)', message: 'must give completed, dueAt or ownerId' }] }
  }
  return {
    ok: true,
    request: {
      complete: input.completed === true,
      dueAt: input.dueAt === undefined ? null : new Date(input.dueAt),
      ownerId: input.ownerId ?? null,
      outcome: input.outcome || null,
    },
  }
}

/** The schemas of the bodies, for the OpenAPI document. */
export const activityInputSchemas = { log: logActivitySchema, changeTask: changeTaskSchema } as const
