import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, Link, useLoaderData } from '@remix-run/react'
import type { NotificationKind } from '../../prisma/generated/enums'
import { notFound, requireUser } from '../auth.server'
import { Notice } from '../components/notice'
import { RouteError } from '../components/route-error'
import { formatDateTime } from '../format'
import {
  listNotifications,
  markAllNotificationsRead,
  markNotificationRead,
  notificationPageSize,
} from '../notifications.server'
import { countOf } from '../../domain/formatting/plural'

export async function loader(args: LoaderFunctionArgs) {
  const user = requireUser(args)
  const notifications = await listNotifications(args.context.db, user.userId)
  return {
    notifications,
    unread: notifications.filter((notification) => notification.readAt === null).length,
    limit: notificationPageSize,
    notice: new URL(args.request.url).searchParams.get('notice'),
  }
}

export async function action(args: ActionFunctionArgs) {
  const user = requireUser(args)
  const form = await args.request.formData()
  const intent = form.get('intent')
  const now = new Date()
  if (intent === 'read-all') {
    const count = await markAllNotificationsRead(args.context.db, user.userId, now)
    const notice = count === 0 ? 'Nothing was unread.' : `Marked ${countOf(count, 'notification')} read.`
    return redirect(`/notifications?notice=${encodeURIComponent(notice)}`)
  }
  if (intent === 'read') {
    const id = form.get('notificationId')
    if (typeof id !== 'string' || !(await markNotificationRead(args.context.db, user.userId, id, now))) {
      throw notFound('There is no such notification.')
    }
    return redirect('/notifications')
  }
  throw new Response('Unknown action.', { status: 400 })
}

export const meta: MetaFunction = () => [{ title: 'Notifications · Durable CRM' }]

const kindLabels: Record<NotificationKind, string> = {
  LEAD_ASSIGNED: 'Lead assigned',
  LEAD_NEW_OVERDUE: 'Not contacted yet',
  LEAD_HIGH_SCORE: 'High score',
  LEAD_QUALIFIED: 'Qualified',
  LEAD_FOLLOW_UP_DUE: 'Follow-up due',
  DEAL_ASSIGNED: 'Deal assigned',
  DEAL_STAGE_LIMIT: 'Stage limit reached',
  DEAL_STALLED: 'Deal stalled',
  DEAL_PROPOSAL_FOLLOW_UP: 'Proposal follow-up',
  DEAL_DISCOVERY_PREP: 'Discovery call prep',
  PARTNERSHIP_ASSIGNED: 'Partnership assigned',
  PARTNERSHIP_MILESTONE_DUE: 'Milestone due soon',
  PARTNERSHIP_MILESTONE_OVERDUE: 'Milestone overdue',
  PARTNERSHIP_HEALTH_ALERT: 'Partnership health',
  PARTNERSHIP_MEETING_MISSED: 'Meeting missed',
  PARTNERSHIP_SYSTEM_QUIET: 'System not used',
  PARTNERSHIP_PAYMENT_OVERDUE: 'Payment overdue',
  TASK_DUE: 'Task due',
}

export default function NotificationsPage() {
  const { notifications, unread, limit, notice } = useLoaderData<typeof loader>()
  return (
    <>
      <div className="page-head">
        <div>
          <h1>Notifications</h1>
          <p className="subtitle">
            {notifications.length === 0
              ? 'Nothing yet: alerts about your leads, deals and partnerships appear here.'
              : `${unread === 0 ? 'All read' : `${unread} unread`}${notifications.length === limit ? ` · the latest ${limit}` : ''}.`}
          </p>
        </div>
        {unread > 0 ? (
          <Form method="post">
            <button type="submit" name="intent" value="read-all" className="secondary">
              Mark all read
            </button>
          </Form>
        ) : null}
      </div>
      <Notice ok={notice} />
      {notifications.length > 0 ? (
        <ol className="notification-list" aria-label="Notifications, newest first">
          {notifications.map((notification) => {
            const unreadItem = notification.readAt === null
            return (
              <li key={notification.id} className={unreadItem ? 'notification unread' : 'notification'}>
                <div className="notification-text">
                  <p className="notification-meta">
                    <span className="chip">{kindLabels[notification.kind]}</span>
                    {unreadItem ? <span className="chip unread-chip">Unread</span> : null}
                    <span className="when">{formatDateTime(notification.createdAt)}</span>
                  </p>
                  <h2 className="notification-title">{notification.title}</h2>
                  <p className="notification-body">{notification.body}</p>
                  {notification.record ? <Link to={notification.record.href}>{notification.record.label}</Link> : null}
                </div>
                {unreadItem ? (
                  <Form method="post" className="notification-action">
                    <input type="hidden" name="notificationId" value={notification.id} />
                    <button
                      type="submit"
                      name="intent"
                      value="read"
                      className="secondary small"
                      aria-label={`Mark “${notification.title}” read`}
                    >
                      Mark read
                    </button>
                  </Form>
                ) : null}
              </li>
            )
          })}
        </ol>
      ) : null}
    </>
  )
}

export function ErrorBoundary() {
  return <RouteError back={{ to: '/notifications', label: 'Back to your notifications' }} />
}
