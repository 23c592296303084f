import { PrismaPg } from '@prisma/adapter-pg'
import { PrismaClient } from '../prisma/generated/client'

export type Database = PrismaClient
export { Prisma } from '../prisma/generated/client'

/** The one place a Prisma client is constructed; each process holds one for its lifetime. */
export function createDatabase(databaseUrl: string): Database {
  return new PrismaClient({ adapter: new PrismaPg({ connectionString: databaseUrl }) })
}
