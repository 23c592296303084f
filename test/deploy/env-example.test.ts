import { readdirSync, readFileSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { configObjectSchema, configSchema, loadConfig } from '../../lib/config'

const repoRoot = fileURLToPath(new URL('../..', import.meta.url))
const lines = readFileSync(path.join(repoRoot, '.env.example'), 'utf8').split('\n')

/** Variables the file documents, whether set or commented out, each with the comment line above it and its value. */
const documented = new Map<string, { comment: string; value: string }>()
lines.forEach((line, index) => {
  const match = /^#?\s*([A-Z][A-Z0-9_]*)=(.*)$/.exec(line)
  if (!match?.[1]) return
  // Two variables documented together (BOOTSTRAP_ADMIN_EMAIL/PASSWORD) share the comment above the first.
  let above = index - 1
  while (above >= 0 && /^#\s*[A-Z][A-Z0-9_]*=/.test(lines[above]!)) above--
  documented.set(match[1], { comment: lines[above] ?? '', value: match[2] ?? '' })
})

const configVariables = Object.keys(configObjectSchema.shape)

/** Text of the programs that read environment variables outside lib/config.ts: the supervisor, dev tools, tests. */
function sourcesOutsideConfig(): string {
  const files: string[] = []
  const walk = (dir: string) => {
    for (const entry of readdirSync(path.join(repoRoot, dir), { withFileTypes: true })) {
      const relative = path.join(dir, entry.name)
      if (entry.isDirectory()) walk(relative)
      else if (/\.(ts|mjs|js)$/.test(entry.name) && !entry.name.endsWith('.test.ts')) files.push(relative)
    }
  }
  for (const dir of ['scripts', 'dev', 'test/support']) walk(dir)
  return files.map((file) => readFileSync(path.join(repoRoot, file), 'utf8')).join('\n')
}

describe('.env.example', () => {
  it.each(configVariables)('documents %s, read by lib/config.ts, with a comment', (key) => {
    expect(documented.has(key), `${key} is missing`).toBe(true)
    expect(documented.get(key)?.comment).toMatch(/^# \S/)
  })

  it('documents only variables something reads', () => {
    const outside = sourcesOutsideConfig()
    const unread = [...documented.keys()].filter(
      (key) => !configVariables.includes(key) && !new RegExp(`\\b${key}\\b`).test(outside),
    )
    expect(unread, 'documented in .env.example but read by nothing').toEqual([])
    // The supervisor's and the tests' own variables are among the documented ones.
    expect([...documented.keys()]).toEqual(
      expect.arrayContaining(['DATA_DIR', 'POSTGRES_PORT', 'TEMPORAL_CLI_PATH', 'TEST_DATABASE_URL']),
    )
  })

  it('changes nothing when copied to .env: every value is commented out', () => {
    const active = lines.filter((line) => /^\s*[A-Z][A-Z0-9_]*=/.test(line))
    expect(active).toEqual([])
  })

  it('shows values that the config schema accepts, all together', () => {
    const values = Object.fromEntries(
      [...documented]
        .filter(([key, { value }]) => configVariables.includes(key) && value !== '')
        .map(([key, { value }]) => [key, value]),
    )
    const parsed = configSchema.safeParse(values)
    expect(parsed.error?.issues ?? []).toEqual([])
    expect(Object.keys(values).length).toBeGreaterThan(15)
  })

  it.each(Object.entries(configObjectSchema.shape))('shows what %s is when left unset', (key, schema) => {
    const shown = documented.get(key)
    expect(shown, `${key} is missing`).toBeDefined()
    const embedded = schema.safeParse(undefined)
    if (embedded.success && embedded.data !== undefined) {
      // A default: the file shows exactly it, so uncommenting the line changes nothing.
      expect(shown!.value).toBe(String(embedded.data))
      return
    }
    if (shown!.value === '') {
      // No default and shown empty: an empty value counts as unset, so uncommenting the line changes nothing.
      const required = { DATABASE_URL: 'postgresql://crm:crm@localhost:5432/crm' }
      expect(loadConfig({ ...required, [key]: '' })).toEqual(loadConfig(required))
      return
    }
    // No default but a value shown: it must be one the variable accepts, and the comment says what unset means.
    expect(schema.safeParse(shown!.value).success, `${key}=${shown!.value} is refused by the schema`).toBe(true)
    expect(shown!.comment, `${key}: say what happens when it is unset`).toMatch(/\b(unset|required)\b/)
  })
})
