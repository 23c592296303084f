import { existsSync, readFileSync } from 'node:fs'
import path from 'node:path'

// CI's second opinion on `npm test`: reads vitest's JSON report instead of trusting the exit code alone, and fails
// when any test or test file failed, when no test ran, or when there is no report. Its last line is always the
// summary `N passed, N failed` (`, N skipped` when some were skipped), also when it fails.
// Usage: tsx scripts/ci-test-report.ts [report path, default test-results/vitest.json]

interface JsonReport {
  success?: boolean
  testResults?: {
    name: string
    status: string
    message?: string
    assertionResults?: { fullName: string; status: string; duration?: number; failureMessages?: string[] }[]
  }[]
}

const reportPath = process.argv[2] ?? 'test-results/vitest.json'
const problems: string[] = []
let passed = 0
let failed = 0
let skipped = 0

const report = readReport(reportPath)
if (report) {
  for (const file of report.testResults ?? []) {
    const name = path.relative(process.cwd(), file.name)
    let failedInFile = 0
    for (const test of file.assertionResults ?? []) {
      if (test.status === 'passed') passed++
      else if (test.status === 'failed') {
        failedInFile++
        console.log(`FAILED  ${name} > ${test.fullName}`)
        // CI may show only the end of its output: the first line of why, under each name.
        const why = firstLineOfFailure(test)
        if (why) console.log(`        ${why.length > 300 ? `${why.slice(0, 300)}…` : why}`)
      } else skipped++
    }
    // A file that failed outside its tests (it did not load, or a hook threw) counts as one failure of its own.
    if (file.status === 'failed' && failedInFile === 0) {
      failedInFile = 1
      console.log(`FAILED  ${name}: ${file.message || 'the file failed outside its tests'}`)
    }
    failed += failedInFile
  }
  if (failed > 0) problems.push(`The test report at ${reportPath} shows failures.`)
  if (passed + failed === 0) problems.push(`The test report at ${reportPath} shows that no test ran.`)
  if (report.success === false && failed === 0) problems.push(`The test report at ${reportPath} marks the run failed.`)
}

for (const problem of problems) console.log(problem)
console.log(`${passed} passed, ${failed} failed${skipped > 0 ? `, ${skipped} skipped` : ''}`)
process.exitCode = problems.length > 0 ? 1 : 0

/** vitest writes a timeout's stack, whose first line names its stand-in error, not the timeout. */
function firstLineOfFailure(test: { duration?: number; failureMessages?: string[] }): string | undefined {
  const first = test.failureMessages?.[0]?.split('\n')[0]?.trim()
  if (first === 'Error: STACK_TRACE_ERROR') return `Timed out after ${((test.duration ?? 0) / 1000).toFixed(1)} s`
  return first
}

function readReport(file: string): JsonReport | undefined {
  if (!existsSync(file)) {
    problems.push(`There is no test report at ${file}: the tests did not run to the end.`)
    return undefined
  }
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as JsonReport
  } catch (error) {
    problems.push(`The test report at ${file} is not JSON: ${error instanceof Error ? error.message : String(error)}`)
    return undefined
  }
}
