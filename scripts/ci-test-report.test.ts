import { execFile } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { promisify } from 'node:util'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { repoRoot } from '../dev/temporal-binaries'

// The reports are written by a real vitest run over small test files made here, so the script is checked
// against the report format vitest really writes.

const run = promisify(execFile)
const tsx = path.join(repoRoot, 'node_modules', '.bin', 'tsx')
const vitest = path.join(repoRoot, 'node_modules', '.bin', 'vitest')
let workDir: string

beforeAll(() => {
  workDir = mkdtempSync(path.join(tmpdir(), 'durable-crm-ci-report-'))
  const write = (name: string, source: string) => writeFileSync(path.join(workDir, name), source)
  // `globals`: these files live outside the project, where `import ... from 'vitest'` would not resolve.
  write('passing.test.js', "test('adds', () => expect(1 + 1).toBe(2))\ntest.skip('later', () => {})\n")
  write(
    'failing.test.js',
    "test('adds wrong', () => expect(1 + 1).toBe(3))\ntest('adds', () => {})\ntest('waits', () => new Promise(() => {}), 300)\n",
  )
  write('broken.test.js', "throw new Error('cannot load')\n")
})

afterAll(() => rmSync(workDir, { recursive: true, force: true }))

describe('the CI test report check', () => {
  it('passes a run without failures and ends with its counts', { timeout: 120_000 }, async () => {
    const report = await vitestReport('passing.test.js')

    const { code, lastLine } = await checkReport(report)

    expect(lastLine).toBe('1 passed, 0 failed, 1 skipped')
    expect(code).toBe(0)
  })

  it(
    'fails a run with a failed test or a file that did not load, still ending with the counts',
    {
      timeout: 120_000,
    },
    async () => {
      const report = await vitestReport('passing.test.js', 'failing.test.js', 'broken.test.js')

      const { code, output, lastLine } = await checkReport(report)

      // Passed: `adds` twice. Failed: `adds wrong`, `waits`, and broken.test.js, which has no test to fail but failed.
      expect(lastLine).toBe('2 passed, 3 failed, 1 skipped')
      expect(output).toContain('failing.test.js > adds wrong\n        AssertionError: expected 2 to be 3')
      expect(output).toMatch(/failing\.test\.js > waits\n {8}Timed out after 0\.\d s\n/)
      expect(output).toContain('broken.test.js: cannot load')
      expect(code).not.toBe(0)
    },
  )

  it('fails a run in which no test ran', async () => {
    const report = path.join(workDir, 'empty.json')
    writeFileSync(report, JSON.stringify({ success: true, numTotalTests: 0, testResults: [] }))

    const { code, output, lastLine } = await checkReport(report)

    expect(output).toContain('no test ran')
    expect(lastLine).toBe('0 passed, 0 failed')
    expect(code).not.toBe(0)
  })

  it('fails when the report is missing or is not JSON', async () => {
    const missing = await checkReport(path.join(workDir, 'missing.json'))
    expect(missing.output).toContain('There is no test report')
    expect(missing.lastLine).toBe('0 passed, 0 failed')
    expect(missing.code).not.toBe(0)

    const truncated = path.join(workDir, 'truncated.json')
    writeFileSync(truncated, '{"testResults": [')
    const unreadable = await checkReport(truncated)
    expect(unreadable.output).toContain('is not JSON')
    expect(unreadable.lastLine).toBe('0 passed, 0 failed')
    expect(unreadable.code).not.toBe(0)
  })
})

async function vitestReport(...files: string[]): Promise<string> {
  const report = path.join(workDir, `${files.length}-files.json`)
  const args = ['run', '--root', workDir, '--globals', '--reporter=json', `--outputFile.json=${report}`, ...files]
  // The run itself fails when a fixture fails; the report is what matters here.
  await run(vitest, args, { cwd: workDir }).catch(() => undefined)
  return report
}

async function checkReport(report: string) {
  const script = path.join(repoRoot, 'scripts', 'ci-test-report.ts')
  const { code, stdout } = await run(tsx, [script, report], { cwd: workDir }).then(
    ({ stdout }) => ({ code: 0, stdout }),
    (error: { code: number; stdout: string }) => ({ code: error.code, stdout: error.stdout }),
  )
  const lines = stdout.trimEnd().split('\n')
  return { code, output: stdout, lastLine: lines.at(-1) }
}
