import { data, redirect, type AppLoadContext } from '@remix-run/node'
import { mayChangeShownActivity } from '../domain/activities/activity-access'
import type { ActivityTarget } from '../domain/activities/activity-input'
import { instantOfLocalTime } from '../domain/activities/task-policy'
import { isIanaTimezone } from '../domain/time/zoned-time'
import {
  changeTask,
  deleteActivity,
  listActivities,
  logActivity,
  mayLogActivityOn,
  type ActivityContext,
} from '../services/activities/activities'
import type { FieldError } from '../services/problems/problem'
import { clientOf, requireUser, type SignedInUser } from './auth.server'
import { problemForForm, problemInit } from './problem.server'
import { referenceOptionsFor } from './records.server'

// The "Activities" panel of the lead, deal, company and contact pages: the work logged on the record, a form to log
// more, and the buttons that complete, move or delete a task. Everything goes through services/activities.

interface Args {
  request: Request
  context: AppLoadContext
  params: Record<string, string | undefined>
}

export const activityIntents = ['log-activity', 'complete-task', 'reschedule-task', 'delete-activity'] as const
export type ActivityIntent = (typeof activityIntents)[number]

export function isActivityIntent(value: unknown): value is ActivityIntent {
  return typeof value === 'string' && (activityIntents as readonly string[]).includes(value)
}

/** What a refused activity form answers: the panel shows the errors next to its fields and keeps what was typed. */
export interface ActivityFailure {
  activityIntent: ActivityIntent
  activityId: string | null
  error: string
  errors: FieldError[]
  values: Record<string, string>
}

function serviceContext(args: Args, user: SignedInUser): ActivityContext {
  const { db, temporal, config } = args.context
  return {
    db,
    temporal,
    taskQueue: config.TEMPORAL_TASK_QUEUE,
    actor: user,
    client: clientOf(args),
    via: { method: args.request.method, path: new URL(args.request.url).pathname },
  }
}

/** The panel's data. The page has checked that the user may read the record. */
export async function loadActivityPanel(args: Args, target: ActivityTarget) {
  const user = requireUser(args)
  const context = serviceContext(args, user)
  const [activities, canLog, options] = await Promise.all([
    listActivities(context, target),
    mayLogActivityOn(context, target),
    referenceOptionsFor(args.context, user, [{ type: 'reference', to: 'user', name: 'ownerId', label: 'Owner' }]),
  ])
  return {
    target,
    canLog,
    userId: user.userId,
    owners: options.user ?? [{ value: user.userId, label: user.name }],
    activities: activities.map((activity) => ({ ...activity, canChange: mayChangeShownActivity(user, activity) })),
  }
}

export type ActivityPanelData = Awaited<ReturnType<typeof loadActivityPanel>>

const text = (form: FormData, name: string) => String(form.get(name) ?? '').trim()

/**
 * A time typed in the form, in the browser's zone (the form sends it along), as the ISO instant the API takes; what
 * is not a time is passed on as typed, so the service names the field.
 */
function instantOfForm(form: FormData, name: string): string | undefined {
  const local = text(form, name)
  if (local === '') return undefined
  const zone = text(form, 'timeZone')
  return instantOfLocalTime(local, isIanaTimezone(zone) && zone !== '' ? zone : 'UTC')?.toISOString() ?? local
}

/** The log form as the API's body: `when` is a task's due time, or when the call, email, meeting or note happened. */
function logBodyOf(form: FormData, target: ActivityTarget): Record<string, unknown> {
  const type = text(form, 'type')
  const when = instantOfForm(form, 'when')
  const body: Record<string, unknown> = {
    type,
    subject: text(form, 'subject'),
    [{ lead: 'leadId', deal: 'opportunityId', company: 'companyId', contact: 'contactId' }[target.kind]]: target.id,
  }
  for (const field of ['description', 'outcome'] as const) if (text(form, field)) body[field] = text(form, field)
  if (type === 'task') {
    if (when) body.dueAt = when
    if (text(form, 'ownerId')) body.ownerId = text(form, 'ownerId')
  } else {
    if (when) body.occurredAt = when
    if ((type === 'call' || type === 'email') && text(form, 'direction')) body.direction = text(form, 'direction')
  }
  return body
}

/** The action of the panel's forms; answers a redirect back to the page (with a notice) or the refusal. */
export async function activityPanelAction(args: Args, target: ActivityTarget | null, pagePath: string) {
  const user = requireUser(args)
  const form = await args.request.formData()
  const intent = form.get('intent')
  if (!isActivityIntent(intent)) throw new Response('Unknown action.', { status: 400 })
  const context = serviceContext(args, user)
  const activityId = text(form, 'activityId') || null
  const values = Object.fromEntries(
    ['type', 'subject', 'description', 'outcome', 'when', 'ownerId', 'direction'].map((name) => [
      name,
      text(form, name),
    ]),
  )
  let notice: string
  try {
    switch (intent) {
      case 'log-activity': {
        if (!target) throw new Response('Work is logged on a record page.', { status: 400 })
        const logged = await logActivity(context, logBodyOf(form, target))
        notice = logged.type === 'task' ? 'The task is saved; its owner will be reminded.' : 'The work is logged.'
        break
      }
      case 'complete-task':
        await changeTask(context, activityId ?? '', { completed: true })
        notice = 'The task is done.'
        break
      case 'reschedule-task':
        await changeTask(context, activityId ?? '', { dueAt: instantOfForm(form, 'dueAt') ?? '' })
        notice = 'The task is moved; its reminder moved with it.'
        break
      case 'delete-activity':
        await deleteActivity(context, activityId ?? '')
        notice = 'The activity is deleted.'
        break
    }
  } catch (error) {
    const problem = problemForForm(error)
    return data<ActivityFailure>(
      { activityIntent: intent, activityId, error: problem.detail, errors: problem.fields, values },
      problemInit(problem),
    )
  }
  return redirect(`${pagePath}?notice=${encodeURIComponent(notice)}${target ? '#activities' : ''}`)
}
