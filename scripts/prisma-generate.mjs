// Runs `prisma generate` at install time. Prisma's CLI insists that its native schema engine is present
// before generating, and downloads it from Prisma's own host when it is not. Where only the package
// registries answer, that download fails although generating the client does not need the engine at all;
// there we point the CLI at a placeholder engine that explains itself (migrations use `npm run db:migrate`).
import { spawnSync } from 'node:child_process'
import { chmodSync, mkdirSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')
const prismaBin = join(root, 'node_modules', '.bin', 'prisma')

function generate(env) {
  return spawnSync(prismaBin, ['generate'], { cwd: root, env, encoding: 'utf8' })
}

const first = generate(process.env)
if (first.status === 0) {
  process.stdout.write(first.stdout)
  process.exit(0)
}

const output = `${first.stdout}\n${first.stderr}`
const engineDownloadFailed = /binaries\.prisma\.sh|ENOTFOUND|ECONNREFUSED|EAI_AGAIN|fetch failed/i.test(output)
if (!engineDownloadFailed || process.env.PRISMA_SCHEMA_ENGINE_BINARY) {
  process.stderr.write(output)
  process.exit(first.status ?? 1)
}

const placeholder = join(root, '.tools', 'prisma-schema-engine-offline')
mkdirSync(dirname(placeholder), { recursive: true })
writeFileSync(
  placeholder,
  '#!/bin/sh\necho "Prisma\'s schema engine could not be downloaded on this machine; apply migrations with: npm run db:migrate" >&2\nexit 1\n',
)
chmodSync(placeholder, 0o755)
console.log("Prisma's schema engine is not downloadable here; generating the client without it.")
const second = generate({ ...process.env, PRISMA_SCHEMA_ENGINE_BINARY: placeholder })
process.stdout.write(second.stdout)
process.stderr.write(second.stderr)
process.exit(second.status ?? 1)
