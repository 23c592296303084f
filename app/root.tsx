import type { LinksFunction, LoaderFunctionArgs } from '@remix-run/node'
import {
  Links,
  Meta,
  Outlet,
  Scripts,
  ScrollRestoration,
  isRouteErrorResponse,
  useLoaderData,
  useRouteError,
} from '@remix-run/react'
import type { ReactNode } from 'react'
import { grantOf } from './auth.server'
import { unreadNotificationCount } from './notifications.server'
import { recordPages } from './record-pages'
import { roleLabels } from './components/roles'
import { TopBar, type TopBarUser } from './components/top-bar'
import uiStylesheet from './components/ui.css?url'
import searchExportStylesheet from './components/search-export.css?url'
import { useNonce } from './nonce'
import stylesheet from './styles.css?url'
import { useBrowserZone } from './time-zone'
import { zoneOf } from './time-zone.server'

export const links: LinksFunction = () => [
  { rel: 'stylesheet', href: stylesheet },
  { rel: 'stylesheet', href: uiStylesheet },
  { rel: 'stylesheet', href: searchExportStylesheet },
  { rel: 'icon', href: '/favicon.svg', type: 'image/svg+xml' },
]

export async function loader({
  context,
  request,
}: LoaderFunctionArgs): Promise<{ user: TopBarUser | null; timeZone: string }> {
  const actor = context.actor
  const timeZone = zoneOf(request)
  if (actor?.kind !== 'user') return { user: null, timeZone }
  return {
    timeZone,
    user: {
      name: actor.name,
      unreadNotifications: await unreadNotificationCount(context.db, actor.userId),
      roleLabel: roleLabels[actor.role],
      canSeeUsers: grantOf(actor, { resource: 'users', action: 'read' }) !== 'none',
      canManageApiKeys: grantOf(actor, { resource: 'settings', action: 'manage-api-keys' }) !== 'none',
      canManageReports: grantOf(actor, { resource: 'settings', action: 'manage-reports' }) !== 'none',
      canSeeWebhooks: grantOf(actor, { resource: 'settings', action: 'read' }) !== 'none',
      canSeeLeads: grantOf(actor, { resource: 'leads', action: 'read' }) !== 'none',
      canSeePipeline: grantOf(actor, { resource: 'opportunities', action: 'read' }) !== 'none',
      recordLinks: Object.values(recordPages)
        .filter((page) => grantOf(actor, { resource: page.resource, action: 'read' }) !== 'none')
        .map((page) => ({ to: `/${page.segment}`, label: page.title })),
    },
  }
}

export function Layout({ children }: { children: ReactNode }) {
  const nonce = useNonce()
  return (
    <html lang="en">
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <Meta />
        <Links />
      </head>
      <body>
        <TopBar />
        <main>{children}</main>
        <ScrollRestoration nonce={nonce} />
        <Scripts nonce={nonce} />
      </body>
    </html>
  )
}

export default function App() {
  useBrowserZone(useLoaderData<typeof loader>().timeZone)
  return <Outlet />
}

export function ErrorBoundary() {
  const error = useRouteError()
  if (isRouteErrorResponse(error)) {
    return (
      <section className="error">
        <h1>
          {error.status} {error.statusText}
        </h1>
        <p>{typeof error.data === 'string' ? error.data : 'Something went wrong.'}</p>
      </section>
    )
  }
  return (
    <section className="error">
      <h1>Something went wrong</h1>
      <p>{error instanceof Error ? error.message : 'Unknown error'}</p>
    </section>
  )
}
