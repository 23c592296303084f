import type { Client } from '@temporalio/client'
import type { AppConfig } from '../lib/config'
import type { Database } from '../lib/db'
import type { MailDriver } from '../lib/mail-driver'
import type { WebBusyAnnouncer } from '../lib/web-busy'
import type { ApiKeyResolver } from './auth/api-key-cache'

/** What the web process holds for its lifetime, shared by the API routes and the Remix loaders. */
export interface WebDependencies {
  config: AppConfig
  db: Database
  temporal: Client
  mail: MailDriver
  /** How API keys are resolved; without it every request reads the database (tests, scripts). */
  apiKeys?: ApiKeyResolver
  /** How requests tell the workers to yield (decision 0060); without it nothing is announced (tests, scripts). */
  webBusy?: Pick<WebBusyAnnouncer, 'announce'>
}
