// The parts every engine benchmark runs on, each real and on this machine: an embedded PostgreSQL with every
// migration, the Temporal dev server (SQLite, WAL, as `npm start` runs it), and an SMTP sink that counts what
// it accepts. Everything lives in a temporary directory that close() deletes.
import { chmod, mkdtemp, rm } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { Client, Connection } from '@temporalio/client'
import { NativeConnection } from '@temporalio/worker'
import { SMTPServer } from 'smtp-server'
import { startEmbeddedPostgres } from '../../dev/embedded-postgres'
import { freePort, freePorts } from '../../dev/free-port'
import { registerSearchAttributes, startTemporalDevServer } from '../../dev/temporal-dev-server'
import { createDatabase, type Database } from '../../lib/db'
import type { ActivityDependencies } from '../../activities'
import { createAttachmentRenderers } from '../../lib/email-attachments'
import type { MailDriver } from '../../lib/mail-driver'
import { applyMigrations } from '../../lib/migrations'

export interface SmtpSink {
  url: string
  /** Messages accepted so far. */
  readonly accepted: number
  /** Resolves once `count` messages have been accepted in all. */
  waitFor(count: number, timeoutMs: number): Promise<void>
  stop(): Promise<void>
}

/** An SMTP server that accepts and discards every message, counting them. */
export async function startSmtpSink(): Promise<SmtpSink> {
  let accepted = 0
  const waiters: { count: number; resolve: () => void }[] = []
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    // No reverse DNS per connection: offline it waits for a resolver that never answers.
    disableReverseLookup: true,
    logger: false,
    onData(stream, _session, callback) {
      stream.on('data', () => undefined)
      stream.on('end', () => {
        accepted += 1
        for (const waiter of waiters.filter((candidate) => candidate.count <= accepted)) {
          waiters.splice(waiters.indexOf(waiter), 1)
          waiter.resolve()
        }
        callback()
      })
    },
  })
  const port = await freePort()
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve))
  return {
    url: `smtp://127.0.0.1:${port}`,
    get accepted() {
      return accepted
    },
    waitFor(count, timeoutMs) {
      if (accepted >= count) return Promise.resolve()
      return new Promise((resolve, reject) => {
        const timer = setTimeout(
          () => reject(new Error(`${accepted} of ${count} messages after ${timeoutMs / 1000} s`)),
          timeoutMs,
        )
        waiters.push({
          count,
          resolve: () => {
            clearTimeout(timer)
            resolve()
          },
        })
      })
    },
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  }
}

export interface BenchStack {
  databaseUrl: string
  db: Database
  client: Client
  workerConnection: NativeConnection
  namespace: string
  temporalAddress: string
  smtp: SmtpSink
  /** Another database on the same PostgreSQL, with every migration: its URL. */
  addDatabase(name: string): Promise<string>
  close(): Promise<void>
}

export async function startBenchStack(): Promise<BenchStack> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'crm-bench-'))
  // Run as root, embedded PostgreSQL initialises its cluster as another user, who must reach the directory.
  await chmod(dir, 0o755)
  const postgres = await startEmbeddedPostgres({ dataDir: path.join(dir, 'pg'), port: 0, persistent: false })
  await postgres.createDatabase('bench')
  const databaseUrl = postgres.url('bench')
  await applyMigrations(databaseUrl)
  const namespace = 'default'
  const [port, uiPort] = await freePorts(2)
  const temporal = await startTemporalDevServer({
    dataDir: path.join(dir, 'temporal'),
    port: port!,
    uiPort: uiPort!,
    namespace,
  })
  const connection = await Connection.connect({ address: temporal.address })
  await registerSearchAttributes(connection, namespace)
  const workerConnection = await NativeConnection.connect({ address: temporal.address })
  const smtp = await startSmtpSink()
  const db = createDatabase(databaseUrl)
  return {
    databaseUrl,
    db,
    client: new Client({ connection, namespace }),
    workerConnection,
    namespace,
    temporalAddress: temporal.address,
    smtp,
    async addDatabase(name) {
      await postgres.createDatabase(name)
      const url = postgres.url(name)
      await applyMigrations(url)
      return url
    },
    async close() {
      await db.$disconnect()
      await smtp.stop()
      await workerConnection.close()
      await connection.close()
      await temporal.stop()
      await postgres.stop()
      await rm(dir, { recursive: true, force: true })
    },
  }
}

/** Facts about the machine a result was measured on, so a reader can tell a loaded run from a quiet one. */
export function machineFacts(): string[] {
  const cpus = os.cpus()
  return [
    `CPU: ${cpus[0]?.model ?? 'unknown'} × ${cpus.length} logical cores; load average at the end ${os
      .loadavg()
      .map((value) => value.toFixed(1))
      .join(', ')}`,
    `Memory: ${(os.totalmem() / 2 ** 30).toFixed(1)} GiB; ${os.type()} ${os.release()} ${os.arch()}; Node ${process.version}`,
  ]
}

/** Runs `work` over `items` with at most `concurrency` in flight. */
export async function inParallel<T>(items: T[], concurrency: number, work: (item: T) => Promise<unknown>) {
  let next = 0
  await Promise.all(
    Array.from({ length: Math.min(concurrency, items.length) }, async () => {
      while (next < items.length) await work(items[next++]!)
    }),
  )
}

/** The activities' dependencies for a bench worker: the bench stack's database and the given mail driver. */
export function benchActivityDependencies(db: Database, mail: MailDriver): ActivityDependencies {
  const bookingUrl = 'https://cal.example/bench'
  return {
    db,
    mail,
    mailFrom: 'Bench <bench@crm.test>',
    appBaseUrl: 'http://crm.test',
    unsubscribeSecret: 'bench-unsubscribe-secret-0123456789abcdef',
    bookingUrl,
    roiCalculatorUrl: 'https://www.example/roi',
    attachmentRenderers: createAttachmentRenderers({ db, bookingUrl }),
  }
}
