import type { Client } from '@temporalio/client'
import type { Database } from '../../lib/db'

export interface IngestionDependencies {
  db: Database
  temporal: Client
  taskQueue: string
  /** The answer to an SMS HELP (domain/communication/sms-keywords.ts); absent: Twilio's own answer stands. */
  smsHelpText?: string
}

export type Transaction = Parameters<Parameters<Database['$transaction']>[0]>[0]

/** Interactive transactions of the ingestion wait for each other's locks; give them room. */
export const ingestionTransactionOptions = { maxWait: 10_000, timeout: 20_000 }

/**
 * Serialises everything that touches one key (a person's email, a session, a booking) until the transaction ends:
 * two deliveries about the same thing never interleave their read-modify-write.
 */
export async function lockKey(tx: Transaction, key: string): Promise<void> {
  await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtextextended(${key}, 0))`
}

/** Locks several keys in one order, so two transactions locking the same pair cannot deadlock. */
export async function lockKeys(tx: Transaction, keys: string[]): Promise<void> {
  for (const key of [...new Set(keys)].sort()) await lockKey(tx, key)
}
