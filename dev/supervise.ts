import { spawn } from 'node:child_process'
import { createInterface } from 'node:readline'
import { failuresInARowAfterDeath, restartBackoff, restartDelayMs, type RestartBackoff } from './restart-backoff'

// What `npm start` uses to keep its parts running: a part that dies is started again after a backoff, and the
// console says which part died, how, when it will be started again and when it is back.

export interface ExitStatus {
  code: number | null
  signal: NodeJS.Signals | null
}

/** One run of a part: settles `exited` when it ends, on its own or through stop(). */
export interface RunningInstance {
  /** The child's process id (a bench reads its memory from /proc). */
  pid?: number
  exited: Promise<ExitStatus>
  stop(): Promise<void>
}

export interface SupervisedPart {
  name: string
  /**
   * The whole system is stopping: a death from now on is neither reported nor restarted. Ctrl-C reaches a child in
   * the terminal's process group (embedded PostgreSQL) before its turn to be stopped comes.
   */
  stopRestarting(): void
  /** Stops the part and never starts it again; waits for a start under way to finish first. */
  stop(): Promise<void>
}

export interface SuperviseOptions {
  /** As the console says it: "worker", "PostgreSQL". */
  name: string
  /** Starts one run and resolves once it is ready; rejects if it could not start. */
  start(): Promise<RunningInstance>
  log(message: string): void
  backoff?: RestartBackoff
  now?: () => number
}

/**
 * Starts a part and keeps it running. The first start's failure is thrown (the caller decides what a part that
 * never came up means); after that, deaths and failed restarts are retried with backoff until stop().
 */
export async function supervise(options: SuperviseOptions): Promise<SupervisedPart> {
  const { name, log } = options
  const backoff = options.backoff ?? restartBackoff
  const now = options.now ?? Date.now
  let current = await options.start()
  let upSince = now()
  let stopping = false
  let failuresInARow = 0
  let restarts = 0
  let startUnderWay: Promise<unknown> = Promise.resolve()
  let wakeUp = () => {}

  const sleep = (ms: number) =>
    new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, ms)
      wakeUp = () => {
        clearTimeout(timer)
        resolve()
      }
    })

  const watching = (async () => {
    for (;;) {
      const exit = await current.exited
      if (stopping) return
      failuresInARow = failuresInARowAfterDeath(failuresInARow, now() - upSince, backoff)
      let wait = restartDelayMs(failuresInARow, backoff)
      log(`${clock()} ${name} died (${describeExit(exit)}); restarting it in ${seconds(wait)}.`)
      for (;;) {
        await sleep(wait)
        if (stopping) return
        restarts += 1
        const attempt = options.start()
        // stop() waits on this, and must then find the new run in `current` to stop it.
        startUnderWay = attempt.then(
          (instance) => (current = instance),
          () => undefined,
        )
        try {
          current = await attempt
          upSince = now()
          log(`${clock()} ${name} is back (restart ${restarts}).`)
          break
        } catch (error) {
          if (stopping) return
          failuresInARow += 1
          wait = restartDelayMs(failuresInARow, backoff)
          log(`${clock()} ${name} could not be restarted (${reason(error)}); trying again in ${seconds(wait)}.`)
        }
      }
    }
  })()

  const stopRestarting = () => {
    stopping = true
    wakeUp()
  }
  return {
    name,
    stopRestarting,
    async stop() {
      stopRestarting()
      await startUnderWay
      await current.stop()
      await watching
    },
  }
}

export interface ChildProcessOptions {
  command: string
  args: string[]
  cwd?: string
  env?: NodeJS.ProcessEnv
  /** Every line the child writes, stdout and stderr. */
  onLine(line: string, stream: 'stdout' | 'stderr'): void
  /**
   * Resolves when the child is ready; the default is as soon as it is spawned. `starting()` turns false once the
   * start has ended either way, so a polling check can give up.
   */
  ready?(lines: AsyncIterable<string>, starting: () => boolean): Promise<void>
  readyTimeoutMs?: number
  /** How long stop() waits after SIGTERM before SIGKILL. */
  stopGraceMs?: number
}

/**
 * Spawns a child in a process group of its own (Ctrl-C in the terminal reaches only the supervisor, which stops
 * the children in order) and resolves once it is ready. A child that exits or does not get ready in time rejects,
 * and is killed first.
 */
export async function startChildProcess(options: ChildProcessOptions): Promise<RunningInstance> {
  const child = spawn(options.command, options.args, {
    cwd: options.cwd,
    env: options.env,
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  })
  const exited = new Promise<ExitStatus>((resolve) => {
    child.once('exit', (code, signal) => resolve({ code, signal }))
    child.once('error', () => resolve({ code: null, signal: null }))
  })
  const spawnFailed = new Promise<Error>((resolve) => child.once('error', resolve))

  const waiting: ((line: string) => void)[] = []
  for (const [stream, name] of [
    [child.stdout, 'stdout'],
    [child.stderr, 'stderr'],
  ] as const) {
    createInterface({ input: stream, crlfDelay: Infinity }).on('line', (line) => {
      options.onLine(line, name)
      for (const notify of waiting) notify(line)
    })
  }
  async function* lines(): AsyncIterable<string> {
    const queue: string[] = []
    let signal = () => {}
    const notify = (line: string) => {
      queue.push(line)
      signal()
    }
    waiting.push(notify)
    try {
      for (;;) {
        while (queue.length > 0) yield queue.shift()!
        await new Promise<void>((resolve) => (signal = resolve))
      }
    } finally {
      waiting.splice(waiting.indexOf(notify), 1)
    }
  }

  const stopGraceMs = options.stopGraceMs ?? 15_000
  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null || child.pid === undefined) return
    signalGroup(child.pid, 'SIGTERM')
    const stopped = await Promise.race([exited.then(() => true), delay(stopGraceMs).then(() => false)])
    if (!stopped) {
      signalGroup(child.pid, 'SIGKILL')
      await exited
    }
  }

  const readyTimeoutMs = options.readyTimeoutMs ?? 120_000
  let timer: NodeJS.Timeout | undefined
  let starting = true
  try {
    await Promise.race([
      (options.ready ?? (async () => {}))(lines(), () => starting),
      spawnFailed.then((error) => Promise.reject(error)),
      exited.then((exit) => Promise.reject(new Error(`it exited before it was ready (${describeExit(exit)})`))),
      new Promise((_, reject) => {
        timer = setTimeout(
          () => reject(new Error(`it was not ready within ${seconds(readyTimeoutMs)}`)),
          readyTimeoutMs,
        )
      }),
    ])
  } catch (error) {
    await stop()
    throw error
  } finally {
    starting = false
    clearTimeout(timer)
  }
  return { pid: child.pid, exited, stop }
}

/** A ready() that waits for the first line matching `pattern`. */
export function lineMatching(pattern: RegExp) {
  return async (lines: AsyncIterable<string>) => {
    for await (const line of lines) if (pattern.test(line)) return
  }
}

export function describeExit(exit: ExitStatus): string {
  if (exit.signal) return `signal ${exit.signal}`
  if (exit.code !== null) return `exit code ${exit.code}`
  return 'could not be spawned'
}

function signalGroup(pid: number, signal: NodeJS.Signals) {
  try {
    process.kill(-pid, signal)
  } catch {
    // already gone
  }
}

function reason(error: unknown) {
  const text = error instanceof Error ? error.message : String(error)
  return text.split('\n')[0] || 'no reason given'
}

function seconds(ms: number) {
  return `${Number((ms / 1000).toFixed(3))} s`
}

function clock() {
  return new Date().toISOString().slice(11, 19)
}

function delay(ms: number) {
  return new Promise<void>((resolve) => setTimeout(resolve, ms))
}
