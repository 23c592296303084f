import type { Client } from '@temporalio/client'
import type { AppConfig } from '../lib/config'
import type { Database } from '../lib/db'
import type { MailDriver } from '../lib/mail-driver'

/** What the web process holds for its lifetime, shared by the API routes and the Remix loaders. */
export interface WebDependencies {
  config: AppConfig
  db: Database
  temporal: Client
  mail: MailDriver
}
