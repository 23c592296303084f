import { execFileSync } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'

let bundlePath: string | undefined

/**
 * The workflows bundled ahead by scripts/bundle-workflows.ts in a process of its own, once per bench run, as
 * `npm start` does before it starts a worker: webpack's work and memory are then not the worker's (decision 0059).
 */
export function workflowBundleAhead(): string {
  if (bundlePath) return bundlePath
  const dir = mkdtempSync(join(tmpdir(), 'crm-bench-bundle-'))
  // Each run bundles afresh: without this, every run left its 2.7 MB behind in the temporary directory.
  process.once('exit', () => rmSync(dir, { recursive: true, force: true }))
  const file = join(dir, 'workflow-bundle.js')
  execFileSync(
    process.execPath,
    ['--import', 'tsx', fileURLToPath(new URL('../../scripts/bundle-workflows.ts', import.meta.url)), file],
    { stdio: 'ignore' },
  )
  return (bundlePath = file)
}
