import type { AppLoadContext } from '@remix-run/node'
import { loadConfig } from '../../lib/config'
import type { UserRole } from '../../prisma/generated/enums'
import type { TestUser } from './actors'
import type { TestDatabase } from './database'

/** The load context the web process gives a page's loader and action, for `user` signed in. */
export function pageContextFor(database: TestDatabase, user: TestUser): AppLoadContext {
  return {
    config: loadConfig({ NODE_ENV: 'test', DATABASE_URL: database.url }),
    db: database.db,
    actor: {
      kind: 'user',
      userId: user.id,
      email: user.email,
      name: user.name,
      role: user.role as UserRole,
      sessionId: 'test-session',
    },
  } as unknown as AppLoadContext
}
