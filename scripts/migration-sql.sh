#!/usr/bin/env bash
# Prints the SQL of the next Prisma migration without Prisma's native schema engine (which is downloaded
# from Prisma's own host and so is missing where only the package registries answer).
#
#   scripts/migration-sql.sh                        # from an empty database to prisma/schema.prisma
#   scripts/migration-sql.sh --from old.prisma      # from the schema of the last migration to the current one
#
# It installs Prisma 6.19 (whose WebAssembly schema engine can diff offline) into a scratch directory
# outside the repository, adapts a temporary copy of each schema to Prisma 6 syntax, and runs
# `prisma migrate diff --script` against a throw-away embedded PostgreSQL. Where the native engine is
# available, use `npx prisma migrate dev --create-only` instead. See docs/decisions/0002-migrations-offline.md.
set -euo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
from=""
while [ $# -gt 0 ]; do
  case "$1" in
    --from) from="$(realpath "$2")"; shift 2 ;;
    --from-empty) from=""; shift ;;
    -h|--help) sed -n '2,11p' "${BASH_SOURCE[0]}"; exit 0 ;;
    *) echo "unknown argument: $1" >&2; exit 2 ;;
  esac
done

scratch="${PRISMA6_SCRATCH_DIR:-${TMPDIR:-/tmp}/durable-crm-prisma619}"
mkdir -p "$scratch"
if [ ! -x "$scratch/node_modules/.bin/prisma" ] || [ ! -d "$scratch/node_modules/@prisma/adapter-pg" ]; then
  echo "Installing prisma@6.19 into $scratch ..." >&2
  (cd "$scratch" && { [ -f package.json ] || echo '{"private":true}' > package.json; } \
    && npm install --no-audit --no-fund --loglevel=error prisma@6.19 @prisma/adapter-pg@6.19 >&2)
fi

cat > "$scratch/diff.mts" <<'EOF'
import { spawnSync } from 'node:child_process'
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

const [repo, scratch, fromSchema] = process.argv.slice(2) as [string, string, string]
const { startEmbeddedPostgres } = await import(join(repo, 'dev', 'embedded-postgres.ts'))

// Prisma 6 wants the URL in the datasource block and knows only the prisma-client-js generator.
function asPrisma6(source: string, url: string): string {
  return source
    .replace(/generator\s+\w+\s*\{[^}]*\}/g, 'generator client {\n  provider = "prisma-client-js"\n}')
    .replace(/(datasource\s+\w+\s*\{[^}]*provider\s*=\s*"postgresql")/, `$1\n  url      = "${url}"`)
}

const work = mkdtempSync(join(tmpdir(), 'migration-sql-'))
// PostgreSQL runs as the `postgres` user when we are root and must be able to enter this directory.
chmodSync(work, 0o755)
const postgres = await startEmbeddedPostgres({ dataDir: join(work, 'pgdata'), port: 0, persistent: false })
try {
  await postgres.createDatabase('diff')
  const url = postgres.url('diff')
  writeFileSync(join(work, 'to.prisma'), asPrisma6(readFileSync(join(repo, 'prisma', 'schema.prisma'), 'utf8'), url))
  if (fromSchema) writeFileSync(join(work, 'from.prisma'), asPrisma6(readFileSync(fromSchema, 'utf8'), url))
  writeFileSync(
    join(work, 'prisma.config.mjs'),
    `import { PrismaPg } from ${JSON.stringify(join(scratch, 'node_modules', '@prisma', 'adapter-pg', 'dist', 'index.mjs'))}
export default {
  experimental: { adapter: true },
  engine: 'js',
  schema: 'to.prisma',
  adapter: async () => new PrismaPg({ connectionString: ${JSON.stringify(url)} }),
}
`,
  )
  // The CLI checks that native engine files exist before it starts, although the js engine needs none.
  const placeholder = join(work, 'no-native-engine')
  writeFileSync(placeholder, '')
  const from = fromSchema ? ['--from-schema-datamodel', 'from.prisma'] : ['--from-empty']
  const result = spawnSync(
    join(scratch, 'node_modules', '.bin', 'prisma'),
    ['migrate', 'diff', '--config', 'prisma.config.mjs', ...from, '--to-schema-datamodel', 'to.prisma', '--script'],
    {
      cwd: work,
      encoding: 'utf8',
      env: { ...process.env, PRISMA_QUERY_ENGINE_LIBRARY: placeholder, PRISMA_SCHEMA_ENGINE_BINARY: placeholder, PRISMA_HIDE_UPDATE_MESSAGE: '1' },
    },
  )
  if (result.status !== 0) {
    process.stderr.write(result.stdout + result.stderr)
    process.exitCode = result.status ?? 1
  } else {
    process.stdout.write(result.stdout)
  }
} finally {
  await postgres.stop()
  rmSync(work, { recursive: true, force: true })
}
EOF

cd "$repo"
exec npx --no-install tsx "$scratch/diff.mts" "$repo" "$scratch" "$from"
