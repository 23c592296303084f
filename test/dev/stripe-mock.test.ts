import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import Stripe from 'stripe'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { resolveStripeMock, startStripeMock } from '../../dev/stripe-mock'
import { findOnPath } from '../../dev/tool-install'

let root: string

beforeEach(() => {
  root = mkdtempSync(path.join(tmpdir(), 'stripe-mock-'))
})

afterEach(() => {
  rmSync(root, { recursive: true, force: true })
})

function fakeExecutable(relativePath: string) {
  const file = path.join(root, relativePath)
  mkdirSync(path.dirname(file), { recursive: true })
  writeFileSync(file, '#!/bin/sh\nexit 0\n')
  chmodSync(file, 0o755)
  return file
}

const noGo = { PATH: '/nonexistent' }
const failOnLog = (line: string) => {
  throw new Error(`nothing should be installed, but: ${line}`)
}

describe('resolving stripe-mock', () => {
  it('uses STRIPE_MOCK_PATH over the one built into .tools', async () => {
    const configured = fakeExecutable('configured/stripe-mock')
    fakeExecutable('tools/stripe-mock/bin/stripe-mock')

    const resolved = await resolveStripeMock({
      env: { ...noGo, STRIPE_MOCK_PATH: configured },
      toolsDir: path.join(root, 'tools'),
      log: failOnLog,
    })

    expect(resolved).toBe(configured)
  })

  it('fails naming STRIPE_MOCK_PATH when it points at nothing', async () => {
    await expect(
      resolveStripeMock({
        env: { ...noGo, STRIPE_MOCK_PATH: path.join(root, 'nowhere/stripe-mock') },
        toolsDir: path.join(root, 'tools'),
        log: failOnLog,
      }),
    ).rejects.toThrow(/STRIPE_MOCK_PATH.*nowhere\/stripe-mock/)
  })

  it('uses the one already built into .tools without building again', async () => {
    const built = fakeExecutable('tools/stripe-mock/bin/stripe-mock')

    const resolved = await resolveStripeMock({ env: noGo, toolsDir: path.join(root, 'tools'), log: failOnLog })

    expect(resolved).toBe(built)
  })

  // The real path of CI and of these offline machines: go install through the Go module proxy (about a minute).
  // Skipped, and reported as skipped, only on a machine without Go (where the release download would be tried).
  it.skipIf(!findOnPath('go', process.env.PATH ?? ''))(
    'builds it once with Go when two processes ask at the same time, and the build answers the Stripe SDK',
    async () => {
      const toolsDir = path.join(root, 'tools')
      const lines: string[] = []
      const env = { PATH: process.env.PATH, HOME: process.env.HOME, GOPROXY: process.env.GOPROXY }

      const [first, second] = await Promise.all([
        resolveStripeMock({ env, toolsDir, log: (line) => lines.push(line) }),
        resolveStripeMock({ env, toolsDir, log: (line) => lines.push(line) }),
      ])

      expect(first).toBe(path.join(toolsDir, 'stripe-mock/bin/stripe-mock'))
      expect(second).toBe(first)
      expect(lines.filter((line) => line.startsWith('Building stripe-mock'))).toHaveLength(1)

      const mock = await startStripeMock(first)
      try {
        const stripe = new Stripe('sk_test_resolver', { host: mock.host, port: mock.port, protocol: 'http' })
        const customer = await stripe.customers.create({ name: 'Resolver check' })
        expect(customer.id).toMatch(/^cus_/)
      } finally {
        await mock.stop()
      }
      await expect(fetch(`${mock.url}/v1/balance`)).rejects.toThrow()
    },
    300_000,
  )
})
