import { PrismaPg } from '@prisma/adapter-pg'
import type pg from 'pg'
import { PrismaClient } from '../prisma/generated/client'

export type Database = PrismaClient
export { Prisma } from '../prisma/generated/client'

/**
 * How long a pooled connection may sit idle before it is closed. pg's default (10 s) closed the web process's
 * connections in every quiet moment of a working day, and the first requests after it paid for new ones (a
 * PostgreSQL backend started, authenticated, its catalog caches cold): decision 0081. An idle connection costs
 * PostgreSQL a few MiB; a process keeps at most its pool's size of them.
 */
const idleConnectionMs = 5 * 60_000

/** The one place a Prisma client is constructed; each process holds one for its lifetime. */
export function createDatabase(connection: string | pg.Pool): Database {
  return new PrismaClient({
    adapter: new PrismaPg(
      typeof connection === 'string'
        ? // An idle connection does not keep a script's process alive: one that forgets to disconnect still exits.
          { connectionString: connection, idleTimeoutMillis: idleConnectionMs, allowExitOnIdle: true }
        : connection,
    ),
  })
}
