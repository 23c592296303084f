import type { WebDependencies } from '../api/dependencies'

// Loaders and actions receive the web process's own clients (one Prisma client, one Temporal client)
// through Remix's load context, so the app bundle never constructs or bundles them itself.
declare module '@remix-run/server-runtime' {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type
  interface AppLoadContext extends WebDependencies {}
}
