import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { configObjectSchema, configSchema } from '../../lib/config'

const lines = readFileSync(fileURLToPath(new URL('../../.env.example', import.meta.url)), 'utf8').split('\n')

/** Variables the file documents, whether set or commented out, each with the comment line above it. */
const documented = new Map<string, string>()
lines.forEach((line, index) => {
  const match = /^#?\s*([A-Z][A-Z0-9_]*)=/.exec(line)
  if (match?.[1]) documented.set(match[1], lines[index - 1] ?? '')
})

describe('.env.example', () => {
  it.each(Object.keys(configObjectSchema.shape))('documents %s with a comment', (key) => {
    expect(documented.has(key), `${key} is missing`).toBe(true)
    expect(documented.get(key)).toMatch(/^# \S/)
  })

  it.each([
    'DATA_DIR',
    'TEMPORAL_PORT',
    'TEMPORAL_UI_PORT',
    'SMTP_PORT',
    'MAIL_INBOX_PORT',
    'POSTGRES_PORT',
    'TEMPORAL_CLI_PATH',
    'TEMPORAL_TEST_SERVER_PATH',
    'TEST_DATABASE_URL',
  ])('documents the supervisor and test variable %s', (key) => {
    expect(documented.has(key), `${key} is missing`).toBe(true)
  })

  it('changes nothing when copied to .env: every value is commented out', () => {
    const active = lines.filter((line) => /^\s*[A-Z][A-Z0-9_]*=/.test(line))
    expect(active).toEqual([])
  })

  it('shows defaults that the config schema accepts', () => {
    const values = Object.fromEntries(
      lines
        .map((line) => /^#\s*([A-Z][A-Z0-9_]*)=(.+)$/.exec(line))
        .filter((match): match is RegExpExecArray => match !== null)
        .filter((match) => match[1]! in configObjectSchema.shape)
        .map((match) => [match[1]!, match[2]!]),
    )
    const parsed = configSchema.safeParse(values)
    expect(parsed.error?.issues ?? []).toEqual([])
  })

  it.each(Object.entries(configObjectSchema.shape))(
    'shows the embedded default of %s, if it has one',
    (key, schema) => {
      const embedded = schema.safeParse(undefined)
      if (!embedded.success || embedded.data === undefined) return
      const shown = lines
        .map((line) => new RegExp(`^#\\s*${key}=(.*)$`).exec(line)?.[1])
        .find((value) => value !== undefined)
      expect(shown).toBe(String(embedded.data))
    },
  )
})
