import { NavLink, useRouteLoaderData } from '@remix-run/react'
import { GlobalSearch } from './global-search'
import { UserMenu } from './user-menu'

export interface TopBarUser {
  name: string
  roleLabel: string
  canSeeUsers: boolean
  canManageApiKeys: boolean
  canSeeLeads: boolean
  /** The pipeline board: whoever may read deals (a Sales Rep sees their own there). */
  canSeePipeline?: boolean
  /** The record pages (app/record-pages.ts) this user may read. */
  recordLinks: { to: string; label: string }[]
  /** Unread notifications (app/notifications.server.ts `unreadNotificationCount`), shown as a badge. */
  unreadNotifications?: number
}

/** Brand, the pages this user may open, and who is signed in. */
export function TopBar() {
  // Absent when the root loader itself failed; the bar then shows the brand only.
  const user = useRouteLoaderData<{ user: TopBarUser | null }>('root')?.user ?? null
  return (
    <header className="top-bar">
      <NavLink to="/" className="brand">
        Durable CRM
      </NavLink>
      {user ? (
        <>
          <nav>
            <NavLink to="/my-work">My work</NavLink>
            {user.canSeeLeads ? <NavLink to="/leads">Leads</NavLink> : null}
            {user.canSeePipeline ? <NavLink to="/pipeline">Pipeline</NavLink> : null}
            {user.recordLinks.map((link) => (
              <NavLink key={link.to} to={link.to}>
                {link.label}
              </NavLink>
            ))}
            {user.canSeeUsers ? <NavLink to="/admin/users">Users</NavLink> : null}
            {user.canManageApiKeys ? <NavLink to="/admin/api-keys">API keys</NavLink> : null}
            <NotificationsLink unread={user.unreadNotifications ?? 0} />
          </nav>
          <GlobalSearch />
          <UserMenu name={user.name} role={user.roleLabel} />
        </>
      ) : null}
    </header>
  )
}

function NotificationsLink({ unread }: { unread: number }) {
  return (
    <NavLink
      to="/notifications"
      className="notifications-link"
      aria-label={unread > 0 ? `Notifications, ${unread} unread` : 'Notifications'}
    >
      Notifications
      {unread > 0 ? (
        <span className="unread-badge" aria-hidden="true">
          {unread > 99 ? '99+' : unread}
        </span>
      ) : null}
    </NavLink>
  )
}
