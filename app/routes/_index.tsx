import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { enumWordsInline } from '../../domain/records/enum-words'
import type { RecentActivity } from '../../services/analytics/home-dashboard'
import type { MyWorkTask } from '../../services/activities/my-work'
import { loadHomeDashboard } from '../dashboard.server'
import dashboardStylesheet from '../components/dashboard.css?url'
import { relativeToNow } from '../components/lead-time'
import { formatRate } from '../components/metric-format'
import { MetricTiles } from '../components/metric-tiles'
import { RouteError } from '../components/route-error'

// The home dashboard of seed 002 Appendix A: this month's §10.1 tiles, recent activity, today's tasks and the voice
// agent's insights. A Sales Rep sees their own numbers (decision 0037).

export const links: LinksFunction = () => [{ rel: 'stylesheet', href: dashboardStylesheet }]

export function loader(args: LoaderFunctionArgs) {
  return loadHomeDashboard(args)
}

export const meta: MetaFunction = () => [{ title: 'Dashboard · Durable CRM' }]

const activityLabels: Record<RecentActivity['type'], string> = {
  CALL: 'Call',
  EMAIL: 'Email',
  MEETING: 'Meeting',
  VOICE_SESSION: 'Voice',
  ROI_CALCULATION: 'ROI',
  NOTE: 'Note',
  TASK: 'Task',
  SYSTEM_EVENT: 'System',
}

export default function DashboardPage() {
  const { tiles, monthLabel, previousLabel, recentActivity, tasks, voice, limited, now } =
    useLoaderData<typeof loader>()
  const nowMs = new Date(now).getTime()
  const due = [...tasks.overdue, ...tasks.dueToday]
  return (
    <>
      <div className="page-head dashboard-head">
        <div>
          <h1>Dashboard</h1>
          <p className="subtitle">
            {monthLabel} so far{limited ? ' · your own leads and deals' : ''} · <Link to="/reports">Full reports</Link>
          </p>
        </div>
      </div>
      <MetricTiles tiles={tiles} previousLabel={previousLabel} />
      <section className="panel dashboard-panel" aria-labelledby="recent-activity" data-section="recent-activity">
        <h2 id="recent-activity">Recent activity</h2>
        {recentActivity.length === 0 ? (
          <p className="empty">Nothing has happened yet.</p>
        ) : (
          <ul className="activity-feed">
            {recentActivity.map((item) => (
              <li key={item.id}>
                <span className={`feed-kind kind-${item.type.toLowerCase()}`}>{activityLabels[item.type]}</span>
                <span className="feed-text">
                  {item.subject}
                  {item.record ? (
                    <>
                      {' — '}
                      <Link to={item.record.path}>{item.record.name}</Link>
                    </>
                  ) : null}
                </span>
                <time dateTime={item.at} className="feed-when">
                  {relativeToNow(item.at, nowMs)}
                </time>
              </li>
            ))}
          </ul>
        )}
      </section>
      <div className="dashboard-columns">
        <section className="panel dashboard-panel" aria-labelledby="tasks-today" data-section="tasks-today">
          <h2 id="tasks-today">Tasks due today</h2>
          {due.length === 0 ? (
            <p className="empty">Nothing due today.</p>
          ) : (
            <ul className="task-feed">
              {due.map((task) => (
                <TaskLine key={task.id} task={task} overdue={tasks.overdue.includes(task)} />
              ))}
            </ul>
          )}
          <p className="panel-foot">
            <Link to="/my-work">All my work</Link>
          </p>
        </section>
        <section className="panel dashboard-panel" aria-labelledby="voice-insights" data-section="voice-insights">
          <h2 id="voice-insights">Voice agent insights</h2>
          <dl className="fields">
            <dt>Top topics (30 days)</dt>
            <dd>
              {voice.topTopics.length === 0
                ? '—'
                : voice.topTopics.map((topic) => enumWordsInline(topic.value)).join(', ')}
            </dd>
            <dt>Sessions today</dt>
            <dd data-figure="sessions-today">{voice.sessionsToday}</dd>
            <dt>Conversion rate (30 days)</dt>
            <dd data-figure="voice-conversion">
              {formatRate(voice.conversionRate)}
              {voice.sessions > 0 ? <span className="muted"> of {voice.sessions} sessions</span> : null}
            </dd>
          </dl>
          <p className="panel-foot">
            <Link to="/reports#voice">Voice agent report</Link>
          </p>
        </section>
      </div>
    </>
  )
}

function TaskLine({ task, overdue }: { task: MyWorkTask; overdue: boolean }) {
  return (
    <li className={overdue ? 'overdue' : undefined}>
      <span className="feed-text">
        {task.subject}
        {task.record ? (
          <>
            {': '}
            <Link to={task.record.path}>{task.record.name}</Link>
          </>
        ) : null}
      </span>
      {overdue ? <span className="badge failed">Overdue</span> : null}
    </li>
  )
}

export function ErrorBoundary() {
  return <RouteError back={{ to: '/my-work', label: 'Go to my work' }} />
}
