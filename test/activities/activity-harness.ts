// What the activity tests share: a database of their own, a real SMTP server that keeps every message whole
// (attachments included), and the activities called inside Temporal's mock activity context.
import { randomUUID } from 'node:crypto'
import type { Logger } from '@temporalio/common'
import { MockActivityEnvironment } from '@temporalio/testing'
import { simpleParser, type ParsedMail } from 'mailparser'
import { SMTPServer } from 'smtp-server'
import { createActivities, type ActivityDependencies } from '../../activities'
import type { Database, Prisma } from '../../lib/db'
import { createSmtpMailDriver, type MailDriver } from '../../lib/mail-driver'
import { createTestDatabase, type TestDatabase } from '../support/database'
import { testActivityDependencies } from '../support/temporal'

export interface ReceivedMail {
  envelopeTo: string[]
  parsed: ParsedMail
}

/** A loopback SMTP server keeping each message as mailparser reads it (headers, text, html, attachments). */
export async function startParsingInbox() {
  const received: ReceivedMail[] = []
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData(stream, session, callback) {
      simpleParser(stream)
        .then((parsed) => {
          received.push({ envelopeTo: session.envelope.rcptTo.map((recipient) => recipient.address), parsed })
          callback()
        })
        .catch(callback)
    },
  })
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => resolve())
  })
  const address = server.server.address()
  if (!address || typeof address === 'string') throw new Error('SMTP inbox did not get a port')
  return {
    url: `smtp://127.0.0.1:${address.port}`,
    received,
    to(email: string): ReceivedMail[] {
      return received.filter((mail) => mail.envelopeTo.includes(email))
    },
    stop(): Promise<void> {
      return new Promise((resolve) => server.close(() => resolve()))
    },
  }
}

/** A header exactly as it travelled (mailparser turns List-* headers into objects). */
export function headerLine(mail: ReceivedMail, name: string): string | undefined {
  return mail.parsed.headerLines.find((line) => line.key === name.toLowerCase())?.line
}

export type ParsingInbox = Awaited<ReturnType<typeof startParsingInbox>>

export interface ActivityHarness {
  database: TestDatabase
  db: Database
  inbox: ParsingInbox
  mail: MailDriver
  dependencies: ActivityDependencies
  activities: ReturnType<typeof createActivities>
  /** The activities with another mail driver (an outage, a crash), same database. */
  activitiesWith(mail: MailDriver): ReturnType<typeof createActivities>
  close(): Promise<void>
}

export async function startActivityHarness(): Promise<ActivityHarness> {
  const [database, inbox] = await Promise.all([createTestDatabase(), startParsingInbox()])
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
