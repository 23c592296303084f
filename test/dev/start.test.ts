import { execFile, spawn, type ChildProcess } from 'node:child_process'
import { promisify } from 'node:util'
import { randomUUID } from 'node:crypto'
import { chmodSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { Client, Connection } from '@temporalio/client'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { repoRoot } from '../../dev/temporal-binaries'
import { freePorts } from '../../dev/free-port'
import { leadWorkflowId } from '../../workflows/lead-messages'
import { workerNodeFlags } from '../../workers/worker-heap'

// End to end: `npm start`'s supervisor with every part embedded, on free ports and a throw-away data folder.
// Slow (it starts PostgreSQL, Temporal, the mail catcher, the worker and the web process, three times).

const readyLine = 'Press Ctrl-C to stop.'
const packageJson = JSON.parse(readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as {
  scripts: { start: string }
}
const startCommand = packageJson.scripts.start.split('&&').at(-1)!.trim()
// Wall-clock limits, generous: on a loaded 2-core machine a cold start of every part can take minutes.
const startupTimeoutMs = 240_000
const mailDeadlineMs = 180_000
const startAttempts = 3

interface Supervisor {
  child: ChildProcess
  output: () => string
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>
}

type Ports = Record<'app' | 'temporal' | 'temporalUi' | 'smtp' | 'mailInbox' | 'smsInbox' | 'postgres', number>

let dataDir: string
/** The ports of the latest start: every start picks free ones anew. */
let ports: Ports
let running: Supervisor | undefined
// What a deployment's automation holds: seeded by the web process at start from BOOTSTRAP_API_KEY.
const automationKey = `crm_${randomUUID().replaceAll('-', '')}`
const asAutomation = { authorization: `Bearer ${automationKey}` }

beforeEach(() => {
  dataDir = mkdtempSync(path.join(tmpdir(), 'durable-crm-start-'))
  // Run as root, PostgreSQL drops to the postgres user, which must be able to reach its folder.
  chmodSync(dataDir, 0o755)
})

afterEach(async () => {
  if (running && running.child.exitCode === null) await stopLikeCtrlC(running)
  // After a failed assertion, survivors must not outlive the test.
  killSurvivors()
  rmSync(dataDir, { recursive: true, force: true })
})

const execFileAsync = promisify(execFile)

describe('npm start', () => {
  it(
    'brings up the whole system on embedded parts, stops cleanly on Ctrl-C, and finds everything again after a restart',
    {
      timeout: 900_000,
    },
    async () => {
      const supervisor = await startSupervisor()
      const addresses = parseAddresses(supervisor.output())
      expect(addresses['App']).toBe(`http://localhost:${ports.app}`)
      expect(addresses['PostgreSQL']).toMatch(
        new RegExp(`^postgresql://postgres:\\*+@127\\.0\\.0\\.1:${ports.postgres}/durable_crm$`),
      )
      expect(addresses['Temporal frontend']).toContain(`127.0.0.1:${ports.temporal}`)

      const health = await fetch(`${addresses['App']}/api/health`)
      expect(health.status).toBe(200)
      expect(await health.json()).toMatchObject({ status: 'ok' })
      expect((await fetch(addresses['Temporal Web UI']!)).status).toBe(200)
      expect((await fetch(addresses['Mail inbox']!, { headers: { accept: 'text/html' } })).status).toBe(200)
      expect(addresses['SMS inbox']).toBe(`http://127.0.0.1:${ports.smsInbox}/`)
      expect(await (await fetch(addresses['SMS inbox']!)).text()).toContain('SMS inbox')

      const leadEmail = `restart-${randomUUID()}@example.com`
      const created = await fetch(`${addresses['App']}/api/leads`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...asAutomation },
        body: JSON.stringify({ email: leadEmail, source: 'website', firstName: 'Rita' }),
      })
      expect(created.status).toBe(201)
      const leadId = ((await created.json()) as { id: string }).id

      // The worker, started by the supervisor, runs the lead's workflow, which mails the catcher's inbox.
      const inboxMail = await waitFor(
        () => inboxMessagesTo(addresses['Mail inbox']!, leadEmail),
        (mails) => mails.length > 0,
        mailDeadlineMs,
      )
      expect(inboxMail.length).toBeGreaterThan(0)
      const workflowRunId = (await describeLeadWorkflow(leadId)).runId

      // On a loaded machine the supervisor may not run for a while after Ctrl-C; it must still stop cleanly.
      const { code } = await stopLikeCtrlC(supervisor, { busyForMs: 300 })
      expect(code, supervisor.output()).toBe(0)
      expect(await busyPorts()).toEqual([])
      expect(processesOfThisRun()).toEqual([])

      // The same data folder, on other ports.
      const restarted = await startSupervisor()
      const restartedAddresses = parseAddresses(restarted.output())
      const lead = await fetch(`${restartedAddresses['App']}/api/leads/${leadId}`, { headers: asAutomation })
      expect(lead.status).toBe(200)
      expect(await lead.json()).toMatchObject({ id: leadId, email: leadEmail })
      expect((await describeLeadWorkflow(leadId)).runId).toBe(workflowRunId)
      expect((await inboxMessagesTo(restartedAddresses['Mail inbox']!, leadEmail)).length).toBeGreaterThan(0)

      // `npm run seed` in a second terminal finds the running system without DATABASE_URL, and starts the
      // workflows of the open records it adds.
      const seeded = await execFileAsync(path.join(repoRoot, 'node_modules', '.bin', 'tsx'), ['prisma/seed.ts'], {
        cwd: repoRoot,
        env: { ...process.env, DATA_DIR: dataDir, DATABASE_URL: '', TEMPORAL_ADDRESS: '', TEMPORAL_NAMESPACE: '' },
        timeout: 300_000,
      })
      expect(Number(/workflows started\s+(\d+) open leads/.exec(seeded.stdout)?.[1])).toBeGreaterThan(20)
      const seededLead = await fetch(`${restartedAddresses['App']}/api/leads/seed-lead-001`, { headers: asAutomation })
      expect(seededLead.status).toBe(200)

      await stopLikeCtrlC(restarted)
    },
  )

  it(
    'restarts a killed worker, Temporal dev server and PostgreSQL while the rest stays up, and the system recovers',
    { timeout: 900_000 },
    async () => {
      const supervisor = await startSupervisor()
      const addresses = parseAddresses(supervisor.output())
      const app = addresses['App']!
      const web = processOfThisRun((commandLine) => commandLine.includes('api/server.ts'))

      // The worker dies: the supervisor says so, starts it again, and the web process never stops answering.
      const worker = processOfThisRun((commandLine) => commandLine.includes('workers/main.ts'))
      // Bounded memory: the worker runs with its heap limit, on the workflows bundled once before it started.
      expect(worker.commandLine).toContain(workerNodeFlags.join(' '))
      const bundle = path.join(dataDir, 'workflow-bundle.js')
      expect(supervisor.output()).toContain(`[bundle] Workflows bundled into ${bundle}`)
      const polling = supervisor
        .output()
        .split('\n')
        .filter((line) => line.includes('Worker polling'))
      expect(polling.length).toBeGreaterThan(0)
      for (const line of polling) expect(line).toContain(`"workflowBundle":"${bundle}"`)
      let since = supervisor.output().length
      process.kill(worker.pid, 'SIGKILL')
      await waitForOutput(supervisor, since, /\[start\] \S+ worker died \(signal SIGKILL\); restarting it in 1 s\./)
      expect((await fetch(`${app}/api/health`)).status).toBe(200)
      await waitForOutput(supervisor, since, /\[start\] \S+ worker is back \(restart 1\)\./)
      const restartedWorker = processOfThisRun((commandLine) => commandLine.includes('workers/main.ts'))
      expect(restartedWorker.pid).not.toBe(worker.pid)
      expect(processOfThisRun((commandLine) => commandLine.includes('api/server.ts')).pid).toBe(web.pid)
      expect((await fetch(`${app}/api/health`)).status).toBe(200)

      // The Temporal dev server dies, then PostgreSQL: each is started again on its port and data.
      const temporal = processOfThisRun((commandLine) => commandLine.includes('server start-dev'))
      since = supervisor.output().length
      process.kill(temporal.pid, 'SIGKILL')
      await waitForOutput(supervisor, since, /\[start\] \S+ Temporal dev server died \(signal SIGKILL\); restarting/)
      await waitForOutput(supervisor, since, /\[start\] \S+ Temporal dev server is back \(restart \d+\)\./)

      const postgres = processOfThisRun(
        (commandLine) =>
          commandLine.includes(`-D ${path.join(dataDir, 'postgres')}`) && !/^postgres:/.test(commandLine),
      )
      since = supervisor.output().length
      process.kill(postgres.pid, 'SIGKILL')
      await waitForOutput(supervisor, since, /\[start\] \S+ PostgreSQL died \(signal SIGKILL\); restarting/)
      await waitForOutput(supervisor, since, /\[start\] \S+ PostgreSQL is back \(restart \d+\)\./)

      // The system recovers: every dependency answers again, and a lead posted now gets its workflow and its email.
      const health = await waitFor(
        () => fetchOrNull(`${app}/api/health`),
        (response) => response?.status === 200,
        mailDeadlineMs,
      )
      expect(health?.status).toBe(200)
      const leadEmail = `recovered-${randomUUID()}@example.com`
      const created = await waitFor(
        () =>
          fetchOrNull(`${app}/api/leads`, {
            method: 'POST',
            headers: { 'content-type': 'application/json', ...asAutomation },
            body: JSON.stringify({ email: leadEmail, source: 'website', firstName: 'Rosa' }),
          }),
        (response) => response !== null && response.status < 300,
        mailDeadlineMs,
      )
      expect([201, 202]).toContain(created?.status)
      const leadId = ((await created!.json()) as { id: string }).id
      const workflow = await waitFor(
        () => describeLeadWorkflow(leadId).catch(() => null),
        (description) => description !== null,
        mailDeadlineMs,
      )
      expect(workflow?.workflowId).toBe(leadWorkflowId(leadId))
      const inboxMail = await waitFor(
        () => inboxMessagesTo(addresses['Mail inbox']!, leadEmail),
        (mails) => mails.length > 0,
        mailDeadlineMs,
      )
      expect(inboxMail.length).toBeGreaterThan(0)
      expect(supervisor.output()).not.toMatch(/Stopped after an error|stopping everything/)

      // Ctrl-C still stops everything, workers and web first, then the services in reverse order.
      since = supervisor.output().length
      const { code } = await stopLikeCtrlC(supervisor)
      expect(code, supervisor.output()).toBe(0)
      const stopping = supervisor
        .output()
        .slice(since)
        .split('\n')
        .filter((line) => line.startsWith('[start] Stopping'))
      expect(stopping).toEqual([
        '[start] Stopping the web and worker processes…',
        '[start] Stopping running-system record…',
        '[start] Stopping SMS server…',
        '[start] Stopping mail catcher…',
        '[start] Stopping Temporal dev server…',
        '[start] Stopping PostgreSQL…',
      ])
      // PostgreSQL hears the Ctrl-C itself (the terminal's process group) and ends before its turn: not a death.
      expect(supervisor.output().slice(since)).not.toMatch(/ died /)
      expect(await busyPorts()).toEqual([])
      expect(processesOfThisRun()).toEqual([])
    },
  )
})

// The supervisor's own check of its ports before it starts anything ("port N for … is in use"), or a server's bind.
const portTakenMeanwhile = /EADDRINUSE|address already in use|port \d+ for .* is in use/i

/** Starts `npm start` on ports free a moment ago; if another process took one meanwhile, again on new ones. */
async function startSupervisor(): Promise<Supervisor> {
  for (let attempt = 1; ; attempt += 1) {
    const [app, temporal, temporalUi, smtp, mailInbox, smsInbox, postgres] = await freePorts(7)
    ports = {
      app: app!,
      temporal: temporal!,
      temporalUi: temporalUi!,
      smtp: smtp!,
      mailInbox: mailInbox!,
      smsInbox: smsInbox!,
      postgres: postgres!,
    }
    try {
      return await startSupervisorOnce()
    } catch (error) {
      if (attempt >= startAttempts || !portTakenMeanwhile.test(String(error))) throw error
      killSurvivors()
    }
  }
}

async function startSupervisorOnce(): Promise<Supervisor> {
  // Exactly what `npm start` runs after its build.
  const [program, ...args] = startCommand.split(' ')
  const executable = program === 'node' ? process.execPath : path.join(repoRoot, 'node_modules', '.bin', program!)
  const child = spawn(executable, args, {
    cwd: repoRoot,
    env: {
      ...process.env,
      DATA_DIR: dataDir,
      PORT: String(ports.app),
      BOOTSTRAP_API_KEY: automationKey,
      TEMPORAL_PORT: String(ports.temporal),
      TEMPORAL_UI_PORT: String(ports.temporalUi),
      SMTP_PORT: String(ports.smtp),
      MAIL_INBOX_PORT: String(ports.mailInbox),
      SMS_INBOX_PORT: String(ports.smsInbox),
      POSTGRES_PORT: String(ports.postgres),
      // Empty, not absent: a developer's .env must not switch this test to external services.
      DATABASE_URL: '',
      TEMPORAL_ADDRESS: '',
      TEMPORAL_UI_URL: '',
      SMTP_URL: '',
      MAIL_INBOX_URL: '',
      TWILIO_ACCOUNT_SID: '',
      APP_BASE_URL: '',
      TEMPORAL_NAMESPACE: '',
      TEMPORAL_TASK_QUEUE: '',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
    // A process group of its own, so the test can send Ctrl-C the way a terminal does: to the whole group.
    detached: true,
  })
  let output = ''
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()))
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()))
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  )
  const supervisor = { child, output: () => output, exited }
  running = supervisor

  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`npm start did not come up:\n${output}`)), startupTimeoutMs)
    const check = () => {
      if (output.includes(readyLine)) {
        clearTimeout(timer)
        resolve()
      }
    }
    child.stdout.on('data', check)
    void exited.then(({ code, signal }) => {
      clearTimeout(timer)
      reject(new Error(`npm start exited (${signal ?? code}) before it was ready:\n${output}`))
    })
  })
  return supervisor
}

/** Ctrl-C to the whole process group; `busyForMs` keeps the supervisor itself from running that long after it. */
async function stopLikeCtrlC(supervisor: Supervisor, { busyForMs = 0 } = {}) {
  const held = busyForMs > 0 ? supervisorProcess() : undefined
  if (held) process.kill(held, 'SIGSTOP')
  process.kill(-supervisor.child.pid!, 'SIGINT')
  if (held) {
    await new Promise((resolve) => setTimeout(resolve, busyForMs))
    try {
      process.kill(held, 'SIGCONT')
    } catch {
      // Killed while held: what a launcher that gives up on an unanswered signal does.
    }
  }
  const result = await supervisor.exited
  running = undefined
  return result
}

function parseAddresses(output: string): Record<string, string> {
  const table = output.slice(output.lastIndexOf('Durable CRM is running:'))
  return Object.fromEntries(
    [...table.matchAll(/^ {2}(\S.*?) {2,}(\S+)/gm)].map((match) => [match[1]!.trim(), match[2]!]),
  )
}

async function inboxMessagesTo(inboxUrl: string, address: string) {
  const response = await fetch(`${inboxUrl}/api/email`)
  const mails = (await response.json()) as { to: { address: string }[] }[]
  return mails.filter((mail) => mail.to.some((recipient) => recipient.address === address))
}

async function describeLeadWorkflow(leadId: string) {
  const connection = await Connection.connect({ address: `127.0.0.1:${ports.temporal}` })
  try {
    return await new Client({ connection }).workflow.getHandle(leadWorkflowId(leadId)).describe()
  } finally {
    await connection.close()
  }
}

/** The process running scripts/start.ts itself, not a launcher in front of it. */
function supervisorProcess() {
  const running = processesOfThisRun().filter((process) => process.commandLine.includes('scripts/start.ts'))
  const launchers = new Set(running.map((process) => process.parentPid))
  const innermost = running.filter((process) => !launchers.has(process.pid))
  expect(innermost, JSON.stringify(running, null, 1)).toHaveLength(1)
  return innermost[0]!.pid
}

/** The one process of this run whose command line matches. */
function processOfThisRun(matches: (commandLine: string) => boolean) {
  const found = processesOfThisRun().filter((process) => matches(process.commandLine))
  expect(found, JSON.stringify(processesOfThisRun(), null, 1)).toHaveLength(1)
  return found[0]!
}

/** Waits for the supervisor to print a line matching `pattern` after `since` (an offset into its output). */
async function waitForOutput(supervisor: Supervisor, since: number, pattern: RegExp) {
  const deadline = Date.now() + mailDeadlineMs
  while (!pattern.test(supervisor.output().slice(since))) {
    if (Date.now() > deadline || supervisor.child.exitCode !== null)
      throw new Error(`npm start did not print ${pattern}:\n${supervisor.output().slice(since)}`)
    await new Promise((resolve) => setTimeout(resolve, 250))
  }
}

async function fetchOrNull(url: string, init?: RequestInit) {
  try {
    return await fetch(url, { ...init, signal: AbortSignal.timeout(10_000) })
  } catch {
    return null
  }
}

async function waitFor<T>(read: () => Promise<T>, done: (value: T) => boolean, deadlineMs: number): Promise<T> {
  const deadline = Date.now() + deadlineMs
  for (;;) {
    const value = await read()
    if (done(value) || Date.now() > deadline) return value
    await new Promise((resolve) => setTimeout(resolve, 500))
  }
}

async function busyPorts() {
  const busy: number[] = []
  for (const port of Object.values(ports)) {
    const free = await new Promise<boolean>((resolve) => {
      const probe = createServer()
      probe.once('error', () => resolve(false))
      probe.listen(port, '127.0.0.1', () => probe.close(() => resolve(true)))
    })
    if (!free) busy.push(port)
  }
  return busy
}

function killSurvivors() {
  for (const survivor of processesOfThisRun()) {
    try {
      process.kill(survivor.pid, 'SIGKILL')
    } catch {
      // exited meanwhile
    }
  }
}

/** Every process that inherited this run's DATA_DIR: the supervisor's children and grandchildren. */
function processesOfThisRun(): { pid: number; parentPid: number; commandLine: string }[] {
  if (!existsSync('/proc/self/environ')) return []
  const marker = `DATA_DIR=${dataDir}`
  return readdirSync('/proc')
    .filter((entry) => /^\d+$/.test(entry))
    .flatMap((entry) => {
      try {
        const environment = readFileSync(`/proc/${entry}/environ`, 'utf8').split('\0')
        if (!environment.includes(marker)) return []
        const commandLine = readFileSync(`/proc/${entry}/cmdline`, 'utf8').split('\0').join(' ').trim()
        // A zombie has no command line; it holds no resources and is not a survivor.
        // The parent's pid is the field after the state, which follows the parenthesised command name.
        const parentPid = Number(readFileSync(`/proc/${entry}/stat`, 'utf8').split(') ').at(-1)!.split(' ')[1])
        return commandLine ? [{ pid: Number(entry), parentPid, commandLine }] : []
      } catch {
        return []
      }
    })
}
