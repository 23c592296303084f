import { execFileSync } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterEach, expect, it } from 'vitest'
import { repoRoot } from '../../dev/temporal-binaries'
import { acceptsAfter, runChildProgram } from '../support/child-program'

// The dev server runs in a process group of its own (Ctrl-C must not stop it before the workers that use it), so it
// outlived a bench or test that crashed before stop(), holding its port until someone killed it by hand.

let workDir: string | undefined

afterEach(() => {
  if (!workDir) return
  // A server that survived the program is this test's to clean up, whatever the assertion said.
  try {
    execFileSync('pkill', ['-KILL', '-f', workDir])
  } catch {
    // none left
  }
  rmSync(workDir, { recursive: true, force: true })
  workDir = undefined
})

it(
  'takes the Temporal dev server down with the program that started it when that program exits without stopping it',
  { timeout: 120_000 },
  async () => {
    workDir = mkdtempSync(path.join(tmpdir(), 'durable-crm-temporal-exit-'))
    const module = (file: string) => JSON.stringify(path.join(repoRoot, file))
    const { code, output } = await runChildProgram(`
    const { startTemporalDevServer } = await import(${module('dev/temporal-dev-server.ts')})
    const { freePorts } = await import(${module('dev/free-port.ts')})
    const [port, uiPort] = await freePorts(2)
    await startTemporalDevServer({ dataDir: ${JSON.stringify(workDir)}, port, uiPort, namespace: 'default' })
    console.log('port=' + port)
    process.exit(5)
  `)
    expect(code, output).toBe(5)
    const port = Number(/port=(\d+)/.exec(output)?.[1])
    expect(port, output).toBeGreaterThan(0)
    expect(await acceptsAfter(port, 30_000)).toBe(false)
  },
)
