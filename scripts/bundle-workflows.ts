// Bundles `workflows/` once, ahead of the worker: `tsx scripts/bundle-workflows.ts <file>`. A worker given the file
// (WORKFLOW_BUNDLE_PATH) skips webpack at every start and restart and never holds the bundler's memory (decision 0059).
import { mkdir, writeFile } from 'node:fs/promises'
import { dirname, resolve } from 'node:path'
import { bundleCrmWorkflows } from '../workers/create-worker'

const [target] = process.argv.slice(2)
if (!target) {
  console.error('usage: tsx scripts/bundle-workflows.ts <file>')
  process.exit(2)
}
const file = resolve(target)
const { code } = await bundleCrmWorkflows()
await mkdir(dirname(file), { recursive: true })
await writeFile(file, code)
console.log(`Workflows bundled into ${file}`)
