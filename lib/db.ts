import { PrismaPg } from '@prisma/adapter-pg'
import type pg from 'pg'
import { PrismaClient } from '../prisma/generated/client'

export type Database = PrismaClient
export { Prisma } from '../prisma/generated/client'

/** The one place a Prisma client is constructed; each process holds one for its lifetime. */
export function createDatabase(connection: string | pg.Pool): Database {
  return new PrismaClient({
    adapter: new PrismaPg(typeof connection === 'string' ? { connectionString: connection } : connection),
  })
}
