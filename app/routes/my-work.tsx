import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react'
import { loadMyWork, type MyWorkTask } from '../../services/activities/my-work'
import { dealsNearStageLimit } from '../../services/deals/deals-near-stage-limit'
import { activityPanelAction, isActivityIntent, type ActivityFailure } from '../activities.server'
import { requireUser } from '../auth.server'
import { zoneOf } from '../time-zone.server'
import activitiesStylesheet from '../components/activities.css?url'
import { useLiveRevalidation } from '../components/lead-live'
import { relativeToNow, ViewerTime } from '../components/lead-time'
import { Notice } from '../components/notice'

// "My work" (issue 10): what a rep needs every morning and all day — the tasks they own that are overdue or due
// before today ends, and (coming with the deal workflow) the deals about to breach their stage limit.

export const links: LinksFunction = () => [{ rel: 'stylesheet', href: activitiesStylesheet }]

export async function loader(args: LoaderFunctionArgs) {
  const user = requireUser(args)
  const now = new Date()
  const [work, nearLimit] = await Promise.all([
    loadMyWork(args.context.db, user.userId, now, zoneOf(args.request)),
    dealsNearStageLimit(args.context.db, user.userId, now),
  ])
  return { ...work, nearLimit, now: now.toISOString(), notice: new URL(args.request.url).searchParams.get('notice') }
}

export async function action(args: ActionFunctionArgs) {
  if (!isActivityIntent((await args.request.clone().formData()).get('intent'))) {
    throw new Response('Unknown action.', { status: 400 })
  }
  return activityPanelAction(args, null, '/my-work')
}

export const meta: MetaFunction = () => [{ title: 'My work · Durable CRM' }]

const liveIntervalMs = 30_000

const recordKindLabels = { lead: 'Lead', deal: 'Deal', company: 'Company', contact: 'Contact' } as const

export default function MyWorkPage() {
  const { overdue, dueToday, today, now, truncated, notice, nearLimit } = useLoaderData<typeof loader>()
  const failure = useActionData<ActivityFailure>()
  useLiveRevalidation(liveIntervalMs)
  const nowMs = Date.parse(now)

  return (
    <>
      <div className="page-head">
        <div>
          <h1>My work</h1>
          <p className="subtitle">
            Today,{' '}
            {new Intl.DateTimeFormat('en-US', { dateStyle: 'full', timeZone: today.timeZone }).format(new Date(now))} (
            {today.timeZone})
          </p>
        </div>
      </div>
      <Notice ok={failure ? null : notice} error={failure?.error} />
      <div className="my-work-grid">
        <TaskList
          id="overdue"
          title="Overdue"
          empty="Nothing overdue."
          tasks={overdue}
          nowMs={nowMs}
          failure={failure ?? null}
        />
        <TaskList
          id="due-today"
          title="Due today"
          empty="Nothing else due today."
          tasks={dueToday}
          nowMs={nowMs}
          failure={failure ?? null}
        />
      </div>
      {truncated ? <p className="muted">Only the 200 oldest open tasks are listed.</p> : null}
      <section className="panel spaced" aria-labelledby="stage-limits" data-section="stage-limits">
        <h2 id="stage-limits">Deals past their stage limit or reaching it in the next 24 hours</h2>
        {nearLimit.length === 0 ? (
          <p className="muted">None of your deals is past its stage limit or reaches it in the next 24 hours.</p>
        ) : (
          <ul className="task-list">
            {nearLimit.map((deal) => (
              <li key={deal.id} className={deal.overdue ? 'overdue' : undefined}>
                <Link to={`/opportunities/${deal.id}`}>{deal.name}</Link> · {deal.stage} ·{' '}
                {deal.overdue ? 'past its limit since' : 'reaches its limit'} <ViewerTime iso={deal.limitAt} /> (
                {relativeToNow(deal.limitAt, nowMs)})
                {deal.nextStep ? <span className="muted"> · next: {deal.nextStep}</span> : null}
              </li>
            ))}
          </ul>
        )}
      </section>
    </>
  )
}

function TaskList({
  id,
  title,
  empty,
  tasks,
  nowMs,
  failure,
}: {
  id: string
  title: string
  empty: string
  tasks: MyWorkTask[]
  nowMs: number
  failure: ActivityFailure | null
}) {
  return (
    <section className="panel" aria-labelledby={id}>
      <h2 id={id}>
        {title} <span className="count">({tasks.length})</span>
      </h2>
      {tasks.length === 0 ? (
        <p className="empty">{empty}</p>
      ) : (
        <ul className="activity-list">
          {tasks.map((task) => (
            <li key={task.id} className={Date.parse(task.dueAt) < nowMs ? 'overdue' : undefined}>
              <div className="activity-body">
                <strong>{task.subject}</strong>
                <span className="muted">
                  {' '}
                  · due <ViewerTime iso={task.dueAt} /> ({relativeToNow(task.dueAt, nowMs)})
                </span>
                {task.record ? (
                  <div>
                    {recordKindLabels[task.record.kind]}: <Link to={task.record.path}>{task.record.name}</Link>
                  </div>
                ) : null}
                {task.description ? <p className="activity-text">{task.description}</p> : null}
                {failure?.activityId === task.id ? <p className="field-error">{failure.error}</p> : null}
              </div>
              <div className="activity-actions">
                <Form method="post">
                  <input type="hidden" name="intent" value="complete-task" />
                  <input type="hidden" name="activityId" value={task.id} />
                  <button type="submit" className="secondary small" aria-label={`Done: ${task.subject}`}>
                    Done
                  </button>
                </Form>
              </div>
            </li>
          ))}
        </ul>
      )}
    </section>
  )
}
