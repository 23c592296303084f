import { fileURLToPath } from 'node:url'
import { ESLint } from 'eslint'
import { describe, expect, it } from 'vitest'

const root = fileURLToPath(new URL('../..', import.meta.url))
const probeFiles = ['workflows/lint-probe.ts', 'activities/lint-probe.ts']

// The probes exist only in memory, so the project service is told to type-check them with the
// repository's own tsconfig; every rule still comes from eslint.config.js.
const eslint = new ESLint({
  cwd: root,
  overrideConfig: {
    files: probeFiles,
    languageOptions: {
      parserOptions: { projectService: { allowDefaultProject: probeFiles, defaultProject: 'tsconfig.json' } },
    },
  },
})

async function lintWorkflow(source: string, file = probeFiles[0]) {
  const [result] = await eslint.lintText(source, { filePath: `${root}/${file}` })
  if (!result) throw new Error('ESLint returned no result')
  return result.messages
}

function restrictedImports(messages: Awaited<ReturnType<typeof lintWorkflow>>) {
  return messages.filter((message) => message.ruleId === 'no-restricted-imports')
}

// The first lint starts a TypeScript project service over the whole repository, which takes seconds.
describe('workflow import rules', { timeout: 180_000 }, () => {
  it.each([
    ["import { readFileSync } from 'node:fs'", 'readFileSync', 'Node built-ins'],
    ["import { readFileSync } from 'fs'", 'readFileSync', 'Node built-ins'],
    ["import { randomUUID } from 'crypto'", 'randomUUID', 'Node built-ins'],
    ["import { PrismaClient } from '@prisma/client'", 'PrismaClient', 'Prisma'],
    ["import { PrismaClient } from '../prisma/generated/client'", 'PrismaClient', 'Prisma'],
    ["import { createDatabase } from '../lib/db'", 'createDatabase', 'lib/db'],
    ["import nodemailer from 'nodemailer'", 'nodemailer', 'Vendor SDKs'],
    ["import Stripe from 'stripe'", 'Stripe', 'Vendor SDKs'],
  ])('reports `%s` as IO a workflow must leave to an activity', async (importLine, imported, reason) => {
    const messages = await lintWorkflow(`${importLine}\nexport const probe = ${imported}\n`)
    expect(messages.filter((message) => message.fatal)).toEqual([])
    const restricted = restrictedImports(messages)
    expect(restricted).toHaveLength(1)
    expect(restricted[0]?.message).toContain(reason)
    expect(restricted[0]?.message).toContain('deterministic')
    expect(restricted[0]?.severity).toBe(2)
  })

  it('accepts the Temporal workflow API', async () => {
    const messages = await lintWorkflow(
      "import { sleep } from '@temporalio/workflow'\nexport async function probeWorkflow(): Promise<void> {\n  await sleep('1 day')\n}\n",
    )
    expect(messages).toEqual([])
  })

  it('leaves the same imports alone outside workflows/', async () => {
    const messages = await lintWorkflow(
      "import { readFileSync } from 'node:fs'\nexport const probe = readFileSync\n",
      probeFiles[1],
    )
    expect(restrictedImports(messages)).toEqual([])
  })

  it('reports a floating promise', async () => {
    const messages = await lintWorkflow(
      "import { sleep } from '@temporalio/workflow'\nexport async function probeWorkflow(): Promise<void> {\n  sleep('1 day')\n}\n",
    )
    expect(messages.map((message) => message.ruleId)).toContain('@typescript-eslint/no-floating-promises')
  })
})
