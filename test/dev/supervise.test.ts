import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { lineMatching, startChildProcess, supervise, type SupervisedPart } from '../../dev/supervise'

// The supervision `npm start` uses, on real child processes (plain node scripts), with a fast backoff:
// 50 ms doubling to 200 ms, healthy after 400 ms up.

const backoff = { initialDelayMs: 50, maxDelayMs: 200, healthyAfterMs: 400 }
const deadlineMs = 20_000

let folder: string
let parts: SupervisedPart[]
let pids: Set<number>

beforeEach(() => {
  folder = mkdtempSync(path.join(tmpdir(), 'supervise-'))
  parts = []
  pids = new Set()
})

afterEach(async () => {
  await Promise.all(parts.map((part) => part.stop()))
  for (const pid of pids) if (alive(pid)) process.kill(pid, 'SIGKILL')
  rmSync(folder, { recursive: true, force: true })
})

/**
 * A supervised node script that prints `ready <pid>` when it is up. `exitAfterMs` makes each run die on its own;
 * while `failFile` exists, a run exits with code 7 before it is ready.
 */
async function supervisedScript(name: string, behaviour: { exitAfterMs?: number; failFile?: string } = {}) {
  const log: string[] = []
  const runs: number[] = []
  const script = `
    const fs = require('node:fs')
    if (${JSON.stringify(behaviour.failFile ?? '')} && fs.existsSync(${JSON.stringify(behaviour.failFile ?? '')})) process.exit(7)
    console.log('ready ' + process.pid)
    ${behaviour.exitAfterMs ? `setTimeout(() => process.exit(3), ${behaviour.exitAfterMs})` : 'setInterval(() => {}, 1000)'}
  `
  const part = await supervise({
    name,
    backoff,
    log: (message) => log.push(message),
    start: () =>
      startChildProcess({
        command: process.execPath,
        args: ['-e', script],
        onLine: (line) => {
          const pid = /^ready (\d+)$/.exec(line)?.[1]
          if (pid) {
            runs.push(Number(pid))
            pids.add(Number(pid))
          }
        },
        ready: lineMatching(/^ready /),
        readyTimeoutMs: 10_000,
        stopGraceMs: 2_000,
      }),
  })
  parts.push(part)
  return { part, log, runs }
}

describe('supervise', () => {
  it('restarts a child killed with SIGKILL, says so, and leaves a sibling running', async () => {
    const worker = await supervisedScript('worker')
    const web = await supervisedScript('web')
    const [firstWorker] = worker.runs
    const [webPid] = web.runs

    process.kill(firstWorker!, 'SIGKILL')
    await until(() => worker.runs.length === 2)

    expect(alive(firstWorker!)).toBe(false)
    expect(alive(worker.runs[1]!)).toBe(true)
    expect(worker.log[0]).toMatch(/^\d\d:\d\d:\d\d worker died \(signal SIGKILL\); restarting it in 0\.05 s\.$/)
    await until(() => worker.log.length === 2)
    expect(worker.log[1]).toMatch(/^\d\d:\d\d:\d\d worker is back \(restart 1\)\.$/)
    // The sibling was not touched.
    expect(web.runs).toEqual([webPid])
    expect(alive(webPid!)).toBe(true)
    expect(web.log).toEqual([])
  })

  it('doubles the wait while a child keeps dying, up to the cap', async () => {
    // Up 100 ms each time: never healthy (400 ms), so the failures add up.
    const flaky = await supervisedScript('flaky', { exitAfterMs: 100 })
    await until(() => flaky.log.filter((line) => line.includes('died')).length >= 5)

    const waits = flaky.log.filter((line) => line.includes('died')).map((line) => /in ([\d.]+) s/.exec(line)?.[1])
    expect(waits.slice(0, 5)).toEqual(['0.05', '0.1', '0.2', '0.2', '0.2'])
    expect(flaky.log.find((line) => line.includes('died'))).toContain('(exit code 3)')
  })

  it('starts again at the first wait after a run that stayed up long enough to count as healthy', async () => {
    // Up 600 ms each time, over the 400 ms that counts as healthy.
    const steady = await supervisedScript('steady', { exitAfterMs: 600 })
    await until(() => steady.log.filter((line) => line.includes('died')).length >= 3)

    const waits = steady.log.filter((line) => line.includes('died')).map((line) => /in ([\d.]+) s/.exec(line)?.[1])
    expect(waits.slice(0, 3)).toEqual(['0.05', '0.05', '0.05'])
  })

  it('keeps trying with growing waits while restarts fail, and says so', async () => {
    const failFile = path.join(folder, 'fail')
    const part = await supervisedScript('PostgreSQL', { failFile })
    writeFileSync(failFile, '')
    process.kill(part.runs[0]!, 'SIGKILL')
    await until(() => part.log.filter((line) => line.includes('could not be restarted')).length >= 2)
    rmSync(failFile)
    await until(() => part.runs.length === 2)
    await until(() => part.log.some((line) => line.includes('is back')))

    const failures = part.log.filter((line) => line.includes('could not be restarted'))
    expect(failures[0]).toMatch(/PostgreSQL could not be restarted \(.*exit code 7.*\); trying again in 0\.1 s\./)
    expect(failures[1]).toMatch(/trying again in 0\.2 s\./)
    expect(part.log.at(-1)).toMatch(/PostgreSQL is back \(restart \d+\)\./)
    expect(existsSync(failFile)).toBe(false)
  })

  it('stops the running child on stop() and never starts it again', async () => {
    const part = await supervisedScript('web')
    const [pid] = part.runs
    await part.part.stop()

    expect(alive(pid!)).toBe(false)
    await new Promise((resolve) => setTimeout(resolve, 500))
    expect(part.runs).toEqual([pid])
    expect(part.log).toEqual([])
  })

  it('neither reports nor restarts a death once the system is stopping', async () => {
    const postgres = await supervisedScript('PostgreSQL')
    const [pid] = postgres.runs
    postgres.part.stopRestarting()
    // What Ctrl-C does to a child in the terminal's process group before its turn to be stopped.
    process.kill(pid!, 'SIGINT')
    await until(() => !alive(pid!))
    await new Promise((resolve) => setTimeout(resolve, 300))
    await postgres.part.stop()

    expect(postgres.runs).toEqual([pid])
    expect(postgres.log).toEqual([])
  })

  it('stop() during the wait before a restart ends the wait and starts nothing', async () => {
    const slowBackoff = await supervisedScript('worker')
    // Turn this part's next wait into 50 ms, then stop inside it.
    process.kill(slowBackoff.runs[0]!, 'SIGKILL')
    await until(() => slowBackoff.log.length === 1)
    await slowBackoff.part.stop()
    await new Promise((resolve) => setTimeout(resolve, 300))

    expect(slowBackoff.runs).toHaveLength(1)
    expect(slowBackoff.log).toHaveLength(1)
  })
})

async function until(condition: () => boolean) {
  const deadline = Date.now() + deadlineMs
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met in time')
    await new Promise((resolve) => setTimeout(resolve, 20))
  }
}

function alive(pid: number) {
  try {
    process.kill(pid, 0)
    return true
  } catch {
    return false
  }
}
