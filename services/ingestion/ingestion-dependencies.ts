import type { Client } from '@temporalio/client'
import type { Database } from '../../lib/db'
import type { AppConfig } from '../../lib/config'
import { smsHelpText } from '../../domain/communication/sms-keywords'

export interface IngestionDependencies {
  db: Database
  temporal: Client
  taskQueue: string
  /** The answer to an SMS HELP (domain/communication/sms-keywords.ts); absent: Twilio's own answer stands. */
  smsHelpText?: string
}

/** What the web process's webhooks and their retrier process events with. */
export function webhookIngestionDependencies({
  db,
  config,
  temporal,
}: {
  db: Database
  config: Pick<AppConfig, 'TEMPORAL_TASK_QUEUE' | 'MAIL_FROM'>
  temporal: Client
}): IngestionDependencies {
  return { db, temporal, taskQueue: config.TEMPORAL_TASK_QUEUE, smsHelpText: smsHelpTextFor(config.MAIL_FROM) }
}

/** HELP's answer names the sender of the CRM's email: "Durable CRM <crm@…>" gives the name and the address. */
function smsHelpTextFor(mailFrom: string): string {
  const match = /^\s*"?([^"<]*?)"?\s*<([^>]+)>\s*$/.exec(mailFrom)
  return smsHelpText(match?.[1] || 'Durable CRM', match?.[2] ?? mailFrom.trim())
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
