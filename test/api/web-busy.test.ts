import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { loadConfig } from '../../lib/config'
import { createSmtpMailDriver } from '../../lib/mail-driver'
import {
  listenForWebBusy,
  webBusyAnnouncer,
  webBusyHoldMs,
  type WebBusyAnnouncer,
  type WebBusySignal,
} from '../../lib/web-busy'
import { createTestDatabase, type TestDatabase } from '../support/database'
import { startWeb, unreachableTemporal } from '../support/web'

// Workers yield to people (decision 0060): each request of the real app reaches a worker's listener through a real
// PostgreSQL, but a load balancer's health probe does not, and a listener whose connection is cut comes back.

let database: TestDatabase
let web: Awaited<ReturnType<typeof startWeb>>
let listener: WebBusySignal
let announcer: WebBusyAnnouncer
const lost: number[] = []
let idleCount = 0

beforeAll(async () => {
  database = await createTestDatabase()
  const mailUrl = 'smtp://127.0.0.1:9'
  const config = loadConfig({ NODE_ENV: 'test', DATABASE_URL: database.url, SMTP_URL: mailUrl })
  const temporal = unreachableTemporal()
  announcer = webBusyAnnouncer(database.url)
  web = await startWeb({ config, db: database.db, temporal, mail: createSmtpMailDriver(mailUrl), webBusy: announcer })
  listener = listenForWebBusy(database.url, { onConnectionLost: (_error, retryInMs) => lost.push(retryInMs) })
  listener.onIdle(() => (idleCount += 1))
})

afterAll(async () => {
  await listener?.close()
  await web?.close()
  await announcer?.close()
  await database?.drop()
})

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

/** Sends requests until the listener hears one (it may still be connecting). */
async function untilBusy(path: string) {
  await expect
    .poll(
      async () => {
        await fetch(`${web.baseUrl}${path}`)
        return listener.isBusy()
      },
      { timeout: 15_000, interval: 250 },
    )
    .toBe(true)
}

describe('the web process tells the workers it is busy', () => {
  it('is busy while requests arrive and idle, once, soon after they stop', async () => {
    await untilBusy('/api/leads/some-lead')
    const idleBefore = idleCount
    await expect.poll(() => listener.isBusy(), { timeout: 5_000, interval: 50 }).toBe(false)
    expect(idleCount).toBe(idleBefore + 1)
  })

  it('is not busy for health probes', async () => {
    await untilBusy('/api/leads/some-lead')
    await expect.poll(() => listener.isBusy(), { timeout: 5_000, interval: 50 }).toBe(false)
    // Read while each probe is in flight (a probe answers only after its dependency checks).
    for (let probe = 0; probe < 3; probe++) {
      const answered = fetch(`${web.baseUrl}/api/health`)
      await sleep(webBusyHoldMs / 2)
      expect(listener.isBusy()).toBe(false)
      expect((await answered).status).toBe(503)
    }
  })

  it('hears the web process again after its connection to PostgreSQL is cut', async () => {
    await untilBusy('/api/leads/some-lead')
    const cut = await database.db.$queryRaw<Array<{ cut: boolean }>>`
      SELECT pg_terminate_backend(pid) AS cut FROM pg_stat_activity
      WHERE datname = current_database() AND query ILIKE 'LISTEN%'`
    expect(cut).toEqual([{ cut: true }])
    // Counted idle at once (it cannot hear), and told to reconnect after the first delay.
    await expect.poll(() => lost, { timeout: 5_000 }).toEqual([1_000])
    expect(listener.isBusy()).toBe(false)
    await untilBusy('/api/leads/some-lead')
  })

  it('announces again after its own connection to PostgreSQL is cut', async () => {
    await untilBusy('/api/leads/some-lead')
    await expect.poll(() => listener.isBusy(), { timeout: 5_000, interval: 50 }).toBe(false)
    const cut = await database.db.$queryRaw<Array<{ cut: boolean }>>`
      SELECT pg_terminate_backend(pid) AS cut FROM pg_stat_activity
      WHERE datname = current_database() AND query ILIKE 'NOTIFY%'`
    expect(cut).toEqual([{ cut: true }])
    await untilBusy('/api/leads/some-lead')
  })
})
