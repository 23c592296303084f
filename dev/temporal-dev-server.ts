import { spawn, type ChildProcess } from 'node:child_process'
import { closeSync, mkdirSync, openSync, readdirSync, readFileSync, statSync } from 'node:fs'
import path from 'node:path'
import { Connection } from '@temporalio/client'
import { encodeSearchAttributeIndexedValueType } from '@temporalio/common/lib/search-attributes'
import { TestWorkflowEnvironment, type EphemeralServerExecutable } from '@temporalio/testing'
import { crmSearchAttributes } from '../workflows/search-attributes'
import { resolveTemporalCli } from './temporal-binaries'

export interface TemporalDevServerOptions {
  /** Holds `temporal.db` (SQLite, so workflows survive a restart) and `temporal.log`. */
  dataDir: string
  port: number
  uiPort: number
  namespace: string
  executable?: EphemeralServerExecutable
  startupTimeoutMs?: number
}

export interface TemporalDevServer {
  address: string
  uiUrl: string
  logFile: string
  /** Settles when the server process ends, on its own or through stop(). */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>
  stop(): Promise<void>
}

const host = '127.0.0.1'
const stopGraceMs = 10_000

/** The flags the SDK passes to its own dev server, so updates behave the same as in tests. */
const sdkDynamicConfig = [
  'frontend.enableServerVersionCheck=false',
  'frontend.enableUpdateWorkflowExecution=true',
  'frontend.enableUpdateWorkflowExecutionAsyncAccepted=true',
]

/**
 * Starts `temporal server start-dev` as our own child process (not through the SDK) so its logs go to a file
 * and stop() can shut it down gracefully instead of killing it.
 */
export function startTemporalDevServer(options: TemporalDevServerOptions): Promise<TemporalDevServer> {
  return retryingPortCollisions(() => startTemporalDevServerOnce(options))
}

const portCollisionAttempts = 3

/**
 * The CLI picks its HTTP API, metrics and cluster ports itself, each free a moment before it binds it, so another
 * process can take one meanwhile: one of four bench starts in a session failed so. A new start picks new ones.
 * A port the caller chose and someone holds fails each attempt alike, and the last error says which.
 */
export async function retryingPortCollisions<T>(start: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await start()
    } catch (error) {
      if (attempt >= portCollisionAttempts || !/address already in use/i.test(String(error))) throw error
    }
  }
}

async function startTemporalDevServerOnce(options: TemporalDevServerOptions): Promise<TemporalDevServer> {
  const { dataDir, port, uiPort, namespace } = options
  mkdirSync(dataDir, { recursive: true })
  const executablePath = await temporalCliPath(options.executable ?? (await resolveTemporalCli()))
  const logFile = path.join(dataDir, 'temporal.log')
  const address = `${host}:${port}`
  const uiUrl = `http://${host}:${uiPort}`

  const args = [
    'server',
    'start-dev',
    '--ip',
    host,
    '--port',
    String(port),
    '--ui-port',
    String(uiPort),
    '--namespace',
    namespace,
    '--db-filename',
    path.join(dataDir, 'temporal.db'),
    '--sqlite-pragma',
    'journal_mode=WAL',
    '--sqlite-pragma',
    'synchronous=OFF',
    '--log-level',
    'warn',
    '--ui-disable-news-fetch',
    ...sdkDynamicConfig.flatMap((value) => ['--dynamic-config-value', value]),
    // Honoured only when the namespace is created; registerSearchAttributes covers an existing db file.
    ...crmSearchAttributes.flatMap((key) => ['--search-attribute', `${key.name}=${cliTypeNames[key.type]}`]),
  ]
  const logFd = openSync(logFile, 'a')
  // A process group of its own: Ctrl-C in the terminal must not stop Temporal before the workers using it.
  const child = spawn(executablePath, args, { stdio: ['ignore', logFd, logFd], detached: true })
  closeSync(logFd)
  let spawnError: Error | undefined
  const exitStatus = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    child.once('exit', (code, signal) => resolve({ code, signal }))
    child.once('error', (error) => {
      spawnError = error
      resolve({ code: null, signal: null })
    })
  })
  const exited = exitStatus.then(({ code }) => code)
  // Its own process group outlives this process: one that ends without stop() (a crash, a failed bench) must not
  // leave a server holding the port. An 'exit' listener cannot wait; SIGTERM lets the server close its database.
  const stopWithThisProcess = () => {
    if (child.pid !== undefined && child.exitCode === null && child.signalCode === null)
      signalGroup(child.pid, 'SIGTERM')
  }
  process.on('exit', stopWithThisProcess)
  void exitStatus.then(() => process.off('exit', stopWithThisProcess))

  const stop = () => stopProcess(child, exited)
  try {
    await Promise.race([exited, delay(100)])
    if (spawnError) throw new Error(`Could not start ${executablePath}: ${spawnError.message}`)
    const connection = await waitForFrontend(
      address,
      namespace,
      child,
      exited,
      logFile,
      options.startupTimeoutMs ?? 60_000,
    )
    try {
      await registerSearchAttributes(connection, namespace)
    } finally {
      await connection.close()
    }
    await waitForHttp(uiUrl, child, logFile, options.startupTimeoutMs ?? 60_000)
  } catch (error) {
    await stop()
    throw error
  }
  return { address, uiUrl, logFile, exited: exitStatus, stop }
}

/** Adds the project's search attributes that the namespace does not have yet; safe to call on every start. */
export async function registerSearchAttributes(connection: Connection, namespace: string): Promise<string[]> {
  const { customAttributes } = await connection.operatorService.listSearchAttributes({ namespace })
  const missing = crmSearchAttributes.filter((key) => !(key.name in customAttributes))
  for (const key of crmSearchAttributes) {
    const existing = customAttributes[key.name]
    if (existing !== undefined && existing !== indexedValueType(key)) {
      throw new Error(
        `Search attribute ${key.name} exists in namespace ${namespace} with another type; expected ${key.type}.`,
      )
    }
  }
  if (missing.length === 0) return []
  try {
    await connection.operatorService.addSearchAttributes({
      namespace,
      searchAttributes: Object.fromEntries(missing.map((key) => [key.name, indexedValueType(key)])),
    })
  } catch (error) {
    // Another process registering at the same moment is fine.
    if ((error as { code?: number }).code !== grpcAlreadyExists) throw error
  }
  return missing.map((key) => key.name)
}

const grpcAlreadyExists = 6

/** The CLI's names of the types the project's search attributes use. */
const cliTypeNames: Record<(typeof crmSearchAttributes)[number]['type'], string> = {
  KEYWORD: 'Keyword',
  INT: 'Int',
}

function indexedValueType(key: (typeof crmSearchAttributes)[number]) {
  const type = encodeSearchAttributeIndexedValueType(key.type)
  if (type === undefined) throw new Error(`Search attribute ${key.name} has an unknown type ${key.type}`)
  return type
}

async function temporalCliPath(executable: EphemeralServerExecutable): Promise<string> {
  if (executable.type === 'existing-path') return executable.path
  const downloadDir = executable.downloadDir ?? path.join(process.cwd(), '.tools', 'sdk-download')
  const cached = findDownloadedCli(downloadDir)
  if (cached) return cached
  // Let the SDK download the CLI (it knows the right release); a throw-away in-memory server is the only way in.
  console.log(`Downloading the Temporal CLI into ${downloadDir} (once)…`)
  const environment = await TestWorkflowEnvironment.createLocal({
    server: { executable: { ...executable, downloadDir } },
  })
  await environment.teardown()
  const downloaded = findDownloadedCli(downloadDir)
  if (!downloaded)
    throw new Error(`The Temporal SDK did not leave a CLI in ${downloadDir}; set TEMPORAL_CLI_PATH instead.`)
  return downloaded
}

/** The SDK names its download `temporal-sdk-typescript-<version>` (see sdk-core's ephemeral_server). */
function findDownloadedCli(downloadDir: string): string | undefined {
  let names: string[]
  try {
    names = readdirSync(downloadDir)
  } catch {
    return undefined
  }
  // `.downloading` is the SDK's partial file; `temporal-test-server-…` shares the folder.
  return names
    .filter((name) => name.startsWith('temporal-sdk-') && !name.endsWith('.downloading'))
    .map((name) => path.join(downloadDir, name))
    .sort((a, b) => statSync(b).mtimeMs - statSync(a).mtimeMs)[0]
}

async function waitForFrontend(
  address: string,
  namespace: string,
  child: ChildProcess,
  exited: Promise<number | null>,
  logFile: string,
  timeoutMs: number,
): Promise<Connection> {
  const deadline = Date.now() + timeoutMs
  let lastError: unknown
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) break
    try {
      const connection = await Connection.connect({ address, connectTimeout: 1_000 })
      try {
        await connection.workflowService.describeNamespace({ namespace })
        return connection
      } catch (error) {
        await connection.close()
        throw error
      }
    } catch (error) {
      lastError = error
      await Promise.race([exited, delay(250)])
    }
  }
  throw new Error(
    `The Temporal dev server did not answer on ${address} (${describeExit(child) ?? String(lastError)}).\n` +
      `Last lines of ${logFile}:\n${tail(logFile)}`,
  )
}

async function waitForHttp(url: string, child: ChildProcess, logFile: string, timeoutMs: number) {
  const deadline = Date.now() + timeoutMs
  while (Date.now() < deadline && child.exitCode === null && child.signalCode === null) {
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(2_000) })
      if (response.ok) return
    } catch {
      // not listening yet
    }
    await delay(250)
  }
  throw new Error(
    `The Temporal Web UI did not answer on ${url} (${describeExit(child) ?? 'timed out'}).\n${tail(logFile)}`,
  )
}

async function stopProcess(child: ChildProcess, exited: Promise<number | null>) {
  if (child.exitCode !== null || child.signalCode !== null || child.pid === undefined) return
  signalGroup(child.pid, 'SIGTERM')
  const stopped = await Promise.race([exited.then(() => true), delay(stopGraceMs).then(() => false)])
  if (!stopped) {
    signalGroup(child.pid, 'SIGKILL')
    await exited
  }
}

function signalGroup(pid: number, signal: NodeJS.Signals) {
  try {
    process.kill(-pid, signal)
  } catch {
    // already gone
  }
}

function describeExit(child: ChildProcess) {
  if (child.exitCode !== null) return `it exited with code ${child.exitCode}`
  if (child.signalCode !== null) return `it was stopped by ${child.signalCode}`
  return undefined
}

function tail(file: string, lines = 20) {
  try {
    return readFileSync(file, 'utf8').trimEnd().split('\n').slice(-lines).join('\n')
  } catch {
    return '(no log)'
  }
}

function delay(ms: number) {
  return new Promise<void>((resolve) => setTimeout(resolve, ms))
}
