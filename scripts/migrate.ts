import dotenv from 'dotenv'
import { z } from 'zod'
import { configObjectSchema } from '../lib/config'
import { applyMigrations, MigrationError } from '../lib/migrations'

// `npm run db:migrate`: applies prisma/migrations to DATABASE_URL and leaves the database exactly as
// `prisma migrate deploy` would (see docs/decisions/0002-migrations-offline.md). Only DATABASE_URL is read.

dotenv.config({ quiet: true })

const environment = z.object({ DATABASE_URL: configObjectSchema.shape.DATABASE_URL })
const parsed = environment.safeParse({ DATABASE_URL: process.env.DATABASE_URL || undefined })
if (!parsed.success) {
  const problem = parsed.error.issues[0]
  const message = problem?.code === 'invalid_type' ? 'is required but not set' : problem?.message
  console.error(`Invalid configuration:\n  DATABASE_URL: ${message}`)
  process.exit(1)
}

const databaseUrl = parsed.data.DATABASE_URL
const where = new URL(databaseUrl)
console.log(`Applying migrations to ${where.hostname}:${where.port || '5432'}${where.pathname}`)

try {
  const { applied, alreadyApplied } = await applyMigrations(databaseUrl)
  for (const name of applied) console.log(`  applied  ${name}`)
  if (applied.length === 0) {
    console.log(`Nothing to apply: all ${alreadyApplied.length} migration(s) are already applied.`)
  } else {
    console.log(`Applied ${applied.length} migration(s); ${alreadyApplied.length} were already applied.`)
  }
} catch (error) {
  if (error instanceof MigrationError) {
    console.error(error.message)
    process.exit(1)
  }
  throw error
}
