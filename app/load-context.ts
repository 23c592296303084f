import type { Actor } from '../services/auth/actor'
import type { WebDependencies } from '../services/dependencies'

// Loaders and actions receive the web process's own clients (one Prisma client, one Temporal client)
// through Remix's load context, so the app bundle never constructs or bundles them itself.
declare module '@remix-run/server-runtime' {
  interface AppLoadContext extends WebDependencies {
    /** Who is asking: set by the web process's authenticate middleware; absent when signed out. */
    actor?: Actor
    /** The caller's address (behind a proxy only with TRUST_PROXY) and user agent, for audit and rate limits. */
    client?: { ipAddress?: string; userAgent?: string }
    /** This response's Content-Security-Policy nonce. */
    cspNonce?: string
  }
}
