import { NavLink, useRouteLoaderData } from '@remix-run/react'
import { UserMenu } from './user-menu'

export interface TopBarUser {
  name: string
  roleLabel: string
  canSeeUsers: boolean
  canManageApiKeys: boolean
  canSeeLeads: boolean
  /** The record pages (app/record-pages.ts) this user may read. */
  recordLinks: { to: string; label: string }[]
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
            {user.canSeeLeads ? <NavLink to="/leads">Leads</NavLink> : null}
            {user.recordLinks.map((link) => (
              <NavLink key={link.to} to={link.to}>
                {link.label}
              </NavLink>
            ))}
            {user.canSeeUsers ? <NavLink to="/admin/users">Users</NavLink> : null}
            {user.canManageApiKeys ? <NavLink to="/admin/api-keys">API keys</NavLink> : null}
          </nav>
          <UserMenu name={user.name} role={user.roleLabel} />
        </>
      ) : null}
    </header>
  )
}
