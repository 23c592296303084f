import type { Database } from '../lib/db'
import type { MailDriver } from '../lib/mail-driver'

/** What activities need from the outside world, injected by the worker (and by tests). */
export interface ActivityDependencies {
  db: Database
  mail: MailDriver
  mailFrom: string
}
