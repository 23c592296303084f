// What the activity tests share: a database of their own, the real SMTP inbox (whole messages, attachments
// included), and the activities called inside Temporal's mock activity context.
import { randomUUID } from 'node:crypto'
import type { Logger } from '@temporalio/common'
import { MockActivityEnvironment } from '@temporalio/testing'
import { createActivities, type ActivityDependencies } from '../../activities'
import type { Database, Prisma } from '../../lib/db'
import { createSmtpMailDriver, type MailDriver } from '../../lib/mail-driver'
import { createTestDatabase, type TestDatabase } from '../support/database'
import { startSmtpInbox, type ReceivedEmail, type SmtpInbox } from '../support/smtp-inbox'
import { testActivityDependencies } from '../support/temporal'

export type ReceivedMail = ReceivedEmail

/** A header exactly as it travelled (mailparser turns List-* headers into objects). */
export function headerLine(mail: ReceivedMail, name: string): string | undefined {
  return mail.parsed.headerLines.find((line) => line.key === name.toLowerCase())?.line
}

export interface ActivityHarness {
  database: TestDatabase
  db: Database
  inbox: SmtpInbox
  mail: MailDriver
  dependencies: ActivityDependencies
  activities: ReturnType<typeof createActivities>
  /** The activities with another mail driver (an outage, a crash), same database. */
  activitiesWith(mail: MailDriver): ReturnType<typeof createActivities>
  close(): Promise<void>
}

export async function startActivityHarness(): Promise<ActivityHarness> {
  const [database, inbox] = await Promise.all([createTestDatabase(), startSmtpInbox()])
  const mail = createSmtpMailDriver(inbox.url)
  const dependencies = testActivityDependencies({ db: database.db, mail })
  return {
    database,
    db: database.db,
    inbox,
    mail,
    dependencies,
    activities: createActivities(dependencies),
    activitiesWith: (other) => createActivities({ ...dependencies, mail: other }),
    async close() {
      mail.close()
      await inbox.stop()
      await database.drop()
    },
  }
}

// Failures are what many of these tests provoke; the outcome is asserted, not logged.
const silent: Logger = { log() {}, trace() {}, debug() {}, info() {}, warn() {}, error() {} }

/** Runs an activity as the worker would: inside an activity context (heartbeats, info, cancellation). */
export function runActivity<P extends unknown[], R>(activity: (...args: P) => Promise<R>, ...args: P): Promise<R> {
  return new MockActivityEnvironment({ attempt: 1 }, { logger: silent }).run(activity, ...args)
}

export async function createLead(db: Database, data: Partial<Prisma.LeadUncheckedCreateInput> = {}) {
  return db.lead.create({
    data: { email: `lead-${randomUUID()}@example.com`, source: 'WEBSITE', ...data },
    select: { id: true, email: true, createdAt: true },
  })
}

/** A driver that fails like an unreachable SMTP server for its first `failures` sends, then delivers. */
export function smtpDownFor(failures: number, then: MailDriver): MailDriver & { attempts: () => number } {
  const unreachable = createSmtpMailDriver('smtp://127.0.0.1:9')
  let attempts = 0
  return {
    attempts: () => attempts,
    send(email) {
      attempts += 1
      return attempts <= failures ? unreachable.send(email) : then.send(email)
    },
    verify: () => then.verify(),
    close: () => then.close(),
  }
}

/**
 * A driver whose first send is accepted by the SMTP server and then "the worker dies": the call throws as if
 * the process had stopped before the outbox row could be marked sent.
 */
export function crashAfterDelivery(then: MailDriver): MailDriver & { attempts: () => number } {
  let attempts = 0
  return {
    attempts: () => attempts,
    async send(email) {
      attempts += 1
      const result = await then.send(email)
      if (attempts === 1) throw new Error('worker died after the SMTP server accepted the message')
      return result
    },
    verify: () => then.verify(),
    close: () => then.close(),
  }
}
