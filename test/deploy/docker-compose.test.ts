import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { parse } from 'yaml'
import { configObjectSchema, loadConfig } from '../../lib/config'
import { workerNodeFlags } from '../../workers/worker-heap'

type Service = {
  image?: string
  build?: unknown
  command?: string[]
  container_name?: string
  ports?: unknown[]
  environment?: Record<string, string>
  depends_on?: Record<string, { condition: string }>
  deploy?: { replicas?: number }
}

const composePath = fileURLToPath(new URL('../../docker-compose.yml', import.meta.url))
const compose = parse(readFileSync(composePath, 'utf8'), { merge: true }) as { services: Record<string, Service> }
const services = compose.services

function service(name: string): Service {
  const found = services[name]
  if (!found) throw new Error(`docker-compose.yml has no service "${name}"`)
  return found
}

/**
 * Applies Compose's `${NAME:-default}` interpolation as it happens when nothing is set in the shell, and
 * `${NAME:?message}` (a value the operator must set) as if it were set to a value good enough for its schema.
 */
function withDefaults(value: string): string {
  return value
    .replace(/\$\{[A-Z_]+:-([^}]*)\}/g, '$1')
    .replace(/\$\{[A-Z_]+:\?[^}]*\}/g, 'set-by-the-operator-'.padEnd(48, 'x'))
}

function environment(name: string): Record<string, string> {
  return Object.fromEntries(
    Object.entries(service(name).environment ?? {}).map(([key, value]) => [key, withDefaults(String(value))]),
  )
}

const requiredKeys = Object.entries(configObjectSchema.shape)
  .filter(([, schema]) => !schema.safeParse(undefined).success)
  .map(([key]) => key)

describe('docker-compose.yml', () => {
  it.each(['postgresql', 'temporal', 'temporal-ui', 'mailpit', 'migrate', 'web', 'worker'])(
    'defines the %s service',
    (name) => {
      expect(services).toHaveProperty(name)
    },
  )

  it('runs PostgreSQL 16 on a named volume and Temporal persisting to it', () => {
    expect(service('postgresql').image).toMatch(/^postgres:16/)
    expect(service('postgresql')).toHaveProperty('volumes')
    const temporal = service('temporal')
    expect(temporal.image).toMatch(/^temporalio\/auto-setup:/)
    expect(temporal.environment).toMatchObject({ DB: 'postgres12', POSTGRES_SEEDS: 'postgresql' })
    expect(service('temporal-ui').environment).toMatchObject({ TEMPORAL_ADDRESS: 'temporal:7233' })
  })

  it.each(['web', 'worker', 'migrate'])('gives %s only variables the app reads, and every one it requires', (name) => {
    const env = environment(name)
    for (const key of Object.keys(env)) expect(configObjectSchema.shape, `${name} sets ${key}`).toHaveProperty(key)
    for (const key of requiredKeys) expect(env, `${name} lacks required ${key}`).toHaveProperty(key)
    // As the processes read it: an empty `${NAME:-}` counts as unset.
    expect(() => loadConfig(env)).not.toThrow()
  })

  it.each(['web', 'worker'])('builds %s from the Dockerfile and starts the right entry point', (name) => {
    expect(service(name).build).toBeDefined()
    expect(service(name).command?.join(' ')).toBe(
      name === 'web'
        ? 'node --import tsx api/server.ts'
        : `node ${workerNodeFlags.join(' ')} --import tsx workers/main.ts`,
    )
    expect(environment(name)).toMatchObject({ NODE_ENV: 'production' })
  })

  it.each(['web', 'worker'])('points %s at hosts that are services of this file', (name) => {
    const env = environment(name)
    const hosts = {
      DATABASE_URL: new URL(env.DATABASE_URL ?? '').hostname,
      TEMPORAL_ADDRESS: (env.TEMPORAL_ADDRESS ?? '').split(':')[0],
      SMTP_URL: new URL(env.SMTP_URL ?? '').hostname,
    }
    for (const [variable, host] of Object.entries(hosts))
      expect(Object.keys(services), `${name} ${variable}`).toContain(host)
  })

  it('runs the worker on the workflow bundle the image builds', () => {
    const bundle = environment('worker').WORKFLOW_BUNDLE_PATH ?? ''
    const dockerfile = readFileSync(fileURLToPath(new URL('../../Dockerfile', import.meta.url)), 'utf8')
    expect(bundle).toMatch(/^\/app\//)
    expect(dockerfile).toContain(`WORKDIR /app`)
    expect(dockerfile).toContain(`scripts/bundle-workflows.ts ${bundle.slice('/app/'.length)}`)
  })

  it('lets the worker scale: no container name, no host port, replicas set', () => {
    const worker = service('worker')
    expect(worker.container_name).toBeUndefined()
    expect(worker.ports).toBeUndefined()
    expect(worker.deploy?.replicas).toBeGreaterThanOrEqual(1)
  })

  it('migrates the database once before web and worker start', () => {
    expect(service('migrate').command?.join(' ')).toBe('npx tsx scripts/migrate.ts')
    for (const name of ['web', 'worker']) {
      expect(service(name).depends_on?.migrate).toEqual({ condition: 'service_completed_successfully' })
    }
  })

  it('depends only on services that exist', () => {
    for (const [name, definition] of Object.entries(services)) {
      for (const target of Object.keys(definition.depends_on ?? {})) {
        expect(Object.keys(services), `${name} depends on ${target}`).toContain(target)
      }
    }
  })
})
