import { spawn } from 'node:child_process'
import { createServer } from 'node:net'
import path from 'node:path'
import { createInterface } from 'node:readline'
import { Connection } from '@temporalio/client'
import dotenv from 'dotenv'
import { startEmbeddedPostgres, type RunningPostgres } from '../dev/embedded-postgres'
import { startMailCatcher } from '../dev/mail-catcher'
import { localTwilioAccountSid, startTwilioLocal } from '../dev/twilio-local'
import { registerSearchAttributes, startTemporalDevServer } from '../dev/temporal-dev-server'
import { recordRunningSystem } from '../dev/running-system'
import { repoRoot } from '../dev/temporal-binaries'
import { lineMatching, startChildProcess, supervise } from '../dev/supervise'
import { ConfigError, loadConfig } from '../lib/config'
import { workerNodeFlags } from '../workers/worker-heap'
import { applyMigrations } from '../lib/migrations'

// `npm start`: one command brings up PostgreSQL, Temporal and a mail catcher (embedded unless their variable
// points at an external one), applies migrations, then runs the worker and the web process. Every child it runs
// (PostgreSQL, the Temporal dev server, the worker, the web process) is restarted with backoff when it dies, and
// the others stay up; the mail catcher runs inside this process. Ctrl-C stops the worker and the web process
// first, then the services in the reverse order of their start.

// embedded-postgres installs SIGINT/SIGTERM hooks on import that stop PostgreSQL and exit the process at once;
// this supervisor must stop the worker and web process first, so it takes over those signals. It runs as
// `node --import tsx`, not under the tsx CLI: that launcher SIGKILLs its child when the child has not acknowledged a
// Ctrl-C within 60 ms, which a busy machine can miss (decision 0075).
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
  for (const listener of process.listeners(signal)) process.removeListener(signal, listener)
}

dotenv.config({ path: path.join(repoRoot, '.env'), quiet: true })

const databaseName = 'durable_crm'
const childStopGraceMs = 15_000
const serviceStopGraceMs = 15_000
const childReadyTimeoutMs = 120_000

class StartupError extends Error {}

interface Part {
  name: string
  stopRestarting?(): void
  stop(): Promise<void>
}

const env = process.env
const seed = process.argv.includes('--seed')
const dataDir = path.resolve(repoRoot, env.DATA_DIR || '.data')
const ports = {
  app: portFrom('PORT', 3000),
  temporal: portFrom('TEMPORAL_PORT', 7233),
  temporalUi: portFrom('TEMPORAL_UI_PORT', 8233),
  smtp: portFrom('SMTP_PORT', 1025),
  mailInbox: portFrom('MAIL_INBOX_PORT', 1080),
  smsInbox: portFrom('SMS_INBOX_PORT', 1090),
  postgres: portFrom('POSTGRES_PORT', 5432),
}

const runningParts: Part[] = []
/** The worker and the web process: stopped first, together. */
const children: Part[] = []
let stopping = false
let startupStep: Promise<unknown> = Promise.resolve()
let shutDownOnce: Promise<void> | undefined

for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
  process.on(signal, () => {
    if (stopping) return
    log(`${signal} received, stopping…`)
    void shutDown(0)
  })
}
process.on('uncaughtException', (error) => {
  console.error(error)
  void shutDown(1)
})
process.on('unhandledRejection', (error) => {
  console.error(error)
  void shutDown(1)
})

try {
  await start()
} catch (error) {
  if (!stopping) {
    console.error(error instanceof StartupError || error instanceof ConfigError ? `\n${error.message}\n` : error)
    await shutDown(1)
  }
}

async function start() {
  await assertPortsFree()

  const databaseUrl = env.DATABASE_URL || (await step(startPostgres))
  if (stopping) return
  await step(async () => {
    log('Applying database migrations…')
    await applyMigrations(databaseUrl)
  })
  if (stopping) return

  const namespace = env.TEMPORAL_NAMESPACE || 'default'
  const temporal = env.TEMPORAL_ADDRESS
    ? await step(() => useExternalTemporal(env.TEMPORAL_ADDRESS!, namespace))
    : await step(() => startTemporal(namespace))
  if (stopping) return

  const mail = env.SMTP_URL ? { smtpUrl: env.SMTP_URL, inboxUrl: env.MAIL_INBOX_URL } : await step(startMail)
  if (stopping) return

  const appBaseUrl = env.APP_BASE_URL || `http://localhost:${ports.app}`
  const sms = env.TWILIO_ACCOUNT_SID ? null : await step(() => startSms(appBaseUrl))
  if (stopping) return
  const workflowBundlePath = env.WORKFLOW_BUNDLE_PATH || path.join(dataDir, 'workflow-bundle.js')
  const childEnv: NodeJS.ProcessEnv = {
    ...env,
    PORT: String(ports.app),
    APP_BASE_URL: appBaseUrl,
    DATABASE_URL: databaseUrl,
    TEMPORAL_ADDRESS: temporal.address,
    TEMPORAL_NAMESPACE: namespace,
    TEMPORAL_UI_URL: temporal.uiUrl,
    SMTP_URL: mail.smtpUrl,
    MAIL_INBOX_URL: mail.inboxUrl,
    ...sms?.env,
    WORKFLOW_BUNDLE_PATH: workflowBundlePath,
  }
  // Fail here, naming the variable, rather than in two child processes at once.
  loadConfig(childEnv)
  const runningSystem = recordRunningSystem(dataDir, {
    DATABASE_URL: databaseUrl,
    TEMPORAL_ADDRESS: temporal.address,
    TEMPORAL_NAMESPACE: namespace,
    APP_BASE_URL: appBaseUrl,
  })
  runningParts.push({ name: 'running-system record', stop: async () => runningSystem.remove() })

  // Bundled once here rather than by the worker, so neither its restarts nor its memory carry webpack (decision 0059).
  await step(async () => {
    const done = await Promise.allSettled([
      env.WORKFLOW_BUNDLE_PATH
        ? undefined
        : runToCompletion(
            'bundle',
            process.execPath,
            ['--import', 'tsx', 'scripts/bundle-workflows.ts', workflowBundlePath],
            childEnv,
          ),
      seed ? runToCompletion('seed', 'npm', ['run', 'seed'], childEnv) : undefined,
    ])
    for (const result of done) if (result.status === 'rejected') throw result.reason
  })
  if (stopping) return

  await step(async () => {
    // Both starts run to their end, so a Ctrl-C or the other's failure never leaves one running unsupervised.
    const started = await Promise.allSettled([
      // Ready once it polls its task queue (workers/main.ts logs "Worker polling").
      startChild('worker', 'workers/main.ts', childEnv, lineMatching(/Worker polling/), workerNodeFlags),
      startChild('web', 'api/server.ts', childEnv, (_lines, starting) => waitForPort(ports.app, starting)),
    ])
    for (const result of started) if (result.status === 'rejected') throw result.reason
  })
  if (stopping) return

  printAddresses([
    ['App', appBaseUrl],
    ['API', `${appBaseUrl.replace(/\/$/, '')}/api`],
    ['Temporal Web UI', temporal.uiUrl ?? '(TEMPORAL_UI_URL not set)'],
    ['Temporal frontend', `${temporal.address} (namespace ${namespace})${env.TEMPORAL_ADDRESS ? ' [external]' : ''}`],
    ...(temporal.logFile ? [['Temporal log', temporal.logFile] as [string, string]] : []),
    ['Mail inbox', mail.inboxUrl ?? '(MAIL_INBOX_URL not set)'],
    ['SMTP', `${mail.smtpUrl}${env.SMTP_URL ? ' [external]' : ''}`],
    ['SMS inbox', sms?.inboxUrl ?? '(Twilio account configured: messages go to Twilio)'],
    ['PostgreSQL', `${maskPassword(databaseUrl)}${env.DATABASE_URL ? ' [external]' : ''}`],
    ['Data', dataDir],
  ])
}

/** Runs one start-up step so that a Ctrl-C arriving meanwhile waits for it and then stops what it started. */
function step<T>(work: () => Promise<T>): Promise<T> {
  const running = work()
  startupStep = running.catch(() => undefined)
  return running
}

async function startPostgres() {
  log('Starting embedded PostgreSQL…')
  let postgres: RunningPostgres | undefined
  const part = await supervise({
    name: 'PostgreSQL',
    log,
    start: async () => {
      // The same data directory and port on every restart: what the other processes are connected to.
      postgres = await startEmbeddedPostgres({
        dataDir: path.join(dataDir, 'postgres'),
        port: ports.postgres,
        persistent: true,
      })
      const running = postgres
      return {
        exited: running.exited,
        // If Ctrl-C reached PostgreSQL too (same process group), it is already down and stop() would never settle.
        stop: () => firstOf(running.stop(), waitUntilPortFree(ports.postgres, serviceStopGraceMs)),
      }
    },
  })
  runningParts.push(part)
  await postgres!.createDatabase(databaseName)
  return postgres!.url(databaseName)
}

async function startTemporal(namespace: string) {
  log('Starting the Temporal dev server…')
  const options = { dataDir: path.join(dataDir, 'temporal'), port: ports.temporal, uiPort: ports.temporalUi, namespace }
  let server: Awaited<ReturnType<typeof startTemporalDevServer>> | undefined
  const part = await supervise({
    name: 'Temporal dev server',
    log,
    // Its SQLite file keeps every workflow, so a restarted server carries on where the dead one stopped.
    start: async () => (server = await startTemporalDevServer(options)),
  })
  runningParts.push(part)
  return { address: server!.address, uiUrl: env.TEMPORAL_UI_URL || server!.uiUrl, logFile: server!.logFile }
}

async function useExternalTemporal(address: string, namespace: string) {
  const apiKey = env.TEMPORAL_API_KEY || undefined
  const tls = env.TEMPORAL_TLS ? ['true', '1', 'yes'].includes(env.TEMPORAL_TLS) : Boolean(apiKey)
  try {
    const connection = await Connection.connect({ address, apiKey, tls: tls ? {} : undefined, connectTimeout: 10_000 })
    try {
      const added = await registerSearchAttributes(connection, namespace)
      if (added.length > 0) log(`Registered search attributes on ${address}: ${added.join(', ')}`)
    } finally {
      await connection.close()
    }
  } catch (error) {
    // Temporal Cloud, for one, does not let a namespace's own key add search attributes.
    log(
      `Warning: could not check or register the search attributes on ${address} (namespace ${namespace}): ` +
        `${error instanceof Error ? error.message : String(error)}. Register them with your operator tools ` +
        `(Keyword: CrmEntityType, CrmStage, CrmOwner, CrmTier, CrmLeadSource, CrmScoreBand, CrmPhase; Int: CrmHealth).`,
    )
  }
  return { address, uiUrl: env.TEMPORAL_UI_URL || undefined, logFile: undefined }
}

async function startMail() {
  log('Starting the mail catcher…')
  const catcher = await startMailCatcher({
    smtpPort: ports.smtp,
    webPort: ports.mailInbox,
    mailDir: path.join(dataDir, 'mail'),
  })
  runningParts.push({ name: 'mail catcher', stop: catcher.stop })
  return { smtpUrl: catcher.smtpUrl, inboxUrl: env.MAIL_INBOX_URL || catcher.inboxUrl }
}

/**
 * Twilio has no local server: without an account, a local stand-in that speaks its API (dev/twilio-local.ts) takes
 * the SMS and shows them in an inbox; replies typed there reach the CRM's signed Twilio webhook.
 */
async function startSms(appBaseUrl: string) {
  log('Starting the local SMS server…')
  const authToken = env.TWILIO_AUTH_TOKEN || 'local-twilio-auth-token'
  const local = await startTwilioLocal({
    accountSid: localTwilioAccountSid,
    authToken,
    port: ports.smsInbox,
    file: path.join(dataDir, 'sms.json'),
    inboundWebhookUrl: `${appBaseUrl.replace(/\/$/, '')}/api/webhooks/twilio`,
    callbackDelayMs: 1_000,
  })
  runningParts.push({ name: 'SMS server', stop: local.stop })
  const providers = new Set(
    (env.WEBHOOK_PROVIDERS ?? '')
      .split(',')
      .map((name) => name.trim())
      .filter(Boolean),
  )
  providers.add('twilio')
  return {
    inboxUrl: local.inboxUrl,
    env: {
      TWILIO_ACCOUNT_SID: localTwilioAccountSid,
      TWILIO_AUTH_TOKEN: authToken,
      TWILIO_FROM_NUMBER: env.TWILIO_FROM_NUMBER || '+15005550006',
      TWILIO_API_BASE: local.apiBase,
      SMS_INBOX_URL: local.inboxUrl,
      WEBHOOK_PROVIDERS: [...providers].join(','),
    },
  }
}

async function startChild(
  name: string,
  entryPoint: string,
  childEnv: NodeJS.ProcessEnv,
  ready: Parameters<typeof startChildProcess>[0]['ready'],
  nodeFlags: string[] = [],
) {
  const part = await supervise({
    name,
    log,
    start: () =>
      startChildProcess({
        command: process.execPath,
        args: [...nodeFlags, '--import', 'tsx', entryPoint],
        cwd: repoRoot,
        env: childEnv,
        onLine: (line, stream) => (stream === 'stdout' ? process.stdout : process.stderr).write(`[${name}] ${line}\n`),
        ready,
        readyTimeoutMs: childReadyTimeoutMs,
        stopGraceMs: childStopGraceMs,
      }).catch((error: unknown) => {
        throw new StartupError(`The ${name} process did not start: ${error instanceof Error ? error.message : error}`)
      }),
  })
  children.push(part)
}

function prefixLines(stream: NodeJS.ReadableStream | null, prefix: string, target: NodeJS.WritableStream) {
  if (!stream) return
  createInterface({ input: stream, crlfDelay: Infinity }).on('line', (line) => target.write(`${prefix} ${line}\n`))
}

function runToCompletion(name: string, command: string, args: string[], childEnv: NodeJS.ProcessEnv) {
  log(`Running ${command} ${args.join(' ')}…`)
  return new Promise<void>((resolve, reject) => {
    const child = spawn(command, args, { cwd: repoRoot, env: childEnv, stdio: ['ignore', 'pipe', 'pipe'] })
    prefixLines(child.stdout, `[${name}]`, process.stdout)
    prefixLines(child.stderr, `[${name}]`, process.stderr)
    child.once('error', reject)
    child.once('exit', (code, signal) =>
      code === 0
        ? resolve()
        : reject(new StartupError(`${command} ${args.join(' ')} failed (${signal ?? `exit code ${code}`}).`)),
    )
  })
}

/** Until something listens on the port (the child's start gives up on its own deadline). */
async function waitForPort(port: number, starting: () => boolean) {
  while (starting() && (await isPortFree(port))) await delay(250)
}

function shutDown(exitCode: number): Promise<void> {
  shutDownOnce ??= (async () => {
    stopping = true
    for (const part of [...children, ...runningParts]) part.stopRestarting?.()
    await startupStep
    if (children.length > 0) {
      log(
        `Stopping the ${children
          .map((part) => part.name)
          .sort()
          .join(' and ')} process${children.length > 1 ? 'es' : ''}…`,
      )
    }
    await Promise.all(children.map((part) => part.stop()))
    for (const part of runningParts.reverse()) {
      try {
        log(`Stopping ${part.name}…`)
        await part.stop()
      } catch (error) {
        log(`Stopping ${part.name} failed: ${error instanceof Error ? error.message : String(error)}`)
        exitCode = exitCode || 1
      }
    }
    log(exitCode === 0 ? 'Stopped.' : 'Stopped after an error.')
    process.exit(exitCode)
  })()
  return shutDownOnce
}

async function assertPortsFree() {
  const needed: [number, string, string][] = [[ports.app, 'PORT', 'the web process']]
  if (!env.DATABASE_URL)
    needed.push([ports.postgres, 'POSTGRES_PORT', 'embedded PostgreSQL (or set DATABASE_URL to use your own)'])
  if (!env.TEMPORAL_ADDRESS) {
    needed.push([ports.temporal, 'TEMPORAL_PORT', 'the Temporal dev server (or set TEMPORAL_ADDRESS to use your own)'])
    needed.push([ports.temporalUi, 'TEMPORAL_UI_PORT', 'the Temporal Web UI'])
  }
  if (!env.SMTP_URL) {
    needed.push([ports.smtp, 'SMTP_PORT', 'the mail catcher (or set SMTP_URL to use your own SMTP server)'])
    needed.push([ports.mailInbox, 'MAIL_INBOX_PORT', "the mail catcher's inbox"])
  }
  if (!env.TWILIO_ACCOUNT_SID) {
    needed.push([ports.smsInbox, 'SMS_INBOX_PORT', 'the local SMS server (or set TWILIO_ACCOUNT_SID to use Twilio)'])
  }
  const busy: string[] = []
  for (const [port, variable, purpose] of needed) {
    if (!(await isPortFree(port))) busy.push(`  port ${port} for ${purpose} is in use: set ${variable} to a free port`)
  }
  if (busy.length > 0) throw new StartupError(`Cannot start:\n${busy.join('\n')}`)
}

function isPortFree(port: number) {
  return new Promise<boolean>((resolve) => {
    const probe = createServer()
    probe.once('error', () => resolve(false))
    probe.listen(port, '127.0.0.1', () => probe.close(() => resolve(true)))
  })
}

async function waitUntilPortFree(port: number, timeoutMs: number) {
  const deadline = Date.now() + timeoutMs
  // Give the normal stop a head start; this is only the fallback for an already stopped server.
  await delay(1_000)
  while (Date.now() < deadline && !(await isPortFree(port))) await delay(200)
}

function portFrom(variable: string, fallback: number) {
  const raw = env[variable]
  if (!raw) return fallback
  const port = Number(raw)
  if (!Number.isInteger(port) || port < 1 || port > 65535) {
    console.error(`${variable} must be a port number (1-65535), got "${raw}".`)
    process.exit(1)
  }
  return port
}

function maskPassword(url: string) {
  try {
    const parsed = new URL(url)
    if (parsed.password) parsed.password = '*****'
    return parsed.toString()
  } catch {
    return '(unparseable URL)'
  }
}

function printAddresses(rows: [string, string][]) {
  const width = Math.max(...rows.map(([label]) => label.length))
  const lines = rows.map(([label, value]) => `  ${label.padEnd(width)}  ${value}`)
  console.log(`\nDurable CRM is running:\n${lines.join('\n')}\n\nPress Ctrl-C to stop.\n`)
}

function log(message: string) {
  console.log(`[start] ${message}`)
}

function firstOf<T>(...promises: Promise<T>[]): Promise<T> {
  return Promise.race(promises)
}

function delay(ms: number) {
  return new Promise<void>((resolve) => setTimeout(resolve, ms))
}
