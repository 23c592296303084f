import { NavLink, useLocation, useRouteLoaderData } from '@remix-run/react'
import { useEffect, useState } from 'react'
import { GlobalSearch } from './global-search'
import { useHydrated } from './use-hydrated'
import { UserMenu } from './user-menu'

export interface TopBarUser {
  name: string
  roleLabel: string
  canSeeUsers: boolean
  canManageApiKeys: boolean
  canManageReports: boolean
  canSeeWebhooks: boolean
  canSeeLeads: boolean
  /** The pipeline board: whoever may read deals (a Sales Rep sees their own there). */
  canSeePipeline?: boolean
  /** The record pages (app/record-pages.ts) this user may read. */
  recordLinks: { to: string; label: string }[]
  /** Unread notifications (app/notifications.server.ts `unreadNotificationCount`), shown as a badge. */
  unreadNotifications?: number
}

/**
 * Seed 002 Appendix A's bar: brand; Dashboard, Leads, Pipeline, Partnerships, Reports; then the other record lists
 * and My work; settings, notifications and who is signed in on the right. On a phone the links fold under a Menu
 * button (§15 phase 7) and open with it.
 */
export function TopBar() {
  // Absent when the root loader itself failed; the bar then shows the brand only.
  const user = useRouteLoaderData<{ user: TopBarUser | null }>('root')?.user ?? null
  const [open, setOpen] = useState(false)
  // Opening the menu needs the page's scripts: until they run the button is shown disabled, not left to ignore a tap.
  const hydrated = useHydrated()
  const location = useLocation()
  useEffect(() => setOpen(false), [location.pathname, location.search])
  const partnerships = user?.recordLinks.find((link) => link.to === '/partnerships')
  const otherRecords = user?.recordLinks.filter((link) => link !== partnerships) ?? []
  return (
    <header className={`top-bar${open ? ' menu-open' : ''}`}>
      <NavLink to="/" className="brand">
        Durable CRM
      </NavLink>
      {user ? (
        <>
          <button
            type="button"
            className="menu-button"
            aria-expanded={open}
            aria-controls="main-navigation"
            disabled={!hydrated}
            onClick={() => setOpen((value) => !value)}
          >
            Menu
          </button>
          <div className="top-bar-menu" id="main-navigation">
            <nav aria-label="Main" className="primary-nav">
              <NavLink to="/" end>
                Dashboard
              </NavLink>
              {user.canSeeLeads ? <NavLink to="/leads">Leads</NavLink> : null}
              {user.canSeePipeline ? <NavLink to="/pipeline">Pipeline</NavLink> : null}
              {partnerships ? <NavLink to={partnerships.to}>{partnerships.label}</NavLink> : null}
              <NavLink to="/reports">Reports</NavLink>
            </nav>
            <nav aria-label="Records" className="secondary-nav">
              <NavLink to="/my-work">My work</NavLink>
              {otherRecords.map((link) => (
                <NavLink key={link.to} to={link.to}>
                  {link.label}
                </NavLink>
              ))}
            </nav>
            <div className="top-bar-search">
              <GlobalSearch />
            </div>
            <nav aria-label="Settings" className="settings-nav">
              {user.canSeeUsers ? <NavLink to="/admin/users">Users</NavLink> : null}
              {user.canManageApiKeys ? <NavLink to="/admin/api-keys">API keys</NavLink> : null}
              {user.canManageReports ? <NavLink to="/admin/reports">Scheduled reports</NavLink> : null}
              {user.canSeeWebhooks ? <NavLink to="/admin/webhooks">Webhooks</NavLink> : null}
              <NotificationsLink unread={user.unreadNotifications ?? 0} />
            </nav>
            <UserMenu name={user.name} role={user.roleLabel} />
          </div>
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
